"""Bring the prose catalogues of every edition up to date with the English pages (`make translations`).

Sphinx's gettext builder writes one template (.pot) per page from the English book; sphinx-intl merges
each into book/locale/<lang>/LC_MESSAGES/<page>.po, keeping what is translated, adding new paragraphs
untranslated and marking changed ones fuzzy. The languages are those of mgtables' own catalogues, so a
language has both or neither. Translate the new and fuzzy entries, then `make book`;
tests/test_editions.py fails while any entry is missing, fuzzy or stale.

The descriptions of the data's fields (mgtables/schema.py, each Field's doc) are kept the same way, in
mgtables/locale/<lang>/schema.po: one entry per field, keyed by file and field (schema.doc_key), with the
English it translates as its comment; a new field gets an empty entry, a changed description is marked fuzzy,
a removed field's entry goes. tests/test_dictionary.py fails while any of them is missing, fuzzy or stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel import Locale
from babel.messages.pofile import escape, read_po

from mgtables.book_meta import ROOT
from mgtables.i18n import LOCALE_DIR, SOURCE_LANGUAGE, languages
from mgtables.schema import source_texts

BIN = Path(sys.executable).parent
POT_DIR = ROOT / "_build" / "gettext" / "_build" / "gettext"


def write_templates(source: Path = ROOT, output: Path = ROOT / "_build" / "gettext") -> Path:
    """The .pot templates of the English pages of the book in `source`; their folder."""
    subprocess.run([str(BIN / "jupyter-book"), "build", str(source), "--builder", "custom",
                    "--custom-builder", "gettext", "--path-output", str(output), "--quiet"], check=True)
    return output / "_build" / "gettext"


SCHEMA_CATALOGUE = "schema.po"
SCHEMA_HEADER = """\
# {language} texts of mgtables, domain 'schema': the description of every field of data/, keyed by file and field
# (mgtables.schema.doc_key), and the rules of the English catalogue. Each entry's comment is the English it
# translates, as mgtables/schema.py writes it: `make translations` adds an entry for a new field, marks one whose
# English changed fuzzy and drops one whose field is gone; translate the new and fuzzy ones.
msgid ""
msgstr ""
"Project-Id-Version: mgtables schema\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def schema_entries(path: Path) -> dict[str, tuple[str, str, bool]]:
    """Key -> (the English it was translated from, the translation, whether it is marked fuzzy)."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return {m.id: (" ".join(m.auto_comments), m.string, m.fuzzy) for m in read_po(handle) if m.id}


def schema_problems(entries: dict[str, tuple[str, str, bool]], sources: dict[str, str],
                    rules: set[str]) -> dict[str, list[str]]:
    """What a schema catalogue lacks against the fields' English `sources` and the English catalogue's
    `rules`: keys without a reviewed text, keys of no field, and translations of an English since changed."""
    wanted = set(sources) | rules
    return {
        "untranslated": sorted(k for k in wanted if not entries.get(k, ("", "", True))[1] or entries[k][2]),
        "stale": sorted(set(entries) - wanted),
        "changed": sorted(k for k in sources if k in entries and entries[k][0] != sources[k]),
    }


def update_schema_catalogue(lang: str) -> dict[str, list[str]]:
    """Bring mgtables/locale/<lang>/schema.po up to date with the schema; what is left to translate."""
    path = LOCALE_DIR / lang / SCHEMA_CATALOGUE
    old = schema_entries(path)
    rules = schema_entries(LOCALE_DIR / SOURCE_LANGUAGE / SCHEMA_CATALOGUE)
    blocks = [SCHEMA_HEADER.format(lang=lang, language=Locale.parse(lang).english_name)]
    for key in rules:
        blocks.append(f"msgid {escape(key)}\nmsgstr {escape(old.get(key, ('', '', False))[1])}\n")
    for key, english in source_texts().items():
        was, string, fuzzy = old.get(key, (english, "", False))
        flag = "#, fuzzy\n" if string and (fuzzy or was != english) else ""
        blocks.append(f"#. {english}\n{flag}msgid {escape(key)}\nmsgstr {escape(string)}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")
    return schema_problems(schema_entries(path), source_texts(), set(rules))


if __name__ == "__main__":
    pots = write_templates()
    for lang in languages()[1:]:
        subprocess.run([str(BIN / "sphinx-intl"), "update", "--pot-dir", str(pots),
                        "--locale-dir", str(ROOT / "book" / "locale"), "--language", lang,
                        "--line-width", "-1"], check=True)
        left = update_schema_catalogue(lang)["untranslated"]
        if left:
            print(f"mgtables/locale/{lang}/{SCHEMA_CATALOGUE}: {len(left)} field descriptions to translate")
