"""Facts about the book that citations need, each read from the one place it lives:
title, author and address from _config.yml, the version from VERSION and the chapter order from
_toc.yml. Where a table stands (its page and number) is declared where it is built (mgtables.registry)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from .i18n import SOURCE_LANGUAGE, edition_folder, text

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

    def title_in(self, lang: str) -> str:
        """The book's title in the edition of `lang`: _config.yml's in the source language, the catalogue's in
        every other (tests/test_editions.py holds the source language's catalogue entry to _config.yml's)."""
        return self.title if lang == SOURCE_LANGUAGE else text("editions.book_title", lang)

    def author_in(self, lang: str) -> str:
        """The book's author as a citation in the edition of `lang` names it: _config.yml's in the source
        language, in every other the catalogue's (the footer's "Door ..."), with a capital as it opens the
        reference."""
        if lang == SOURCE_LANGUAGE:
            return self.author
        name = text("editions.author", lang)
        return name[:1].upper() + name[1:]


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


@dataclass(frozen=True)
class Placement:
    number: str  # "chapter.position", e.g. "3.2"
    page: str  # the chapter file without suffix, e.g. "book/intakes"

    def url(self, lang: str = SOURCE_LANGUAGE) -> str:
        """The page's address in the edition of `lang`."""
        return f"{meta().baseurl}{edition_folder(lang)}{self.page}.html"
