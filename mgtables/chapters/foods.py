"""Chapter 'Where to get it': every food figure of the articles normalised and checked against the
composition table, rankings on four bases, portions needed to reach the intake, and water.

The figures are assessed once, in codes and values (verdict codes, the changes a reading makes, the
portion a weight comes from); the tables, the figure and the glue word them per language through the
catalogue (mgtables/locale/<lang>/foods.po)."""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass, replace

import matplotlib.pyplot as plt
import pandas as pd
from babel.numbers import get_decimal_symbol

from .. import answers, figstyle
from ..dataset import Dataset, derived, in_language, indexed, rows_where
from ..domain.reference import SEXES, authority_names, recommended_intake, recommended_value
from ..formatting import UNVERIFIED_MARK, regulation, span
from ..i18n import SOURCE_LANGUAGE, counted, languages, text
from ..registry import register
from ..schema import HIGH_IN, LABELLING_CONDITIONS, LABELLING_NRV, SOURCE_OF
from ..table import Quoted, Table

PAGE = "book/foods"  # the page that shows this module's tables; they are numbered by position

# The tolerance, the typical portion words, the ranking person, the authorities of the portions table
# and the water volumes are editorial parameters (data/parameters.yaml).
PER_100G = 100  # composition tables give magnesium per 100 g edible portion
# The basis of the energy density: it names the columns, glue values and bases below (mg per 100 kcal).
PER_100KCAL = 100
# Portion words that translated texts are known to carry over from US units: the Dutch 'ons' is
# 100 g, but a text translated from US material may print 'ons' for the ounce (28.35 g).
TRANSLATION_PITFALLS = {"ons": "ounce"}
BASES = {  # basis code -> its name
    "per_100g": "foods.basis.per_100g",
    "per_portion": "foods.basis.per_portion",
    "per_100kcal": "foods.basis.per_100kcal",
    "intake_share": "foods.basis.intake_share",
}
# The language the articles are written in and the language of the composition table: every food table
# names a food in the reader's language and beside it in the articles' language (in the composition
# table's language for a reader of the articles' language).
ARTICLE_LANGUAGE, COMPOSITION_LANGUAGE = "nl", "en"
NAME_COLUMNS = {"nl": "foods.col.name_nl", "en": "foods.col.name_en"}

# Verdict codes of a figure, and of two sources compared.
AGREES, FLAGGED, NO_PORTION = "agrees", "flagged", "no_portion"
VERDICTS = {AGREES: "foods.verdict.agrees", FLAGGED: "foods.verdict.flagged",
            NO_PORTION: "foods.verdict.no_portion"}
SOURCES_VERDICTS = {True: "foods.verdict.agree", False: "foods.verdict.disagree"}

# What a reading changes against the stated one (codes of Change), with the cause each names in short
# and in full; a plain error is the cause when no reading fits.
PER_100G_BASIS, UNIT_LOST, OTHER_PORTION = "per_100g", "unit_lost", "other_portion"
OTHER_STATE, OTHER_VARIETY, PLAIN = "other_state", "other_variety", "plain_error"
CAUSES = {PER_100G_BASIS: "foods.cause.per_100g", UNIT_LOST: "foods.cause.unit_lost",
          OTHER_PORTION: "foods.cause.other_portion", OTHER_STATE: "foods.cause.other_state",
          OTHER_VARIETY: "foods.cause.other_variety", PLAIN: "foods.cause.plain_error"}
CHANGES = {PER_100G_BASIS: "foods.cause.per_100g", UNIT_LOST: "foods.change.unit_lost",
           OTHER_PORTION: "foods.change.other_portion", OTHER_STATE: "foods.change.other_state",
           OTHER_VARIETY: "foods.change.other_variety"}

# Where a portion weight comes from (codes of Portion.origin), worded in the tables.
STATED, STATED_ML, BASIS, RECORDED, UNVERIFIED = "stated", "stated_ml", "basis", "recorded", "unverified"


def _plain(value: float, lang: str) -> str:
    """A number as Python's general format writes it (up to six significant figures, no grouping),
    with the language's decimal sign."""
    return f"{value:g}".replace(".", get_decimal_symbol(lang))


@dataclass(frozen=True)
class Portion:
    """A portion weight and how it is known: the source's own words (`words`, e.g. '150 g'), or a portion
    word of data/foods.yaml (`term`, with its glosses per language, `glosses`)."""

    words: str
    grams: float
    origin: str  # STATED, STATED_ML, BASIS, RECORDED or UNVERIFIED
    # The data's text behind the weight (the portion record's or the density's reference), per language: (lang, text)
    reference: tuple[tuple[str, str], ...] = ()
    term: str | None = None  # the portion word of data/foods.yaml, if it came from there
    glosses: tuple[tuple[str, str], ...] = ()  # (language, gloss) of the portion word
    density: float = math.nan  # g/ml, for a volume the source states
    figure: tuple[str, str] | None = None  # (source, figure id) when a typical portion is an article's figure
    why: tuple[tuple[str, str], ...] = ()  # why an unverified weight is not verified, where the data say, per language


def portion_label(portion: Portion, lang: str = SOURCE_LANGUAGE) -> str:
    """A portion as the tables name it: the source's words; or the portion word with its gloss in the
    language, where data/foods.yaml records one (the word alone where it records none: the words are Dutch)."""
    if portion.term is None:
        return portion.words
    gloss = dict(portion.glosses).get(lang)
    if gloss is None:
        return portion.term
    return gloss if gloss.startswith(portion.term) else text("foods.portion.glossed", lang, term=portion.term,
                                                             gloss=gloss)


def portion_reference(portion: Portion, lang: str = SOURCE_LANGUAGE) -> str:
    """Where a portion's weight comes from, in words."""
    reference = dict(portion.reference).get(lang, "")
    if portion.origin == STATED:
        where = text("foods.portion.stated", lang)
    elif portion.origin == STATED_ML:
        where = text("foods.portion.stated_density", lang, density=_plain(portion.density, lang), reference=reference)
    elif portion.origin == BASIS:
        where = text("foods.portion.basis", lang)
    elif portion.origin == UNVERIFIED and portion.why:
        where = text("foods.portion.unverified_why", lang, reference=reference, why=dict(portion.why)[lang])
    elif portion.origin == UNVERIFIED:
        where = text("foods.portion.unverified", lang, reference=reference)
    else:
        where = reference
    if portion.figure is None:
        return where
    source, figure = portion.figure
    return text("foods.portion.from_figure", lang, source=source, figure=figure, reference=where)


@dataclass(frozen=True)
class Change:
    """One thing a reading changes against the stated one: a code of CAUSES and what it changes to."""

    code: str
    portion: Portion | None = None  # the portion read instead
    stated: Portion | None = None  # the portion the source names
    states: tuple[str, str] = ("", "")  # the state of the reference row and of the row read instead
    description: str = ""  # the composition row read instead (data/foods.yaml)


PLAIN_ERROR = Change(PLAIN)  # the cause when no tested reading fits


@dataclass(frozen=True)
class Reading:
    """One way to read a figure: a portion weight and a composition row, and what was changed."""

    portion: Portion
    row: pd.Series
    changes: tuple[Change, ...] = ()


