"""The articles' figures matched to the authorities' values: each daily-intake figure to the
authorities whose value it reproduces, a dose to an upper limit, and a stated limit to the limits of
the authority it names."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import Dataset, derived
from ..formatting import kind_abbreviation, number
from ..i18n import SOURCE_LANGUAGE, text
from .ages import adult_band, childbearing_band, months
from .reference import SEXES, STAGES, authority_names, band, limits, recommended


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
        rows.append({"figure": fig.id, "stage": stage, "sex": sex, "from_m": lo, "to_m": hi,
                     "ages_named": not (pd.isna(fig.age_from) and pd.isna(fig.age_to))})
    return figs.drop(columns=["sex"]).reset_index(drop=True).join(pd.DataFrame(rows))


@dataclass(frozen=True)
class _Stage:
    """The recommended values of one life stage, as records (itertuples rows, in file order) and as arrays
    of the columns a figure's candidates are chosen by, so that choosing them costs one vectorised pass."""

    records: list
    sex: np.ndarray
    from_m: np.ndarray
    to_m: np.ndarray


_NO_VALUES = _Stage([], np.array([], dtype=object), np.array([]), np.array([]))


@derived(shared=True)
def _stages(data: Dataset) -> dict[str, _Stage]:
    return {stage: _Stage(list(rows.itertuples()), rows["sex"].to_numpy(), rows["from_m"].to_numpy(),
                          rows["to_m"].to_numpy())
            for stage, rows in recommended(data).groupby("life_stage", sort=False)}


def _candidates(stage: _Stage, fig) -> list:
    """The values (records) of the figure's life stage for its sex (or any) whose bands overlap its ages."""
    sexes = ["female", "male", "any"] if fig.sex == "any" else [fig.sex, "any"]
    chosen = np.isin(stage.sex, sexes) & (stage.from_m < fig.to_m) & (stage.to_m > fig.from_m)
    return [stage.records[i] for i in np.flatnonzero(chosen)]


def _held(fig, recs: list) -> list:
    """The values of `recs` (one authority's candidates) the figure must hold for: every band it overlaps
    when the figure names its ages; when it names none (read as adults, or women of child-bearing age),
    the bands that begin inside that reading, so that a band of teenagers reaching into the adult years
    does not count against an adult figure (all overlapped bands when none begins inside)."""
    if fig.ages_named:
        return recs
    return [r for r in recs if r.from_m >= fig.from_m] or recs


def _fits(fig, value: float) -> bool:
    """Whether one band's value agrees with the figure: within its range, or at least its value."""
    return value >= fig.low if fig.qualifier == "at_least" else fig.low <= value <= fig.high


def _found(fig, recs: list) -> bool:
    """Whether the figure's value (both ends of a range) occurs among the values of `recs`."""
    found = {r.value for r in recs}
    return fig.low in found if fig.qualifier == "at_least" else fig.low in found and fig.high in found


def _matches(fig, recs: list) -> bool:
    """Whether one authority's candidate values reproduce the figure: its value (both ends of a range)
    occurs among them, and every band the figure must hold for (_held) has a value that fits it. A value
    found in one band while an overlapped band of the same authority says otherwise is no match (it is
    partial)."""
    return _found(fig, recs) and all(_fits(fig, r.value) for r in _held(fig, recs))


def _by_sex(fig, recs: list) -> list[str]:
    """The sexes whose values of one authority match the figure: for a figure given for everyone, each
    sex is tried on its own (with the values for any sex); for one sex, that sex."""
    sexes = list(SEXES) if fig.sex == "any" else [fig.sex]
    return [sex for sex in sexes if _matches(fig, [r for r in recs if r.sex in (sex, "any")])]


