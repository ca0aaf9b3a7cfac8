"""The search box: one on every layout, no build date in the footer, and Dutch and English words for the
book's subjects (citraat, bovengrens, borstvoeding, the foods' names) found by typing them into the box,
the result landing on the section that treats them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import load_all, open_page

import mgtables
from mgtables import search
from mgtables.chapters import foods, intakes, limits

DATA = mgtables.load()
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = [(1280, 900), (390, 844)]
# word typed -> (page, id of the section the result must land in)
LANDINGS = {
    "citraat": ("limits.html", "checking-a-dose"),
    "bovengrens": ("limits.html", "the-upper-limits-concern-supplements-not-food"),
    "borstvoeding": ("intakes.html", "your-own-values"),
    DATA.foods.set_index("id").loc["pumpkin_seeds", "nl"]: ("foods.html",
                                                            "ranking-the-foods-the-basis-decides-the-order"),
}


def test_the_index_entries_hold_each_word_once_and_no_separator_inside_one():
    markup = search.index_markdown(["b; c", "a", "a", " ", "x, y"])
    assert markup.startswith("```{index} a, b c, x y\n```\n")
    assert search.index_markdown([]) == ""


def test_the_chapters_give_the_dutch_words_a_reader_searches():
    assert {"citraat", "magnesiumcitraat", "citrate"} <= set(limits.form_terms(DATA))
    assert "bovengrens" in limits.limit_terms(DATA) and "borstvoeding" in intakes.search_terms(DATA)
    assert set(DATA.foods["nl"]) <= set(foods.food_terms(DATA))


def test_the_footer_prints_no_build_date(built_book):
    for page in sorted((built_book / "book").glob("*.html")):
        footer = " ".join(f.get_text(" ", strip=True) for f in
                          BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("footer"))
        assert not re.search(r"last updated|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}"
                             r"|\d{4}-\d{2}-\d{2}", footer, re.IGNORECASE), (page.name, footer)


@pytest.fixture(scope="module")
def site(site):
    """The chapters' folder of the book that tests/conftest.py serves."""
    return f"{site}book/"


# The site search controls a reader sees (a long table's filter box is no site search).
VISIBLE_SEARCH = """() => [...document.querySelectorAll(
    '.search-button__button, form.bd-search, input[type=search]:not(.mg-filter)')]
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'
                        && !e.closest('dialog:not([open])'); })
  .map(e => e.className)"""


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_one_search_box_on_every_page(site, browser, built_book, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    pages = sorted(p.name for p in (built_book / "book").glob("*.html"))
    counts = {page: tab.evaluate(VISIBLE_SEARCH)
              for page, tab in zip(pages, load_all(context, [site + page for page in pages]), strict=True)}
    context.close()
    assert all(len(found) == 1 for found in counts.values()), counts


def searched(tab, site: str, word: str) -> list[str]:
    """Type `word` into the search box of the home page and press Enter: the results' addresses."""
    open_page(tab, site + "intro.html")
    tab.locator(".search-button__button:visible").first.click()
    box = tab.locator("#pst-search-dialog input[name=q]")
    box.fill("")
    box.type(word)
    box.press("Enter")
    tab.wait_for_url(re.compile(r"search\.html\?q="))
    tab.wait_for_selector("#search-results .search-summary", timeout=15000)
    return tab.eval_on_selector_all("#search-results ul.search li > a", "as => as.map(a => a.href)")


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), WIDTHS)
@pytest.mark.parametrize("word", LANDINGS)
def test_a_dutch_word_typed_into_the_search_box_lands_on_its_section(site, browser, width, height, word):
    page, section = LANDINGS[word]
    tab = browser.new_page(viewport={"width": width, "height": height})
    results = searched(tab, site, word)
    anchored = [r for r in results if f"/{page}#" in r]
    assert anchored, results
    open_page(tab, anchored[0])
    landed = tab.evaluate("id => document.getElementById(id)?.closest('section')?.id", anchored[0].split("#")[1])
    tab.close()
    assert landed == section, (word, anchored[0])