def _change_values(data: Dataset, change: Change, lang: str) -> dict[str, str]:
    reference, other = (data.label("state", s, lang) if s else "" for s in change.states)
    return {"portion": portion_label(change.portion, lang) if change.portion else "",
            "stated": portion_label(change.stated, lang) if change.stated else "",
            "reference": reference, "other": other, "description": change.description}


def _both(parts, lang: str) -> str:
    """Parts joined with 'and'."""
    return functools.reduce(lambda first, second: text("foods.both", lang, first=first, second=second), parts)


def cause_text(data: Dataset, cause: tuple[Change, ...], lang: str = SOURCE_LANGUAGE) -> str:
    """The most likely cause of a figure in short ('dry versus cooked'); '' when there is none."""
    if not cause:
        return ""
    return _both([text(CAUSES[c.code], lang, **_change_values(data, c, lang)) for c in cause], lang)


def reading_text(data: Dataset, reading: Reading, lang: str = SOURCE_LANGUAGE) -> str:
    """A reading in full: what it changes, its portion weight and its composition row's magnesium."""
    changes = _both([text(CHANGES[c.code], lang, **_change_values(data, c, lang)) for c in reading.changes], lang)
    return quoting_rows(text("foods.reading", lang, changes=changes, grams=_plain(reading.portion.grams, lang),
                             mg=_plain(reading.row["mg_per_100g"], lang)),
                        [c.description for c in reading.changes], lang)


def quoting_rows(cell: str, descriptions, lang: str) -> str:
    """A text that names composition rows by the composition table's own descriptions (in their order in the
    text): on a page in another language than the table's, each marked as a quotation in the table's language."""
    quotes = tuple((d, COMPOSITION_LANGUAGE) for d in descriptions if d)
    return Quoted(cell, quotes) if quotes and lang != COMPOSITION_LANGUAGE else cell


# ---------------------------------------------------------------- the figures, normalised


def deviation_percent(low: float, high: float, reference: float) -> float:
    """How far a source's value or range lies from the reference, in percent of the reference.

    A range that contains the reference agrees with it (0); otherwise its nearest end counts.
    """
    if low <= reference <= high:
        return 0.0
    nearest = high if high < reference else low
    return (nearest - reference) / reference * 100


@derived
def food_figures(data: Dataset) -> pd.DataFrame:
    """One row per food figure and food it names (a figure naming two foods gives two rows)."""
    figures = data.figures[data.figures["topic"] == "food_content"]
    return figures.explode("foods").rename(columns={"foods": "food"}).reset_index(drop=True)


def composition_rows(data: Dataset, food: str) -> pd.DataFrame:
    return rows_where(data, "compositions", "food", food)


def reference_row(data: Dataset, food: str, state: str | None = None) -> pd.Series:
    """The composition row to compare with: the one in the stated state if there is one, else the primary."""
    rows = composition_rows(data, food)
    if isinstance(state, str):
        matching = rows[rows["state"] == state]
        if not matching.empty:
            return matching.iloc[0]
    return rows[rows["primary"]].iloc[0]


def food_portions(data: Dataset, food: str) -> list[Portion]:
    return [_portion(p) for p in rows_where(data, "portions", "food", food).itertuples()]


def _portion(p) -> Portion:
    glosses = tuple((lang, getattr(p, lang)) for lang in languages() if isinstance(getattr(p, lang, None), str))
    return Portion("", p.grams, RECORDED if p.verified else UNVERIFIED, in_languages(p, "reference"), p.term, glosses)


def in_languages(record, name: str) -> tuple[tuple[str, str], ...]:
    """A shown text of a record in every language, (lang, text); none where the record has none (the validator
    requires every language's text wherever the English one is given)."""
    return tuple((lang, getattr(record, in_language(name, lang))) for lang in languages()
                 if isinstance(getattr(record, in_language(name, lang)), str))


def stated_portion(data: Dataset, fig) -> Portion | None:
    """The portion weight a figure refers to: its own grams or ml, else its portion word in data/foods.yaml."""
    if fig.portion_unit == "g":
        return Portion(fig.portion, fig.portion_amount, STATED)
    if fig.portion_unit == "ml":
        food = indexed(data, "foods").loc[fig.food]
        return Portion(fig.portion, fig.portion_amount * food.density_g_per_ml, STATED_ML,
                       in_languages(food, "density_reference"), density=food.density_g_per_ml)
    words = set(re.findall(r"\w+", str(fig.portion).lower()))
    return next((p for p in food_portions(data, fig.food) if p.term in words), None)


def readings(data: Dataset, fig, stated: Portion) -> list[Reading]:
    """The stated reading first, then every alternative: another portion or unit (only where the
    source names a portion word, not grams), and every other composition row of the food."""
    portions = [(stated, ())]
    if stated.term is not None:
        if stated.grams != PER_100G:
            portions.append((Portion("100 g", PER_100G, BASIS), (Change(PER_100G_BASIS),)))
        for other in food_portions(data, fig.food):
            if other.term != stated.term and other.grams != stated.grams:
                pitfall = TRANSLATION_PITFALLS.get(stated.term) == other.term
                portions.append((other, (Change(UNIT_LOST if pitfall else OTHER_PORTION, other, stated),)))
    ref = reference_row(data, fig.food, fig.state)
    rows = [(ref, ())]
    for index, row in composition_rows(data, fig.food).iterrows():
        if index != ref.name:
            change = (Change(OTHER_STATE, states=(ref["state"], row["state"]), description=row["description"])
                      if row["state"] != ref["state"] else Change(OTHER_VARIETY, description=row["description"]))
            rows.append((row, (change,)))
    return [Reading(p, r, pc + rc) for (p, pc), (r, rc) in itertools.product(portions, rows)]


def _state(data: Dataset, state: str, lang: str = SOURCE_LANGUAGE) -> str:
    return data.label("state", state, lang)


def _per_100g(fig, reading: Reading) -> tuple[float, float]:
    grams = reading.portion.grams
    return fig.low / grams * PER_100G, fig.high / grams * PER_100G


def _deviation(fig, reading: Reading) -> float:
    low, high = _per_100g(fig, reading)
    return deviation_percent(low, high, reading.row["mg_per_100g"])


def _tolerance(data: Dataset) -> float:
    """How far (percent) a figure may lie from the composition table and still agree (data/parameters.yaml)."""
    return data.parameter("food_figure_tolerance")


def _fits(deviation: float, tolerance: float) -> bool:
    return abs(deviation) <= tolerance