# The verdicts of reconcile, as codes, and the key of each one's wording.
VERDICTS = {
    "agrees_named": "matching.verdict.agrees_named",
    "agrees_named_mislabelled": "matching.verdict.agrees_named_mislabelled",
    "other_than_named": "matching.verdict.other_than_named",
    "disagrees_named": "matching.verdict.disagrees_named",
    "superseded_as_dutch": "matching.verdict.superseded_as_dutch",
    "foreign_as_dutch": "matching.verdict.foreign_as_dutch",
    "matches": "matching.verdict.matches",
    "partly": "matching.verdict.partly",
    "none": "matching.verdict.none",
}
# The region of the authorities whose values are the Dutch norm (data/authorities.yaml `region`): a figure
# that names one of them presents its value as the Dutch norm.
DUTCH_REGION = "Netherlands"
CURRENT = "final"  # the status (reference_values.yaml) of an authority's current value


def _shown(recs: list) -> tuple[tuple, ...]:
    """Values (records) a reason names: (authority id, kind, mg/day, the value's id, for its band) each."""
    return tuple((r.authority, r.kind, r.value, r.id) for r in recs)


@derived
def reconcile(data: Dataset) -> pd.DataFrame:
    """Each article intake figure with the authorities it agrees with, a verdict and what its reason rests
    on, as codes and values: `matching` (authority ids), `verdict` (a code of VERDICTS), `named` (the
    authority the figure names, or None), `stated_kind` and `kinds` (the kind the article calls the value,
    when the matching authorities' kinds differ from it, and those kinds), `shown` (the values the reason
    cites: the named authority's when it disagrees, the nearest when nothing matches), `one_sex` (the one
    sex the matching values hold for, when the figure is given for everyone), `unverified` (matching
    authorities whose value is not verified), `partial` (authorities that have the figure's value in some
    of the bands it overlaps but another value in others: no match), `uncovered` (matching authorities whose
    bands cover only part of the figure's named ages, with those bands) and `not_current` ((authority, status)
    pairs of matching values that are not the authority's current one: superseded or draft). A figure that
    names a Dutch authority (DUTCH_REGION) but reproduces only other authorities' or no longer current
    values gets superseded_as_dutch or foreign_as_dutch. reason_text turns a row into words, in the reader's
    language."""
    region = dict(zip(data.authorities["id"], data.authorities["region"], strict=True))
    stages = _stages(data)
    rows = []
    for fig in intake_figures(data).itertuples():
        cands = _candidates(stages.get(fig.stage, _NO_VALUES), fig)
        mine: dict[str, list] = {}  # each authority's candidates, authorities in the order of their values
        for r in cands:
            mine.setdefault(r.authority, []).append(r)
        fits = {a: _by_sex(fig, recs) for a, recs in mine.items()}
        matching = [a for a, sexes in fits.items() if sexes]
        partial = tuple(a for a, recs in mine.items() if not fits[a] and _found(fig, recs))
        partly = set(partial)
        named = fig.attributed_to if isinstance(fig.attributed_to, str) else None
        uncovered = _uncovered(fig, mine, matching)
        status = {a: tuple(sorted({r.status for r in mine[a] if fig.low <= r.value <= fig.high} - {CURRENT}))
                  for a in matching}
        row = {"figure": fig.id, "source": fig.source, "as_written": fig.as_written, "matching": tuple(matching),
               "named": named, **_verdict(fig, cands, matching, named, partial, status, region, uncovered),
               "one_sex": _one_sex_only(fits, matching) if fig.sex == "any" and matching else None,
               "unverified": tuple(a for a in matching if not all(r.verified for r in mine[a])),
               "partial": partial, "partial_shown": _shown([r for r in cands if r.authority in partly]),
               "uncovered": uncovered,
               "not_current": tuple((a, st) for a, sts in status.items() for st in sts)}
        rows.append(row)
    return pd.DataFrame(rows)


def _uncovered(fig, by_authority: dict, matching) -> tuple[tuple, ...]:
    """Matching authorities that set no value for the youngest part of a figure's named age group (their
    bands begin later, or end earlier than an open group), with the bands they do set: (authority id,
    (the id of a value of each band, ...)) each. `by_authority` holds each authority's candidate values."""
    if not fig.ages_named:
        return ()
    out = []
    for a in matching:
        mine = by_authority[a]
        if min(r.from_m for r in mine) > fig.from_m or max(r.to_m for r in mine) < fig.to_m:
            first: dict[str, str] = {}  # the first value's id of each band
            for r in mine:
                first.setdefault(r.age_label, r.id)
            out.append((a, tuple(first.values())))
    return tuple(out)


