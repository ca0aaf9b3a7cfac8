"""The dose check (mgtables.dose): the elemental fraction of every salt from its formula, the answers for a
salt amount and an elemental one against the adult upper limits, the refusals; and the page's script gives
the same answers as mgtables.dose.answer(check(...)) for every form, both bases and a range of amounts, in
English and Dutch, in a real browser, by keyboard too."""

from __future__ import annotations

import math
import re

import pytest
import yaml
from conftest import ROOT, phone_tab, serve_widget

import mgtables
from mgtables import dose
from mgtables.domain.reference import adult_limits

DATA = mgtables.load()
LANGS = ("en", "nl")
RESEARCH = {f["id"] if f["id"] == "l_threonate" else f["id"].replace("_", "-"): f for f in
            yaml.safe_load((ROOT / "research" / "supplement_forms.yaml").read_text(encoding="utf-8"))["forms"]}


@pytest.mark.parametrize("salt", DATA.supplement_forms.to_dict("records"), ids=lambda s: s["id"])
def test_each_fraction_is_the_research_arithmetic(salt):
    """Computed from composition and molar mass, the fraction is the one research/ worked out by hand."""
    assert dose.fraction(salt) == pytest.approx(RESEARCH[salt["id"]]["mg_mass_fraction"], abs=5e-5)
    assert 0 < dose.fraction(salt) < 1


def test_the_forms_of_the_issue_are_all_there():
    assert {"oxide", "citrate", "bisglycinate", "malate", "chloride", "lactate", "taurate"} <= set(dose.forms(DATA))


@pytest.mark.parametrize("form", dose.forms(DATA))
def test_the_assumed_salt_is_the_richest_in_magnesium_of_its_form(form):
    """The choice data/supplement_forms.yaml states: an upper-limit check must not underestimate."""
    assumed, *others = dose.salts(DATA, form)
    assert assumed["assumed"] and all(dose.fraction(assumed) >= dose.fraction(o) for o in others)


def test_400_mg_of_magnesium_citrate_as_the_salt_is_under_both_limits_and_names_the_salt():
    found = dose.check(400, "citrate", "salt", DATA)
    assert found.salt == "citrate-anhydrous" and found.elemental_mg == 64.7
    assert [(lim.authority, lim.value, lim.verdict) for lim in found.limits] == [
        ("SCF 2001", 250, "under"), ("IOM 1997", 350, "under")]
    assert dict(found.others) == {"citrate-nonahydrate": 47.6, "citrate-tetradecahydrate": 41.5,
                                  "citrate-dibasic": 45.3}
    words = dose.answer(found, DATA)
    assert words[0] == "Under every upper limit for adults."
    assert words[1] == "400 mg of magnesium citrate holds 64.7 mg of elemental magnesium."
    assert "anhydrous" in words[2] and "451.113 g/mol" in words[2] and "16.2 %" in words[2]
    assert "nonahydrate gives 47.6 mg" in words[3]
    assert any("not for the magnesium in ordinary food" in w for w in words)


def test_400_mg_of_elemental_magnesium_is_over_both_limits():
    found = dose.check(400, "citrate", "elemental", DATA)
    assert found.elemental_mg == 400 and found.others == () and found.verdict == "over"
    words = dose.answer(found, DATA)
    assert words[0] == "Over 2 of the 2 upper limits for adults."
    assert "400 mg is over the upper limit of SCF 2001: 250 mg a day for adults" in words[2]


def test_the_limits_are_the_adult_upper_limits_with_their_scope_and_status():
    rows = dose.adult_limit_rows(DATA)
    assert {r["authority"]: r["value"] for r in rows} == adult_limits(DATA)
    assert {r["applies_to"] for r in rows} == {"supplemental"}
    words = dose.answer(dose.check(100, "oxide", "salt", DATA), DATA)
    scf = next(w for w in words if "SCF 2001" in w)
    assert "supplements and added magnesium only" in scf and "not read in the authority's own document" in scf


@pytest.mark.parametrize(("amount", "form", "basis", "verdicts"), [
    (250, "oxide", "elemental", ["at", "under"]),
    (350, "oxide", "elemental", ["over", "at"]),
    (414.6, "oxide", "salt", ["at", "under"]),  # 414.6 x 0.6030 = 250.009, shown and compared as 250
    (0, "malate", "salt", ["under", "under"]),
])
def test_a_dose_at_a_limit_is_at_it(amount, form, basis, verdicts):
    found = dose.check(amount, form, basis, DATA)
    assert [lim.verdict for lim in found.limits] == verdicts


def test_an_unverified_formula_says_so():
    words = dose.answer(dose.check(500, "bisglycinate", "salt", DATA), DATA)
    assert any("not read in a pharmacopoeia" in w for w in words)
    words = dose.answer(dose.check(500, "oxide", "salt", DATA), DATA)
    assert not any("pharmacopoeia" in w for w in words)


