"""The food chapter: normalised figures, the search for causes, rankings, portions and water,
tested against the data records and against hand-made figures with a known cause."""

from __future__ import annotations

import html
import math
import re
from dataclasses import replace

import pandas as pd
import pytest
from conftest import with_parameter

import mgtables
from mgtables.chapters import foods
from mgtables.domain import reference
from mgtables.i18n import text

DATA = mgtables.load()
ROWS = foods.normalised(DATA)
FOODS = DATA.foods.set_index("id")
TOL = DATA.parameter("food_figure_tolerance")


def _records(topic: str) -> list[tuple[dict, str]]:
    figures = DATA.figures[DATA.figures["topic"] == topic].to_dict("records")
    return [(fig, food) for fig in figures for food in fig["foods"]]


FOOD_RECORDS = _records("food_content")


def _row(fig_id: str, food: str) -> pd.Series:
    rows = ROWS[(ROWS["figure"] == fig_id) & (ROWS["food"] == food)]
    assert len(rows) == 1
    return rows.iloc[0]


def _portions(food: str) -> pd.DataFrame:
    return DATA.portions[DATA.portions["food"] == food]


def _primary(food: str) -> pd.Series:
    comp = DATA.compositions
    return comp[(comp["food"] == food) & comp["primary"]].iloc[0]


# ---------------------------------------------------------------- the figures, normalised


def test_every_food_figure_appears_once_per_food_with_a_verdict():
    assert sorted(zip(ROWS["figure"], ROWS["food"], strict=True)) == sorted((f["id"], food) for f, food in FOOD_RECORDS)
    assert set(ROWS["verdict"]) <= {foods.AGREES, foods.FLAGGED}
    table = mgtables.table("food-figures").data
    assert set(table["Figure"]) == {f["id"] for f, _ in FOOD_RECORDS}


@pytest.mark.parametrize("record", FOOD_RECORDS, ids=lambda r: f"{r[0]['id']}-{r[1]}")
def test_portion_weight_comes_from_the_source_or_the_portion_word(record):
    fig, food = record
    if fig.get("portion_unit") == "g":
        expected = fig["portion_amount"]
    elif fig.get("portion_unit") == "ml":
        expected = fig["portion_amount"] * FOODS.loc[food, "density_g_per_ml"]
    else:
        words = re.findall(r"\w+", fig["portion"].lower())
        portions = _portions(food)
        expected = portions[portions["term"].isin(words)]["grams"].iloc[0]
    row = _row(fig["id"], food)
    assert row["grams"] == pytest.approx(expected)
    assert row["src_low"] == pytest.approx(fig["low"] / expected * 100)
    assert row["src_high"] == pytest.approx(fig["high"] / expected * 100)


@pytest.mark.parametrize("record", FOOD_RECORDS, ids=lambda r: f"{r[0]['id']}-{r[1]}")
def test_reference_row_is_in_the_stated_state_else_the_primary(record):
    fig, food = record
    comp = DATA.compositions[DATA.compositions["food"] == food]
    state = fig.get("state")
    matching = comp[comp["state"] == state] if isinstance(state, str) else comp.iloc[0:0]
    expected = matching.iloc[0] if not matching.empty else _primary(food)
    row = _row(fig["id"], food)
    assert row["ref_mg"] == expected["mg_per_100g"]
    assert row["deviation"] == pytest.approx(
        foods.deviation_percent(row["src_low"], row["src_high"], expected["mg_per_100g"]))


@pytest.mark.parametrize(("low", "high", "ref", "expected"), [
    (100, 100, 100, 0.0),
    (50, 50, 100, -50.0),
    (150, 150, 100, 50.0),
    (80, 120, 100, 0.0),  # a range containing the reference agrees with it
    (80, 100, 100, 0.0),  # ... also when one of its ends is the reference
    (100, 120, 100, 0.0),
    (110, 130, 100, 10.0),  # otherwise its nearest end counts
    (60, 90, 100, -10.0),
])
def test_deviation_percent(low, high, ref, expected):
    assert foods.deviation_percent(low, high, ref) == pytest.approx(expected)


def test_verdict_follows_the_tolerance():
    flagged = ROWS["deviation"].abs() > TOL
    assert list(ROWS["verdict"] == foods.FLAGGED) == list(flagged)


