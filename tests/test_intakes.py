"""The intake lookup and the harmonised intake table, tested against the reference records."""

from __future__ import annotations

import itertools
import math

import pytest

import mgtables
from mgtables.chapters import intakes
from mgtables.domain import reference
from mgtables.domain.reference import IntakeQueryError

DATA = mgtables.load()
NAMES = reference.authority_names(DATA)


def _probe_age(rec) -> tuple[float, str]:
    """An age inside the record's band, in the band's own unit (open bands: an adult age)."""
    unit = rec.age_unit if isinstance(rec.age_unit, str) else "years"
    lo = 0 if math.isnan(rec.age_from) else rec.age_from
    if math.isnan(rec.age_from) and rec.life_stage != "general":
        lo = 30
    return lo, unit


@pytest.mark.parametrize("rec", list(DATA.reference_values.itertuples()), ids=lambda r: r.id)
def test_lookup_returns_every_record_for_an_age_inside_its_band(rec):
    age, unit = _probe_age(rec)
    sexes = ["female", "male"] if rec.sex == "any" else [rec.sex]
    for sex in sexes:
        if rec.life_stage != "general" and sex == "male":
            continue
        found = reference.intake(age, sex, rec.life_stage, unit=unit)
        rows = found[(found["Authority"] == NAMES[rec.authority]) & (found["Kind"] == rec.kind)]
        assert list(rows["mg/day"]) == [rec.value]
        assert list(rows["Authority's band"]) == [rec.age_label]


def test_lookup_in_months_and_years_agree():
    assert reference.intake(24, "female", unit="months").equals(reference.intake(2, "female"))


def test_upper_band_bound_is_exclusive():
    # A value whose band ends at age_to must not be returned at exactly age_to.
    rec = next(r for r in DATA.reference_values.itertuples() if not math.isnan(r.age_to) and r.sex == "male")
    found = reference.intake(rec.age_to, "male", rec.life_stage, unit=rec.age_unit)
    rows = found[(found["Authority"] == NAMES[rec.authority]) & (found["Kind"] == rec.kind)]
    assert rec.age_label not in list(rows["Authority's band"])


BAD = {
    "negative age": ((-1, "female"), {}, "cannot be negative"),
    "unknown life stage": ((30, "female"), {"life_stage": "retired"}, "unknown life stage 'retired'"),
    "pregnant man": ((30, "male"), {"life_stage": "pregnancy"}, "applies to women only"),
    "unknown sex": ((30, "x"), {}, "unknown sex 'x'"),
    "age beyond every table": ((130, "female"), {}, "beyond every table"),
    "unknown unit": ((30, "female"), {"unit": "decades"}, "unknown age unit"),
    "not a number": (("thirty", "female"), {}, "must be a number"),
    "pregnant child": ((5, "female"), {"life_stage": "pregnancy"}, "no authority in the dataset"),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_impossible_input_gets_a_clear_error(case):
    args, kwargs, words = case
    with pytest.raises(IntakeQueryError, match=words):
        reference.intake(*args, **kwargs)


def test_harmonised_table_shows_every_recommended_value():
    table = intakes.harmonised(DATA)
    text = table.to_string()
    for rec in reference.recommended(DATA).itertuples():
        assert f"{rec.value:g} {rec.kind}" in text and rec.age_label in text, rec.id


def test_harmonised_bands_do_not_overlap_within_a_stage_and_sex():
    table = intakes.harmonised(DATA)
    for _, group in table.groupby(["stage", "sex"]):
        bands = sorted(zip(group["from_m"], group["to_m"], strict=True))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(bands))
