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
    assert list(found.columns) == ["authority", "kind", "value", "age_label", "applies_to", "verified", "status",
                                   "id"]
    assert set(found["authority"]) <= set(DATA.authorities["id"])
    shown = reference.intake(34, "female", "lactation", data=DATA)
    assert list(shown["mg/day"]) == list(found["value"])
    dutch = reference.intake(34, "female", "lactation", data=DATA, lang="nl")
    assert list(dutch.columns) == ["Instantie", "Soort waarde", "mg/dag", "Indeling van de instantie", "Geldt voor",
                                   "Gecontroleerd"]
    assert set(dutch["Gecontroleerd"]) <= {"ja", "nee", "nee, vervangen", "nee, concept"}


def test_an_error_carries_its_key_and_speaks_each_language():
    with pytest.raises(IntakeQueryError) as caught:
        reference.intake(30, "male", "pregnancy")
    assert caught.value.key == "reference.error.women_only"
    dutch = caught.value.message("nl")
    quoted = "\N{LEFT SINGLE QUOTATION MARK}zwangerschap\N{RIGHT SINGLE QUOTATION MARK}"
    assert f"{quoted} geldt alleen voor vrouwen" in dutch
    assert "life_stage" not in dutch and "general" not in dutch  # the reader is told the form's words, not code
    with pytest.raises(IntakeQueryError) as caught:
        reference.intake(-2.5, "female")
    assert str(caught.value) == "age cannot be negative, got -2.5 years"
    assert caught.value.message("nl") == "een leeftijd kan niet negatief zijn: -2,5 jaar"


def test_reconcile_gives_codes_and_the_reason_in_words_follows_from_them():
    rec = matching.reconcile(DATA)
    assert set(rec["verdict"]) <= set(matching.VERDICTS)
    assert all(set(m) <= set(DATA.authorities["id"]) for m in rec["matching"])
    assert "reason" not in rec and "matches" not in rec  # words are the chapters', in the reader's language
    for row in rec.itertuples():
        words = {lang: matching.reason_text(DATA, row, lang) for lang in ("en", "nl")}
        assert bool(words["en"]) == bool(words["nl"]), row.figure
        assert words["en"] != words["nl"] or not words["en"], row.figure


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
        assert fig.axes[0].get_ylabel() == "Voedingsnorm (mg/dag)"
    finally:
        plt.close(fig)


# ---- verdicts that respect bands and status; the doubt shown where the value is -----------------------

RECONCILED = matching.reconcile(DATA).set_index("figure")


def test_a_value_found_in_one_band_does_not_match_a_figure_whose_other_bands_say_otherwise():
    # 'men 14 and over: 350': EFSA's 350 holds from 18; for boys 10 to < 18 it sets 300 (efsa2015-ai-m-10).
    row = RECONCILED.loc["webshop2024-f08"]
    assert "efsa2015" not in row["matching"] and "efsa2015" in row["partial"]
    assert "nnr2012" in row["matching"]
    reason = matching.reason_text(DATA, row)
    assert "only part of the group" in reason and "300" in reason


def test_every_matching_authority_holds_the_value_in_every_band_the_figure_names():
    values = reference.recommended(DATA)
    figs = matching.intake_figures(DATA).set_index("figure")
    for fid, row in RECONCILED.iterrows():
        fig = figs.loc[fid]
        if not fig["ages_named"] or fig["qualifier"] == "at_least":
            continue
        for authority in row["matching"]:
            own = values[(values["authority"] == authority) & (values["life_stage"] == fig["stage"])
                         & (values["from_m"] < fig["to_m"]) & (values["to_m"] > fig["from_m"])]
            sexes = ["female", "male"] if fig["sex"] == "any" else [fig["sex"]]
            assert any(own[own["sex"].isin([sex, "any"])]["value"].between(fig["low"], fig["high"]).all()
                       for sex in sexes), (fid, authority)


