"""Chapter 'Where to get it': every food figure of the articles normalised and checked against the
composition table, rankings on four bases, portions needed to reach the intake, and water."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, replace

import matplotlib.pyplot as plt
import pandas as pd

from ..dataset import Dataset, derived
from ..domain.reference import SEXES, authority_names, recommended_intake, recommended_value
from ..formatting import span
from ..registry import register
from ..table import Table

PAGE = "book/foods"  # the page that shows this module's tables; they are numbered by position

# The tolerance, the typical portion words, the ranking person, the authorities of the portions table
# and the water volumes are editorial parameters (data/parameters.yaml).
PER_100G = 100  # composition tables give magnesium per 100 g edible portion
# The basis of the energy density: it names the columns, glue values and bases below (mg per 100 kcal).
PER_100KCAL = 100
# Portion words that translated texts are known to carry over from US units: the Dutch 'ons' is
# 100 g, but a text translated from US material may print 'ons' for the ounce (28.35 g).
TRANSLATION_PITFALLS = {"ons": "ounce"}
BASES = {
    "per_100g": "mg per 100 g",
    "per_portion": "mg per typical portion",
    "per_100kcal": "mg per 100 kcal",
    "intake_share": "% of the recommended intake per portion",
}
AGREES = "agrees"
FLAGGED = "flagged"
NO_PORTION = "no portion weight recorded"
PLAIN_ERROR = "plain error: no tested reading fits"
PER_100G_CAUSE = "figure per 100 g, not per portion"


@dataclass(frozen=True)
class Portion:
    label: str
    grams: float
    reference: str
    term: str | None = None  # the portion word of data/foods.yaml, if it came from there


@dataclass(frozen=True)
class Reading:
    """One way to read a figure: a portion weight and a composition row, and what was changed."""

    portion: Portion
    row: pd.Series
    changes: tuple[str, ...] = ()

    @property
    def cause(self) -> str:
        return " and ".join(self.changes)


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
    return data.compositions[data.compositions["food"] == food]


def reference_row(data: Dataset, food: str, state: str | None = None) -> pd.Series:
    """The composition row to compare with: the one in the stated state if there is one, else the primary."""
    rows = composition_rows(data, food)
    if isinstance(state, str):
        matching = rows[rows["state"] == state]
        if not matching.empty:
            return matching.iloc[0]
    return rows[rows["primary"]].iloc[0]


def food_portions(data: Dataset, food: str) -> list[Portion]:
    rows = data.portions[data.portions["food"] == food]
    return [_portion(p) for p in rows.itertuples()]


def _portion(p) -> Portion:
    label = p.en if p.en.startswith(p.term) else f"{p.term}: {p.en}"
    return Portion(label, p.grams, p.reference + ("" if p.verified else " (not verified)"), p.term)


def stated_portion(data: Dataset, fig) -> Portion | None:
    """The portion weight a figure refers to: its own grams or ml, else its portion word in data/foods.yaml."""
    if fig.portion_unit == "g":
        return Portion(fig.portion, fig.portion_amount, "stated in the source")
    if fig.portion_unit == "ml":
        food = data.foods.set_index("id").loc[fig.food]
        return Portion(fig.portion, fig.portion_amount * food.density_g_per_ml,
                       f"stated in the source; {food.density_g_per_ml:g} g/ml from {food.density_reference}")
    words = set(re.findall(r"\w+", str(fig.portion).lower()))
    return next((p for p in food_portions(data, fig.food) if p.term in words), None)


def readings(data: Dataset, fig, stated: Portion) -> list[Reading]:
    """The stated reading first, then every alternative: another portion or unit (only where the
    source names a portion word, not grams), and every other composition row of the food."""
    portions = [(stated, ())]
    if stated.term is not None:
        if stated.grams != PER_100G:
            portions.append((Portion("100 g", PER_100G, "composition-table basis"), (PER_100G_CAUSE,)))
        for other in food_portions(data, fig.food):
            if other.term != stated.term and other.grams != stated.grams:
                pitfall = TRANSLATION_PITFALLS.get(stated.term) == other.term
                cause = (f"unit lost in translation: {other.label}, not {stated.label}" if pitfall
                         else f"another portion: {other.label}")
                portions.append((other, (cause,)))
    ref = reference_row(data, fig.food, fig.state)
    rows = [(ref, ())]
    for index, row in composition_rows(data, fig.food).iterrows():
        if index != ref.name:
            what = (f"{_state(data, ref['state'])} versus {_state(data, row['state'])}"
                    if row["state"] != ref["state"] else "another variety")
            rows.append((row, (f"{what}: {row['description']}",)))
    return [Reading(p, r, pc + rc) for (p, pc), (r, rc) in itertools.product(portions, rows)]


def _state(data: Dataset, state: str) -> str:
    return data.label("state", state)


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
    deviates least."""
    tolerance = _tolerance(data)
    stated = stated_portion(data, fig)
    ref = reference_row(data, fig.food, fig.state)
    out = {"figure": fig.id, "source": fig.source, "food": fig.food, "as_written": fig.as_written,
           "portion": fig.portion, "low": fig.low, "high": fig.high, "ref_description": ref["description"],
           "ref_state": ref["state"], "ref_mg": ref["mg_per_100g"], "grams": math.nan, "portion_reference": "",
           "src_low": math.nan, "src_high": math.nan, "deviation": math.nan, "verdict": NO_PORTION,
           "cause": "", "fit": "", "fit_deviation": math.nan, "fit_low": math.nan, "fit_high": math.nan,
           "fit_ref_mg": math.nan, "fit_grams": math.nan, "also_fits": "", "about_mg": math.nan,
           "about_kcal": math.nan}
    if stated is None:
        return out
    first, *alternatives = readings(data, fig, stated)
    low, high = _per_100g(fig, first)
    about = row_of_portion(data, fig.food, stated, ref)
    out.update(grams=stated.grams, portion_reference=stated.reference, src_low=low, src_high=high,
               deviation=_deviation(fig, first), about_mg=about["mg_per_100g"], about_kcal=about["kcal_per_100g"])
    if _fits(out["deviation"], tolerance):
        return {**out, "verdict": AGREES}
    fitting = sorted((r for r in alternatives if _fits(_deviation(fig, r), tolerance)),
                     key=lambda r: (len(r.changes), abs(_deviation(fig, r))))
    if not fitting:
        return {**out, "verdict": FLAGGED, "cause": PLAIN_ERROR}
    best = fitting[0]
    fit_low, fit_high = _per_100g(fig, best)
    return {**out, "verdict": FLAGGED, "cause": _category(best), "fit": _describe(best),
            "fit_deviation": _deviation(fig, best), "fit_low": fit_low, "fit_high": fit_high,
            "fit_ref_mg": best.row["mg_per_100g"], "fit_grams": best.portion.grams,
            "also_fits": "; ".join(_describe(r) for r in fitting[1:])}


