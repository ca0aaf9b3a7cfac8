"""Answers first: each question chapter opens with a short answer and the home page with one sentence per
question, every number from the data and linked to where it comes from, a value in doubt marked as such;
in the browser the answer starts on the first screen at 1280 and 390 px."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import open_page

import mgtables
from mgtables import answers
from mgtables.chapters import claims, foods, intakes, limits
from mgtables.domain.ages import with_months
from mgtables.table import Table

DATA = mgtables.load()
CHAPTERS = {"intakes": intakes, "foods": foods, "limits": limits, "claims": claims}
CHROMIUM = Path("/usr/bin/chromium")


def parts(part):
    """Every part of an answer's phrase, depth first."""
    yield part
    children = part.values.values() if isinstance(part, answers.Phrase) else (
        part.items if isinstance(part, answers.Listing) else ())
    for child in children:
        yield from parts(child)


def named(phrase) -> dict[str, answers.Doubt | None]:
    return {p.code: p.doubt for p in parts(phrase) if isinstance(p, answers.Name) and p.kind == "authority"}


def current_records(data, age_years: float, sex: str, stage: str):
    """The authorities' recommended values for a person, read straight from the records (not superseded)."""
    rv = with_months(data.reference_values)
    age = age_years * 12
    return rv[(rv["from_m"] <= age) & (age < rv["to_m"]) & rv["sex"].isin([sex, "any"]) & (rv["life_stage"] == stage)
              & rv["kind"].isin(["AI", "RDA", "ADH", "RI"]) & (rv["status"] != "superseded")]


def current_values(data, age_years: float, sex: str, stage: str) -> dict[str, float]:
    fits = current_records(data, age_years, sex, stage)
    return dict(zip(fits["authority"], fits["value"].astype(float), strict=True))


def by_authority(phrase) -> dict[str, float]:
    """Authority -> the value the phrase gives it ('300 mg by A and B; 320 mg by C')."""
    out = {}
    for group in parts(phrase):
        if isinstance(group, answers.Phrase) and group.key == "intakes.answer.value_by":
            out |= {code: group.values["value"].value for code in named(group)}
    return out


def test_the_intake_answer_gives_every_authority_s_current_value_for_each_person():
    answer = intakes.answer(DATA)
    adult, young = DATA.parameter("adult_age"), DATA.parameter("young_adult_age")
    woman, man, pregnancy, lactation = answer.points[:4]
    assert by_authority(woman) == current_values(DATA, adult, "female", "general")
    assert by_authority(man) == current_values(DATA, adult, "male", "general")
    assert by_authority(pregnancy) == current_values(DATA, young, "female", "pregnancy")
    assert by_authority(lactation) == current_values(DATA, young, "female", "lactation")
    assert len(by_authority(woman)) >= 3


def test_a_value_in_doubt_says_so_and_points_to_where_the_doubt_is_explained():
    young = DATA.parameter("young_adult_age")
    lactation = intakes.answer(DATA).points[3]
    records = current_records(DATA, young, "female", "lactation").set_index("authority")
    marks = named(lactation)
    assert {None} < set(marks.values())  # some values are in doubt here, and not all
    for code, doubt in marks.items():
        rec = records.loc[code]
        assert (doubt is not None) == (not rec["verified"] or rec["status"] != "final"), code
        if doubt:
            assert doubt.where == f"intakes.html#doubt-{rec['id']}"
            assert doubt.code == ("unverified" if rec["status"] == "final" else rec["status"])


def test_unverifying_a_value_marks_it_in_the_answer():
    """The mark follows the data: EFSA's value for women, verified, gets a mark once it is not."""
    rv = DATA.reference_values
    efsa_women = (rv["authority"] == "efsa2015") & (rv["sex"] == "female") & (rv["life_stage"] == "general")
    doubted = replace(DATA, reference_values=rv.assign(verified=rv["verified"].mask(efsa_women, False)))
    assert named(intakes.answer(DATA).points[0])["efsa2015"] is None
    marked = named(intakes.answer(doubted).points[0])["efsa2015"]
    assert marked is not None and marked.code == "unverified"
    assert "(unverified)" in answers.answer_html(doubted, intakes.answer(doubted))


def test_the_limits_answer_leads_with_the_lowest_adult_upper_limit():
    answer = limits.answer(DATA)
    rv = with_months(DATA.reference_values)
    age = DATA.parameter("adult_age") * 12
    adult_uls = rv[(rv["kind"] == "UL") & (rv["life_stage"] == "general") & (rv["from_m"] <= age) & (age < rv["to_m"])]
    lowest = answer.brief.values["value"]
    assert lowest.value == adult_uls["value"].min()
    assert answer.brief.values["authority"].code == adult_uls.sort_values("value")["authority"].iloc[0]
    assert lowest.doubt is not None  # the European limit is not verified in the SCF's own opinion


def test_the_foods_answer_names_the_richest_portions_in_order():
    answer = foods.answer(DATA)
    portions = [p for p in parts(answer.lead) if isinstance(p, answers.Phrase) and p.key == "foods.answer.food_portion"]
    mg = [p.values["mg"].value for p in portions]
    assert mg == sorted(mg, reverse=True) and len(mg) == DATA.parameter("top_foods_named")
    everything = foods.ranking_portions(DATA).set_index("food")["mg"]
    named_foods = [p.values["food"].code for p in portions]
    assert everything.drop(named_foods).reindex(foods.figure_foods(DATA)).dropna().max() <= min(mg)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_number_of_an_answer_links_to_a_page_of_the_book(chapter):
    answer = CHAPTERS[chapter].answer(DATA)
    found = answers.figures(answer)
    assert found
    assert all(re.fullmatch(r"(intakes|foods|limits|claims)\.html#[a-z0-9_-]+", f.where) for f in found)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_answer_reads_in_dutch_with_the_same_numbers(chapter):
    answer = CHAPTERS[chapter].answer(DATA)
    english, dutch = (answers.answer_html(DATA, answer, lang) for lang in ("en", "nl"))
    assert english != dutch and 'lang="nl"' in dutch

    def numbers(html):
        return [a.get_text() for a in BeautifulSoup(html, "html.parser").select("a.mg-answer-value")]

    def digits(html):  # "28.4" in English is "28,4" in Dutch: the same digits
        return [re.sub(r"[.,]", "", n) for n in numbers(html)]

    assert numbers(english) and digits(english) == digits(dutch)