# ---------------------------------------------------------------- causes, on hand-made figures


def _figure(food: str, mg: float, portion: str, high: float | None = None, **fields):
    record = {"id": "test-f01", "source": DATA.sources["id"].iloc[0], "as_written": "test", "food": food,
              "portion": portion, "low": mg, "high": mg if high is None else high, "portion_amount": math.nan,
              "portion_unit": math.nan, "state": math.nan, **fields}
    return next(pd.DataFrame([record]).itertuples())


def _food_with_terms(*terms: str) -> str:
    return next(f for f in DATA.foods["id"] if set(terms) <= set(_portions(f)["term"]))


def _grams(food: str, term: str) -> float:
    portions = _portions(food)
    return portions[portions["term"] == term]["grams"].iloc[0]


def test_figure_at_the_table_value_agrees():
    food = _food_with_terms("portie")
    mg = _primary(food)["mg_per_100g"] * _grams(food, "portie") / 100
    assert foods.assess(DATA, _figure(food, mg, "portie"))["verdict"] == foods.AGREES


def test_ons_that_is_an_ounce_is_a_unit_lost_in_translation():
    food = _food_with_terms("ons", "ounce")
    mg = _primary(food)["mg_per_100g"] * _grams(food, "ounce") / 100
    result = foods.assess(DATA, _figure(food, mg, "ons"))
    assert result["verdict"] == foods.FLAGGED
    assert [c.code for c in result["cause"]] == [foods.UNIT_LOST]
    assert foods.cause_text(DATA, result["cause"]) == "unit lost in translation"
    assert result["fit_grams"] == _grams(food, "ounce")


def test_cooked_value_against_a_dry_row_is_dry_versus_cooked():
    comp = DATA.compositions
    food = next(f for f in comp[comp["primary"] & (comp["state"] == "dry")]["food"]
                if "cooked" in set(comp[comp["food"] == f]["state"]))
    cooked = comp[(comp["food"] == food) & (comp["state"] == "cooked")].iloc[0]
    fig = _figure(food, cooked["mg_per_100g"], "100 g", portion_amount=100, portion_unit="g")
    result = foods.assess(DATA, fig)
    assert result["verdict"] == foods.FLAGGED
    changed = foods.Change(foods.OTHER_STATE, states=("dry", "cooked"), description=cooked["description"])
    assert result["cause"] == (changed,)
    assert foods.cause_text(DATA, result["cause"]) == "dry versus cooked"
    assert result["fit_ref_mg"] == cooked["mg_per_100g"]


def test_per_100g_value_printed_as_per_portion_is_found():
    # a food whose serving is far enough from 100 g for the per-serving reading to be flagged
    food = next(f for f in DATA.foods["id"] if "portie" in set(_portions(f)["term"])
                and abs(100 / _grams(f, "portie") - 1) > TOL / 100)
    result = foods.assess(DATA, _figure(food, _primary(food)["mg_per_100g"], "portie"))
    assert result["cause"] == (foods.Change(foods.PER_100G_BASIS),)
    assert foods.cause_text(DATA, result["cause"]) == "figure per 100 g, not per portion"
    assert (result["fit_grams"], result["fit_deviation"]) == (100, pytest.approx(0))


def test_figure_no_reading_explains_is_a_plain_error():
    food = _food_with_terms("portie")
    mg = _primary(food)["mg_per_100g"] * _grams(food, "portie") / 100 * 10
    cause = foods.assess(DATA, _figure(food, mg, "portie"))["cause"]
    assert cause == (foods.PLAIN_ERROR,)
    assert foods.cause_text(DATA, cause) == "plain error: no tested reading fits"


def test_grams_printed_by_the_source_are_not_read_as_another_portion():
    food = _food_with_terms("ons", "ounce")
    mg = _primary(food)["mg_per_100g"] * _grams(food, "ounce") / 100  # right for an ounce, printed per 100 g
    fig = _figure(food, mg, "100 g", portion_amount=100, portion_unit="g")
    assert foods.UNIT_LOST not in {c.code for c in foods.assess(DATA, fig)["cause"]}


@pytest.mark.parametrize(("offset", "verdict"), [(-0.5, foods.AGREES), (0.5, foods.FLAGGED)])
def test_tolerance_boundary(offset, verdict):
    food = _food_with_terms("portie")
    mg = _primary(food)["mg_per_100g"] * (1 + (TOL + offset) / 100)
    fig = _figure(food, mg, "100 g", portion_amount=100, portion_unit="g")
    assert foods.assess(DATA, fig)["verdict"] == verdict


