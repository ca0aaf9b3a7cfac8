"""Every table's column headers and category names exist in English and Dutch (one vocabulary file)."""

from __future__ import annotations

import pytest

import mgtables
from mgtables.labels import MissingTranslation, dutch_labels, translate, untranslated_headers

DATA = mgtables.load()


@pytest.mark.parametrize("table_id", mgtables.ids())
def test_every_column_header_has_a_dutch_label(table_id):
    assert untranslated_headers(mgtables.table(table_id), DATA) == []


@pytest.mark.parametrize("table_id", mgtables.ids())
def test_dutch_table_keeps_shape_and_changes_headers(table_id):
    english = mgtables.table(table_id)
    dutch = translate(english, DATA, "nl")
    assert dutch.data.shape == english.data.shape
    labels = dutch_labels(DATA)
    assert list(dutch.data.columns) == [labels[c] for c in english.data.columns]


def test_category_names_are_translated_and_free_text_is_kept():
    english = mgtables.table("reference-values")
    dutch = translate(english, DATA, "nl")
    stage = dutch.data.columns[list(english.data.columns).index("Life stage")]
    assert set(dutch.data[stage]) == {DATA.label("life_stage", s, "nl") for s in DATA.reference_values["life_stage"]}
    assert list(dutch.data.iloc[:, 0]) == list(english.data.iloc[:, 0])  # ids stay as they are


def test_missing_header_translation_is_an_error():
    table = mgtables.table("sources")
    broken = table.__class__(table.id, table.caption, table.data.rename(columns={"Id": "Identifier"}), ())
    with pytest.raises(MissingTranslation, match=r"no Dutch label for column.*Identifier"):
        translate(broken, DATA, "nl")


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        translate(mgtables.table("sources"), DATA, "fr")
