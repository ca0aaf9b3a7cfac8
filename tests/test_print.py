"""Printed to A4, every table wraps to the page instead of losing columns, and figures take the full
width: each chapter in Chromium with the print stylesheet (book/_static/mgtables.css), at the width of
an A4 page's text (210 mm less 2 x 12 mm margins, 703 CSS pixels)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from test_browser import pages  # and its skip without Chromium

pytestmark = pytest.mark.browser

A4_TEXT_WIDTH = 703  # CSS px: 186 mm at 96 px per inch

MEASURE = """() => {
  const page = document.documentElement.clientWidth;
  const article = document.querySelector('article').getBoundingClientRect().width;
  const tables = [...document.querySelectorAll('article table')].map(t => ({
    id: t.id || t.className, right: t.getBoundingClientRect().right, width: t.scrollWidth,
    room: t.parentElement.clientWidth}));
  const figures = [...document.querySelectorAll('.cell_output svg, .cell_output img')].map(
    f => f.getBoundingClientRect().width);
  return {page, article, tables, figures};
}"""


@pytest.fixture(scope="module")
def printed(built_book, site, browser):
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH, "height": 1000})
    results = {}
    for page_path in pages(built_book):
        page = context.new_page()
        page.goto(urljoin(site, page_path), wait_until="load")
        page.emulate_media(media="print")
        results[page_path] = page.evaluate(MEASURE)
        page.close()
    context.close()
    return results


def test_every_table_fits_the_width_of_an_a4_page(printed):
    tables = sum(len(r["tables"]) for r in printed.values())
    assert tables >= 29
    clipped = {page: [t["id"] for t in r["tables"] if t["right"] > r["page"] + 1 or t["width"] > t["room"] + 1]
               for page, r in printed.items()}
    assert {page: ids for page, ids in clipped.items() if ids} == {}


def test_figures_print_at_the_full_width(printed):
    narrow = {page: [round(w) for w in r["figures"] if w < 0.95 * r["article"]] for page, r in printed.items()}
    assert sum(len(r["figures"]) for r in printed.values()) > 0
    assert {page: widths for page, widths in narrow.items() if widths} == {}