def _category(reading: Reading) -> str:
    return " and ".join(change.split(":")[0] for change in reading.changes)


def _describe(reading: Reading) -> str:
    return f"{reading.cause} ({reading.portion.grams:g} g; {reading.row['mg_per_100g']:g} mg/100 g)"


@derived
def normalised(data: Dataset) -> pd.DataFrame:
    """Every food figure of the articles, per food, in mg/100 g and against the composition table."""
    return pd.DataFrame([assess(data, fig) for fig in food_figures(data).itertuples()])


def _whole(values: pd.Series) -> pd.Series:
    return values.round(0) + 0.0  # adding zero turns -0.0 into 0.0


def _names(data: Dataset, foods) -> tuple[list[str], list[str]]:
    index = data.foods.set_index("id")
    return [index.loc[f, "en"] for f in foods], [index.loc[f, "nl"] for f in foods]


@register("food-figures", position=1)
def food_figures_table(data: Dataset, lang: str) -> Table:
    rows = normalised(data)
    en, nl = _names(data, rows["food"])
    frame = pd.DataFrame({
        "Figure": rows["figure"],
        "As written": rows["as_written"],
        "Food": en,
        "Dutch name": nl,
        "Portion as written": rows["portion"],
        "Portion (g)": rows["grams"].round(2),
        "Portion weight from": rows["portion_reference"],
        "mg per portion": [span(lo, hi) for lo, hi in zip(rows["low"], rows["high"], strict=True)],
        "mg per 100 g (source)": [span(lo, hi) for lo, hi in zip(rows["src_low"], rows["src_high"], strict=True)],
        "Reference row": [f"{d} ({_state(data, s)})" for d, s in zip(rows["ref_description"], rows["ref_state"],
                                                                      strict=True)],
        "Reference mg per 100 g": rows["ref_mg"],
        "Deviation (%)": _whole(rows["deviation"]),
        "Verdict": rows["verdict"],
        "Most likely cause": rows["cause"],
    })
    return Table("food-figures",
                 f"Every food figure of the articles, per food, normalised to mg per 100 g and compared with "
                 f"the USDA SR28 composition row; deviations beyond {_tolerance(data)}% are flagged. "
                 "A range agrees when it contains the reference.",
                 frame, tuple(dict.fromkeys(rows["source"])))


