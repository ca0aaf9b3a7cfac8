"""The data's reader-facing texts in Dutch: the Dutch edition of every table shows the Dutch text of each shown
field (schema: Field.dutch), through the one accessor dataset.in_language."""

from __future__ import annotations

import math

import pytest

import mgtables
from mgtables import registry
from mgtables.dataset import in_language
from mgtables.i18n import MissingText
from mgtables.schema import DUTCH, SCHEMA, Field

pytestmark = pytest.mark.unit

# A text of at least this many words is a sentence, not a title that another text may hold ('Magnesium in the
# diet', a source's and the book's).
SENTENCE_WORDS = 6


def _shown(fields: tuple[Field, ...], node: dict):
    for f in fields:
        value = node.get(f.name)
        if f.dutch and value is not None and not (isinstance(value, float) and math.isnan(value)):  # optional
            english = value if isinstance(value, list) else [value]
            dutch = node.get(f.dutch) if isinstance(node.get(f.dutch), list) else [node.get(f.dutch)]
            yield from zip(english, dutch, strict=True)
        if f.kind == "record" and isinstance(value, dict):
            yield from _shown(f.fields, value)
        elif f.kind == "records" and isinstance(value, list):
            for item in value:
                yield from _shown(f.fields, item)


@pytest.fixture(scope="module")
def data():
    return mgtables.load()


@pytest.fixture(scope="module")
def translated(data) -> set[str]:
    """The English texts of every shown field whose Dutch text differs from it (names both languages share,
    such as a food called Quinoa in both, are left aside, and so are the English labels of the vocabulary and
    the English terms of the glossary, which their tables show beside the Dutch ones in both editions)."""
    texts = set()
    for coll in SCHEMA:
        for rec in getattr(data, coll.name).to_dict("records"):
            texts |= {en for en, nl in _shown(coll.fields, rec) if isinstance(en, str) and en != nl}
    labels = {labels["en"] for terms in data.vocabulary.values() for labels in terms.values()}
    return texts - labels - set(data.glossary["en"])


@pytest.fixture(scope="module")
def tables(data):
    return {table_id: (registry.get(table_id, data, "en").data, registry.get(table_id, data, "nl").data)
            for table_id in registry.ids()}


def test_no_dutch_cell_keeps_the_english_of_a_translated_field(tables, translated):
    kept = [f"{table_id} [{i}, {en.columns[j]!r}]: {en.iat[i, j]!r}"
            for table_id, (en, nl) in tables.items() if en.shape == nl.shape
            for i in range(en.shape[0]) for j in range(en.shape[1])
            if en.iat[i, j] in translated and nl.iat[i, j] == en.iat[i, j]]
    assert not kept, "\n".join(kept)


def test_no_dutch_cell_quotes_the_english_of_a_translated_field(tables, translated):
    """Texts built into a longer cell (a verdict after the authorities' positions, a register entry's wording,
    a figure's note in a timing) are in Dutch too."""
    sentences = [t for t in translated if len(t.split()) >= SENTENCE_WORDS]
    quoted = [f"{table_id}: {cell[:80]!r} holds {text[:60]!r}"
              for table_id, (_, nl) in tables.items() for cell in nl.to_numpy().ravel() if isinstance(cell, str)
              for text in sentences if text in cell]
    assert not quoted, "\n".join(quoted)


def test_the_tables_show_the_data_texts_they_are_built_from(data, tables):
    """The two tests above would pass on tables that show no data text at all: each file with shown texts has
    some of them in the English tables."""
    blob = "\n".join(cell for en, _ in tables.values() for cell in en.to_numpy().ravel() if isinstance(cell, str))
    unseen = [coll.file for coll in SCHEMA if any(f.dutch for f in coll.fields)
              if not any(en in blob for rec in getattr(data, coll.name).to_dict("records")
                         for en, _ in _shown(coll.fields, rec) if isinstance(en, str))]
    assert not unseen, f"no table shows a text of {unseen}"


def test_every_shown_text_of_the_data_has_its_dutch_text(data):
    for coll in SCHEMA:
        for rec in getattr(data, coll.name).to_dict("records"):
            for en, nl in _shown(coll.fields, rec):
                assert isinstance(nl, str) and nl.strip(), f"{coll.file} {rec.get(coll.key)}: no Dutch for {en!r}"


def test_the_accessor_names_the_field_of_each_language():
    assert in_language("paraphrase", "en") == "paraphrase"
    assert in_language("paraphrase", "nl") == "paraphrase_nl"
    assert in_language("en", "nl") == "nl"  # the name pairs of foods, claim keys and salts
    assert in_language("title_en", "nl") == "title"  # a source's original title is Dutch
    with pytest.raises(KeyError, match="not a shown text"):
        in_language("as_written", "nl")  # a quotation of an article: shown as printed
    with pytest.raises(MissingText):
        in_language("paraphrase", "fr")


def test_a_field_name_has_one_dutch_field_throughout_the_schema():
    for coll in SCHEMA:
        for f in coll.fields:
            if f.dutch:
                assert DUTCH[f.name] == f.dutch, f"{coll.file}: {f.name}"


def test_the_data_dictionary_says_which_fields_are_shown_and_where_their_dutch_is(data):
    table = registry.get("data-dictionary", data, "en").data
    rules = dict(zip(table["File"] + " " + table["Field"], table["Rule"], strict=True))
    assert "its Dutch text in paraphrase_nl" in rules["claims.yaml paraphrase"]
    assert "Dutch" not in rules["claims.yaml cue"]  # a quotation of the article stays as printed