def test_a_superseded_or_foreign_value_presented_as_the_dutch_norm_gets_that_verdict():
    # The Dutch table's child numbers are NNR 2012's (superseded), credited to the Gezondheidsraad.
    for fid in ("webshop2024-f03", "webshop2024-f04", "webshop2024-f05", "webshop2024-f06", "webshop2024-f07",
                "webshop2024-f08", "webshop2024-f09", "webshop2024-f12"):
        assert RECONCILED.loc[fid, "verdict"] == "superseded_as_dutch", fid
        assert ("nnr2012", "superseded") in RECONCILED.loc[fid, "not_current"]
    # 'men 14 and over': the Gezondheidsraad's 350 is for 18 and over only; the whole group's is NNR 2012's
    assert ("gr_nl", ("gr_nl-ai-m-18",)) in RECONCILED.loc["webshop2024-f08", "uncovered"]  # its band, by value
    # A current Dutch value (the Gezondheidsraad's 2021 pregnancy advice) is not another authority's.
    assert RECONCILED.loc["webshop2024-f11", "verdict"] == "other_than_named"
    words = {text for text in mgtables.registry.get("intake-reconciliation").data["Verdict"]}
    assert "presents a superseded value as the current Dutch norm" in words


def test_every_figure_whose_why_names_another_kind_counts_as_mislabelled():
    # The count in the prose is the figures whose Why column says the article calls the value by another
    # kind, whatever their verdict (a superseded value can be mislabelled too).
    why = mgtables.registry.get("intake-reconciliation").data.set_index("Figure")["Why"]
    said = {fid for fid, reason in why.items() if "The article calls it" in reason}
    assert intakes.headline_values(DATA)["n_mislabelled"] == len(said)
    assert {"webshop2024-f10", "webshop2024-f12"} <= said  # one agreeing, one superseded value


def test_the_lookup_and_the_tables_show_the_status():
    found = reference.lookup(30, "male", data=DATA)
    assert dict(zip(found["authority"], found["status"], strict=False))["nnr2012"] == "superseded"
    shown = reference.intake(30, "male", data=DATA).set_index("Authority")
    assert shown.loc["NNR 2012", "Verified"] == "no, superseded"
    assert shown.loc["EFSA 2015", "Verified"] == "yes"
    table = intakes.intakes_table(DATA, "en").data
    assert table["NNR 2012"].str.contains(", superseded").any()
    assert not table["EFSA 2015"].str.contains("superseded").any()
    values = intakes.reference_values_table(DATA, "en").data.set_index("Id")
    assert values.loc["nnr2012-ri-m-14", "Why"].startswith("Status: " + DATA.label("value_status", "superseded"))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_reason_names_each_band_it_cites_in_the_pages_language(lang):
    other = {"en": "nl", "nl": "en"}[lang]
    cited = 0
    for rec in RECONCILED.reset_index().itertuples():
        reason = matching.reason_text(DATA, rec, lang)
        ids = [s[3] for s in (*rec.shown, *rec.partial_shown)] + [i for _, ids in rec.uncovered for i in ids]
        own = [reference.band(DATA, value_id, lang) for value_id in ids]
        for value_id in ids:
            assert reference.band(DATA, value_id, lang) in reason, (rec.figure, value_id)
            foreign = reference.band(DATA, value_id, other)
            if not any(foreign in band for band in own):  # the authority's own words may be alike in both
                assert foreign not in reason, (rec.figure, value_id)
                cited += 1
    assert cited  # some bands read differently in the two languages, and each page has its own


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_what_each_copy_shows_is_given_in_the_pages_language(lang):
    html = intakes.doubts_html(DATA, lang)
    values = intakes.reference_values_table(DATA, lang).data.set_index(mgtables.i18n.text("intakes.col.id", lang))
    why = mgtables.i18n.text("intakes.col.why_in_doubt", lang)
    for rec in (r for r in DATA.reference_values.itertuples() if reference.in_doubt(r)):
        for item in rec.evidence:
            for name in ("where", "shows"):
                own = item[mgtables.dataset.in_language(name, lang)]
                assert mgtables.escape.html_text(own) in html and own in values.loc[rec.id, why], (rec.id, name)


def test_every_value_in_doubt_carries_why_one_click_away():
    html = intakes.doubts_html(DATA)
    values = intakes.reference_values_table(DATA, "en").data.set_index("Id")
    for rec in DATA.reference_values.itertuples():
        doubtful = not rec.verified or rec.status != "final"
        assert (f'id="doubt-{rec.id}"' in html) == doubtful, rec.id
        assert bool(values.loc[rec.id, "Why"]) == doubtful, rec.id
    # what each copy shows, the copies that disagree among them: an Icelandic page's slip (200 for 10-13 y)
    assert "heilsutorg.is" in values.loc["nnr2012-ri-m-14", "Why"] and "200" in values.loc["nnr2012-ri-m-14", "Why"]
    n_doubtful = sum(1 for r in DATA.reference_values.itertuples() if not r.verified or r.status != "final")
    assert html.count("<details") == html.count("</details>") == n_doubtful  # the copies' text is escaped