# The sentence for a value that holds for one sex only, by that sex: "only for men", not "for sex: male".
ONE_SEX = {"female": "matching.reason.one_sex_female", "male": "matching.reason.one_sex_male"}


def _one_sex_only(fits: dict, matching) -> str | None:
    """The one sex whose values a figure given for everyone matches, if only one's do (for every matching
    authority)."""
    both = [sex for sex in SEXES if all(sex in fits[a] for a in matching)]
    return both[0] if len(both) == 1 else None


def _verdict(fig, cands, matching, named, partial=(), status=None, region=None, uncovered=()) -> dict:
    """The verdict code of one figure and what its reason cites. The named authority agrees only if it
    sets the value for the whole of the figure's group, unless no matching authority does (`covering`)."""
    matched = set(matching)
    kinds = tuple(sorted({r.kind for r in cands if r.authority in matched}))
    mislabelled = isinstance(fig.stated_kind, str) and bool(kinds) and fig.stated_kind not in kinds
    kind = {"stated_kind": fig.stated_kind if mislabelled else None, "kinds": kinds if mislabelled else ()}
    part = {a for a, _ in uncovered}
    covering = [a for a in matching if a not in part] or list(matching)
    if named and named in covering:
        return {"verdict": "agrees_named_mislabelled" if mislabelled else "agrees_named", "shown": (), **kind}
    if named and matching and (region or {}).get(named) == DUTCH_REGION:
        dutch_now = [a for a in covering if region.get(a) == DUTCH_REGION and not (status or {}).get(a)]
        if not dutch_now:  # the article's Dutch norm is another authority's, or no longer anyone's current value
            superseded = all((status or {}).get(a) for a in covering)
            return {"verdict": "superseded_as_dutch" if superseded else "foreign_as_dutch", "shown": (), **kind}
    if named and matching:
        return {"verdict": "other_than_named", "shown": (), **kind}
    if named:
        return {"verdict": "disagrees_named", "shown": _shown([r for r in cands if r.authority == named]),
                "stated_kind": None, "kinds": ()}
    if matching:
        return {"verdict": "matches", "shown": (), **kind}
    if partial:
        return {"verdict": "partly", "shown": (), "stated_kind": None, "kinds": ()}
    middle = (fig.low + fig.high) / 2
    distinct: dict[tuple, object] = {}  # the first record of each authority, kind and value
    for r in cands:
        distinct.setdefault((r.authority, r.kind, r.value), r)
    nearest = sorted(distinct.values(), key=lambda r: abs(r.value - middle))[:2]  # stable: ties in file order
    return {"verdict": "none", "shown": _shown(nearest), "stated_kind": None, "kinds": ()}


def verdict_text(rec, lang: str = SOURCE_LANGUAGE) -> str:
    """A row of reconcile's verdict in words."""
    return text(VERDICTS[rec.verdict], lang)