def assess(data: Dataset, fig) -> dict:
    """Normalise one figure-food row and, if it is off by more than the tolerance (data/parameters.yaml),
    find the most likely cause: the alternative reading within tolerance that changes least, then
    deviates least. The verdict is a code of VERDICTS, the cause the changes (Change) of that reading
    (PLAIN_ERROR when none fits), the fit that Reading and also_fits the other readings within tolerance."""
    tolerance = _tolerance(data)
    stated = stated_portion(data, fig)
    ref = reference_row(data, fig.food, fig.state)
    out = {"figure": fig.id, "source": fig.source, "food": fig.food, "as_written": fig.as_written,
           "portion": fig.portion, "low": fig.low, "high": fig.high, "ref_description": ref["description"],
           "ref_state": ref["state"], "ref_mg": ref["mg_per_100g"], "grams": math.nan, "stated": stated,
           "src_low": math.nan, "src_high": math.nan, "deviation": math.nan, "verdict": NO_PORTION,
           "cause": (), "fit": None, "fit_deviation": math.nan, "fit_low": math.nan, "fit_high": math.nan,
           "fit_ref_mg": math.nan, "fit_grams": math.nan, "also_fits": (), "about_mg": math.nan,
           "about_kcal": math.nan}
    if stated is None:
        return out
    first, *alternatives = readings(data, fig, stated)
    low, high = _per_100g(fig, first)
    about = row_of_portion(data, fig.food, stated, ref)
    out.update(grams=stated.grams, src_low=low, src_high=high, deviation=_deviation(fig, first),
               about_mg=about["mg_per_100g"], about_kcal=about["kcal_per_100g"])
    if _fits(out["deviation"], tolerance):
        return {**out, "verdict": AGREES}
    fitting = sorted((r for r in alternatives if _fits(_deviation(fig, r), tolerance)),
                     key=lambda r: (len(r.changes), abs(_deviation(fig, r))))
    if not fitting:
        return {**out, "verdict": FLAGGED, "cause": (PLAIN_ERROR,)}
    best = fitting[0]
    fit_low, fit_high = _per_100g(fig, best)
    return {**out, "verdict": FLAGGED, "cause": best.changes, "fit": best,
            "fit_deviation": _deviation(fig, best), "fit_low": fit_low, "fit_high": fit_high,
            "fit_ref_mg": best.row["mg_per_100g"], "fit_grams": best.portion.grams,
            "also_fits": tuple(fitting[1:])}


@derived
def normalised(data: Dataset) -> pd.DataFrame:
    """Every food figure of the articles, per food, in mg/100 g and against the composition table."""
    return pd.DataFrame([assess(data, fig) for fig in food_figures(data).itertuples()])


def _whole(values: pd.Series) -> pd.Series:
    return values.round(0) + 0.0  # adding zero turns -0.0 into 0.0


def _names(data: Dataset, foods, lang: str = SOURCE_LANGUAGE) -> list[str]:
    """The foods' names in a language (data/foods.yaml names each food in English and Dutch)."""
    index = indexed(data, "foods")
    return [index.loc[f, in_language("en", lang)] for f in foods]


def _prose_names(data: Dataset, foods, lang: str = SOURCE_LANGUAGE) -> list[str]:
    """The foods' names as a sentence of `lang` writes them inside it: lower case in a language whose food
    names are common nouns (answers.LOWER_CASE_FOODS; "zijn het pompoenpitten"), as listed otherwise."""
    names = _names(data, foods, lang)
    return [n[:1].lower() + n[1:] for n in names] if lang in answers.LOWER_CASE_FOODS else names


def _name_columns(data: Dataset, foods, lang: str) -> dict[str, list[str]]:
    """The food in the reader's language and, beside it, in the articles' language (or the composition
    table's, for a reader of the articles' language)."""
    beside = ARTICLE_LANGUAGE if lang != ARTICLE_LANGUAGE else COMPOSITION_LANGUAGE
    return {text("foods.col.food", lang): _names(data, foods, lang),
            text(NAME_COLUMNS[beside], lang): _names(data, foods, beside)}


def _spans(lows, highs, lang: str) -> list[str]:
    return [span(lo, hi, lang) for lo, hi in zip(lows, highs, strict=True)]


@register("food-figures", position=1)
def food_figures_table(data: Dataset, lang: str) -> Table:
    rows = normalised(data)
    frame = pd.DataFrame({
        text("foods.col.figure", lang): rows["figure"],
        text("foods.col.as_written", lang): rows["as_written"],
        **_name_columns(data, rows["food"], lang),
        text("foods.col.portion_as_written", lang): rows["portion"],
        text("foods.col.portion_g", lang): rows["grams"].round(2),
        text("foods.col.portion_from", lang): [portion_reference(p, lang) if isinstance(p, Portion) else ""
                                                  for p in rows["stated"]],
        text("foods.col.mg_per_portion", lang): _spans(rows["low"], rows["high"], lang),
        text("foods.col.source_mg_per_100g", lang): _spans(rows["src_low"], rows["src_high"], lang),
        text("foods.col.reference_row", lang): [
            quoting_rows(text("foods.reference_row", lang, description=d, state=_state(data, s, lang)), [d], lang)
            for d, s in zip(rows["ref_description"], rows["ref_state"], strict=True)],
        text("foods.col.reference_mg_per_100g", lang): rows["ref_mg"],
        text("foods.col.deviation", lang): _whole(rows["deviation"]),
        text("foods.col.verdict", lang): [text(VERDICTS[v], lang) for v in rows["verdict"]],
        text("foods.col.cause", lang): [cause_text(data, c, lang) for c in rows["cause"]],
    })
    return Table("food-figures", text("foods.caption.food_figures", lang, tolerance=_plain(_tolerance(data), lang)),
                 frame, tuple(dict.fromkeys(rows["source"])),
                 detail_columns=(text("foods.col.figure", lang),))


@register("food-figure-flags", position=2)
def flags_table(data: Dataset, lang: str) -> Table:
    rows = normalised(data)
    rows = rows[rows["verdict"] == FLAGGED]
    frame = pd.DataFrame({
        text("foods.col.figure", lang): rows["figure"],
        **_name_columns(data, rows["food"], lang),
        text("foods.col.as_read", lang): _spans(rows["src_low"], rows["src_high"], lang),
        text("foods.col.reference_mg_per_100g", lang): rows["ref_mg"],
        text("foods.col.deviation", lang): _whole(rows["deviation"]),
        text("foods.col.cause", lang): [cause_text(data, c, lang) for c in rows["cause"]],
        text("foods.col.fit", lang): [reading_text(data, r, lang) if isinstance(r, Reading) else ""
                                      for r in rows["fit"]],
        text("foods.col.fit_deviation", lang): _whole(rows["fit_deviation"]),
        text("foods.col.also_fits", lang): [Quoted.joined("; ", (reading_text(data, r, lang) for r in others))
                                            for others in rows["also_fits"]],
    })
    return Table("food-figure-flags",
                 text("foods.caption.food_figure_flags", lang, tolerance=_plain(_tolerance(data), lang)),
                 frame, tuple(dict.fromkeys(rows["source"])),
                 detail_columns=(text("foods.col.figure", lang),))


