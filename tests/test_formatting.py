"""How mgtables writes numbers per language (mgtables.formatting) and the columns and phrases several
chapters' tables share: a Dutch table says who holds a value, for whom and with which qualifier in Dutch."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
from conftest import FIXTURES, ROOT

import mgtables
from mgtables.dataset import in_language
from mgtables.formatting import (
    authority_name,
    formatted,
    qualified,
    reference_value_columns,
    source_text,
    stance_columns,
)
from mgtables.i18n import text

# ---- numbers in the prose, per language: as Python's format() writes them, with the language's signs ------

SPECS = [".0f", ".1f", ".2f", "+.0f", "+.1f", ",.0f", ",.2f", "g"]
VALUES = [0.0, 0.5, 2.25, 7.0, -3.14159, 1234.5678, 24.305, 98765.4321]


@pytest.mark.parametrize("spec", SPECS)
def test_numbers_are_written_as_python_writes_them_in_english(spec):
    assert [formatted(v, spec, "en") for v in VALUES] == [format(v, spec) for v in VALUES]


@pytest.mark.parametrize("spec", SPECS)
def test_dutch_numbers_swap_the_decimal_point_and_the_thousands_separator(spec):
    swapped = [format(v, spec).translate(str.maketrans(".,", ",.")) for v in VALUES]
    assert [formatted(v, spec, "nl") for v in VALUES] == swapped


def test_whole_numbers_and_signs():
    assert formatted(12, "d", "nl") == "12"
    assert formatted(1234, ",d", "nl") == "1.234"
    assert formatted(5, "+d", "en") == "+5"


@pytest.mark.parametrize("spec", [".2e", ">10.1f", "%", ".2d", "x"])
def test_a_format_the_editions_cannot_write_per_language_is_refused(spec):
    with pytest.raises(ValueError, match="format spec"):
        formatted(1.5, spec, "nl")


# ---- the shared columns and phrases ---------------------------------------------------------------------

COLUMNS = ["authority", "kind", "applies_to", "sex", "authority_band", "life_stage"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """The minimal valid dataset (tests/fixtures/data), loaded once."""
    target = tmp_path_factory.mktemp("formatting") / "data"
    shutil.copytree(FIXTURES / "data", target)
    shutil.copy(ROOT / "data" / "vocabulary.yaml", target)
    return mgtables.load(target)


def test_a_qualified_span_puts_the_qualifier_in_words_of_the_language(data):
    assert qualified(data, "about", "5\u201310") == "about 5\u201310"
    assert qualified(data, "about", "5\u201310", "nl") == "ongeveer 5\u201310"
    assert qualified(data, "less_than", "5", "nl") == "minder dan 5"
    assert qualified(data, "exact", "5", "nl") == "5"  # 'exactly' goes without saying
    assert qualified(data, None, "5", "nl") == "5" and qualified(data, float("nan"), "5") == "5"


def test_a_figure_attributed_to_an_authority_cites_it_in_the_language(data):
    authority = data.authorities.iloc[0]
    name = f"{authority['short']} {authority['year']}"
    assert authority_name(data, authority["id"]) == name
    figure = SimpleNamespace(source="src1", attributed_to=authority["id"])
    for lang in ("en", "nl"):
        assert source_text(data, figure, lang) == text("formatting.citing", lang, source="src1", authority=name)
    assert source_text(data, figure, "nl") != source_text(data, figure, "en")
    assert source_text(data, figure, "nl") == f"src1, met verwijzing naar {name}"
    assert source_text(data, SimpleNamespace(source="src1", attributed_to=None), "nl") == "src1"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_reference_value_columns_say_whose_values_and_for_whom_in_the_language(data, lang):
    rv = data.reference_values
    columns = reference_value_columns(data, rv, lang)
    assert list(columns) == [text(f"formatting.col.{c}", lang) for c in COLUMNS]
    by_key = dict(zip(COLUMNS, columns.values(), strict=True))
    assert by_key["authority"] == [authority_name(data, a) for a in rv["authority"]]
    assert by_key["kind"] == list(rv["kind"]) and by_key["authority_band"] == list(rv[in_language("age_label", lang)])
    for field in ("applies_to", "sex", "life_stage"):
        assert by_key[field] == [data.vocabulary[field][term][lang] for term in rv[field]], field


def test_dutch_reference_value_columns_hold_no_english_word(data):
    english, dutch = (reference_value_columns(data, data.reference_values, lang) for lang in ("en", "nl"))
    assert set(english).isdisjoint(dutch)  # every header translated
    for (_, words_en), (header, words_nl) in zip(english.items(), dutch.items(), strict=True):
        if header in (text("formatting.col.applies_to", "nl"), text("formatting.col.sex", "nl"),
                      text("formatting.col.life_stage", "nl")):
            assert all(a != b for a, b in zip(words_en, words_nl, strict=True)), header
    assert "man" in dutch[text("formatting.col.sex", "nl")]


def test_stance_columns_are_headed_in_the_language():
    import pandas as pd

    keys = pd.DataFrame({"asserts": ["s1"], "denies": ["s2"], "qualifies": [""]})
    dutch = stance_columns(keys, "nl")
    assert list(dutch) == ["Beweerd door", "Ontkend door", "Genuanceerd door"]
    assert [list(v) for v in dutch.values()] == [["s1"], ["s2"], [""]]
