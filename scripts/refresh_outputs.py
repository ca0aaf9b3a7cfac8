"""Refresh everything the book stores that is generated: the stored outputs of the notebooks in book/
(stamped with the digest of what they were made from, mgtables.stamp), the downloads in
book/downloads/, the BibTeX file of each edition (book/references.bib, book/references.<lang>.bib) and
CITATION.cff. Run through `make refresh` (everything) or `make book` (--stale: only what is stale).

Notebooks are executed top to bottom in kernels of this virtualenv started in their folder, as many
kernels at once as there are cores, and written back without timing metadata, so running this twice
leaves `git diff` empty. Each kernel executes its share of the notebooks one after another: starting a
kernel and importing pandas, matplotlib and mgtables took about half of each notebook's time, and a
kernel reused pays them once. Before each notebook its namespace is emptied, and the execution counts are
numbered from 1 as a fresh kernel numbers them, so the outputs are those of a fresh kernel. A notebook
that fails is reported by name and the others are still written.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import yaml
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from mgtables import downloads, stamp
from mgtables.bibliography import bib_file, bibtex
from mgtables.book_meta import ROOT
from mgtables.citation import citation_cff
from mgtables.dataset import load
from mgtables.i18n import languages

# the limit per cell that _config.yml states for the book
TIMEOUT = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["execute"]["timeout"]


# Run before each notebook, not counted: the previous notebook's names and figures gone, as in a new kernel.
FRESH_NAMESPACE = ("get_ipython().run_line_magic('reset', '-f'); import matplotlib.pyplot; "
                   "matplotlib.pyplot.close('all')")


def refresh_notebooks(paths: list[Path]) -> list[str | None]:
    """Execute the notebooks (all in one folder) one after another in one kernel; for each, the error
    (cut short) if a cell failed, else None."""
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(paths[0].parent))
    try:
        return [refresh_notebook(path, km) for path in paths]
    finally:
        km.shutdown_kernel(now=True)


def _fresh(km: KernelManager) -> None:
    client = km.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=TIMEOUT)
        reply = client.execute_interactive(FRESH_NAMESPACE, silent=True, store_history=False, timeout=TIMEOUT)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not be emptied: {reply['content']}")
    finally:
        client.stop_channels()


def refresh_notebook(path: Path, km: KernelManager) -> str | None:
    """Execute the notebook in place in the running kernel of `km` and stamp it; the error, cut short, if a
    cell failed."""
    nb = nbformat.read(path, as_version=4)
    _fresh(km)
    client = NotebookClient(nb, km=km, timeout=TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        return str(exc)[-3000:]
    count = 0  # the kernel counts on from its previous notebook: number the cells as a fresh kernel does
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = count
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
    kernels = max(1, min(len(notebooks), os.cpu_count() or 1))
    shares = [notebooks[i::kernels] for i in range(kernels) if notebooks[i::kernels]]  # dealt out in turn
    with ProcessPoolExecutor(max_workers=kernels) as pool:
        for share, errors in zip(shares, pool.map(refresh_notebooks, shares), strict=True):
            for path, error in zip(share, errors, strict=True):
                print(f"{'FAILED' if error else 'executed'} {path.relative_to(ROOT)}")
                if error:
                    failed[path] = error
    for lang in languages():
        (ROOT / bib_file(lang)).write_text(bibtex(load(), lang), encoding="utf-8")
    (ROOT / "CITATION.cff").write_text(citation_cff(), encoding="utf-8")
    for path, error in failed.items():
        print(f"\n{path.relative_to(ROOT)} failed:\n{error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