def between_sources(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """Foods that more than one source gives a figure for: the widest gap between two sources' mg/100 g,
    with each figure's value and the causes of the flagged ones in words."""
    rows = normalised(data).dropna(subset=["src_low"])
    tolerance = _tolerance(data)
    out = []
    for food, mine in rows.groupby("food", sort=False):
        if mine["source"].nunique() < 2:
            continue
        gaps = [_gap(a, b) for a, b in itertools.combinations(mine.itertuples(), 2) if a.source != b.source]
        flagged = mine[mine["verdict"] == FLAGGED]
        out.append({"food": food, "figures": "; ".join(f"{r.figure}: {span(r.src_low, r.src_high, lang)}"
                                                        for r in mine.itertuples()),
                    "gap": max(gaps), "agree": max(gaps) <= tolerance,
                    "causes": "; ".join(f"{r.figure}: {cause_text(data, r.cause, lang)}"
                                        for r in flagged.itertuples())})
    return pd.DataFrame(out, columns=["food", "figures", "gap", "agree", "causes"])


def _gap(a, b) -> float:
    """Distance between two ranges in percent of the lower one; 0 when they overlap."""
    lower, upper = sorted((a, b), key=lambda r: r.src_low)
    return max(0.0, (upper.src_low - lower.src_high) / lower.src_high * 100)


@register("food-sources-compared", position=3)
def between_sources_table(data: Dataset, lang: str) -> Table:
    rows = between_sources(data, lang)
    frame = pd.DataFrame({
        **_name_columns(data, rows["food"], lang),
        text("foods.col.by_figure", lang): rows["figures"],
        text("foods.col.gap", lang): _whole(rows["gap"]),
        text("foods.col.verdict", lang): [text(SOURCES_VERDICTS[bool(a)], lang) for a in rows["agree"]],
        text("foods.col.causes", lang): rows["causes"],
    })
    return Table("food-sources-compared",
                 text("foods.caption.food_sources_compared", lang, tolerance=_plain(_tolerance(data), lang)),
                 frame, tuple(dict.fromkeys(normalised(data)["source"])))


# ---------------------------------------------------------------- rankings


def row_of_portion(data: Dataset, food: str, portion: Portion, fallback: pd.Series) -> pd.Series:
    """The composition row a portion weight was measured on (its reference names the SR28 NDB number),
    so that a cooked weight meets the cooked composition; `fallback` when it names none."""
    rows = composition_rows(data, food)
    english = dict(portion.reference).get(SOURCE_LANGUAGE, "")
    ndb = re.search(r"NDB (\d+)", english) if portion.term is not None else None
    match = rows[rows["ndb_no"] == ndb.group(1)] if ndb else rows.iloc[0:0]
    return match.iloc[0] if not match.empty else fallback


@derived
def typical_portions(data: Dataset) -> pd.DataFrame:
    """The typical portion (a Portion) of each food that has one, with the composition row its weight belongs to.

    A verified portion word of data/foods.yaml (in the order of typical_portion_words, data/parameters.yaml)
    comes first; else the grams or ml an article states for the food (a figure per 100 g names no portion).
    """
    figures = food_figures(data)
    stated = figures[figures["portion_unit"].isin(["g", "ml"]) & (figures["portion_amount"] != PER_100G)]
    by_food = {food: list(rows.itertuples()) for food, rows in stated.groupby("food", sort=False)}
    out = []
    for food in data.foods["id"]:
        portion, row = _typical(data, food, by_food.get(food, []))
        if portion is not None:
            out.append({"food": food, "portion": portion, "grams": portion.grams, "state": row["state"],
                        "mg_per_100g": row["mg_per_100g"], "mg": row["mg_per_100g"] * portion.grams / PER_100G})
    return pd.DataFrame(out, columns=["food", "portion", "grams", "state", "mg_per_100g", "mg"])


@derived
def dutch_portions(data: Dataset) -> pd.DataFrame:
    """The Dutch/Belgian household portion (a Portion) of each food that has one: the first of its portions_nl
    in data/foods.yaml, with the composition row its weight is of (the first in its state, else the primary row)."""
    out = []
    for p in data.portions_nl.drop_duplicates("food").itertuples():
        portion = Portion("", p.grams, RECORDED if p.verified else UNVERIFIED, in_languages(p, "reference"), p.term,
                          (("en", p.en),), why=in_languages(p, "why_unverified"))
        row = reference_row(data, p.food, p.state)
        out.append({"food": p.food, "portion": portion, "grams": p.grams, "state": row["state"],
                    "mg_per_100g": row["mg_per_100g"], "mg": row["mg_per_100g"] * p.grams / PER_100G})
    return pd.DataFrame(out, columns=["food", "portion", "grams", "state", "mg_per_100g", "mg"])


@derived
def ranking_portions(data: Dataset) -> pd.DataFrame:
    """The portion each food is ranked and counted by: its Dutch/Belgian household portion where it has one and
    dutch_portions_first (data/parameters.yaml) says so, else its typical portion; in data order."""
    typical = typical_portions(data)
    if not data.parameter("dutch_portions_first"):
        return typical
    dutch = dutch_portions(data)
    chosen = pd.concat([dutch, typical[~typical["food"].isin(dutch["food"])]])
    order = {f: i for i, f in enumerate(data.foods["id"])}
    return chosen.sort_values("food", key=lambda foods: foods.map(order)).reset_index(drop=True)


def _typical(data: Dataset, food: str, stated: list) -> tuple[Portion | None, pd.Series | None]:
    """The typical portion of `food` and its composition row; `stated` holds the food's figures that state
    grams or ml of a portion (not 100 g), in data order."""
    mine = rows_where(data, "portions", "food", food)
    verified = mine[mine["verified"]]
    for term in data.parameter("typical_portion_words"):
        match = verified[verified["term"] == term]
        if not match.empty:
            portion = _portion(next(match.itertuples()))
            return portion, row_of_portion(data, food, portion, reference_row(data, food))
    for fig in stated:
        portion = stated_portion(data, fig)
        return replace(portion, figure=(fig.source, fig.id)), reference_row(data, food, fig.state)
    return None, None


def _portion_texts(portions: pd.Series, lang: str) -> tuple[list[str], list[str]]:
    """The typical portions' names and where their weights come from ('' for a food without one)."""
    found = [p if isinstance(p, Portion) else None for p in portions]
    return ([portion_label(p, lang) if p else "" for p in found],
            [portion_reference(p, lang) if p else "" for p in found])


def on_basis(basis: str, mg_per_100g, row_mg, row_kcal, portion_g, portion_mg, intake: float):
    """Magnesium given as mg per 100 g of a composition row (with that row's mg and kcal per 100 g),
    expressed on `basis`. A portion's magnesium is scaled from the row its weight belongs to
    (`portion_mg` per portion), so a figure for the raw food still lands on a cooked portion."""
    if basis == "per_100g":
        return mg_per_100g
    if basis == "per_100kcal":
        return mg_per_100g / row_kcal * PER_100KCAL
    per_portion = portion_mg * mg_per_100g / row_mg
    return per_portion if basis == "per_portion" else per_portion / intake * 100


def _check(basis: str) -> None:
    if basis not in BASES:
        raise ValueError(text("foods.error.unknown_basis", basis=basis, bases=", ".join(BASES)))


def _portion_columns(data: Dataset, foods) -> tuple[pd.Series, pd.Series]:
    portions = ranking_portions(data).set_index("food").reindex(foods)
    return portions["grams"], portions["mg"]


def person_intake(data: Dataset, sex: str | None = None, age: float | None = None,
                  authority: str | None = None) -> float:
    """The recommended intake (mg/day) the shares are taken of: the ranking person's (data/parameters.yaml),
    or that of the sex, age or authority given instead of the person's."""
    person = data.parameter("ranking_person")
    return recommended_value(data, authority or person["authority"], person["age"] if age is None else age,
                             sex or person["sex"])


def ranking(data: Dataset, basis: str, foods=None, sex: str | None = None, age: float | None = None,
            authority: str | None = None) -> pd.DataFrame:
    """Foods ranked, highest first, on one basis of BASES; foods with no value on that basis are left out.

    Per 100 g and per 100 kcal use the primary composition row; per portion and the intake share use
    the ranking portion (ranking_portions: the Dutch/Belgian one first) and the row its weight belongs to.
    The share is of the recommended intake of `authority` for the person given by `sex` and `age` (by default
    the ranking person's, see person_intake).
    """
    _check(basis)
    foods = list(foods) if foods is not None else list(data.foods["id"])
    comp = data.compositions[data.compositions["primary"]].set_index("food").reindex(foods)
    grams, mg = _portion_columns(data, foods)
    intake = person_intake(data, sex, age, authority) if basis == "intake_share" else math.nan
    values = on_basis(basis, comp["mg_per_100g"], comp["mg_per_100g"], comp["kcal_per_100g"], grams, mg, intake)
    values = values.dropna().sort_values(ascending=False, kind="stable")
    return pd.DataFrame({"food": values.index, "en": _names(data, values.index, "en"),
                         "nl": _names(data, values.index, "nl"), "value": values.to_numpy()})


def source_points(data: Dataset, basis: str, sex: str | None = None, age: float | None = None,
                  authority: str | None = None) -> pd.DataFrame:
    """Each article's figure on one basis: per 100 g it is the figure's own mg per 100 g; on the other
    bases it is converted with the composition row its portion weight belongs to."""
    _check(basis)
    rows = normalised(data).dropna(subset=["src_low"]).reset_index(drop=True)
    grams, mg = _portion_columns(data, rows["food"])
    intake = person_intake(data, sex, age, authority) if basis == "intake_share" else math.nan
    convert = {end: on_basis(basis, rows[f"src_{end}"], rows["about_mg"], rows["about_kcal"],
                             grams.to_numpy(), mg.to_numpy(), intake) for end in ("low", "high")}
    return pd.DataFrame({"food": rows["food"], "figure": rows["figure"], "flagged": rows["verdict"] == FLAGGED,
                         "low": convert["low"], "high": convert["high"]}).dropna(subset=["low"])


def figure_foods(data: Dataset) -> list[str]:
    """The foods the articles give a figure for, in data order."""
    named = set(food_figures(data)["food"])
    return [f for f in data.foods["id"] if f in named]


def _basis_title(data: Dataset, basis: str, lang: str) -> str:
    if basis != "intake_share":
        return text(BASES[basis], lang)
    person = data.parameter("ranking_person")
    return text("foods.figure.intake_share_title", lang, sex=data.label("sex", person["sex"], lang),
                age=_plain(person["age"], lang), authority=authority_names(data)[person["authority"]])


def ranking_figure(data: Dataset, foods=None, lang: str = SOURCE_LANGUAGE):
    """One panel per basis, one above the other: foods as ranked bars, each article's figure as a point
    (a line for a range): black dots where it agrees, vermillion crosses where it was flagged."""
    foods = figure_foods(data) if foods is None else foods
    rows = len(foods)
    panel = figstyle.height(rows, 0.27)
    fig, axes = plt.subplots(len(BASES), 1, figsize=(figstyle.WIDTH, len(BASES) * panel + 0.8))
    for ax, basis in zip(axes.flat, BASES, strict=True):
        ranked = ranking(data, basis, foods).iloc[::-1].reset_index(drop=True)
        position = {f: i for i, f in enumerate(ranked["food"])}
        ax.barh(range(len(ranked)), ranked["value"], color=figstyle.BAR,
                label=text("foods.figure.composition", lang))
        points = source_points(data, basis)
        for flagged, colour, marker in ((False, figstyle.BLACK, "o"), (True, figstyle.VERMILLION, "X")):
            mine = points[(points["flagged"] == flagged) & points["food"].isin(position)]
            ys = mine["food"].map(position)
            ax.hlines(ys, mine["low"], mine["high"], color=colour, lw=1.5)
            label = text("foods.figure.article_flagged" if flagged else "foods.figure.article_agrees", lang)
            ax.scatter(pd.concat([mine["low"], mine["high"]]), pd.concat([ys, ys]), color=colour, marker=marker,
                       s=34, zorder=3, label=label, edgecolors="white", linewidths=0.6)
        ax.set_yticks(range(len(ranked)), [figstyle.wrap(n, 22) for n in _names(data, ranked["food"], lang)],
                      linespacing=0.95)
        ax.set_ylim(-0.6, len(ranked) - 0.4)
        ax.set_title(figstyle.wrap(_basis_title(data, basis, lang), 36))
        ax.grid(axis="x", alpha=0.3)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=1, frameon=False)
    fig.tight_layout(rect=(0, 0.035, 1, 1))
    return fig


