"""Refresh everything the book stores that is generated: the stored outputs of every notebook in
book/, book/references.bib and CITATION.cff. Run through `make refresh`.

Notebooks are executed top to bottom in a fresh kernel of this virtualenv, in their own folder, and
written back without timing metadata, so running this twice leaves `git diff` empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import mgtables
from mgtables.bibliography import bibtex
from mgtables.citation import citation_cff

BOOK = Path(__file__).resolve().parent.parent / "book"


def refresh_notebook(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=300, record_timing=False,
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
