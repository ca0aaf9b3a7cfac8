"""Strings by key: every key mgtables uses has a text in every catalogue, with the same placeholders,
and no catalogue holds a key nobody uses; a missing text is an error, never a guess."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from mgtables import i18n
from mgtables.formatting import number

PACKAGE = Path(i18n.__file__).parent


DOMAINS = {path.stem for path in i18n.catalogue_files(i18n.SOURCE_LANGUAGE)}
KEY = re.compile(rf"^({'|'.join(DOMAINS)})(\.[a-z0-9_]+)+$")
FILE_NAME = re.compile(r"\.(yaml|csv|json|py|po|md|html|js|css|txt|ipynb)$")  # "sources.yaml" is no key


def used_keys() -> dict[str, str]:
    """Key -> where it is used: every string constant in mgtables/ shaped like a key of a catalogue's
    domain ("intakes.col.age"). Keys are written out whole, never assembled, so that this finds them."""
    keys = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value)
                    and not FILE_NAME.search(node.value)):
                keys[node.value] = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
    return keys


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_package_uses_keyed_texts():
    assert len(used_keys()) >= 5


@pytest.mark.parametrize("lang", i18n.languages())
def test_every_used_key_has_a_text_in_every_language(lang):
    missing = {key: where for key, where in used_keys().items() if key not in i18n.catalogue(lang)}
    assert missing == {}


def test_no_catalogue_holds_an_unused_key():
    unused = set(i18n.catalogue(i18n.SOURCE_LANGUAGE)) - set(used_keys())
    assert unused == set()


@pytest.mark.parametrize("lang", i18n.languages()[1:])
def test_translations_keep_the_placeholders(lang):
    source = i18n.catalogue(i18n.SOURCE_LANGUAGE)
    differing = {key: text for key, text in i18n.catalogue(lang).items()
                 if placeholders(text) != placeholders(source.get(key, ""))}
    assert differing == {}


@pytest.mark.parametrize("lang", i18n.languages())
def test_each_catalogue_holds_the_keys_of_its_domain_only(lang):
    misplaced = {path.name: key for path in i18n.catalogue_files(lang)
                 for key in _keys(path) if key.split(".")[0] != path.stem}
    assert misplaced == {}


def _keys(path: Path) -> list[str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return [m.id for m in read_po(handle) if m.id]


def test_a_text_fills_its_placeholders():
    assert i18n.text("table.title", number="3.1", caption="Intakes.") == "Table 3.1: Intakes."


def test_a_missing_key_or_language_is_an_error_naming_the_catalogue():
    with pytest.raises(i18n.MissingText, match=r"'no.such.key' in mgtables/locale/en/no\.po"):
        i18n.text("no.such.key")
    with pytest.raises(i18n.MissingText, match="no catalogue for language 'xx'"):
        i18n.text("table.cite", "xx")


def test_fuzzy_and_empty_entries_do_not_count(tmp_path, monkeypatch):
    entries = ['msgid "a"\nmsgstr "A"', '#, fuzzy\nmsgid "b"\nmsgstr "B?"', 'msgid "c"\nmsgstr ""']
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.po").write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("en") == {"a": "A"}
    finally:
        i18n.catalogue.cache_clear()


@pytest.mark.parametrize(("value", "en", "nl"), [
    (1234.5, "1,230", "1.230"), (0.5, "0.5", "0,5"), (12.345, "12.3", "12,3"), (300, "300", "300"),
    (0.00123, "0.00123", "0,00123"), (-2.5, "-2.5", "-2,5"), (1e6, "1,000,000", "1.000.000")])
def test_numbers_follow_the_language(value, en, nl):
    assert (number(value), number(value, "nl")) == (en, nl)