@register("food-figure-flags", position=2)
def flags_table(data: Dataset, lang: str) -> Table:
    rows = normalised(data)
    rows = rows[rows["verdict"] == FLAGGED]
    en, nl = _names(data, rows["food"])
    frame = pd.DataFrame({
        "Figure": rows["figure"],
        "Food": en,
        "Dutch name": nl,
        "As read (mg per 100 g)": [span(lo, hi) for lo, hi in zip(rows["src_low"], rows["src_high"], strict=True)],
        "Reference mg per 100 g": rows["ref_mg"],
        "Deviation (%)": _whole(rows["deviation"]),
        "Most likely cause": rows["cause"],
        "Reading that fits": rows["fit"],
        "Deviation under that reading (%)": _whole(rows["fit_deviation"]),
        "Other readings within tolerance": rows["also_fits"],
    })
    return Table("food-figure-flags",
                 f"The food figures more than {_tolerance(data)}% from the composition table, with the alternative "
                 "reading (another portion or unit, another state of the food) that brings them within tolerance.",
                 frame, tuple(dict.fromkeys(rows["source"])))


def between_sources(data: Dataset) -> pd.DataFrame:
    """Foods that more than one source gives a figure for: the widest gap between two sources' mg/100 g."""
    rows = normalised(data).dropna(subset=["src_low"])
    tolerance = _tolerance(data)
    out = []
    for food, mine in rows.groupby("food", sort=False):
        if mine["source"].nunique() < 2:
            continue
        gaps = [_gap(a, b) for a, b in itertools.combinations(mine.itertuples(), 2) if a.source != b.source]
        flagged = mine[mine["verdict"] == FLAGGED]
        out.append({"food": food, "figures": "; ".join(f"{r.figure}: {span(r.src_low, r.src_high)}"
                                                        for r in mine.itertuples()),
                    "gap": max(gaps), "agree": max(gaps) <= tolerance,
                    "causes": "; ".join(f"{r.figure}: {r.cause}" for r in flagged.itertuples())})
    return pd.DataFrame(out, columns=["food", "figures", "gap", "agree", "causes"])


def _gap(a, b) -> float:
    """Distance between two ranges in percent of the lower one; 0 when they overlap."""
    lower, upper = sorted((a, b), key=lambda r: r.src_low)
    return max(0.0, (upper.src_low - lower.src_high) / lower.src_high * 100)


@register("food-sources-compared", position=3)
def between_sources_table(data: Dataset, lang: str) -> Table:
    rows = between_sources(data)
    en, nl = _names(data, rows["food"])
    frame = pd.DataFrame({
        "Food": en,
        "Dutch name": nl,
        "mg per 100 g by figure": rows["figures"],
        "Largest gap between sources (%)": _whole(rows["gap"]),
        "Verdict": ["agree" if a else "disagree" for a in rows["agree"]],
        "Causes found for the flagged figures": rows["causes"],
    })
    return Table("food-sources-compared",
                 f"Foods that several articles give a figure for: the largest gap between two articles' mg per 100 g "
                 f"(0 when their ranges overlap); a gap beyond {_tolerance(data)}% is a disagreement.",
                 frame, tuple(dict.fromkeys(normalised(data)["source"])))


