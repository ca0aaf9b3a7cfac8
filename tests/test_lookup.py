"""The intake lookup in the page gives the same answers as `mgtables intake` (mgtables.domain.reference.intake),
for every age band, sex and life stage, including the refusals; in a real browser, by keyboard too."""

from __future__ import annotations

import itertools

import pytest
from conftest import phone_tab, serve_widget

import mgtables
from mgtables import lookup
from mgtables.domain.reference import SEXES, STAGES, IntakeQueryError, intake

DATA = mgtables.load()
ANSWERS = lookup.answers(DATA)


def expected(age: float, unit: str, sex: str, stage: str) -> dict:
    try:
        found = intake(age, sex, stage, unit=unit, data=DATA)
    except IntakeQueryError as exc:
        return {"error": str(exc)}
    return {"rows": [[v.item() if hasattr(v, "item") else v for v in row] for row in found.itertuples(index=False)]}


def probes(band: dict) -> list[float]:
    """Ages in months inside a band: its start, its middle and just before its end."""
    end = min(band["to_m"], ANSWERS["oldest_months"])
    return [band["from_m"], (band["from_m"] + end) / 2, end - 0.01]


def test_the_bands_cover_every_age_for_every_sex_and_stage_without_gap():
    for sex in SEXES:
        for stage in STAGES:
            mine = [b for b in ANSWERS["bands"] if (b["sex"], b["stage"]) == (sex, stage)]
            assert mine[0]["from_m"] == 0 and mine[-1]["to_m"] == ANSWERS["oldest_months"]
            assert all(a["to_m"] == b["from_m"] for a, b in itertools.pairwise(mine))


@pytest.mark.parametrize("band", ANSWERS["bands"], ids=lambda b: f"{b['sex']}-{b['stage']}-{b['from_m']:g}m")
def test_every_band_answers_as_mgtables_intake_does_throughout(band):
    for age_m in probes(band):
        assert band["answer"] == expected(age_m, "months", band["sex"], band["stage"]), age_m


def test_the_columns_are_those_of_mgtables_intake():
    assert ANSWERS["columns"] == list(intake(34, "female", "lactation", data=DATA).columns)


@pytest.fixture(scope="module")
def lookup_page(tmp_path_factory):
    """A page with the lookup, as the book serves it."""
    pages = {"page": ("en", lookup.form_html(DATA))}
    for folder in serve_widget(tmp_path_factory.mktemp("lookup"), "intake-lookup.js", pages):
        yield f"{folder}page.html"


@pytest.fixture(scope="module")
def page(lookup_page, browser):
    yield from phone_tab(browser, lookup_page)


def ask(page, age: str, unit: str, sex: str, stage: str) -> dict:
    page.fill("input[name=age]", age)
    page.select_option("select[name=unit]", unit)
    page.select_option("select[name=sex]", sex)
    page.select_option("select[name=stage]", stage)
    page.click("button[type=submit]")
    error = page.query_selector(".mg-lookup-answer .mg-lookup-error")
    if error:
        return {"error": error.inner_text()}
    rows = page.eval_on_selector_all(".mg-lookup-answer tbody tr",
                                     "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")
    return {"rows": rows}


def as_text(answer: dict) -> dict:
    if "rows" in answer:
        return {"rows": [[f"{v:g}" if isinstance(v, float) else str(v) for v in row] for row in answer["rows"]]}
    return answer


@pytest.mark.browser
def test_the_page_answers_every_band_as_mgtables_intake(page):
    for band in ANSWERS["bands"]:
        age_m = (band["from_m"] + min(band["to_m"], ANSWERS["oldest_months"])) / 2
        got = ask(page, f"{age_m:g}", "months", band["sex"], band["stage"])
        assert got == as_text(expected(age_m, "months", band["sex"], band["stage"])), band


@pytest.mark.browser
def test_a_34_year_old_breastfeeding_woman_gets_every_authority_s_value(page):
    got = ask(page, "34", "years", "female", "lactation")
    authorities = {row[0] for row in got["rows"]}
    assert authorities >= {"EFSA 2015", "IOM 1997"} and len(got["rows"]) >= 3, got
    assert got == as_text(expected(34, "years", "female", "lactation"))


@pytest.mark.browser
@pytest.mark.parametrize(("age", "unit", "sex", "stage", "says"), [
    ("-1", "years", "female", "general", "negative"),
    ("abc", "years", "female", "general", "number"),
    ("", "years", "male", "general", "number"),
    ("200", "years", "male", "general", "125"),
    ("5", "years", "female", "pregnancy", "pregnancy"),
    ("30", "years", "male", "pregnancy", "women only"),
    ("34,5", "years", "female", "general", None),
])
def test_impossible_input_gets_a_clear_message_and_a_decimal_comma_is_read(page, age, unit, sex, stage, says):
    got = ask(page, age, unit, sex, stage)
    if says is None:  # a Dutch decimal comma is a number
        assert got == as_text(expected(34.5, unit, sex, stage))
    else:
        assert says in got.get("error", ""), got


@pytest.mark.browser
def test_the_lookup_works_by_keyboard(page):
    """Enter in the age field asks; so does Tab through the fields to the button and Enter on it."""
    page.fill("input[name=age]", "")
    page.select_option("select[name=unit]", "years")
    page.focus("input[name=age]")
    page.keyboard.type("8")
    page.keyboard.press("Enter")
    by_enter = page.eval_on_selector_all(".mg-lookup-answer tbody tr", "trs => trs.map(tr => tr.textContent)")
    page.evaluate("document.querySelector('.mg-lookup-answer').replaceChildren()")
    page.focus("input[name=age]")
    for _ in range(4):  # unit, sex, stage, button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    by_button = page.eval_on_selector_all(".mg-lookup-answer tbody tr", "trs => trs.map(tr => tr.textContent)")
    assert by_enter and by_enter == by_button
