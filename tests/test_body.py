"""Chapter 'In the body': absorption intervals, stores and serum in mg and mmol, interactions; and the
proof that every record of the chapter's topics and themes appears in one of its tables."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pandas as pd
import pytest

import mgtables
from mgtables.chapters import body
from mgtables.domain import units
from mgtables.registry import placements

DATA = mgtables.load()
PAGE = "book/body"
# What the chapter must cover, as the issue names it (deliberately not read from the module).
FIGURE_TOPICS = ("absorption", "body_store", "body_distribution", "serum_level", "serum_fraction", "excretion",
                 "secretion", "interaction_timing")
CLAIM_THEMES = ("interaction",)
DRUG_LOSS_KEYS = ("risk_loss.ppi", "risk_loss.diuretics")


def shown_tables(page: str) -> list[mgtables.Table]:
    return [mgtables.table(t) for t, place in placements().items() if place.page == page]


def missing_ids(ids, tables) -> list[str]:
    """The ids that appear in no cell of the tables (as a whole id, not as the start of a longer one)."""
    text = "\n".join(t.data.astype(str).to_csv(index=False) for t in tables)
    return [i for i in ids if not re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]


# ---- coverage --------------------------------------------------------------------------------------

def test_the_chapter_shows_its_tables():
    assert {t.id for t in shown_tables(PAGE)} == {"absorption-figures", "magnesium-in-the-body", "interactions"}


def test_every_figure_of_the_chapter_topics_is_in_a_table():
    ids = DATA.figures[DATA.figures["topic"].isin(FIGURE_TOPICS)]["id"]
    assert len(ids) > 0
    assert missing_ids(ids, shown_tables(PAGE)) == []


def test_every_interaction_claim_and_drug_loss_claim_is_in_a_table():
    claims = DATA.claims.merge(DATA.claim_keys, left_on="claim", right_on="key")
    ids = claims[claims["theme"].isin(CLAIM_THEMES) | claims["claim"].isin(DRUG_LOSS_KEYS)]["id"]
    assert len(ids) > 0
    assert missing_ids(ids, shown_tables(PAGE)) == []


def test_coverage_check_sees_a_missing_id_and_not_a_prefix():
    table = mgtables.Table("t", "c", pd.DataFrame({"Claims": ["a2025-c1, a2025-c10"]}), ())
    assert missing_ids(["a2025-c1", "a2025-c10", "a2025-c2", "a2025-c"], [table]) == ["a2025-c2", "a2025-c"]


# ---- absorption ------------------------------------------------------------------------------------

INTERVALS = {
    "nested": ([(10, 70), (30, 40)], (30, 40)),
    "touching": ([(30, 40), (40, 50)], (40, 40)),
    "disjoint": ([(10, 20), (30, 40)], None),
    "single": ([(20, 60)], (20, 60)),
    "none": ([], None),
}


@pytest.mark.parametrize("case", INTERVALS.values(), ids=INTERVALS.keys())
def test_overlap(case):
    intervals, expected = case
    assert body.overlap(intervals) == expected


def test_spread_spans_the_extremes_and_needs_an_interval():
    assert body.spread([(30, 40), (10, 20), (25, 70)]) == (10, 70)
    with pytest.raises(ValueError):
        body.spread([])


def test_overlap_phrase_names_the_kind_of_overlap():
    assert body.overlap_phrase(None) == "no value at all"
    assert body.overlap_phrase((40, 40)).startswith("a single value")
    assert body.overlap_phrase((30, 40)).startswith("only the range")


def test_absorption_summary_agrees_with_the_records():
    figs = DATA.figures[DATA.figures["topic"] == "absorption"]
    summary = body.absorption_summary(DATA)
    assert summary["n_figures"] == len(figs)
    assert summary["spread_low"] == figs["low"].min() and summary["spread_high"] == figs["high"].max()
    if math.isnan(summary["overlap_low"]):
        assert figs["low"].max() > figs["high"].min()
    else:  # the shared range lies inside every figure's interval
        assert all(lo <= summary["overlap_low"] <= summary["overlap_high"] <= hi
                   for lo, hi in zip(figs["low"], figs["high"], strict=True))


def test_absorption_table_marks_intervals_without_the_common_range():
    figs = DATA.figures.copy()
    extra = figs[figs["topic"] == "absorption"].iloc[0].copy()
    extra["id"], extra["low"], extra["high"] = "x-f99", 90.0, 95.0
    data = replace(DATA, figures=pd.concat([figs, extra.to_frame().T], ignore_index=True))
    table = body.absorption_table(data, "en").data.set_index("Figure")
    assert set(table["Contains the common range"]) == {"no"}  # disjoint now: nothing is common to all
    assert table.loc["x-f99", "Absorbed (%)"].endswith("90\u201395")


def test_absorption_figures_must_be_percentages():
    figs = DATA.figures.copy()
    figs.loc[figs["topic"] == "absorption", "unit"] = "mg"
    with pytest.raises(ValueError, match="must be percentages"):
        body.absorption_figures(replace(DATA, figures=figs))


def test_absorption_figure_draws_one_interval_per_figure():
    fig = body.absorption_figure(DATA)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(body.absorption_figures(DATA))


# ---- stores, serum, excretion ----------------------------------------------------------------------

NUMBERS = {0: "0", 30: "30", 0.75: "0.75", 16800: "16,800", 1.0285: "1.03", 121.525: "122", 1234567: "1,230,000"}


@pytest.mark.parametrize("value", NUMBERS, ids=[str(v) for v in NUMBERS])
def test_numbers_keep_three_significant_figures(value):
    assert body.number(value) == NUMBERS[value]


def _figure(**fields):
    base = {"id": "x-f1", "topic": "body_store", "qualifier": None, "low": 20.0, "high": 28.0, "unit": "g"}
    return pd.Series({**base, **fields})


def test_grams_become_milligrams_and_millimoles():
    row = body.amounts(DATA, _figure())
    assert row["mg"] == "20,000\u201328,000"
    assert row["mmol"] == f"{body.number(units.mg_to_mmol(20000))}\u2013{body.number(units.mg_to_mmol(28000))}"
    assert row["per"] == "whole body" and row["derived"] == ""


def test_millimoles_per_litre_become_milligrams_per_litre_with_their_qualifier():
    row = body.amounts(DATA, _figure(topic="serum_level", qualifier="less_than", low=0.5, high=0.5, unit="mmol/L"))
    assert row["mg"] == f"less than {body.number(units.mmol_to_mg(0.5))}"
    assert row["per"] == "litre of serum"


def test_a_share_of_the_body_becomes_an_amount_of_the_body_store():
    (lo, hi), ids = body.base_range(DATA, "body_store")
    row = body.amounts(DATA, _figure(topic="body_distribution", low=50.0, high=50.0, unit="percent"))
    assert row["mg"] == body.span(lo / 2, hi / 2)
    assert all(i in row["derived"] for i in ids)


def test_a_share_of_serum_uses_the_reference_range_not_the_deficiency_threshold():
    (lo, hi), ids = body.base_range(DATA, "serum_level")
    bounds = DATA.figures[(DATA.figures["topic"] == "serum_level") & DATA.figures["qualifier"].isin(body.BOUNDS)]
    assert not set(bounds["id"]) & set(ids)
    assert lo > 0 and hi >= lo


def test_a_share_without_a_base_has_no_amount():
    assert body.amounts(DATA, _figure(topic="serum_fraction", unit="percent", low=54.0, high=54.0,
                                      qualifier="about"))["mg"] != ""
    figs = DATA.figures[DATA.figures["topic"] != "serum_level"]
    row = body.amounts(replace(DATA, figures=figs), _figure(topic="serum_fraction", unit="percent"))
    assert row == {"mg": "", "mmol": "", "per": "", "derived": ""}


def test_body_table_converts_every_amount_with_the_one_molar_mass():
    table = body.body_table(DATA, "en").data.set_index("Figure")
    for fig in body.body_figures(DATA).itertuples():
        mg = units.in_mg(fig.low, fig.high, fig.unit)
        if mg is not None:
            expected = body.span(units.mg_to_mmol(mg[0]), units.mg_to_mmol(mg[1]))
            assert table.loc[fig.id, "mmol"].endswith(expected), fig.id


def test_prose_figures_exist_with_the_topic_they_are_quoted_for():
    topics = {"deficiency": "serum_level", "free": "serum_fraction", "protein_bound": "serum_fraction",
              "excretion": "excretion", "milk": "secretion"}
    figs = DATA.figures.set_index("id")
    for role, fid in body.PROSE_FIGURES.items():
        assert figs.loc[fid, "topic"] == topics[role], role


# ---- claims and interactions -----------------------------------------------------------------------

def test_conflicts_are_exactly_the_keys_with_opposite_stances():
    keys = body.interactions(DATA).set_index("key")
    claims = DATA.claims[DATA.claims["claim"].isin(keys.index)]
    for key, group in claims.groupby("claim"):
        stances = set(group["stance"])
        assert keys.loc[key, "conflict"] == ({"asserts", "denies"} <= stances), key


def test_interactions_are_the_interaction_keys_and_the_medicines_sorted_by_their_group():
    keys = body.interactions(DATA).set_index("key")
    groups = DATA.claim_keys.set_index("key")["group"]
    said = set(DATA.claims["claim"])
    expected = {k for k in said if k.startswith("interaction.") or groups[k] == "medicine"}
    assert set(keys.index) == expected
    assert set(DRUG_LOSS_KEYS) <= set(keys.index[keys["group"] == "medicine"])
    assert list(keys["kind"]) == [DATA.label("claim_group", groups[k]) for k in keys.index]
    assert list(keys["group"]) == sorted(keys["group"], key=lambda g: g != "medicine")  # medicines first


def test_a_new_interaction_key_lands_in_the_group_it_names():
    key = pd.DataFrame([{"key": "interaction.lithium", "theme": "interaction", "group": "medicine", "en": "x",
                         "nl": "x"}])
    claim = DATA.claims.iloc[:1].assign(id="x-c1", claim="interaction.lithium")
    data = replace(DATA, claim_keys=pd.concat([DATA.claim_keys, key], ignore_index=True),
                   claims=pd.concat([DATA.claims, claim], ignore_index=True))
    found = body.interactions(data).set_index("key")
    assert found.loc["interaction.lithium", "kind"] == DATA.label("claim_group", "medicine")


def test_every_timing_figure_is_linked_to_an_interaction_and_shown_in_its_row():
    table = body.interactions_table(DATA, "en").data
    for fid in DATA.figures[DATA.figures["topic"] == "interaction_timing"]["id"]:
        rows = table[table["Timing"].str.contains(fid, regex=False)]
        assert not rows.empty, fid
        linked = DATA.claims[DATA.claims["figures"].map(lambda f, fid=fid: isinstance(f, list) and fid in f)]
        assert set(rows["Key"]) == set(linked["claim"]), fid


# ---- languages -------------------------------------------------------------------------------------

def test_the_overlap_phrase_follows_the_language():
    assert body.overlap_phrase((40, 40), "nl") == "één enkele waarde, 40%"
    assert body.overlap_phrase((30.5, 40), "nl") == "alleen het bereik 30,5\u201340%"
    assert body.overlap_phrase(None, "nl") != body.overlap_phrase(None)


def test_the_dutch_tables_have_dutch_headers_cells_and_numbers():
    en, nl = body.body_table(DATA, "en"), body.body_table(DATA, "nl")
    assert "1 mmol = 24.305 mg" in en.caption and "1 mmol = 24,305 mg" in nl.caption
    assert list(nl.data.columns) != list(en.data.columns) and len(nl.data.columns) == len(en.data.columns)
    per = dict(zip(en.data["Per"], nl.data["Per"], strict=True))
    assert per["whole body"] == "hele lichaam" and per["litre of serum"] == "liter serum"
    store = nl.data.set_index("Cijfer").loc["nutrinews2025-f08"]
    assert store["mg"] == "20.000\u201328.000" and store["Onderwerp"] == DATA.label("topic", "body_store", "nl")
    absorbed = body.absorption_table(DATA, "nl").data
    assert set(absorbed["Bevat het gemeenschappelijke bereik"]) <= {"ja", "nee"}


def test_the_dutch_interactions_show_the_dutch_claims():
    table = body.interactions_table(DATA, "nl").data.set_index("Sleutel")
    wording = DATA.claim_keys.set_index("key")["nl"]
    assert all(table.loc[k, "Bewering"] == wording[k] for k in table.index)