# ---------------------------------------------------------------- rankings


def row_of_portion(data: Dataset, food: str, portion: Portion, fallback: pd.Series) -> pd.Series:
    """The composition row a portion weight was measured on (its reference names the SR28 NDB number),
    so that a cooked weight meets the cooked composition; `fallback` when it names none."""
    rows = composition_rows(data, food)
    ndb = re.search(r"NDB (\d+)", portion.reference) if portion.term is not None else None
    match = rows[rows["ndb_no"] == ndb.group(1)] if ndb else rows.iloc[0:0]
    return match.iloc[0] if not match.empty else fallback


@derived
def typical_portions(data: Dataset) -> pd.DataFrame:
    """The typical portion of each food that has one, with the composition row its weight belongs to.

    A verified portion word of data/foods.yaml (in the order of typical_portion_words, data/parameters.yaml)
    comes first; else the grams or ml an article states for the food (a figure per 100 g names no portion).
    """
    out = []
    for food in data.foods["id"]:
        portion, row = _typical(data, food)
        if portion is not None:
            out.append({"food": food, "label": portion.label, "grams": portion.grams,
                        "reference": portion.reference, "state": row["state"], "mg_per_100g": row["mg_per_100g"],
                        "mg": row["mg_per_100g"] * portion.grams / PER_100G})
    return pd.DataFrame(out, columns=["food", "label", "grams", "reference", "state", "mg_per_100g", "mg"])


def _typical(data: Dataset, food: str) -> tuple[Portion | None, pd.Series | None]:
    verified = data.portions[(data.portions["food"] == food) & data.portions["verified"]]
    for term in data.parameter("typical_portion_words"):
        match = verified[verified["term"] == term]
        if not match.empty:
            portion = _portion(next(match.itertuples()))
            return portion, row_of_portion(data, food, portion, reference_row(data, food))
    figures = food_figures(data)
    stated = figures[(figures["food"] == food) & figures["portion_unit"].isin(["g", "ml"])
                     & (figures["portion_amount"] != PER_100G)]
    for fig in stated.itertuples():
        portion = stated_portion(data, fig)
        return replace(portion, reference=f"{fig.source} ({fig.id}), {portion.reference}"), \
            reference_row(data, food, fig.state)
    return None, None


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
        raise ValueError(f"unknown basis {basis!r}: use one of {', '.join(BASES)}")


