"""The authorities' reference values: recommended intakes and upper limits with their age bands,
every value for one person (the lookup behind the chapter's examples and `mgtables intake`), and
what follows from them for adults and for women in a life stage."""

from __future__ import annotations

import math

import pandas as pd

from ..dataset import Dataset, derived, in_language, indexed, load
from ..formatting import authority_name, kind_abbreviation, number
from ..i18n import SOURCE_LANGUAGE, text
from ..schema import RECOMMENDED_KINDS
from .ages import childbearing_band, months, with_months

RECOMMENDED = RECOMMENDED_KINDS
LIMIT_KINDS = ("UL", "NOAEL")
STAGES = ("general", "pregnancy", "lactation")
SEXES = ("female", "male")
CURRENT = "final"  # the status (reference_values.yaml) of an authority's current value
OLDEST_YEARS = 125  # beyond the oldest recorded human: no table can speak for such an age


class IntakeQueryError(ValueError):
    """A question the reference tables cannot answer: impossible or unknown input. It carries the key of
    its message and the message's values (codes and numbers); str() gives the English message and
    message(lang) the message in another language."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(self.message(SOURCE_LANGUAGE))

    def message(self, lang: str = SOURCE_LANGUAGE) -> str:
        return text(self.key, lang, **{name: _word(value, lang) for name, value in self.values.items()})


# the words for the codes an error message names (the sex, life stage and age unit asked about)
_WORDS = {"female": "reference.word.female", "male": "reference.word.male",
          "general": "reference.word.general", "pregnancy": "reference.word.pregnancy",
          "lactation": "reference.word.lactation", "years": "reference.word.years",
          "months": "reference.word.months"}


class _Code(str):
    """A code an error message names in words (sex, life stage, age unit), as opposed to input echoed."""


def _word(value, lang: str) -> str:
    if isinstance(value, _Code):
        return text(_WORDS[value], lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, lang)
    return str(value)


@derived
def recommended(data: Dataset) -> pd.DataFrame:
    """The recommended-intake values (not upper limits), with their bands in months."""
    return with_months(data.reference_values[data.reference_values["kind"].isin(RECOMMENDED)])


@derived
def limits(data: Dataset) -> pd.DataFrame:
    """Every upper limit and no-adverse-effect level, with its age band in months."""
    return with_months(data.reference_values[data.reference_values["kind"].isin(LIMIT_KINDS)])


def authority_names(data: Dataset, recommending_only: bool = False) -> dict[str, str]:
    """Display names by authority id, in register order; optionally only those that recommend intakes.
    Shared between callers (computed once per dataset): read it, do not change it."""
    return _authority_names(data, recommending_only)


@derived
def _authority_names(data: Dataset, recommending_only: bool) -> dict[str, str]:
    keep = set(recommended(data)["authority"]) if recommending_only else set(data.authorities["id"])
    return {a: authority_name(data, a) for a in data.authorities["id"] if a in keep}


def lookup(age: float, sex: str, life_stage: str = "general", unit: str = "years",
           data: Dataset | None = None) -> pd.DataFrame:
    """Every authority's values for one person: recommended intakes and upper limits, as codes and values
    (authority id, kind, value in mg/day, the authority's band, applies_to code, verified, status: final,
    superseded or draft, and the value's record id), recommended intakes first.

    `age` is in `unit` ('years' or 'months'); `sex` is 'female' or 'male'; `life_stage` is 'general',
    'pregnancy' or 'lactation'. Raises IntakeQueryError for input no table can answer.
    """
    data = data or load()
    if unit not in ("years", "months"):
        raise IntakeQueryError("reference.error.unit", unit=repr(unit))
    if not isinstance(age, int | float) or isinstance(age, bool) or math.isnan(age):
        raise IntakeQueryError("reference.error.not_a_number", age=repr(age))
    if age < 0:
        raise IntakeQueryError("reference.error.negative", age=age, unit=_Code(unit))
    if sex not in SEXES:
        raise IntakeQueryError("reference.error.sex", sex=repr(sex))
    if life_stage not in STAGES:
        raise IntakeQueryError("reference.error.stage", stage=repr(life_stage), stages=", ".join(STAGES))
    if life_stage != "general" and sex == "male":
        raise IntakeQueryError("reference.error.women_only", stage=_Code(life_stage))
    age_m = months(age, unit)
    if age_m > OLDEST_YEARS * 12:
        raise IntakeQueryError("reference.error.too_old", age=age, unit=_Code(unit), oldest=OLDEST_YEARS)
    values = with_months(data.reference_values)
    if life_stage != "general":
        youngest = values[(values["life_stage"] == life_stage) & (values["from_m"] > 0)]["from_m"].min()
        if age_m < youngest:
            raise IntakeQueryError("reference.error.stage_too_young", stage=_Code(life_stage), youngest=youngest / 12)
    fits = values[(values["from_m"] <= age_m) & (age_m < values["to_m"]) & values["sex"].isin([sex, "any"])
                  & (values["life_stage"] == life_stage)]
    if fits.empty:
        raise IntakeQueryError("reference.error.no_value", sex=_Code(sex), age=age, unit=_Code(unit),
                               stage=_Code(life_stage))
    names = authority_names(data)
    out = pd.DataFrame({"authority": fits["authority"], "kind": fits["kind"], "value": fits["value"],
                        "age_label": fits["age_label"], "applies_to": fits["applies_to"],
                        "verified": fits["verified"], "status": fits["status"], "id": fits["id"],
                        "name": [names[a] for a in fits["authority"]]})
    return (out.sort_values(["kind", "name"], key=lambda s: s.map(_kind_order) if s.name == "kind" else s,
                            kind="stable").drop(columns="name").reset_index(drop=True))


def intake(age: float, sex: str, life_stage: str = "general", unit: str = "years",
           data: Dataset | None = None, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """The lookup for one person as the reader sees it (the chapter's examples and `mgtables intake`):
    one row per value, with headers and labels in `lang`; the Verified column also names the status of a
    value that is not the authority's current one. Raises IntakeQueryError as lookup does."""
    data = data or load()
    found = lookup(age, sex, life_stage, unit, data)
    names = authority_names(data)
    return pd.DataFrame({
        text("formatting.col.authority", lang): [names[a] for a in found["authority"]],
        text("formatting.col.kind", lang): [kind_abbreviation(k, lang) for k in found["kind"]],
        text("reference.col.mg_per_day", lang): found["value"],
        text("reference.col.authority_band", lang): [band(data, v, lang) for v in found["id"]],
        text("formatting.col.applies_to", lang): [data.label("applies_to", a, lang) for a in found["applies_to"]],
        text("reference.col.verified", lang): [_verified(v, s, lang) for v, s in zip(found["verified"], found["status"],
                                                                                      strict=True)],
    })


_STATUS_WORDS = {"superseded": "reference.status.superseded", "draft": "reference.status.draft"}


def _verified(verified: bool, status: str, lang: str) -> str:
    """Whether a value is verified, and, for a value that is not the authority's current one, its status
    ('no, superseded'): the lookup's answer shows the doubt beside the value."""
    said = text("reference.yes" if verified else "reference.no", lang)
    return said if status == CURRENT else text("reference.verified_status", lang, verified=said,
                                               status=text(_STATUS_WORDS[status], lang))


def _kind_order(kind: str) -> int:
    return (*RECOMMENDED, *LIMIT_KINDS).index(kind)


def recommended_intake(data: Dataset, authority: str, age: float, sex: str, stage: str = "general") -> pd.Series:
    """The authority's recommended intake (AI, RDA ...) for a person, via the intake lookup: its row, with
    the kind and the value in mg/day."""
    found = intake(age, sex, stage, data=data)
    name = authority_names(data)[authority]
    rows = found[(found["Authority"] == name) & found["Kind"].isin(RECOMMENDED)]
    if rows.empty:
        raise IntakeQueryError("reference.error.no_recommendation", authority=name, sex=_Code(sex), age=age,
                               stage=_Code(stage))
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
    Empty when the authority sets no value for the stage. Shared between callers: read it, do not change it."""
    return _increments(data).get((authority, stage), _NO_INCREMENTS)


_NO_INCREMENTS = pd.DataFrame([], columns=["increment", "verified"])


@derived
def _increments(data: Dataset) -> dict[tuple[str, str], pd.DataFrame]:
    """stage_increments of every authority and life stage, computed in one pass over the values (records, not
    a frame filtered per authority: the filtering would cost more than the arithmetic)."""
    childbearing = childbearing_band(data)
    by_authority: dict[str, list] = {}
    for rec in recommended(data).itertuples():
        by_authority.setdefault(rec.authority, []).append(rec)
    out = {}
    for authority, mine in by_authority.items():
        general = [r for r in mine if r.life_stage == "general" and r.sex in ("female", "any")]
        by_stage: dict[str, list] = {}
        for rec in mine:
            by_stage.setdefault(rec.life_stage, []).append(rec)
        for stage, staged in by_stage.items():
            rows = []
            for rec in staged:
                lo, hi = rec.from_m, rec.to_m
                if lo == 0 and math.isinf(hi):  # no age given: women of child-bearing age
                    lo, hi = childbearing
                rows += [{"increment": rec.value - other.value, "verified": rec.verified and other.verified}
                         for other in general if other.from_m < hi and other.to_m > lo]
            out[authority, stage] = pd.DataFrame(rows, columns=["increment", "verified"])
    return out


def band(data: Dataset, value_id: str, lang: str = SOURCE_LANGUAGE) -> str:
    """A reference value's age band as its authority words it, in `lang`."""
    return indexed(data, "reference_values").at[value_id, in_language("age_label", lang)]


def in_doubt(rec) -> bool:
    """Whether a reference value carries a doubt a reader should see: not verified in the authority's own
    document, or not the authority's current value (superseded or draft)."""
    return not bool(rec.verified) or rec.status != CURRENT


def doubts(data: Dataset, value_id: str, lang: str = SOURCE_LANGUAGE) -> list[dict]:
    """Why a reference value is in doubt, from its evidence: each place it was looked for, once (copies
    recorded under one description and finding are given once), with its kind (evidence_kind) and what
    it shows (both in `lang`), in the order of the record; empty for a value not in doubt."""
    rec = indexed(data, "reference_values").loc[value_id]
    if not in_doubt(rec.rename(value_id)):
        return []
    seen, out = set(), []
    for item in rec["evidence"] if isinstance(rec["evidence"], list) else []:
        key = (item.get("where"), item.get("shows"))
        if key not in seen:
            seen.add(key)
            out.append({"where": item.get(in_language("where", lang), ""), "kind": item.get("kind", ""),
                        "shows": item.get(in_language("shows", lang), "")})
    return out