# The ranking's columns behind the toggle (and in the CSV): a reader sees the food, its mg per 100 g, its portion
# in words with the portion's grams, magnesium and reference, the US measure and its magnesium beside it, and the
# share of the intake; at 1280 px more columns than these break the food names in the middle of a word.
RANKING_DETAIL = ("foods.col.group", "foods.col.state", "foods.col.kcal_per_100g", "foods.col.mg_per_100kcal",
                  "foods.col.portion_state", "foods.col.us_g", "foods.col.us_from")
# The portions-to-intake table shows the portion the counts are of; its reference and the US measure stand in the
# ranking table above it and here behind the toggle.
INTAKE_DETAIL = ("foods.col.portion_from", "foods.col.us_portion", "foods.col.us_g", "foods.col.us_mg",
                 "foods.col.us_from")


def _portion_block(data: Dataset, foods, lang: str) -> dict[str, object]:
    """The columns of a food's ranking portion (its Dutch/Belgian portion where chosen) and, beside it, its US
    measure (the typical portion of data/foods.yaml's portions), each in words with grams and magnesium."""
    chosen = ranking_portions(data).set_index("food").reindex(foods)
    us = typical_portions(data).set_index("food").reindex(foods)
    labels, references = _portion_texts(chosen["portion"], lang)
    us_labels, us_references = _portion_texts(us["portion"], lang)
    return {
        text("foods.col.typical_portion", lang): labels,
        text("foods.col.portion_g", lang): chosen["grams"].round(1).to_numpy(),
        text("foods.col.mg_per_portion", lang): chosen["mg"].round(0).to_numpy(),
        text("foods.col.portion_from", lang): references,
        text("foods.col.us_portion", lang): us_labels,
        text("foods.col.us_g", lang): us["grams"].round(1).to_numpy(),
        text("foods.col.us_mg", lang): us["mg"].round(0).to_numpy(),
        text("foods.col.us_from", lang): us_references,
    }


def _portion_choice(data: Dataset, lang: str) -> str:
    """The caption's sentence on which portion the ranking takes (dutch_portions_first, data/parameters.yaml)."""
    return text("foods.caption.dutch_first" if data.parameter("dutch_portions_first") else "foods.caption.us_only",
                lang)


