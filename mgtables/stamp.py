"""Which stored outputs are stale. The book publishes the outputs stored in the notebooks and the
downloads stored in book/downloads/ as they are (execution is off in _config.yml): those are what the
tests proved. `make refresh` stamps each notebook (its metadata) and the downloads with a digest of
everything they are made from; the Sphinx extension refuses to build while a stamp differs from the
current digest, and `make book` re-executes only what is stale.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .book_meta import DATA_DIR, ROOT, chapters, meta

PACKAGE_DIR = Path(__file__).resolve().parent
BOOK_DIR = ROOT / "book"
DOWNLOADS_DIR = BOOK_DIR / "downloads"  # copied into the HTML as it is (html_extra_path in _config.yml)
DOWNLOADS_STAMP = BOOK_DIR / "downloads.sha256"
METADATA_KEY = "mgtables"  # notebook metadata: {"inputs": digest}
# The build and its hooks shape pages, never an output: a change to them leaves every stored output current.
NOT_INPUTS = {PACKAGE_DIR / name for name in ("sphinx.py", "editions.py", "site.py", "stamp.py")}
REFRESH = "make refresh"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p not in NOT_INPUTS)


@functools.cache
def inputs_digest() -> str:
    """A hash over everything a notebook's outputs and the downloads are made from: every file in data/
    and mgtables/ (but the build hooks), and the book's metadata that every caption and citation
    carries (title, author, version and address; the chapter order, which with the positions declared
    in mgtables/ gives each table's number)."""
    digest = hashlib.sha256()
    for root in (DATA_DIR, PACKAGE_DIR):
        for path in _files(root):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    digest.update(repr((meta(), chapters())).encode())
    return digest.hexdigest()


def _code(notebook: dict) -> str:
    return "\n\0".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


def notebook_digest(notebook: dict) -> str:
    """The digest a notebook's outputs must be stamped with: the inputs and the notebook's own code."""
    return hashlib.sha256(f"{inputs_digest()}\0{_code(notebook)}".encode()).hexdigest()


def stamp_notebook(notebook: dict) -> None:
    notebook.setdefault("metadata", {})[METADATA_KEY] = {"inputs": notebook_digest(notebook)}


def notebook_is_current(path: Path) -> bool:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return notebook.get("metadata", {}).get(METADATA_KEY, {}).get("inputs") == notebook_digest(notebook)


def book_notebooks() -> list[Path]:
    return sorted(BOOK_DIR.glob("*.ipynb"))


def stale_notebooks() -> list[Path]:
    return [path for path in book_notebooks() if not notebook_is_current(path)]


def downloads_are_current() -> bool:
    return DOWNLOADS_STAMP.is_file() and DOWNLOADS_STAMP.read_text(encoding="utf-8").strip() == inputs_digest()


def stale_outputs() -> list[str]:
    """What `make refresh` must redo before the book may be built, as paths from the project root."""
    stale = [str(path.relative_to(ROOT)) for path in stale_notebooks()]
    return stale if downloads_are_current() else [*stale, str(DOWNLOADS_DIR.relative_to(ROOT))]