def test_the_dutch_answer_has_a_decimal_comma():
    words = dose.answer(dose.check(400, "citrate", "salt", DATA), DATA, "nl")
    assert words[1] == "400 mg magnesiumcitraat bevat 64,7 mg elementair magnesium."


@pytest.mark.parametrize("form", dose.forms(DATA))
@pytest.mark.parametrize("basis", dose.BASES)
def test_the_dutch_answer_has_no_english_words_and_says_je(form, basis):
    """The formula is a formula (no English gloss in it), decimals have a comma, and the reader is 'je' as in
    the rest of the Dutch edition, never 'u'."""
    words = " ".join(dose.answer(dose.check(2000, form, basis, DATA), DATA, "nl"))
    assert not re.search(r"\b(anhydrous|hydrate|assumed|salt|of the|and)\b", words), words
    assert not re.search(r"[0-9]\.[0-9]", words), words
    assert not re.search(r"\b(u|uw)\b", words) and " je " in words


@pytest.mark.parametrize(("amount", "key"), [
    (-1, "dose.error.negative"), (math.nan, "dose.error.not_a_number"), (math.inf, "dose.error.not_a_number"),
    (100_001, "dose.error.too_large"), (1e300, "dose.error.too_large"), ("400", "dose.error.not_a_number"),
])
def test_a_bad_amount_is_refused_with_its_reason(amount, key):
    with pytest.raises(dose.DoseQueryError) as err:
        dose.check(amount, "citrate", "salt", DATA)
    assert err.value.key == key


def test_an_unknown_form_or_basis_is_refused():
    with pytest.raises(dose.DoseQueryError, match="No supplement form 'citric'"):
        dose.check(400, "citric", "salt", DATA)
    with pytest.raises(dose.DoseQueryError, match="not 'molar'"):
        dose.check(400, "citrate", "molar", DATA)


@pytest.mark.parametrize(("typed", "amount"), [("400", 400), ("12,5", 12.5), ("12.5", 12.5), (" 7 ", 7),
                                               (",5", 0.5), ("-3", -3)])
@pytest.mark.parametrize("lang", LANGS)
def test_a_typed_amount_is_read_with_a_decimal_point_or_comma(typed, amount, lang):
    assert dose.read_amount(typed, lang) == amount


# A point or comma before three digits is the thousands separator of the edition's language: a Dutch reader's
# 2.000 is two thousand, not two (the book's own Dutch tables group thousands with a point).
@pytest.mark.parametrize(("typed", "en", "nl"), [
    ("2.000", 2, 2000), ("2,000", 2000, 2), ("12.500", 12.5, 12500), ("1.000,5", None, 1000.5),
    ("1,000.5", 1000.5, None), ("10.000.000", None, 10_000_000), ("2,5", 2.5, 2.5), ("2.5", 2.5, 2.5),
    ("0.500", 0.5, 0.5), ("-2.000", -2, -2000), ("2.000,", None, 2000), ("1.000.5", None, None),
])
def test_a_typed_amount_is_read_in_the_editions_convention(typed, en, nl):
    for lang, amount in (("en", en), ("nl", nl)):
        if amount is None:
            with pytest.raises(dose.DoseQueryError) as err:
                dose.read_amount(typed, lang)
            assert err.value.key == "dose.error.not_a_number"
        else:
            assert dose.read_amount(typed, lang) == amount, lang


@pytest.mark.parametrize("typed", ["", "abc", "400 mg", "1e3", "1.000.5", "4 00", "Infinity", "0x10", "--1",
                                   "2.00,0"])
def test_what_is_no_amount_is_refused(typed):
    with pytest.raises(dose.DoseQueryError, match="as a number"):
        dose.read_amount(typed)


def test_the_page_data_hold_every_form_with_its_fraction():
    written = dose.answers(DATA)
    assert [f["form"] for f in written["forms"]] == dose.forms(DATA)
    for entry in written["forms"]:
        assert entry["fraction"] == dose.check(1, entry["form"], "salt", DATA).fraction
    assert [lim["value"] for lim in written["limits"]] == list(adult_limits(DATA).values())


# In the browser: the page's answer is mgtables.dose's.

AMOUNTS = ["0", "0,5", "12.25", "100", "400", "414,6", "1000", "2073,5", "2500", "99999,9", "2.000", "2,000",
           "1.000,5", "1,000.5", "0.500", "99.999,9"]


def expected(typed: str, form: str, basis: str, lang: str) -> list[str]:
    try:
        return dose.answer(dose.check(dose.read_amount(typed, lang), form, basis, DATA), DATA, lang)
    except dose.DoseQueryError as exc:
        return [exc.message(lang)]


