"""Refresh everything the book stores that is generated: the stored outputs of every notebook in
book/, book/references.bib and CITATION.cff. Run through `make refresh`.

Notebooks are executed top to bottom in a fresh kernel of this virtualenv, in their own folder, and
written back without timing metadata, so running this twice leaves `git diff` empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

import mgtables
from mgtables.bibliography import bibtex
from mgtables.book_meta import ROOT
from mgtables.citation import citation_cff

BOOK = ROOT / "book"
# the build's limit per cell, so that a notebook refreshed here also executes in the build
TIMEOUT = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["execute"]["timeout"]


def refresh_notebook(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def main(paths: list[str]) -> None:
    notebooks = [Path(p).resolve() for p in paths] or sorted(BOOK.glob("*.ipynb"))
    for path in notebooks:
        print(f"executing {path.relative_to(BOOK.parent)}")
        refresh_notebook(path)
    (BOOK / "references.bib").write_text(bibtex(mgtables.load()), encoding="utf-8")
    (BOOK.parent / "CITATION.cff").write_text(citation_cff(), encoding="utf-8")
    print("wrote book/references.bib and CITATION.cff")


if __name__ == "__main__":
    main(sys.argv[1:])