def test_the_tolerance_is_the_parameter():
    food = _food_with_terms("portie")
    mg = _primary(food)["mg_per_100g"] * (1 + (TOL + 5) / 100)
    fig = _figure(food, mg, "100 g", portion_amount=100, portion_unit="g")
    assert foods.assess(with_parameter(DATA, "food_figure_tolerance", TOL + 10), fig)["verdict"] == foods.AGREES


def test_portion_in_ml_uses_the_density():
    food = next(f for f in DATA.foods["id"] if not math.isnan(FOODS.loc[f, "density_g_per_ml"]))
    fig = _figure(food, 10, "200 ml", portion_amount=200, portion_unit="ml")
    assert foods.assess(DATA, fig)["grams"] == pytest.approx(200 * FOODS.loc[food, "density_g_per_ml"])


def test_unknown_portion_word_is_reported_not_guessed():
    result = foods.assess(DATA, _figure(DATA.foods["id"].iloc[0], 50, "emmer"))
    assert result["verdict"] == foods.NO_PORTION and math.isnan(result["grams"])


def test_sources_that_disagree_are_flagged_with_their_cause():
    food = _food_with_terms("ons", "ounce")
    right = _primary(food)["mg_per_100g"]
    sources = list(DATA.sources["id"][:2])
    figures = pd.DataFrame([
        {**DATA.figures.iloc[0].to_dict(), "id": "a-f01", "source": sources[0], "topic": "food_content",
         "foods": [food], "low": right, "high": right, "portion": "100 g", "portion_amount": 100, "portion_unit": "g",
         "state": math.nan},
        {**DATA.figures.iloc[0].to_dict(), "id": "b-f01", "source": sources[1], "topic": "food_content",
         "foods": [food], "low": right * _grams(food, "ounce") / 100, "high": right * _grams(food, "ounce") / 100,
         "portion": "ons", "portion_amount": math.nan, "portion_unit": math.nan, "state": math.nan},
    ])
    compared = foods.between_sources(replace(DATA, figures=figures))
    assert list(compared["food"]) == [food]
    assert not compared["agree"].iloc[0]
    assert compared["causes"].iloc[0] == "b-f01: unit lost in translation"


def test_sources_compared_only_where_two_sources_give_a_figure():
    compared = foods.between_sources(DATA)
    per_food = ROWS.groupby("food")["source"].nunique()
    assert set(compared["food"]) == set(per_food[per_food > 1].index)
    for rec in compared.itertuples():
        mine = ROWS[ROWS["food"] == rec.food]
        overlap = mine["src_low"].max() <= mine["src_high"].min()
        assert (rec.gap == 0) == overlap
        assert rec.agree == (rec.gap <= TOL)


# ---------------------------------------------------------------- rankings


def test_ranking_per_100g_and_per_100kcal_follow_the_primary_rows():
    per_100g = foods.ranking(DATA, "per_100g")
    assert list(per_100g["value"]) == sorted(per_100g["value"], reverse=True)
    for rec in per_100g.itertuples():
        assert rec.value == _primary(rec.food)["mg_per_100g"]
    for rec in foods.ranking(DATA, "per_100kcal").itertuples():
        row = _primary(rec.food)
        assert rec.value == pytest.approx(row["mg_per_100g"] / row["kcal_per_100g"] * 100)


def test_intake_share_is_the_portion_over_the_groups_intake():
    found = reference.intake(DATA.parameter("ranking_person")["age"], "male")
    name = reference.authority_names(DATA)["iom1997"]
    value = found[(found["Authority"] == name) & found["Kind"].isin(reference.RECOMMENDED)]["mg/day"].iloc[0]
    portions = foods.ranking(DATA, "per_portion").set_index("food")["value"]
    share = foods.ranking(DATA, "intake_share", sex="male", authority="iom1997").set_index("food")["value"]
    assert share.to_dict() == pytest.approx((portions / value * 100).to_dict())


def test_ranking_rejects_an_unknown_basis():
    with pytest.raises(ValueError, match="unknown basis 'per_euro'"):
        foods.ranking(DATA, "per_euro")