@pytest.fixture(scope="module")
def dose_pages(tmp_path_factory):
    """A page with the check per language, as the book serves it."""
    pages = {lang: (lang, dose.form_html(DATA, lang)) for lang in LANGS}
    yield from serve_widget(tmp_path_factory.mktemp("dose"), "dose-check.js", pages)


@pytest.fixture(scope="module", params=LANGS)
def page(request, browser, dose_pages):
    for tab in phone_tab(browser, f"{dose_pages}{request.param}.html"):
        tab.lang = request.param
        yield tab


def ask(page, typed: str, form: str, basis: str) -> list[str]:
    page.fill("input[name=amount]", typed)
    page.select_option("select[name=form]", form)
    page.select_option("select[name=basis]", basis)
    page.click("button[type=submit]")
    return page.eval_on_selector_all(".mg-dose-answer p", "ps => ps.map(p => p.textContent)")


# Many questions in one go: the fields set and the form submitted as the button does, in the page itself.
ASK_MANY = """cases => cases.map(([typed, form, basis]) => {
  const f = document.querySelector("form.mg-dose");
  f.elements.amount.value = typed; f.elements.form.value = form; f.elements.basis.value = basis;
  f.requestSubmit();
  return [...f.querySelectorAll(".mg-dose-answer p")].map(p => p.textContent);
})"""


@pytest.mark.browser
@pytest.mark.parametrize("basis", dose.BASES)
def test_the_page_answers_every_form_and_amount_as_mgtables_dose(page, basis):
    cases = [(typed, form, basis) for form in dose.forms(DATA) for typed in AMOUNTS]
    got = page.evaluate(ASK_MANY, cases)
    for case, answer in zip(cases, got, strict=True):
        assert answer == expected(*case, page.lang), case


@pytest.mark.browser
def test_400_mg_of_magnesium_citrate_gets_a_clear_answer_on_the_page(page):
    as_salt = ask(page, "400", "citrate", "salt")
    as_elemental = ask(page, "400", "citrate", "elemental")
    assert as_salt == expected("400", "citrate", "salt", page.lang)
    assert as_elemental == expected("400", "citrate", "elemental", page.lang)
    assert as_salt[0] != as_elemental[0]  # under every limit, and over both


@pytest.mark.browser
@pytest.mark.parametrize("typed", ["-1", "abc", "", "100001", "1e5", "400 mg", "1.000.5", "-0,5"])
def test_bad_input_gets_the_message_mgtables_gives(page, typed):
    got = ask(page, typed, "oxide", "salt")
    assert got == expected(typed, "oxide", "salt", page.lang) and len(got) == 1
    assert page.get_attribute("input[name=amount]", "aria-invalid") == "true"


@pytest.mark.browser
def test_a_thousands_separator_is_read_as_the_edition_writes_it(page):
    """In the Dutch edition 2.000 mg is two thousand and 2,5 mg two and a half; in the English one 2,000 is two
    thousand and 2.5 two and a half. The answer repeats the amount as read."""
    thousand, half = ("2.000", "2,5") if page.lang == "nl" else ("2,000", "2.5")
    as_salt = ask(page, thousand, "l_threonate", "salt")
    assert as_salt == expected(thousand, "l_threonate", "salt", page.lang)
    assert as_salt[1].startswith("2000 mg ")
    assert ask(page, thousand, "oxide", "elemental")[1].startswith("2000 mg ")
    assert ask(page, half, "oxide", "elemental")[1].startswith("2,5 mg " if page.lang == "nl" else "2.5 mg ")
    assert ask(page, half, "oxide", "elemental") == expected(half, "oxide", "elemental", page.lang)
    too_large = "100.001" if page.lang == "nl" else "100,001"  # a hundred thousand and one mg
    got = ask(page, too_large, "oxide", "salt")
    assert got == expected(too_large, "oxide", "salt", page.lang) and len(got) == 1
    assert got[0] == dose.DoseQueryError("dose.error.too_large", most=dose.MAX_AMOUNT_MG).message(page.lang)


@pytest.mark.browser
def test_the_check_works_by_keyboard(page):
    """Enter in the amount field asks; so does Tab through the fields to the button and Enter on it."""
    page.fill("input[name=amount]", "")
    page.focus("input[name=amount]")
    page.keyboard.type("250")
    page.keyboard.press("Enter")
    by_enter = page.eval_on_selector_all(".mg-dose-answer p", "ps => ps.map(p => p.textContent)")
    page.evaluate("document.querySelector('.mg-dose-answer').replaceChildren()")
    page.focus("input[name=amount]")
    for _ in range(3):  # basis, form, button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    by_button = page.eval_on_selector_all(".mg-dose-answer p", "ps => ps.map(p => p.textContent)")
    form = page.eval_on_selector("select[name=form]", "s => s.value")
    basis = page.eval_on_selector("select[name=basis]", "s => s.value")
    assert by_enter and by_enter == by_button == expected("250", form, basis, page.lang)