def reason_text(data: Dataset, rec, lang: str = SOURCE_LANGUAGE) -> str:
    """A row of reconcile's reason in words: why the verdict, and what to know about the match."""
    names = authority_names(data)
    joined = ", ".join(names[a] for a in rec.matching)
    part = {a for a, _ in tuple(getattr(rec, "uncovered", ()) or ())}
    covering = ", ".join(names[a] for a in rec.matching if a not in part) or joined  # the whole group's
    shown = "; ".join(text("matching.value", lang, authority=names[a], kind=k, value=number(v, lang),
                           band=band(data, b, lang)) for a, k, v, b in rec.shown)
    sentences = {
        "other_than_named": [text("matching.reason.other_than_named", lang, named=names.get(rec.named, ""),
                                  matching=covering)],
        "disagrees_named": [text("matching.reason.disagrees_named", lang, named=names.get(rec.named, ""),
                                 values=shown or text("matching.no_value", lang))],
        "superseded_as_dutch": [text("matching.reason.superseded_as_dutch", lang, named=names.get(rec.named, ""),
                                     matching=covering)],
        "foreign_as_dutch": [text("matching.reason.foreign_as_dutch", lang, named=names.get(rec.named, ""),
                                  matching=covering)],
        "matches": [text("matching.reason.matches", lang, matching=joined)],
        "partly": [],
        "none": [text("matching.reason.none", lang, values=shown or text("matching.none_for_group", lang))],
    }.get(rec.verdict, [])
    partial = tuple(getattr(rec, "partial", ()) or ())
    if partial:
        values = "; ".join(text("matching.value", lang, authority=names[a], kind=k,
                                value=number(v, lang), band=band(data, b, lang)) for a, k, v, b in rec.partial_shown)
        sentences.append(text("matching.reason.partial", lang, authorities=", ".join(names[a] for a in partial),
                              values=values))
    for authority, covered in tuple(getattr(rec, "uncovered", ()) or ()):
        sentences.append(text("matching.reason.uncovered", lang, authority=names[authority],
                              bands="; ".join(band(data, b, lang) for b in covered)))
    for authority, status in tuple(getattr(rec, "not_current", ()) or ()):
        sentences.append(text("matching.reason.status", lang, authority=names[authority],
                              status=data.label("value_status", status, lang)))
    if isinstance(rec.stated_kind, str):
        kinds = " / ".join(kind_abbreviation(k, lang) for k in rec.kinds)
        sentences.append(text("matching.reason.kind", lang, stated=rec.stated_kind, kinds=kinds))
    if isinstance(rec.one_sex, str):
        sentences.append(text(ONE_SEX[rec.one_sex], lang))
    if rec.unverified:
        unverified = [names[a] for a in rec.unverified]
        if len(unverified) == 1:
            sentences.append(text("matching.reason.unverified", lang, authorities=unverified[0]))
        else:  # "the values of A and B are", not "the value of A, B is"
            listed = text("answers.listing.and", lang, items=", ".join(unverified[:-1]), last=unverified[-1])
            sentences.append(text("matching.reason.unverified_many", lang, authorities=listed))
    return " ".join(sentences)


@derived
def _limits_by_authority(data: Dataset) -> dict[str, pd.DataFrame]:
    return dict(tuple(limits(data).groupby("authority", sort=False)))


WITHIN, PARTLY_ABOVE, ABOVE = "within", "partly_above", "above"


def compare(low: float, high: float, limit: float) -> str:
    """Where a dose range lies against a limit: WITHIN, PARTLY_ABOVE or ABOVE; a dose equal to the
    limit is within it, so a range from the limit up is partly above it."""
    if high <= limit:
        return WITHIN
    return ABOVE if low > limit else PARTLY_ABOVE


AGREES, DIFFERS, NO_LIMIT = "agrees", "differs", "none"


def stated_limit_check(data: Dataset, fig) -> tuple[str, pd.DataFrame] | None:
    """For an upper limit or a no-adverse-effect level (stated_kind NOAEL) an article states and attributes
    to an authority, a code and that authority's values to compare: AGREES when one of them is the
    figure's value, DIFFERS when they differ, NO_LIMIT (with no rows) when it sets none. An upper limit is
    compared with the authority's limits for the figure's age (the adult age when it names none); a NOAEL
    with the authority's NOAELs, whatever their band (a NOAEL is the level of a study's subjects, not a
    value per age). None for any other figure. The chapter words the code."""
    if not isinstance(fig.attributed_to, str):
        return None
    found = _limits_by_authority(data).get(fig.attributed_to)
    if found is None:
        found = limits(data).iloc[0:0]
    found = found[found["life_stage"] == "general"]
    if getattr(fig, "stated_kind", None) == "NOAEL":
        found = found[found["kind"] == "NOAEL"]
    elif fig.topic == "upper_limit":
        age = (months(fig.age_from, fig.age_unit) if isinstance(fig.age_unit, str)
               else months(data.parameter("adult_age"), "years"))
        found = found[(found["from_m"] <= age) & (age < found["to_m"])]
    else:
        return None
    if found.empty:
        return NO_LIMIT, found
    same = found[(found["value"] >= fig.low) & (found["value"] <= fig.high)]
    return (AGREES if not same.empty else DIFFERS), found