def test_recommended_intake_refuses_an_authority_without_one():
    upper_only = next(a for a in DATA.authorities["id"] if a not in set(reference.recommended(DATA)["authority"]))
    with pytest.raises(reference.IntakeQueryError, match="no recommended intake"):
        reference.recommended_value(DATA, upper_only, DATA.parameter("adult_age"), "female")


def test_typical_portion_is_the_preferred_word_paired_with_the_row_it_was_weighed_on():
    typical = foods.typical_portions(DATA).set_index("food")
    for food in DATA.foods["id"]:
        verified = _portions(food)[_portions(food)["verified"]]
        terms = [t for t in DATA.parameter("typical_portion_words") if t in set(verified["term"])]
        if not terms:
            continue
        rec = typical.loc[food]
        portion = verified[verified["term"] == terms[0]].iloc[0]
        assert rec["grams"] == portion["grams"]
        ndb = re.search(r"NDB (\d+)", portion["reference"])
        comp = DATA.compositions[DATA.compositions["food"] == food]
        weighed = comp[comp["ndb_no"] == ndb.group(1)] if ndb else comp.iloc[0:0]
        row = weighed.iloc[0] if not weighed.empty else _primary(food)
        assert rec["mg"] == pytest.approx(row["mg_per_100g"] * portion["grams"] / 100)


@pytest.mark.parametrize(("grams", "has_portion"), [(100, False), (150, True)])
def test_grams_a_source_states_are_a_typical_portion_unless_per_100g(grams, has_portion):
    food = next(f for f in DATA.foods["id"] if _portions(f).empty)
    figures = pd.DataFrame([{**DATA.figures.iloc[0].to_dict(), "topic": "food_content", "foods": [food],
                             "portion": f"{grams} g", "portion_amount": grams, "portion_unit": "g"}])
    typical = foods.typical_portions(replace(DATA, figures=figures))
    assert (food in set(typical["food"])) == has_portion


def test_source_points_per_100g_are_the_figures_own_values():
    points = foods.source_points(DATA, "per_100g")
    assert list(points["low"]) == pytest.approx(list(ROWS["src_low"]))
    assert list(points["high"]) == pytest.approx(list(ROWS["src_high"]))


def test_a_figure_for_the_typical_portion_lands_on_its_literal_value():
    typical = foods.ranking_portions(DATA).set_index("food")
    points = foods.source_points(DATA, "per_portion").set_index(["figure", "food"])
    for rec in ROWS.itertuples():
        if (rec.food in typical.index and rec.grams == typical.loc[rec.food, "grams"]
                and rec.about_mg == typical.loc[rec.food, "mg_per_100g"]):
            assert points.loc[(rec.figure, rec.food), "low"] == pytest.approx(rec.low)


def test_ranking_figure_has_one_panel_per_basis_with_one_bar_per_ranked_food():
    fig = foods.ranking_figure(DATA)
    axes = fig.get_axes()
    assert len(axes) == len(foods.BASES)
    for ax, basis in zip(axes, foods.BASES, strict=True):
        assert len(ax.patches) == len(foods.ranking(DATA, basis, foods.figure_foods(DATA)))


# ---------------------------------------------------------------- Dutch and Belgian household portions


def _dutch(food: str) -> pd.DataFrame:
    return DATA.portions_nl[DATA.portions_nl["food"] == food]


def test_the_ranking_takes_the_first_dutch_portion_on_the_row_it_names():
    chosen = foods.ranking_portions(DATA).set_index("food")
    typical = foods.typical_portions(DATA).set_index("food")
    assert DATA.parameter("dutch_portions_first")
    for food in chosen.index:
        mine = _dutch(food)
        if mine.empty:
            assert chosen.loc[food, "grams"] == typical.loc[food, "grams"]
            continue
        first = mine.iloc[0]
        comp = DATA.compositions[DATA.compositions["food"] == food]
        named = comp[comp["state"] == first["state"]]
        row = named.iloc[0] if not named.empty else _primary(food)
        assert chosen.loc[food, "grams"] == first["grams"]
        assert chosen.loc[food, "portion"].term == first["term"]
        assert chosen.loc[food, "mg"] == pytest.approx(row["mg_per_100g"] * first["grams"] / 100)


