"""The intake lookup and the harmonised intake table, tested against the reference records."""

from __future__ import annotations

import itertools
import math

import pytest

import mgtables
from mgtables.chapters import intakes
from mgtables.domain import matching, reference
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


def test_the_lookup_gives_codes_and_intake_words_them():
    found = reference.lookup(34, "female", "lactation", data=DATA)
    assert list(found.columns) == ["authority", "kind", "value", "age_label", "applies_to", "verified"]
    assert set(found["authority"]) <= set(DATA.authorities["id"])
    shown = reference.intake(34, "female", "lactation", data=DATA)
    assert list(shown["mg/day"]) == list(found["value"])
    dutch = reference.intake(34, "female", "lactation", data=DATA, lang="nl")
    assert list(dutch.columns) == ["Instantie", "Soort waarde", "mg/dag", "Indeling van de instantie", "Geldt voor",
                                   "Gecontroleerd"]
    assert set(dutch["Gecontroleerd"]) <= {"ja", "nee"}


def test_an_error_carries_its_key_and_speaks_each_language():
    with pytest.raises(IntakeQueryError) as caught:
        reference.intake(30, "male", "pregnancy")
    assert caught.value.key == "reference.error.women_only"
    assert caught.value.message("nl").startswith("zwangerschap geldt alleen voor vrouwen")
    with pytest.raises(IntakeQueryError) as caught:
        reference.intake(-2.5, "female")
    assert str(caught.value) == "age cannot be negative, got -2.5 years"
    assert caught.value.message("nl") == "een leeftijd kan niet negatief zijn: -2,5 jaar"


def test_reconcile_gives_codes_and_the_reason_in_words_follows_from_them():
    rec = matching.reconcile(DATA)
    assert set(rec["verdict"]) <= set(matching.VERDICTS)
    assert all(set(m) <= set(DATA.authorities["id"]) for m in rec["matching"])
    for row in rec.itertuples():
        assert matching.reason_text(DATA, row) == row.reason, row.figure
        assert (row.matches == "none") == (row.matching == ())


@pytest.mark.parametrize("table_id", ["intakes-by-authority", "intake-reconciliation", "intake-examples",
                                      "reference-values"])
def test_the_dutch_tables_have_dutch_headers_and_no_english_words_of_ours(table_id):
    english, dutch = mgtables.registry.get(table_id), mgtables.registry.get(table_id, lang="nl")
    assert english.data.shape == dutch.data.shape
    assert dutch.caption != english.caption
    authorities = set(NAMES.values()) | {"Id"}
    assert all(c not in english.data.columns for c in dutch.data.columns if c not in authorities)


def test_the_dutch_reconciliation_words_verdicts_and_numbers_the_dutch_way():
    dutch = mgtables.registry.get("intake-reconciliation", lang="nl").data
    assert "komt met geen enkele instantie overeen" in set(dutch["Oordeel"])
    assert not dutch["Waarom"].str.contains("Names no authority").any()
    assert dutch["Voor"].str.contains(" jaar").any()


def test_the_figure_speaks_the_language():
    import matplotlib.pyplot as plt

    fig = intakes.intake_figure(DATA, lang="nl")
    try:
        assert [ax.get_title() for ax in fig.axes] == ["Vrouwen en meisjes", "Mannen en jongens"]
        assert fig.axes[0].get_ylabel() == "Aanbevolen inname (mg/dag)"
    finally:
        plt.close(fig)
