"""The chapters 'The sources', 'Data dictionary' and 'Tables and data' in each language: the same cells
in English and Dutch where they are data, our own words in the reader's language where they are ours."""

from __future__ import annotations

import pytest

import mgtables
from mgtables import registry
from mgtables.chapters import catalogue, sources

DATA = mgtables.load()
TABLES = ["sources", "source-notes", "data-dictionary", "vocabularies", "table-index", "dataset-files"]


@pytest.mark.parametrize("table_id", TABLES)
def test_the_dutch_table_has_the_english_shape_and_its_own_words(table_id):
    english, dutch = registry.get(table_id), registry.get(table_id, lang="nl")
    assert english.data.shape == dutch.data.shape
    assert dutch.caption != english.caption
    assert list(dutch.data.columns) != list(english.data.columns)


def test_our_words_in_cells_follow_the_language():
    notes = registry.get("source-notes", lang="nl").data
    assert "nothing known" not in set(notes["Ontbreekt in onze opgeslagen tekst"])
    rules = registry.get("data-dictionary", lang="nl").data["Regel"]
    assert rules.str.startswith(("verplicht", "optioneel")).all()


def test_the_contributions_count_every_record():
    counts = sources.contributions(DATA)
    assert counts["figures"].sum() == len(DATA.figures) and counts["claims"].sum() == len(DATA.claims)


def test_the_linked_index_speaks_the_language():
    assert "<th>Nummer</th><th>Tabel</th>" in catalogue.index_html(DATA, "nl")
    assert "<th>Number</th><th>Table</th>" in catalogue.index_html(DATA)
