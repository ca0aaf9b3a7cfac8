"""The articles' figures matched to the authorities' values: each daily-intake figure to the
authorities whose value it reproduces, a dose to an upper limit, and a stated limit to the limits of
the authority it names."""

from __future__ import annotations

import math

import pandas as pd

from ..dataset import Dataset, derived
from ..formatting import number
from ..i18n import SOURCE_LANGUAGE, text
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


# The verdicts of reconcile, as codes, and the key of each one's wording.
VERDICTS = {
    "agrees_named": "matching.verdict.agrees_named",
    "agrees_named_mislabelled": "matching.verdict.agrees_named_mislabelled",
    "other_than_named": "matching.verdict.other_than_named",
    "disagrees_named": "matching.verdict.disagrees_named",
    "matches": "matching.verdict.matches",
    "none": "matching.verdict.none",
}


def _shown(recs: pd.DataFrame) -> tuple[tuple, ...]:
    """Values a reason names: (authority id, kind, mg/day, the authority's band) each."""
    return tuple((r.authority, r.kind, r.value, r.age_label) for r in recs.itertuples())


@derived
def reconcile(data: Dataset) -> pd.DataFrame:
    """Each article intake figure with the authorities it agrees with, a verdict and what its reason rests
    on, as codes and values: `matching` (authority ids), `verdict` (a code of VERDICTS), `named` (the
    authority the figure names, or None), `stated_kind` and `kinds` (the kind the article calls the value,
    when the matching authorities' kinds differ from it, and those kinds), `shown` (the values the reason
    cites: the named authority's when it disagrees, the nearest when nothing matches), `one_sex` (the one
    sex the matching values hold for, when the figure is given for everyone) and `unverified` (matching
    authorities whose value is not verified). reason_text turns a row into words.

    The columns `matches` and `reason` hold the same in English words, for chapters/claims.py until it
    renders a row with reason_text in its own language."""
    values = recommended(data)
    names = authority_names(data)
    rows = []
    for fig in intake_figures(data).itertuples():
        cands = _candidates(values, fig)
        matching = [a for a, recs in cands.groupby("authority", sort=False) if _matches(fig, recs["value"])]
        named = fig.attributed_to if isinstance(fig.attributed_to, str) else None
        row = {"figure": fig.id, "source": fig.source, "as_written": fig.as_written, "matching": tuple(matching),
               "named": named, **_verdict(fig, cands, matching, named),
               "one_sex": _one_sex_only(fig, cands, matching) if fig.sex == "any" and matching else None,
               "unverified": tuple(a for a in matching if not cands[cands["authority"] == a]["verified"].all())}
        rows.append(row)
    out = pd.DataFrame(rows)
    out["matches"] = [", ".join(names[a] for a in m) or "none" for m in out["matching"]]
    out["reason"] = [reason_text(data, rec) for rec in out.itertuples()]
    return out


def _one_sex_only(fig, cands, matching) -> str | None:
    """The one sex whose values a figure given for everyone matches, if only one's do."""
    fits = [sex for sex in SEXES
            if all(_matches(fig, cands[(cands["authority"] == a) & cands["sex"].isin([sex, "any"])]["value"])
                   for a in matching)]
    return fits[0] if len(fits) == 1 else None


def _verdict(fig, cands, matching, named) -> dict:
    kinds = tuple(sorted(set(cands[cands["authority"].isin(matching)]["kind"])))
    mislabelled = isinstance(fig.stated_kind, str) and bool(kinds) and fig.stated_kind not in kinds
    kind = {"stated_kind": fig.stated_kind if mislabelled else None, "kinds": kinds if mislabelled else ()}
    if named and named in matching:
        return {"verdict": "agrees_named_mislabelled" if mislabelled else "agrees_named", "shown": (), **kind}
    if named and matching:
        return {"verdict": "other_than_named", "shown": (), **kind}
    if named:
        return {"verdict": "disagrees_named", "shown": _shown(cands[cands["authority"] == named]),
                "stated_kind": None, "kinds": ()}
    if matching:
        return {"verdict": "matches", "shown": (), **kind}
    nearest = (cands.assign(gap=(cands["value"] - (fig.low + fig.high) / 2).abs())
               .drop_duplicates(["authority", "kind", "value"]).nsmallest(2, "gap"))
    return {"verdict": "none", "shown": _shown(nearest), "stated_kind": None, "kinds": ()}


def verdict_text(rec, lang: str = SOURCE_LANGUAGE) -> str:
    """A row of reconcile's verdict in words."""
    return text(VERDICTS[rec.verdict], lang)


def reason_text(data: Dataset, rec, lang: str = SOURCE_LANGUAGE) -> str:
    """A row of reconcile's reason in words: why the verdict, and what to know about the match."""
    names = authority_names(data)
    joined = ", ".join(names[a] for a in rec.matching)
    shown = "; ".join(text("matching.value", lang, authority=names[a], kind=k, value=number(v, lang), band=b)
                      for a, k, v, b in rec.shown)
    sentences = {
        "other_than_named": [text("matching.reason.other_than_named", lang, named=names.get(rec.named, ""),
                                  matching=joined)],
        "disagrees_named": [text("matching.reason.disagrees_named", lang, named=names.get(rec.named, ""),
                                 values=shown or text("matching.no_value", lang))],
        "matches": [text("matching.reason.matches", lang, matching=joined)],
        "none": [text("matching.reason.none", lang, values=shown or text("matching.none_for_group", lang))],
    }.get(rec.verdict, [])
    if isinstance(rec.stated_kind, str):
        sentences.append(text("matching.reason.kind", lang, stated=rec.stated_kind, kinds=" / ".join(rec.kinds)))
    if isinstance(rec.one_sex, str):
        sentences.append(text("matching.reason.one_sex", lang, sex=data.label("sex", rec.one_sex, lang)))
    if rec.unverified:
        unverified = ", ".join(names[a] for a in rec.unverified)
        sentences.append(text("matching.reason.unverified", lang, authorities=unverified))
    return " ".join(sentences)


WITHIN, PARTLY_ABOVE, ABOVE = "within", "partly_above", "above"


def compare(low: float, high: float, limit: float) -> str:
    """Where a dose range lies against a limit: WITHIN, PARTLY_ABOVE or ABOVE; a dose equal to the
    limit is within it."""
    if high <= limit:
        return WITHIN
    return ABOVE if low >= limit else PARTLY_ABOVE


AGREES, DIFFERS, NO_LIMIT = "agrees", "differs", "none"


def stated_limit_check(data: Dataset, fig) -> tuple[str, pd.DataFrame] | None:
    """For an upper limit an article states and attributes to an authority, a code and that authority's
    limits for the figure's age (the adult age when it names none): AGREES when one of them is the
    figure's value, DIFFERS when they differ, NO_LIMIT (with no rows) when it sets none. None for any
    other figure. The chapter words the code."""
    if fig.topic != "upper_limit" or not isinstance(fig.attributed_to, str):
        return None
    age = (months(fig.age_from, fig.age_unit) if isinstance(fig.age_unit, str)
           else months(data.parameter("adult_age"), "years"))
    found = limits(data)
    found = found[(found["authority"] == fig.attributed_to) & (found["life_stage"] == "general")
                  & (found["from_m"] <= age) & (age < found["to_m"])]
    if found.empty:
        return NO_LIMIT, found
    same = found[(found["value"] >= fig.low) & (found["value"] <= fig.high)]
    return (AGREES if not same.empty else DIFFERS), found