# ---- in the built book ------------------------------------------------------------------------------------

def test_the_home_page_answers_each_question_and_links_to_each_chapter_s_answer(built_book):
    home = BeautifulSoup((built_book / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    briefs = home.select("p.mg-answer-brief")
    assert [b.select_one("a.mg-answer-more")["href"] for b in briefs] == [f"{c}.html#answer" for c in CHAPTERS]
    for brief in briefs:
        assert brief.select("a.mg-answer-value")  # numbers, each a link
    pages = {}
    for link in home.select("p.mg-answer-brief a[href]") + [a for c in CHAPTERS for a in _answer_links(built_book, c)]:
        page, anchor = link["href"].split("#")
        if page not in pages:
            pages[page] = {e["id"] for e in BeautifulSoup((built_book / "book" / page).read_text(encoding="utf-8"),
                                                           "html.parser").select("[id]")}
        assert anchor in pages[page], link["href"]


def _answer_links(built_book: Path, chapter: str):
    page = BeautifulSoup((built_book / "book" / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
    answer = page.select_one("div.mg-answer#answer")
    assert answer is not None, chapter
    return answer.select("a[href]")


@pytest.fixture(scope="module")
def site(site):
    """The chapters' folder of the book that tests/conftest.py serves."""
    return f"{site}book/"


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_the_answer_starts_on_the_first_screen(site, browser, width, height):
    tab = browser.new_page(viewport={"width": width, "height": height})
    tops = {}
    for chapter in CHAPTERS:
        open_page(tab, site + f"{chapter}.html")
        tops[chapter] = tab.eval_on_selector("#answer", "e => e.getBoundingClientRect().top")
    open_page(tab, site + "intro.html")
    tops["home"] = tab.eval_on_selector(".mg-answer-brief", "e => e.getBoundingClientRect().top")
    tab.close()
    assert all(0 < top < height / 2 for top in tops.values()), tops


# ---- names, not ids, in what the reader reads ----------------------------------------------------------
# (the tables' cells: a reader who asks which article says so gets its name; the id stays in the CSV and
# behind the details toggle)

SOURCE_IDS = re.compile(r"(?<![\w-])(" + "|".join(DATA.sources["id"]) + r")(?![\w-])")
CODES_BY_DESIGN = {"table-vocabularies"}  # the data dictionary lists the vocabularies' codes themselves


def test_a_source_id_in_a_reader_cell_is_shown_as_its_name_and_kept_in_the_csv():
    frame = pd.DataFrame({"Source": ["nutrinews2025", "ilive2025, webshop2024"], "Figure": ["ilive2025-f09", "x"]})
    table = Table("t", "A table", frame, (), detail_columns=("Figure",))
    cells = BeautifulSoup(table.to_html(), "html.parser").select("tbody td")
    assert cells[0].get_text() == "NutriNews (nutrinews2025)" and cells[0].select_one(".mg-id").get_text() == \
        " (nutrinews2025)"  # the id behind the toggle
    assert cells[2].select(".mg-id") and "iLive" in cells[2].get_text()
    assert cells[1].get_text() == "ilive2025-f09"  # a detail cell keeps what it holds
    assert "nutrinews2025" in table.to_csv() and "NutriNews" not in table.to_csv()
    plain = BeautifulSoup(Table("t", "A table", frame[["Source"]], ()).to_html(), "html.parser")
    assert plain.select_one("td").get_text() == "NutriNews" and not plain.select("input.mg-show-details")
    record = BeautifulSoup(Table("t", "A table", frame[["Figure"]], ()).to_html(), "html.parser")
    assert record.select_one("td").get_text() == "ilive2025-f09"  # a record id is no source id


def test_no_reader_cell_of_the_book_shows_a_source_id(built_book):
    found = []
    for page in sorted((built_book / "book").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for table in soup.select("table.mg-table"):
            if table.get("id") in CODES_BY_DESIGN:
                continue
            for td in table.select("tbody td"):
                if "mg-detail" in (td.get("class") or []):
                    continue
                for hidden in td.select(".mg-id"):
                    hidden.decompose()
                if SOURCE_IDS.search(td.get_text()):
                    found.append((page.name, table.get("id"), td.get("data-label"), td.get_text()[:60]))
    assert found == []


def test_a_food_is_named_in_running_text_as_each_language_writes_a_common_noun():
    almonds, mackerel = answers.Name("food", "almonds"), answers.Name("food", "mackerel")
    foods_by_id = DATA.foods.set_index("id")
    assert answers.render(DATA, almonds, "nl") == "amandelen" != foods_by_id.loc["almonds", "nl"]
    assert answers.render(DATA, almonds, "en") == foods_by_id.loc["almonds", "en"] == "Almonds"
    assert answers.render(DATA, mackerel, "en") == "Atlantic mackerel"  # a proper adjective keeps its capital
    brief = answers.brief_html(DATA, foods.answer(DATA), "nl")
    assert not any(foods_by_id.loc[f, "nl"] in brief for f in foods_by_id.index)  # no name as a table starts it
