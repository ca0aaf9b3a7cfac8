"""Reader-facing strings by key, and numbers in each language's conventions.

Every string that mgtables renders for a reader (captions, column headers, labels, sentence templates,
CLI messages) is looked up by a stable key in a gettext catalogue, one per language:
mgtables/locale/<lang>.po, msgid the key and msgstr the text, with {name} placeholders (python-brace-
format). Adding a language is adding a catalogue, not code. Babel, which Sphinx already depends on,
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


def languages() -> tuple[str, ...]:
    """Every language with a catalogue, the source language first."""
    others = sorted(p.stem for p in LOCALE_DIR.glob("*.po") if p.stem != SOURCE_LANGUAGE)
    return (SOURCE_LANGUAGE, *others)


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Key -> text of one language; entries marked fuzzy (unreviewed) or left empty do not count."""
    path = LOCALE_DIR / f"{lang}.po"
    if not path.is_file():
        raise MissingText(f"no catalogue for language {lang!r}: languages are {', '.join(languages())}")
    with path.open("rb") as handle:
        messages = read_po(handle, locale=lang)
    return {m.id: m.string for m in messages if m.id and m.string and not m.fuzzy}


def text(key: str, lang: str = SOURCE_LANGUAGE, **values) -> str:
    """The text for `key` in `lang`, with its {placeholders} filled from `values`."""
    texts = catalogue(lang)
    if key not in texts:
        raise MissingText(f"no text for {key!r} in mgtables/locale/{lang}.po")
    template = texts[key]
    return template.format(**values) if values else template