def _portion_columns(data: Dataset, foods) -> tuple[pd.Series, pd.Series]:
    portions = typical_portions(data).set_index("food").reindex(foods)
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
    the typical portion and the row its weight belongs to. The share is of the recommended intake of
    `authority` for the person given by `sex` and `age` (by default the ranking person's, see person_intake).
    """
    _check(basis)
    foods = list(foods) if foods is not None else list(data.foods["id"])
    comp = data.compositions[data.compositions["primary"]].set_index("food").reindex(foods)
    grams, mg = _portion_columns(data, foods)
    intake = person_intake(data, sex, age, authority) if basis == "intake_share" else math.nan
    values = on_basis(basis, comp["mg_per_100g"], comp["mg_per_100g"], comp["kcal_per_100g"], grams, mg, intake)
    values = values.dropna().sort_values(ascending=False, kind="stable")
    en, nl = _names(data, values.index)
    return pd.DataFrame({"food": values.index, "en": en, "nl": nl, "value": values.to_numpy()})


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


def ranking_figure(data: Dataset, foods=None):
    """One panel per basis: foods as ranked bars, each article's figure as a point (a line for a range)."""
    foods = figure_foods(data) if foods is None else foods
    person = data.parameter("ranking_person")
    share_of = authority_names(data)[person["authority"]]
    fig, axes = plt.subplots(2, 2, figsize=(12, 10))
    for ax, basis in zip(axes.flat, BASES, strict=True):
        ranked = ranking(data, basis, foods).iloc[::-1].reset_index(drop=True)
        position = {f: i for i, f in enumerate(ranked["food"])}
        ax.barh(range(len(ranked)), ranked["value"], color="#9ecae1", label="composition table (USDA SR28)")
        points = source_points(data, basis)
        for flagged, colour, marker in ((False, "black", "o"), (True, "#d62728", "X")):
            mine = points[(points["flagged"] == flagged) & points["food"].isin(position)]
            ys = mine["food"].map(position)
            ax.hlines(ys, mine["low"], mine["high"], color=colour, lw=1.5)
            ax.scatter(pd.concat([mine["low"], mine["high"]]), pd.concat([ys, ys]), color=colour, marker=marker,
                       s=26, zorder=3, label="article figure, flagged" if flagged else "article figure, agrees")
        ax.set_yticks(range(len(ranked)), ranked["en"], fontsize=8)
        group = f"\n({person['sex']}, aged {person['age']}, {share_of})"
        ax.set_title(BASES[basis].replace(" per portion", "\nper portion") + group if basis == "intake_share"
                     else BASES[basis], fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


@register("food-ranking", position=4)
def ranking_table(data: Dataset, lang: str) -> Table:
    foods = list(data.foods["id"])
    comp = data.compositions[data.compositions["primary"]].set_index("food").reindex(foods)
    portions = typical_portions(data).set_index("food").reindex(foods)
    group = data.parameter("ranking_person")
    intake_value = person_intake(data)
    en, nl = _names(data, foods)
    frame = pd.DataFrame({
        "Food": en,
        "Dutch name": nl,
        "Group": [data.label("food_group", g) for g in data.foods["group"]],
        "State": [_state(data, s) for s in comp["state"]],
        "mg per 100 g": comp["mg_per_100g"].to_numpy(),
        "kcal per 100 g": comp["kcal_per_100g"].to_numpy(),
        "mg per 100 kcal": ranking(data, "per_100kcal").set_index("food")["value"].reindex(foods).round(1).to_numpy(),
        "Typical portion": portions["label"].fillna("").to_numpy(),
        "Portion (g)": portions["grams"].round(1).to_numpy(),
        "Portion state": [_state(data, s) if isinstance(s, str) else "" for s in portions["state"]],
        "Portion weight from": portions["reference"].fillna("").to_numpy(),
        "mg per portion": portions["mg"].round(0).to_numpy(),
        "% of the intake per portion": (portions["mg"] / intake_value * 100).round(0).to_numpy(),
    }).sort_values("mg per 100 g", ascending=False, kind="stable")
    name = authority_names(data)[group["authority"]]
    return Table("food-ranking",
                 f"Every food the articles name, with magnesium per 100 g, per 100 kcal and per typical portion, "
                 f"and the share of the recommended intake of a {group['sex']} aged {group['age']:g} ({name}: "
                 f"{intake_value:g} mg/day) that one portion gives. Composition: USDA SR28 primary row; a "
                 "portion's weight is paired with the row it was measured on.",
                 frame, ())


# ---------------------------------------------------------------- portions to reach the intake


def intake_columns(data: Dataset) -> dict[str, float]:
    """Column name -> recommended intake, for women and men at the adult age, under each authority of
    portion_intake_authorities (data/parameters.yaml)."""
    out = {}
    for entry in data.parameter("portion_intake_authorities"):
        for sex in SEXES:
            value = recommended_value(data, entry["authority"], data.parameter("adult_age"), sex)
            out[f"{'Women' if sex == 'female' else 'Men'}, {entry['label']}"] = value
    return out


def _kind_name(data: Dataset, authority: str, age: float, sex: str) -> str:
    """What the authority calls its recommended intake for the person ('adequate intake' ...)."""
    return data.label("kind", recommended_intake(data, authority, age, sex)["Kind"])


@register("food-portions-to-intake", position=5)
def portions_to_intake_table(data: Dataset, lang: str) -> Table:
    portions = typical_portions(data).sort_values("mg", ascending=False, kind="stable")
    en, nl = _names(data, portions["food"])
    frame = pd.DataFrame({
        "Food": en,
        "Dutch name": nl,
        "Typical portion": portions["label"].to_numpy(),
        "Portion (g)": portions["grams"].round(1).to_numpy(),
        "mg per portion": portions["mg"].round(0).to_numpy(),
    })
    columns = intake_columns(data)
    for column, value in columns.items():
        frame[column] = (value / portions["mg"]).round(1).to_numpy()
    used = "; ".join(f"{column} {value:g} mg/day" for column, value in columns.items())
    age = data.parameter("adult_age")
    authorities = data.parameter("portion_intake_authorities")
    kinds = "; ".join(f"{e['label']} {_kind_name(data, e['authority'], age, 'female')}" for e in authorities)
    return Table("food-portions-to-intake",
                 f"How many typical portions of each food alone would reach the recommended intake of an adult "
                 f"aged {age} ({kinds}): {used}.",
                 frame, tuple(e["authority"] for e in authorities))


# ---------------------------------------------------------------- water


WATER_LOW, WATER_HIGH = "mg at the lowest concentration", "mg at the highest concentration"
WATER_SHARE = "% of the intake at the highest concentration"


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
    share_of = f"{short} {_kind_name(data, person['authority'], person['age'], person['sex'])}"
    frame = pd.DataFrame({"Water per day (L)": data.parameter("water_volumes")})
    frame[WATER_LOW] = frame["Water per day (L)"] * low
    frame[WATER_HIGH] = frame["Water per day (L)"] * high
    frame[WATER_SHARE] = (frame[WATER_HIGH] / women * 100).round(0)
    return Table("water-contribution",
                 f"Magnesium from drinking water at the lowest ({low:g} mg/L) and highest ({high:g} mg/L) "
                 "concentration the articles give, for "
                 f"illustrative daily volumes (not a recommendation), and the share of the {share_of} for "
                 f"{'women' if person['sex'] == 'female' else 'men'} ({women:g} mg/day) at the highest concentration.",
                 frame, tuple(dict.fromkeys(water_figures(data)["source"])))


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


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def glue_values(data: Dataset) -> dict[str, object]:
    """Every number the chapter's text uses, by glue name."""
    rows = normalised(data)
    flagged = rows[rows["verdict"] == FLAGGED]
    compared = between_sources(data)
    ratios = state_ratios(data)
    low, high = water_range(data)
    person = data.parameter("ranking_person")
    women = person_intake(data)
    volume = max(data.parameter("water_volumes"))
    top = data.parameter("top_foods_named")
    portions = typical_portions(data).sort_values("mg", ascending=False)
    no_portion = [f for f in figure_foods(data) if f not in set(portions["food"])]
    values: dict[str, object] = {
        "n_food_figures": rows["figure"].nunique(),
        "n_food_rows": len(rows),
        "n_food_sources": rows["source"].nunique(),
        "tolerance": _tolerance(data),
        "n_agree": int((rows["verdict"] == AGREES).sum()),
        "n_flagged": len(flagged),
        "n_plain_error": int((flagged["cause"] == PLAIN_ERROR).sum()),
        "n_compared": len(compared),
        "n_disagree": int((~compared["agree"]).sum()),
        "n_state_pairs": len(ratios),
        "state_ratio_100g": float(ratios["per_100g"].median()),
        "state_ratio_100kcal": float(ratios["per_100kcal"].median()),
        "no_portion_foods": _listing(_names(data, no_portion)[0]) if no_portion else "none",
        "adult_age": data.parameter("adult_age"),
        "best_portion_food": _names(data, portions["food"].iloc[:1])[0][0],
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
        "ranking_group": f"a {'woman' if person['sex'] == 'female' else 'man'} aged {person['age']}"
                         f" ({authority_names(data)[person['authority']]})",
    }
    for basis in BASES:
        values[f"top_{basis}"] = _listing(ranking(data, basis, figure_foods(data))["en"].iloc[:top].tolist())
    for r in compared.itertuples():
        values[f"gap-{r.food}"] = r.gap
    for r in flagged.itertuples():
        key = f"{r.figure}-{r.food}"
        values |= {f"{key}-grams": r.grams, f"{key}-src": span(r.src_low, r.src_high), f"{key}-ref": r.ref_mg,
                   f"{key}-dev": r.deviation}
        if r.fit:
            values |= {f"{key}-fit-grams": r.fit_grams, f"{key}-fit-ref": r.fit_ref_mg,
                       f"{key}-fit-src": span(r.fit_low, r.fit_high), f"{key}-fit-dev": r.fit_deviation}
    return values