def test_a_cooked_spoonful_meets_the_cooked_row():
    food = next(f for f in DATA.foods["id"] if not _dutch(f).empty and _dutch(f)["state"].iloc[0] == "cooked"
                and _primary(f)["state"] == "raw")
    chosen = foods.ranking_portions(DATA).set_index("food").loc[food]
    assert chosen["mg_per_100g"] != _primary(food)["mg_per_100g"]


def test_without_the_dutch_choice_the_ranking_is_the_us_one():
    us_only = with_parameter(DATA, "dutch_portions_first", False)
    chosen, typical = foods.ranking_portions(us_only), foods.typical_portions(us_only)
    assert list(chosen["food"]) == list(typical["food"]) and list(chosen["grams"]) == list(typical["grams"])
    ranked = foods.ranking(us_only, "per_portion").set_index("food")["value"]
    assert ranked.to_dict() == pytest.approx(typical.set_index("food")["mg"].to_dict())


def test_every_food_has_a_portion_or_says_why_not():
    ranked = set(foods.ranking_portions(DATA)["food"])
    reasons = FOODS["no_portion_reason"]
    for food in DATA.foods["id"]:
        assert (food in ranked) != isinstance(reasons[food], str), food


@pytest.mark.parametrize("table_id", ("food-ranking", "food-portions-to-intake"))
def test_the_portion_tables_are_sorted_by_mg_per_portion_with_the_us_measure_beside(table_id):
    table = mgtables.table(table_id).data
    mg = table["mg per portion"].dropna()
    assert list(mg) == sorted(mg, reverse=True)
    us = foods.typical_portions(DATA).set_index("food")
    english = dict(zip(DATA.foods["en"], DATA.foods["id"], strict=True))
    for name, grams in zip(table["Food"], table["US measure (g)"], strict=True):
        food = english[name]
        if food in us.index:
            assert grams == pytest.approx(round(us.loc[food, "grams"], 1))
        else:
            assert math.isnan(grams)


def test_an_unverified_household_portion_tells_the_reader_why():
    table = mgtables.table("food-ranking").data.set_index("Food")
    names = FOODS["en"]
    for rec in DATA.portions_nl.drop_duplicates("food").itertuples():
        cell = table.loc[names[rec.food], "Portion weight from"]
        assert rec.reference in cell
        assert (rec.why_unverified in cell) if not rec.verified else "not verified" not in cell


def test_the_caption_says_which_portion_the_ranking_takes():
    assert "Dutch or Belgian household portion" in mgtables.table("food-ranking").caption
    us_only = with_parameter(DATA, "dutch_portions_first", False)
    assert "Dutch or Belgian" not in foods.ranking_table(us_only, "en").caption


# ---------------------------------------------------------------- tables, portions to intake, water


FOOD_TABLES = ("food-figures", "food-figure-flags", "food-sources-compared", "food-ranking", "food-portions-to-intake")


@pytest.mark.parametrize("table_id", FOOD_TABLES)
def test_every_food_table_has_the_dutch_name_beside_the_english(table_id):
    table = mgtables.table(table_id).data
    dutch = dict(zip(DATA.foods["en"], DATA.foods["nl"], strict=True))
    assert list(table["Dutch name"]) == [dutch[en] for en in table["Food"]]


def test_portions_to_intake_times_the_portion_reach_the_intake():
    table = mgtables.table("food-portions-to-intake").data
    columns = foods.intake_columns(DATA)
    assert len(columns) == 2 * len(DATA.parameter("portion_intake_authorities"))
    for column, value in columns.items():
        # both the count (to 0.1) and the mg (to 1) are rounded in the table; the unrounded count is at most
        # 0.05 above the printed one, and the bound is reached at a tie (6.5 mg printed as 6)
        reached = table[column] * table["mg per portion"]
        slack = 0.05 * table["mg per portion"] + 0.5 * (table[column] + 0.05)
        assert ((reached - value).abs() <= slack).all(), column


def test_water_range_and_contribution():
    records = DATA.figures[DATA.figures["topic"] == "water_content"]
    low, high = foods.water_range(DATA)
    assert (low, high) == (records["low"].min(), records["high"].max())
    table = mgtables.table("water-contribution").data
    volumes = table["Water per day (L)"]
    assert list(volumes) == DATA.parameter("water_volumes")
    assert list(table[text(foods.WATER_HIGH)]) == pytest.approx(list(volumes * high))
    assert list(table[text(foods.WATER_LOW)]) == pytest.approx(list(volumes * low))


