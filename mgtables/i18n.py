"""Reader-facing strings by key, and numbers in each language's conventions.

Every string that mgtables renders for a reader (captions, column headers, labels, sentence templates,
CLI messages) is looked up by a stable key in a gettext catalogue per language and module:
mgtables/locale/<lang>/<domain>.po holds the keys "<domain>.*" (domain: the module that uses them, such
as "intakes" or "table"), msgid the key and msgstr the text, with {name} placeholders (python-brace-
format). Adding a language is adding its folder of catalogues, not code. Babel, which Sphinx already depends on,
reads the catalogues (and formats numbers per language: mgtables.formatting).
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"


class MissingText(KeyError):
    """A key that a language's catalogue does not hold: the text is never guessed."""


def edition_folder(lang: str) -> str:
    """Where the book's edition in `lang` lives, relative to the site's root: the source language's at
    the root (''), each other language's in a folder of its code ('nl/'). mgtables.editions builds them."""
    return "" if lang == SOURCE_LANGUAGE else f"{lang}/"


def languages() -> tuple[str, ...]:
    """Every language with catalogues, the source language first."""
    others = sorted(p.name for p in LOCALE_DIR.iterdir() if p.is_dir() and p.name != SOURCE_LANGUAGE)
    return (SOURCE_LANGUAGE, *others)


def catalogue_files(lang: str) -> list[Path]:
    return sorted((LOCALE_DIR / lang).glob("*.po"))


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Key -> text of one language, from all its catalogues; entries marked fuzzy (unreviewed) or left
    empty do not count."""
    files = catalogue_files(lang)
    if not files:
        raise MissingText(f"no catalogue for language {lang!r}: languages are {', '.join(languages())}")
    texts = {}
    for path in files:
        with path.open("rb") as handle:
            texts.update((m.id, m.string) for m in read_po(handle, locale=lang) if m.id and m.string and not m.fuzzy)
    return texts


def text(key: str, lang: str = SOURCE_LANGUAGE, **values) -> str:
    """The text for `key` in `lang`, with its {placeholders} filled from `values`."""
    texts = catalogue(lang)
    if key not in texts:
        domain = key.split(".")[0]
        raise MissingText(f"no text for {key!r} in mgtables/locale/{lang}/{domain}.po")
    template = texts[key]
    return template.format(**values) if values else template


def counted(n: int, one: str, many: str, lang: str = SOURCE_LANGUAGE, *, none: str | None = None,
            **values) -> str:
    """The text of `one`, `many` or (when given) `none` for a count of `n`, so that the sentence agrees with
    its number ("1 interactions" and "er 0" read as machine output); {n} in the text is the count."""
    key = none if n == 0 and none is not None else one if n == 1 else many
    return text(key, lang, n=n, **values)
