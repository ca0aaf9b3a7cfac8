"""Facts about the book that citations need, each read from the one place it lives:
title, author and address from _config.yml, the version from VERSION, the chapter order from
_toc.yml, and each table's page and number from the notebooks that show it."""

from __future__ import annotations

import ast
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class BookMeta:
    title: str
    author: str
    version: str
    baseurl: str
    repository: str
    year: str  # of the edition: the copyright year in _config.yml


@functools.cache
def meta() -> BookMeta:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return BookMeta(
        title=config["title"],
        author=config["author"],
        version=(ROOT / "VERSION").read_text(encoding="utf-8").strip(),
        baseurl=config["html"]["baseurl"].rstrip("/") + "/",
        repository=config["repository"]["url"],
        year=str(config["copyright"]),
    )


def chapters() -> list[str]:
    """Chapter files in reading order (the root page first), as written in _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def _shown_tables(notebook: Path) -> list[str]:
    """Ids passed to book.show("...") in the notebook's code cells, in order."""
    ids = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "show" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                ids.append(node.args[0].value)
    return ids


@dataclass(frozen=True)
class Placement:
    number: str  # "chapter.position", e.g. "3.2"
    page: str  # the chapter file without suffix, e.g. "book/intakes"

    @property
    def url(self) -> str:
        return f"{meta().baseurl}{self.page}.html"


@functools.cache
def placements() -> dict[str, Placement]:
    """Where each table is shown: its number (chapter.position, chapters counted after the
    introduction) and its page. A table shown on no page has no placement."""
    out: dict[str, Placement] = {}
    for chapter_no, page in enumerate(chapters()):
        notebook = ROOT / f"{page}.ipynb"
        if not notebook.exists():
            continue
        for position, table_id in enumerate(_shown_tables(notebook), start=1):
            out.setdefault(table_id, Placement(f"{chapter_no}.{position}", page))
    return out
