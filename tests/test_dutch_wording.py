"""Texts a Dutch reader would read as machine output if they were filled in blindly: EU regulation titles,
people by age and sex, counts that decide the grammar of their sentence."""

from __future__ import annotations

import pytest

import mgtables
from mgtables.formatting import regulation


@pytest.fixture(scope="module")
def data():
    return mgtables.load()


@pytest.mark.parametrize(("name", "en", "nl"), [
    ("Regulation (EC) No 1924/2006", "Regulation (EC) No 1924/2006", "Verordening (EG) nr. 1924/2006"),
    ("Regulation (EU) No 432/2012", "Regulation (EU) No 432/2012", "Verordening (EU) nr. 432/2012"),
])
def test_a_regulation_is_named_in_the_reader_s_language(name, en, nl):
    assert regulation(name, "en") == en
    assert regulation(name, "nl") == nl


@pytest.mark.parametrize("name", ["Verordening (EG) nr. 1924/2006", "Regulation (EC) 1924/2006",
                                  "Directive (EU) No 2015/2203", ""])
def test_a_title_of_another_form_is_refused_not_passed_through(name):
    with pytest.raises(ValueError, match="not a regulation title"):
        regulation(name, "nl")


@pytest.mark.parametrize(("age", "unit", "sex", "nl", "en"), [
    (8, "months", "female", "meisje", "girl"),
    (15, "years", "male", "jongen", "boy"),
    (17, "years", "any", "kind", "child"),
    (18, "years", "male", "man", "man"),  # the first age of the authorities' adult bands
    (34, "years", "female", "vrouw", "woman"),
    (75, "years", "any", "volwassene", "adult"),
])
def test_a_person_is_a_child_or_an_adult_by_age(data, age, unit, sex, nl, en):
    from mgtables.chapters.intakes import person_word

    assert data.parameter("adults_from") == 18  # the edge case above sits on it
    assert (person_word(data, age, unit, sex, "nl"), person_word(data, age, unit, sex, "en")) == (nl, en)


def test_the_example_people_read_as_people(data):
    from mgtables.chapters.intakes import example_lookups

    people = [who for who, _ in example_lookups(data, "nl")]
    assert people[0] == "Een meisje van 8 maanden" and people[1] == "Een jongen van 15 jaar"


@pytest.mark.parametrize(("n", "nl", "en"), [
    (0, "geen enkele wisselwerking wordt", "no interaction is"),
    (1, "één wisselwerking wordt", "one interaction is"),
    (2, "2 wisselwerkingen worden", "2 interactions are"),
])
def test_a_count_decides_the_grammar_of_its_sentence(n, nl, en):
    from mgtables.i18n import counted

    keys = ("body.glue.conflicts_one", "body.glue.conflicts_many")
    assert counted(n, *keys, "nl", none="body.glue.conflicts_none").startswith(nl)
    assert counted(n, *keys, "en", none="body.glue.conflicts_none").startswith(en)
    assert counted(0, *keys, "nl").startswith("0 wisselwerkingen")  # no zero text given: the plural


def test_the_nordic_recommended_intake_is_no_dutch_ri():
    """In Dutch RI is the referentie-inname of food labels; the Nordic value must not be read as it."""
    from mgtables.formatting import kind_abbreviation

    assert kind_abbreviation("RI", "en") == "RI"
    assert kind_abbreviation("RI", "nl") != "RI" and "NNR" in kind_abbreviation("RI", "nl")
    assert [kind_abbreviation(k, "nl") for k in ("AI", "RDA", "UL")] == ["AI", "RDA", "UL"]


def test_loop_diuretics_are_lisdiuretica_in_dutch():
    """A loop diuretic (furosemide) is a lisdiureticum; 'plasdiuretica' would be every diuretic (a plaspil)."""
    import yaml
    from conftest import ROOT

    pairs = [(rec.get("en", ""), rec.get("nl", "")) for rec in
             yaml.safe_load((ROOT / "data" / "claim_keys.yaml").read_text(encoding="utf-8"))]
    pairs += [(rec.get("paraphrase", ""), rec.get("paraphrase_nl", "")) for rec in
              yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8"))]
    loop = [(en, nl) for en, nl in pairs if "loop diuretic" in en.lower() or "loop and thiazide" in en.lower()]
    assert loop
    for en, nl in loop:
        assert "lisdiuretic" in nl.lower() or nl.lower().startswith("lis-") or " lis- " in nl.lower(), (en, nl)
        assert "plas-" not in nl.lower() and "plasdiuretic" not in nl.lower(), nl


@pytest.mark.parametrize(("table_id", "column"), [("interactions", "body.col.agreement"),
                                                  ("supplement-forms", "limits.col.agreement"),
                                                  ("losses-and-risk-groups", "limits.col.agreement")])
def test_the_agreement_of_the_sources_is_worded_in_the_table_s_language(data, table_id, column):
    """'4 sources agree', 'one source only', 'conflict', 'qualified by ...' are English; the Dutch tables say
    it in Dutch (the codes are the same in both editions)."""
    from mgtables import registry
    from mgtables.i18n import text

    english = registry.get(table_id, data, "en").data[text(column, "en")]
    dutch = registry.get(table_id, data, "nl").data[text(column, "nl")]
    assert len(english) == len(dutch) and english.str.contains("agree|source|conflict|qualified").all()
    assert not dutch.str.contains(r"\b(?:sources?|agree|conflict|qualified|only)\b").any(), list(dutch)
    assert dutch.str.contains("bron|tegenstrijdig").all()
