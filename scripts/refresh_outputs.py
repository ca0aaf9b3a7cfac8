"""Refresh everything the book stores that is generated: the stored outputs of the notebooks in book/
(stamped with the digest of what they were made from, mgtables.stamp), the downloads in
book/downloads/, book/references.bib and CITATION.cff. Run through `make refresh` (everything) or
`make book` (--stale: only what is stale).

Notebooks are executed top to bottom, each in a fresh kernel of this virtualenv in its own folder, as
many at once as there are cores, and written back without timing metadata, so running this twice
leaves `git diff` empty. A notebook that fails is reported by name and the others are still written.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from mgtables import downloads, stamp
from mgtables.bibliography import bibtex
from mgtables.book_meta import ROOT
from mgtables.citation import citation_cff
from mgtables.dataset import load

# the limit per cell that _config.yml states for the book
TIMEOUT = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["execute"]["timeout"]


def refresh_notebook(path: Path) -> str | None:
    """Execute the notebook in place and stamp it; the error, cut short, if a cell failed."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        return str(exc)[-3000:]
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    stamp.stamp_notebook(nb)
    nbformat.write(nb, path)
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="only these notebooks (default: all)")
    parser.add_argument("--stale", action="store_true", help="only what is stale")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or (
        stamp.stale_notebooks() if args.stale else stamp.book_notebooks())
    if not args.stale or not stamp.downloads_are_current():
        downloads.refresh()
        print(f"wrote {stamp.DOWNLOADS_DIR.relative_to(ROOT)}/")
    failed = {}
    with ProcessPoolExecutor(max_workers=max(1, min(len(notebooks), os.cpu_count() or 1))) as pool:
        for path, error in zip(notebooks, pool.map(refresh_notebook, notebooks), strict=True):
            print(f"{'FAILED' if error else 'executed'} {path.relative_to(ROOT)}")
            if error:
                failed[path] = error
    (ROOT / "book" / "references.bib").write_text(bibtex(load()), encoding="utf-8")
    (ROOT / "CITATION.cff").write_text(citation_cff(), encoding="utf-8")
    for path, error in failed.items():
        print(f"\n{path.relative_to(ROOT)} failed:\n{error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