def test_glue_values_cover_every_flagged_case():
    values = foods.glue_values(DATA)
    for rec in ROWS[ROWS["verdict"] == foods.FLAGGED].itertuples():
        assert f"{rec.figure}-{rec.food}-dev" in values
        assert (f"{rec.figure}-{rec.food}-fit-dev" in values) == (foods.PLAIN_ERROR not in rec.cause)


# ---------------------------------------------------------------- in Dutch


@pytest.mark.parametrize("table_id", FOOD_TABLES)
def test_a_dutch_food_table_names_the_food_in_dutch_with_the_english_beside(table_id):
    table = mgtables.table(table_id, lang="nl").data
    english = dict(zip(DATA.foods["nl"], DATA.foods["en"], strict=True))
    assert list(table["Engelse naam"]) == [english[nl] for nl in table["Voedingsmiddel"]]


@pytest.mark.parametrize("table_id", (*FOOD_TABLES, "water-contribution"))
def test_a_dutch_food_table_has_dutch_headers_and_caption_and_the_same_numbers(table_id):
    en, nl = mgtables.table(table_id).data, mgtables.table(table_id, lang="nl").data
    assert mgtables.table(table_id, lang="nl").caption != mgtables.table(table_id).caption
    assert len(nl.columns) == len(en.columns)
    assert not set(nl.columns) & {"Food", "Dutch name", "Verdict", "Typical portion", "Portion (g)"}
    numeric = [i for i, dtype in enumerate(en.dtypes) if dtype.kind == "f"]
    assert nl.iloc[:, numeric].equals(en.iloc[:, numeric].set_axis(nl.columns[numeric], axis=1))


def test_dutch_verdicts_causes_and_ranges_are_in_dutch():
    flags = mgtables.table("food-figure-flags", lang="nl").data
    causes = set(flags["Meest waarschijnlijke oorzaak"])
    assert "gewoon fout: geen enkele geteste lezing past" in causes
    assert not causes & set(mgtables.table("food-figure-flags").data["Most likely cause"])
    ranges = mgtables.table("food-figures", lang="nl").data["mg per 100 g (bron)"]
    assert any("," in r for r in ranges) and not any("." in r for r in ranges)


def test_a_dutch_portion_is_named_by_its_dutch_word():
    typical = foods.typical_portions(DATA)
    recorded = [p for p in typical["portion"] if p.term is not None]
    assert recorded and all(foods.portion_label(p, "nl").startswith(p.term) for p in recorded)
    # where the data gloss the word with the US measure it stands for, the Dutch table shows that gloss
    glossed = [p for p in recorded if "nl" in dict(p.glosses)]
    assert glossed and all(foods.portion_label(p, "nl") == dict(p.glosses)["nl"] for p in glossed)
    assert {foods.portion_label(p, "nl") for p in glossed if p.term == "handvol"} == {"handvol (1 oz, 28,35 g)"}


def test_the_dutch_ranking_figure_names_the_foods_in_dutch():
    fig = foods.ranking_figure(DATA, lang="nl")
    dutch = set(DATA.foods["nl"])
    for ax in fig.get_axes():
        assert {t.get_text() for t in ax.get_yticklabels()} <= dutch
    assert "samenstellingstabel (USDA SR28)" in {t.get_text() for t in fig.legends[0].get_texts()}


def test_dutch_glue_names_the_foods_in_dutch():
    en, nl = foods.glue_values(DATA), foods.glue_values(DATA, "nl")
    # inside a sentence, in lower case as Dutch writes a common noun (tests/test_dutch_reading.py)
    assert nl["best_portion_food"] in {name.lower() for name in DATA.foods["nl"]}
    assert {k for k, v in en.items() if not isinstance(v, str)} == {k for k, v in nl.items() if not isinstance(v, str)}
    assert all(nl[k] == v for k, v in en.items() if not isinstance(v, str))


# ---- what a label may say ------------------------------------------------------------------------------

LABELLING = DATA.labelling_values.set_index("id")


def _needed(entry: str) -> float:
    return LABELLING.loc[entry, "percent_nrv"] / 100 * LABELLING.loc[foods.NRV, "value"]


