"""The articles' figures matched to the authorities' values: each daily-intake figure to the
authorities whose value it reproduces, a dose to an upper limit, and a stated limit to the limits of
the authority it names."""

from __future__ import annotations

import math

import pandas as pd

from ..dataset import Dataset, derived
from .ages import adult_band, childbearing_band, months
from .reference import SEXES, STAGES, authority_names, limits, recommended


def intake_figures(data: Dataset) -> pd.DataFrame:
    """The articles' daily-intake figures in mg/day, each with the population band it speaks of."""
    figs = data.figures[(data.figures["topic"] == "intake_recommendation") & (data.figures["unit"] == "mg/day")]
    rows = []
    for fig in figs.itertuples():
        stage = fig.life_stage if fig.life_stage in STAGES else "general"
        if pd.isna(fig.age_from) and pd.isna(fig.age_to):
            lo, hi = adult_band(data) if stage == "general" else childbearing_band(data)
        else:
            lo = 0.0 if pd.isna(fig.age_from) else months(fig.age_from, fig.age_unit)
            hi = math.inf if pd.isna(fig.age_to) else months(fig.age_to, fig.age_unit)
        sex = fig.sex if isinstance(fig.sex, str) else "any"
        rows.append({"figure": fig.id, "stage": stage, "sex": sex, "from_m": lo, "to_m": hi})
    return figs.drop(columns=["sex"]).reset_index(drop=True).join(pd.DataFrame(rows))


def _candidates(values: pd.DataFrame, fig) -> pd.DataFrame:
    sexes = ["female", "male", "any"] if fig.sex == "any" else [fig.sex, "any"]
    return values[(values["life_stage"] == fig.stage) & values["sex"].isin(sexes)
                  & (values["from_m"] < fig.to_m) & (values["to_m"] > fig.from_m)]


def _matches(fig, values: pd.Series) -> bool:
    found = set(values)
    if fig.qualifier == "at_least":
        return fig.low in found
    return fig.low in found and fig.high in found


def _describe(recs: pd.DataFrame, names: dict[str, str]) -> str:
    return "; ".join(f"{names[r.authority]} {r.kind} {r.value:g} ({r.age_label})" for r in recs.itertuples())


@derived
def reconcile(data: Dataset) -> pd.DataFrame:
    """Each article intake figure with the authorities it agrees with, a verdict and a reason."""
    values = recommended(data)
    names = authority_names(data)
    rows = []
    for fig in intake_figures(data).itertuples():
        cands = _candidates(values, fig)
        matching = [a for a, recs in cands.groupby("authority", sort=False) if _matches(fig, recs["value"])]
        named = fig.attributed_to if isinstance(fig.attributed_to, str) else None
        verdict, reason = _verdict(fig, cands, matching, named, names)
        unverified = [names[a] for a in matching
                      if not cands[cands["authority"] == a]["verified"].all()]
        if fig.sex == "any" and matching:
            reason += _one_sex_only(fig, cands, matching, data)
        if unverified:
            reason += f" The matching value of {', '.join(unverified)} is not verified."
        rows.append({"figure": fig.id, "source": fig.source, "as_written": fig.as_written,
                     "matches": ", ".join(names[a] for a in matching) or "none",
                     "verdict": verdict, "reason": reason.strip()})
    return pd.DataFrame(rows)


def _one_sex_only(fig, cands, matching, data: Dataset) -> str:
    """A note when a figure given for everyone matches an authority's value for one sex only."""
    fits = [sex for sex in SEXES
            if all(_matches(fig, cands[(cands["authority"] == a) & cands["sex"].isin([sex, "any"])]["value"])
                   for a in matching)]
    if len(fits) == 1:
        return f" It is given for everyone, but the authority's value holds only for sex: {data.label('sex', fits[0])}."
    return ""


def _verdict(fig, cands, matching, named, names) -> tuple[str, str]:
    kinds = sorted(set(cands[cands["authority"].isin(matching)]["kind"]))
    kind_note = ""
    if isinstance(fig.stated_kind, str) and kinds and fig.stated_kind not in kinds:
        kind_note = (f" The article calls it {fig.stated_kind}, but the authority's value is "
                     f"{' / '.join(kinds)}.")
    if named and named in matching:
        verdict = "agrees with the authority it names"
        return (verdict + "; mislabels the kind" if kind_note else verdict), kind_note
    if named and matching:
        return "matches another authority than it names", (
            f"Names {names[named]}, but the figure is {', '.join(names[a] for a in matching)}'s.{kind_note}")
    if named:
        return "disagrees with the authority it names", (
            f"{names[named]} gives: {_describe(cands[cands['authority'] == named], names) or 'no value'}.")
    if matching:
        return "matches", (f"Names no authority; the figure is {', '.join(names[a] for a in matching)}'s."
                           f"{kind_note}")
    nearest = (cands.assign(gap=(cands["value"] - (fig.low + fig.high) / 2).abs())
               .drop_duplicates(["authority", "kind", "value"]).nsmallest(2, "gap"))
    return "matches no authority", f"Nearest values: {_describe(nearest, names) or 'none for this group'}."


WITHIN, PARTLY_ABOVE, ABOVE = "within", "partly_above", "above"


def compare(low: float, high: float, limit: float) -> str:
    """Where a dose range lies against a limit: WITHIN, PARTLY_ABOVE or ABOVE; a dose equal to the
    limit is within it."""
    if high <= limit:
        return WITHIN
    return ABOVE if low >= limit else PARTLY_ABOVE


def stated_limit_check(data: Dataset, fig) -> tuple[str, pd.DataFrame] | None:
    """For an upper limit an article states and attributes to an authority: 'agrees' when that authority
    has a limit of the figure's value for the figure's age (the adult age when it names none), 'differs'
    when its limits for that age differ, 'none' when it sets none; with those limits. None for any
    other figure."""
    if fig.topic != "upper_limit" or not isinstance(fig.attributed_to, str):
        return None
    age = (months(fig.age_from, fig.age_unit) if isinstance(fig.age_unit, str)
           else months(data.parameter("adult_age"), "years"))
    found = limits(data)
    found = found[(found["authority"] == fig.attributed_to) & (found["life_stage"] == "general")
                  & (found["from_m"] <= age) & (age < found["to_m"])]
    if found.empty:
        return "none", found
    same = found[(found["value"] >= fig.low) & (found["value"] <= fig.high)]
    return ("agrees" if not same.empty else "differs"), found
