"""The authorities' reference values: recommended intakes and upper limits with their age bands,
every value for one person (the lookup behind the chapter's examples and `mgtables intake`), and
what follows from them for adults and for women in a life stage."""

from __future__ import annotations

import math

import pandas as pd

from ..dataset import Dataset, load
from ..formatting import authority_name
from .ages import childbearing_band, months, with_months

RECOMMENDED = ("AI", "RDA", "ADH", "RI")
LIMIT_KINDS = ("UL", "NOAEL")
STAGES = ("general", "pregnancy", "lactation")
SEXES = ("female", "male")
OLDEST_YEARS = 125  # beyond the oldest recorded human: no table can speak for such an age


class IntakeQueryError(ValueError):
    """A question the reference tables cannot answer: impossible or unknown input."""


def recommended(data: Dataset) -> pd.DataFrame:
    """The recommended-intake values (not upper limits), with their bands in months."""
    return with_months(data.reference_values[data.reference_values["kind"].isin(RECOMMENDED)])


def limits(data: Dataset) -> pd.DataFrame:
    """Every upper limit and no-adverse-effect level, with its age band in months."""
    return with_months(data.reference_values[data.reference_values["kind"].isin(LIMIT_KINDS)])


def authority_names(data: Dataset, recommending_only: bool = False) -> dict[str, str]:
    """Display names by authority id, in register order; optionally only those that recommend intakes."""
    keep = set(recommended(data)["authority"]) if recommending_only else set(data.authorities["id"])
    return {a: authority_name(data, a) for a in data.authorities["id"] if a in keep}


def intake(age: float, sex: str, life_stage: str = "general", unit: str = "years",
           data: Dataset | None = None) -> pd.DataFrame:
    """Every authority's values for one person: recommended intakes and upper limits.

    `age` is in `unit` ('years' or 'months'); `sex` is 'female' or 'male'; `life_stage` is 'general',
    'pregnancy' or 'lactation'. Raises IntakeQueryError for input no table can answer.
    """
    data = data or load()
    if unit not in ("years", "months"):
        raise IntakeQueryError(f"unknown age unit {unit!r}: use 'years' or 'months'")
    if not isinstance(age, int | float) or isinstance(age, bool) or math.isnan(age):
        raise IntakeQueryError(f"age must be a number, got {age!r}")
    if age < 0:
        raise IntakeQueryError(f"age cannot be negative, got {age:g} {unit}")
    if sex not in SEXES:
        raise IntakeQueryError(f"unknown sex {sex!r}: use 'female' or 'male'")
    if life_stage not in STAGES:
        raise IntakeQueryError(f"unknown life stage {life_stage!r}: use one of {', '.join(STAGES)}")
    if life_stage != "general" and sex == "male":
        raise IntakeQueryError(f"{life_stage} applies to women only; for a man use life_stage='general'")
    age_m = months(age, unit)
    if age_m > OLDEST_YEARS * 12:
        raise IntakeQueryError(f"age {age:g} {unit} is beyond every table (no one has lived past "
                               f"{OLDEST_YEARS} years)")
    values = with_months(data.reference_values)
    if life_stage != "general":
        youngest = values[(values["life_stage"] == life_stage) & (values["from_m"] > 0)]["from_m"].min()
        if age_m < youngest:
            raise IntakeQueryError(f"no authority in the dataset gives {life_stage} values below "
                                   f"{youngest / 12:g} years")
    fits = values[(values["from_m"] <= age_m) & (age_m < values["to_m"]) & values["sex"].isin([sex, "any"])
                  & (values["life_stage"] == life_stage)]
    if fits.empty:
        raise IntakeQueryError(f"no authority in the dataset gives a value for a {sex} aged {age:g} {unit} "
                               f"({life_stage})")
    names = authority_names(data)
    return pd.DataFrame({
        "Authority": [names[a] for a in fits["authority"]],
        "Kind": fits["kind"],
        "mg/day": fits["value"],
        "Authority's band": fits["age_label"],
        "Applies to": [data.label("applies_to", a) for a in fits["applies_to"]],
        "Verified": ["yes" if v else "no" for v in fits["verified"]],
    }).sort_values(["Kind", "Authority"], key=lambda s: s.map(_kind_order) if s.name == "Kind" else s,
                   kind="stable").reset_index(drop=True)


def _kind_order(kind: str) -> int:
    return (*RECOMMENDED, *LIMIT_KINDS).index(kind)


def recommended_intake(data: Dataset, authority: str, age: float, sex: str, stage: str = "general") -> pd.Series:
    """The authority's recommended intake (AI, RDA ...) for a person, via the intake lookup: its row, with
    the kind and the value in mg/day."""
    found = intake(age, sex, stage, data=data)
    name = authority_names(data)[authority]
    rows = found[(found["Authority"] == name) & found["Kind"].isin(RECOMMENDED)]
    if rows.empty:
        raise IntakeQueryError(f"{name} gives no recommended intake for a {sex} aged {age:g} ({stage})")
    return rows.iloc[0]


def recommended_value(data: Dataset, authority: str, age: float, sex: str, stage: str = "general") -> float:
    """The authority's recommended intake (AI, RDA ...) in mg/day for a person, via the intake lookup."""
    return float(recommended_intake(data, authority, age, sex, stage)["mg/day"])


def adult_limits(data: Dataset) -> dict[str, float]:
    """Each authority's upper limit (UL) for an adult in the general population, by display name, at the
    adult age (data/parameters.yaml)."""
    age = months(data.parameter("adult_age"), "years")
    found = limits(data)
    found = found[(found["kind"] == "UL") & (found["life_stage"] == "general") & (found["from_m"] <= age)
                  & (age < found["to_m"])]
    values = dict(zip(found["authority"], found["value"], strict=True))
    return {name: float(values[a]) for a, name in authority_names(data).items() if a in values}


def stage_increments(data: Dataset, authority: str, stage: str) -> pd.DataFrame:
    """What the authority adds (mg/day) for women in `stage` over other women of the same age: one
    row per pair of overlapping bands, with the increment and whether both values are verified.
    Empty when the authority sets no value for the stage."""
    values = recommended(data)
    mine = values[values["authority"] == authority]
    general = mine[(mine["life_stage"] == "general") & mine["sex"].isin(["female", "any"])]
    rows = []
    for rec in mine[mine["life_stage"] == stage].itertuples():
        lo, hi = rec.from_m, rec.to_m
        if lo == 0 and math.isinf(hi):  # no age given: women of child-bearing age
            lo, hi = childbearing_band(data)
        for other in general[(general["from_m"] < hi) & (general["to_m"] > lo)].itertuples():
            rows.append({"increment": rec.value - other.value, "verified": rec.verified and other.verified})
    return pd.DataFrame(rows, columns=["increment", "verified"])