@register("food-ranking", position=4)
def ranking_table(data: Dataset, lang: str) -> Table:
    foods = list(data.foods["id"])
    comp = data.compositions[data.compositions["primary"]].set_index("food").reindex(foods)
    portions = ranking_portions(data).set_index("food").reindex(foods)
    group = data.parameter("ranking_person")
    intake_value = person_intake(data)
    per_100g = text("foods.col.mg_per_100g", lang)
    frame = pd.DataFrame({
        **_name_columns(data, foods, lang),
        text("foods.col.group", lang): [data.label("food_group", g, lang) for g in data.foods["group"]],
        text("foods.col.state", lang): [_state(data, s, lang) for s in comp["state"]],
        per_100g: comp["mg_per_100g"].to_numpy(),
        text("foods.col.kcal_per_100g", lang): comp["kcal_per_100g"].to_numpy(),
        text("foods.col.mg_per_100kcal", lang):
            ranking(data, "per_100kcal").set_index("food")["value"].reindex(foods).round(1).to_numpy(),
        **_portion_block(data, foods, lang),
        text("foods.col.portion_state", lang): [_state(data, s, lang) if isinstance(s, str) else ""
                                                for s in portions["state"]],
        text("foods.col.intake_share", lang): (portions["mg"] / intake_value * 100).round(0).to_numpy(),
    }).sort_values(text("foods.col.mg_per_portion", lang), ascending=False, kind="stable")
    person = text("foods.caption.person", lang, sex=data.label("sex", group["sex"], lang),
                  age=_plain(group["age"], lang))
    return Table("food-ranking",
                 text("foods.caption.food_ranking", lang, person=person,
                      authority=authority_names(data)[group["authority"]], intake=_plain(intake_value, lang),
                      choice=_portion_choice(data, lang)),
                 frame, (),
                 detail_columns=tuple(text(key, lang) for key in RANKING_DETAIL))


# ---------------------------------------------------------------- portions to reach the intake


INTAKE_COLUMNS = {"female": "foods.col.intake_women", "male": "foods.col.intake_men"}


