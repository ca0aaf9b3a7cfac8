"""The evidence behind the reference values and the register (issues 14 and 15) on the dataset itself: who
set each Dutch value, what stands behind a verified value, the written stance and register rules, and the
EU labelling values."""

from __future__ import annotations

import math

import mgtables
from mgtables.validate import FIRST_HAND

DATA = mgtables.load()
VALUES = DATA.reference_values.set_index("id")


def test_every_verified_value_rests_on_the_authoritys_own_document_or_page():
    for rec in DATA.reference_values[DATA.reference_values["verified"]].itertuples():
        assert any(item["kind"] in FIRST_HAND for item in rec.evidence), rec.id


def test_no_value_or_register_entry_cites_a_source_article():
    marks = [m for src in DATA.sources.itertuples() for m in (src.id, src.file)]
    for frame in (DATA.reference_values, DATA.health_claims, DATA.labelling_values):
        for rec in frame.itertuples():
            for item in rec.evidence:
                text = " ".join(str(item.get(k) or "") for k in ("where", "address", "copy_of"))
                assert not any(m in text for m in marks), (rec.id, text)
                assert not item.get("copies_source"), rec.id


def test_the_gezondheidsraads_2018_report_has_adult_values_only():
    adults = DATA.reference_values[DATA.reference_values["authority"] == "gr_nl"]
    assert set(adults["age_from"]) == {18} and set(adults["life_stage"]) == {"general"}


def test_the_dutch_tables_older_values_are_nordic_superseded_and_unverified():
    nordic = DATA.reference_values[DATA.reference_values["authority"] == "nnr2012"]
    assert len(nordic) == 9
    assert set(nordic["status"]) == {"superseded"} and not nordic["verified"].any()
    assert set(nordic["kind"]) == {"RI"}
    assert "Nordic" in DATA.label("kind", "RI")


def test_pregnancy_and_lactation_belong_to_the_councils_own_advice():
    assert VALUES.loc["gr2021-ai-preg", "authority"] == "gr2021"
    assert (VALUES.loc["gr2024-ai-lact", "status"], VALUES.loc["gr2024-ai-lact", "verified"]) == ("draft", False)
    assert DATA.reference_values[DATA.reference_values["authority"] == "gr2025"].empty  # no copy shows numbers


def test_every_stance_and_register_status_has_its_written_rule():
    for vocab in ("stance", "register_status"):
        for term, fields in DATA.vocabulary[vocab].items():
            assert len(fields.get("rule", "")) > 40, f"{vocab}.{term}"


def test_a_recoded_stance_says_why():
    text = (DATA.directory / "claims.yaml").read_text(encoding="utf-8")
    assert text.count("# recoded:") == 5


def test_every_claim_key_has_a_register_status_and_the_cited_entries_exist():
    keys = DATA.claim_keys
    assert keys["register_status"].notna().all()
    cited = keys[keys["register_status"].isin(["authorised", "beyond_authorised", "not_authorised"])]
    assert set(cited["register_entry"]) <= set(DATA.health_claims["id"])
    assert keys[~keys.index.isin(cited.index)]["register_entry"].isna().all()


def test_nothing_in_the_register_is_verified_and_every_entry_has_evidence():
    assert not DATA.health_claims["verified"].any()
    assert all(len(ev) > 0 for ev in DATA.health_claims["evidence"])


def test_the_labelling_values_follow_from_the_nrv():
    values = DATA.labelling_values.set_index("id")
    assert values.loc["eu-nrv", "value"] == 375
    assert values.loc["eu-source-of-food", "value"] == 56.25
    assert values.loc["eu-source-of-beverage", "value"] == 28.125
    assert values.loc["eu-high-food", "value"] == 2 * values.loc["eu-source-of-food", "value"]
    assert values.loc["eu-high-beverage", "value"] == 2 * values.loc["eu-source-of-beverage", "value"]
    assert not values["verified"].any()
    assert all(math.isnan(p) or p > 0 for p in values["percent_nrv"])