def test_each_food_is_judged_on_its_primary_row_against_the_cited_nrv():
    rows = foods.nutrition_claims(DATA).set_index("food")
    comp = DATA.compositions[DATA.compositions["primary"]].set_index("food")
    density = DATA.foods.set_index("id")["density_g_per_ml"]
    assert sorted(rows.index) == sorted(DATA.foods["id"])
    for food, row in rows.iterrows():
        beverage = food in foods.BEVERAGES
        factor = (density[food] if not math.isnan(density[food]) else foods.ASSUMED_DENSITY) if beverage else 1.0
        amount = comp.loc[food, "mg_per_100g"] * factor
        assert row["amount"] == pytest.approx(amount)
        conditions = foods.CLAIM_CONDITIONS[beverage]
        assert row[foods.SOURCE_OF] == (amount >= _needed(conditions[foods.SOURCE_OF]))
        assert row[foods.HIGH_IN] == (amount >= _needed(conditions[foods.HIGH_IN]))
        assert row[foods.SOURCE_OF] or not row[foods.HIGH_IN]  # high in is at least a source


def test_the_claim_conditions_hold_at_their_threshold_and_not_below():
    for beverage in (False, True):
        shares = foods.claim_shares(DATA, beverage)
        at = foods.claims_allowed(DATA, shares[foods.SOURCE_OF], beverage)
        below = foods.claims_allowed(DATA, shares[foods.SOURCE_OF] - 0.01, beverage)
        assert at == {foods.SOURCE_OF: True, foods.HIGH_IN: False}
        assert below == {foods.SOURCE_OF: False, foods.HIGH_IN: False}
        assert foods.claims_allowed(DATA, shares[foods.HIGH_IN], beverage)[foods.HIGH_IN]
    assert foods.claim_shares(DATA, True)[foods.SOURCE_OF] < foods.claim_shares(DATA, False)[foods.SOURCE_OF]


def test_milk_is_judged_per_100_ml_with_its_recorded_density():
    row = foods.nutrition_claims(DATA).set_index("food").loc["milk"]
    milk = DATA.foods.set_index("id").loc["milk"]
    assert row["beverage"] and row["density_recorded"]
    assert row["amount"] == pytest.approx(row["mg_per_100g"] * milk["density_g_per_ml"])


def test_water_figures_are_judged_as_a_drink_per_100_ml():
    rows = foods.water_claims(DATA)
    assert list(rows["id"]) == list(foods.water_figures(DATA)["id"])
    needed = _needed("eu-source-of-beverage") * foods.ML_PER_LITRE / foods.PER_100ML
    assert list(rows[f"{foods.SOURCE_OF}_needs"]) == pytest.approx([needed] * len(rows))
    assert list(rows[foods.SOURCE_OF]) == list(rows["high"] >= needed)


def test_an_unverified_nrv_is_marked_and_a_verified_one_is_not():
    from mgtables.formatting import UNVERIFIED_MARK

    caption = mgtables.table("food-nutrition-claims").caption
    assert not foods.labelling_verified(DATA)
    assert f"mg{UNVERIFIED_MARK}" in caption
    checked = replace(DATA, labelling_values=DATA.labelling_values.assign(verified=True))
    assert foods._claim_caption(checked, "en")["mark"] == ""
    assert UNVERIFIED_MARK not in mgtables.table("food-nutrition-claims", checked).caption


@pytest.mark.parametrize("table_id", ["food-nutrition-claims", "water-nutrition-claims"])
def test_dutch_claim_tables_have_the_same_shape(table_id):
    en, nl = mgtables.table(table_id).data, mgtables.table(table_id, lang="nl").data
    assert en.shape == nl.shape
    assert set(nl[text("foods.col.source_of", "nl")]) <= {text("foods.claim.yes", "nl"), text("foods.claim.no", "nl")}


def test_a_dutch_page_quotes_the_composition_tables_description_of_a_food_as_english():
    from mgtables import registry

    data = mgtables.load()
    dutch, english = (registry.get("food-figures", data, lang).to_html() for lang in ("nl", "en"))
    described = set(data.compositions["description"])
    quoted = set(re.findall(r'<span lang="en">([^<]+)</span>', dutch))
    assert quoted and {html.unescape(q) for q in quoted} <= described
    assert '<span lang="en">' not in english  # the English page quotes its own language