def intake_columns(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
    """Column name -> recommended intake, for women and men at the adult age, under each authority of
    portion_intake_authorities (data/parameters.yaml)."""
    out = {}
    for entry in data.parameter("portion_intake_authorities"):
        for sex in SEXES:
            value = recommended_value(data, entry["authority"], data.parameter("adult_age"), sex)
            out[text(INTAKE_COLUMNS[sex], lang, authority=entry[in_language("label", lang)])] = value
    return out


def intakes_used(data: Dataset, lang: str = SOURCE_LANGUAGE) -> str:
    """The intakes of intake_columns as a caption lists them: 'vrouwen, EFSA 300 mg/dag; ...' (the groups in
    lower case mid-sentence, unlike the column heads)."""
    age = data.parameter("adult_age")
    return "; ".join(
        text("foods.caption.intake_used", lang, group=text(GROUPS[sex], lang),
             authority=entry[in_language("label", lang)],
             value=_plain(recommended_value(data, entry["authority"], age, sex), lang))
        for entry in data.parameter("portion_intake_authorities") for sex in SEXES)


def _kind_name(data: Dataset, authority: str, age: float, sex: str, lang: str = SOURCE_LANGUAGE) -> str:
    """What the authority calls its recommended intake for the person ('adequate intake' ...)."""
    return data.label("kind", recommended_intake(data, authority, age, sex)["Kind"], lang)


@register("food-portions-to-intake", position=5)
def portions_to_intake_table(data: Dataset, lang: str) -> Table:
    portions = ranking_portions(data).sort_values("mg", ascending=False, kind="stable")
    frame = pd.DataFrame({
        **_name_columns(data, portions["food"], lang),
        **_portion_block(data, portions["food"], lang),
    })
    columns = intake_columns(data, lang)
    for column, value in columns.items():
        frame[column] = (value / portions["mg"]).round(1).to_numpy()
    used = intakes_used(data, lang)
    age = data.parameter("adult_age")
    authorities = data.parameter("portion_intake_authorities")
    kinds = "; ".join(text("foods.caption.intake_kind", lang, authority=e[in_language("label", lang)],
                           kind=_kind_name(data, e["authority"], age, "female", lang)) for e in authorities)
    return Table("food-portions-to-intake",
                 text("foods.caption.food_portions_to_intake", lang, age=_plain(age, lang), kinds=kinds, used=used,
                      choice=_portion_choice(data, lang)),
                 frame, tuple(e["authority"] for e in authorities),
                 detail_columns=tuple(text(key, lang) for key in INTAKE_DETAIL))


# ---------------------------------------------------------------- water


WATER_VOLUME, WATER_LOW, WATER_HIGH = "foods.col.water_volume", "foods.col.water_low", "foods.col.water_high"
WATER_SHARE = "foods.col.water_share"
GROUPS = {"female": "foods.group.women", "male": "foods.group.men"}  # the sexes as groups, in prose


def water_figures(data: Dataset) -> pd.DataFrame:
    return data.figures[data.figures["topic"] == "water_content"]


def water_range(data: Dataset) -> tuple[float, float]:
    """The lowest and highest concentration (mg/L) any article gives for drinking water."""
    figures = water_figures(data)
    return float(figures["low"].min()), float(figures["high"].max())


@register("water-contribution", position=6)
def water_table(data: Dataset, lang: str) -> Table:
    low, high = water_range(data)
    person = data.parameter("ranking_person")
    women = person_intake(data)
    short = data.authorities.set_index("id").loc[person["authority"], "short"]
    volume, at_low, at_high = text(WATER_VOLUME, lang), text(WATER_LOW, lang), text(WATER_HIGH, lang)
    frame = pd.DataFrame({volume: data.parameter("water_volumes")})
    frame[at_low] = frame[volume] * low
    frame[at_high] = frame[volume] * high
    frame[text(WATER_SHARE, lang)] = (frame[at_high] / women * 100).round(0)
    caption = text("foods.caption.water_contribution", lang, low=_plain(low, lang), high=_plain(high, lang),
                   authority=short, kind=_kind_name(data, person["authority"], person["age"], person["sex"], lang),
                   group=text(GROUPS[person["sex"]], lang), intake=_plain(women, lang))
    return Table("water-contribution", caption, frame, tuple(dict.fromkeys(water_figures(data)["source"])))


# ---------------------------------------------------------------- what a label may say


# The foods of data/foods.yaml that are drunk rather than eaten: a beverage's nutrition claim is judged per
# 100 ml, with its own (lower) share of the NRV. An editorial reading of the food list.
BEVERAGES = ("milk", "almond_milk", "kefir")
PER_100ML = 100
ML_PER_LITRE = 1000
# A beverage's density where data/foods.yaml records none (every recorded one lies within a few per cent of it).
ASSUMED_DENSITY = 1.0
# The labelling values a food's nutrition claim is judged on (data/labelling_values.yaml), for foods and for
# beverages: the NRV, and the conditions of 'source of' and 'high in'.
NRV, CLAIM_CONDITIONS = LABELLING_NRV, LABELLING_CONDITIONS  # declared in the schema, which requires them
ANSWERS = {True: "foods.claim.yes", False: "foods.claim.no"}


def labelling_value(data: Dataset, entry: str) -> pd.Series:
    return indexed(data, "labelling_values").loc[entry]


def nrv(data: Dataset) -> float:
    """The EU nutrient reference value for magnesium (mg/day), as cited (see its verified flag)."""
    return float(labelling_value(data, NRV)["value"])


def claim_shares(data: Dataset, beverage: bool) -> dict[str, float]:
    """The share of the NRV (%) per 100 g, or per 100 ml for a beverage, that 'source of' and 'high in' need."""
    return {claim: float(labelling_value(data, entry)["percent_nrv"])
            for claim, entry in CLAIM_CONDITIONS[beverage].items()}


def claims_allowed(data: Dataset, share: float, beverage: bool) -> dict[str, bool]:
    """Whether a food carrying `share` % of the NRV per 100 g (per 100 ml for a beverage) meets each condition."""
    return {claim: share >= needed for claim, needed in claim_shares(data, beverage).items()}


def labelling_verified(data: Dataset) -> bool:
    """Whether the NRV and every claim condition used were verified in the regulations themselves."""
    used = [NRV, *(e for entries in CLAIM_CONDITIONS.values() for e in entries.values())]
    return bool(data.labelling_values.set_index("id").loc[used, "verified"].all())


@derived
def nutrition_claims(data: Dataset) -> pd.DataFrame:
    """Per food (its primary composition row): magnesium on the claim's basis (per 100 g, per 100 ml for a
    beverage, converted with its density), the share of the NRV, and whether 'source of' and 'high in' fit."""
    comp = data.compositions[data.compositions["primary"]].set_index("food")
    density = data.foods.set_index("id")["density_g_per_ml"]
    rows = []
    for food in data.foods["id"]:
        mg = float(comp.loc[food, "mg_per_100g"])
        beverage = food in BEVERAGES
        recorded = isinstance(density.get(food), float) and not math.isnan(density[food])
        factor = (float(density[food]) if recorded else ASSUMED_DENSITY) if beverage else 1.0
        amount = mg * factor  # mg per 100 g, or per 100 ml for a beverage
        share = amount / nrv(data) * 100
        rows.append({"food": food, "state": comp.loc[food, "state"], "mg_per_100g": mg, "beverage": beverage,
                     "density": factor if beverage else math.nan, "density_recorded": recorded, "amount": amount,
                     "share": share, **claims_allowed(data, share, beverage)})
    return pd.DataFrame(rows).sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def _basis(row, lang: str) -> str:
    if not row.beverage:
        return text("foods.claim.per_100g", lang)
    key = "foods.claim.per_100ml_recorded" if row.density_recorded else "foods.claim.per_100ml_assumed"
    return text(key, lang, density=_plain(row.density, lang))


def _claim_caption(data: Dataset, lang: str) -> dict[str, str]:
    food, drink = claim_shares(data, False), claim_shares(data, True)
    return {"nrv": _plain(nrv(data), lang), "mark": "" if labelling_verified(data) else UNVERIFIED_MARK,
            "source": _plain(food[SOURCE_OF], lang), "high": _plain(food[HIGH_IN], lang),
            "source_drink": _plain(drink[SOURCE_OF], lang), "high_drink": _plain(drink[HIGH_IN], lang)}


def _caption(data: Dataset, key: str, unverified: str, lang: str) -> str:
    """A claim table's caption, with the note on the unverified values while any is unverified."""
    values = _claim_caption(data, lang)
    caption = text(key, lang, **values)
    return f"{caption} {text(unverified, lang, mark=values['mark'])}" if values["mark"] else caption


@register("food-nutrition-claims", position=7)
def nutrition_claims_table(data: Dataset, lang: str) -> Table:
    rows = nutrition_claims(data)
    frame = pd.DataFrame({
        **_name_columns(data, rows["food"], lang),
        text("foods.col.state", lang): [_state(data, s, lang) for s in rows["state"]],
        text("foods.col.mg_per_100g", lang): rows["mg_per_100g"].to_numpy(),
        text("foods.col.claim_basis", lang): [_basis(r, lang) for r in rows.itertuples()],
        text("foods.col.mg_on_basis", lang): rows["amount"].round(1).to_numpy(),
        text("foods.col.nrv_share", lang): rows["share"].round(1).to_numpy(),
        text("foods.col.source_of", lang): [text(ANSWERS[v], lang) for v in rows[SOURCE_OF]],
        text("foods.col.high_in", lang): [text(ANSWERS[v], lang) for v in rows[HIGH_IN]],
    })
    return Table("food-nutrition-claims", _caption(data, "foods.caption.nutrition_claims",
                                                   "foods.caption.nutrition_claims_unverified", lang), frame, ())


@derived
def water_claims(data: Dataset) -> pd.DataFrame:
    """Per water figure of the articles: its concentrations per 100 ml, the share of the NRV at its highest
    printed concentration, whether 'source of' and 'high in' fit there, and the concentration (mg/L) each needs."""
    figures = water_figures(data)
    per_100ml = PER_100ML / ML_PER_LITRE
    needed = claim_shares(data, True)
    out = figures[["id", "source", "as_written", "qualifier", "low", "high"]].reset_index(drop=True)
    out["share_high"] = out["high"] * per_100ml / nrv(data) * 100
    for claim, share in needed.items():
        out[claim] = out["share_high"] >= share
        out[f"{claim}_needs"] = share / 100 * nrv(data) / per_100ml
    return out


@register("water-nutrition-claims", position=8)
def water_claims_table(data: Dataset, lang: str) -> Table:
    rows = water_claims(data)
    frame = pd.DataFrame({
        text("foods.col.figure", lang): rows["id"],
        text("foods.col.as_written", lang): rows["as_written"],
        text("foods.col.water_range", lang): _spans(rows["low"], rows["high"], lang),
        text("foods.col.nrv_share_high", lang): rows["share_high"].round(1).to_numpy(),
        text("foods.col.source_of", lang): [text(ANSWERS[v], lang) for v in rows[SOURCE_OF]],
        text("foods.col.source_of_needs", lang): rows[f"{SOURCE_OF}_needs"].to_numpy(),
        text("foods.col.high_in", lang): [text(ANSWERS[v], lang) for v in rows[HIGH_IN]],
        text("foods.col.high_in_needs", lang): rows[f"{HIGH_IN}_needs"].to_numpy(),
    })
    return Table("water-nutrition-claims", _caption(data, "foods.caption.water_claims",
                                                    "foods.caption.water_claims_unverified", lang),
                 frame, tuple(dict.fromkeys(rows["source"])), detail_columns=(text("foods.col.figure", lang),))


# ---------------------------------------------------------------- numbers for the page


def state_ratios(data: Dataset) -> pd.DataFrame:
    """Foods with a dry and a cooked row: dry over cooked, per 100 g and per 100 kcal."""
    out = []
    for food, rows in data.compositions.groupby("food", sort=False):
        dry, cooked = rows[rows["state"] == "dry"], rows[rows["state"] == "cooked"]
        if dry.empty or cooked.empty:
            continue
        d, c = dry.iloc[0], cooked.iloc[0]
        out.append({"food": food, "per_100g": d["mg_per_100g"] / c["mg_per_100g"],
                    "per_100kcal": (d["mg_per_100g"] / d["kcal_per_100g"]) / (c["mg_per_100g"] / c["kcal_per_100g"])})
    return pd.DataFrame(out, columns=["food", "per_100g", "per_100kcal"])


def _listing(names: list[str], lang: str = SOURCE_LANGUAGE) -> str:
    if len(names) == 1:
        return names[0]
    return text("foods.listing", lang, items=", ".join(names[:-1]), last=names[-1])


RANKING_GROUPS = {"female": "foods.glue.ranking_group_female", "male": "foods.glue.ranking_group_male"}


def glue_values(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, object]:
    """Every number the chapter's text uses, by glue name, and the names and ranges it quotes in `lang`."""
    rows = normalised(data)
    flagged = rows[rows["verdict"] == FLAGGED]
    compared = between_sources(data, lang)
    ratios = state_ratios(data)
    low, high = water_range(data)
    person = data.parameter("ranking_person")
    women = person_intake(data)
    volume = max(data.parameter("water_volumes"))
    top = data.parameter("top_foods_named")
    portions = ranking_portions(data).sort_values("mg", ascending=False)
    with_portion = set(portions["food"])
    no_portion = [f for f in figure_foods(data) if f not in with_portion]
    household = dutch_portions(data)
    values: dict[str, object] = {
        "n_food_figures": rows["figure"].nunique(),
        "n_food_rows": len(rows),
        "n_food_sources": rows["source"].nunique(),
        "tolerance": _tolerance(data),
        "n_agree": int((rows["verdict"] == AGREES).sum()),
        "n_flagged": len(flagged),
        "n_plain_error": sum(PLAIN_ERROR in cause for cause in flagged["cause"]),
        "n_compared": len(compared),
        "n_disagree": int((~compared["agree"]).sum()),
        "n_state_pairs": len(ratios),
        "state_ratio_100g": float(ratios["per_100g"].median()),
        "state_ratio_100kcal": float(ratios["per_100kcal"].median()),
        "no_portion_foods": _listing(_prose_names(data, no_portion, lang), lang) if no_portion
        else text("foods.none", lang),
        "n_household": len(household),
        "n_household_verified": sum(p.origin == RECORDED for p in household["portion"]),
        "n_foods": len(data.foods),
        "adult_age": data.parameter("adult_age"),
        "best_portion_food": _prose_names(data, portions["food"].iloc[:1], lang)[0],
        "best_portion_mg": float(portions["mg"].iloc[0]),
        "best_portion_count_women_efsa": women / float(portions["mg"].iloc[0]),
        "water_low": low,
        "water_high": high,
        "n_water_figures": len(water_figures(data)),
        "water_max_volume": volume,
        "water_max_mg": volume * high,
        "water_max_share": volume * high / women * 100,
        "efsa_women": women,
        "n_bases": len(BASES),
        "n_top": top,
        "ranking_group": text(RANKING_GROUPS[person["sex"]], lang, age=_plain(person["age"], lang),
                              authority=authority_names(data)[person["authority"]]),
    }
    values |= claim_glue(data, lang)
    for basis in BASES:
        leaders = ranking(data, basis, figure_foods(data))["food"].iloc[:top]
        values[f"top_{basis}"] = _listing(_prose_names(data, leaders, lang), lang)
    for r in compared.itertuples():
        values[f"gap-{r.food}"] = r.gap
    for r in flagged.itertuples():
        key = f"{r.figure}-{r.food}"
        values |= {f"{key}-grams": r.grams, f"{key}-src": span(r.src_low, r.src_high, lang), f"{key}-ref": r.ref_mg,
                   f"{key}-dev": r.deviation}
        if isinstance(r.fit, Reading):
            values |= {f"{key}-fit-grams": r.fit_grams, f"{key}-fit-ref": r.fit_ref_mg,
                       f"{key}-fit-src": span(r.fit_low, r.fit_high, lang), f"{key}-fit-dev": r.fit_deviation}
    return values


def claim_glue(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, object]:
    """The numbers and names the section on nutrition claims quotes."""
    rows = nutrition_claims(data)
    water = water_claims(data)
    food, drink = claim_shares(data, False), claim_shares(data, True)
    high = rows[rows[HIGH_IN]]
    source_only = rows[rows[SOURCE_OF] & ~rows[HIGH_IN]]
    return {
        "nrv": nrv(data),
        "nrv_regulation": regulation(labelling_value(data, NRV)["regulation"], lang),
        "claims_regulation": regulation(labelling_value(data, CLAIM_CONDITIONS[False][SOURCE_OF])["regulation"], lang),
        "source_share": food[SOURCE_OF],
        "high_share": food[HIGH_IN],
        "source_share_drink": drink[SOURCE_OF],
        "drink_basis": f"{PER_100ML} ml",
        "n_claim_foods": len(rows),
        "n_high_in": len(high),
        "n_source_only": len(source_only),
        "n_neither": int((~rows[SOURCE_OF]).sum()),
        "n_beverages": int(rows["beverage"].sum()),
        "n_beverages_source": int((rows["beverage"] & rows[SOURCE_OF]).sum()),
        "beverages_sentence": counted(int((rows["beverage"] & rows[SOURCE_OF]).sum()), "foods.glue.drinks_one",
                                      "foods.glue.drinks_many", lang, none="foods.glue.drinks_none",
                                      total=int(rows["beverage"].sum())),
        "source_only_foods": _listing(_prose_names(data, source_only["food"], lang), lang) if len(source_only)
        else text("foods.none", lang),
        "n_water_source": int(water[SOURCE_OF].sum()),
        "water_max_share_100ml": float(water["share_high"].max()),
        "water_source_needs": float(water[f"{SOURCE_OF}_needs"].iloc[0]),
    }


# ---- the answer the chapter opens with ------------------------------------------------------------------

RANKING = "foods.html#food-ranking"


def answer(data: Dataset) -> answers.Answer:
    """The best foods per usual portion among those the articles give a figure for, with their magnesium and portion
    weight, the share of the ranking person's intake the best one gives, and the leaders per 100 g."""
    top = data.parameter("top_foods_named")
    person = data.parameter("ranking_person")
    best = ranking(data, "per_portion", figure_foods(data)).head(top)
    grams = ranking_portions(data).set_index("food")["grams"]
    share = ranking(data, "intake_share", figure_foods(data)).set_index("food")["value"]
    first = best["food"].iloc[0]
    foods = answers.Listing(tuple(answers.Phrase("foods.answer.food_portion", {
        "food": answers.Name("food", f), "mg": answers.Figure(mg, RANKING), "grams": answers.Figure(grams[f], RANKING)})
        for f, mg in zip(best["food"], best["value"], strict=True)))
    group = answers.Phrase(RANKING_GROUPS[person["sex"]], {"age": answers.Plain(person["age"]),
                                                           "authority": answers.Name("authority", person["authority"])})
    per_100g = ranking(data, "per_100g", figure_foods(data)).head(top)["food"]
    return answers.Answer(
        chapter="foods.html", question="foods.answer.question",
        lead=answers.Phrase("foods.answer.lead", {"foods": foods}),
        closing=(answers.Phrase("foods.answer.share", {"food": answers.Name("food", first), "person": group,
                                                       "share": answers.Figure(share[first], RANKING)}),
                 answers.Phrase("foods.answer.per_100g", {"foods": answers.Listing(tuple(
                     answers.Name("food", f) for f in per_100g))})),
        brief=answers.Phrase("foods.answer.brief", {
            "foods": answers.Listing(tuple(answers.Name("food", f) for f in best["food"])),
            "food": answers.Name("food", first), "mg": answers.Figure(best["value"].iloc[0], RANKING)}),
    )


def food_terms(data: Dataset) -> list[str]:
    """The words to find the food ranking by: every food's name in English and Dutch (data/foods.yaml)."""
    return [name for lang in languages() for name in data.foods[lang]]
