"""Reader tables in a real browser (Debian's chromium, Playwright), on the built book at 1280 and 390 px:
every table fits its box, the detail columns (ids, provenance) hide behind a toggle that shows them, and a
long table sorts and filters with JavaScript and stays a plain table without it.

`python tests/test_reader_tables.py _build/html` prints the counts for any built book (the report of
issue 16 compares them before and after)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

import pandas as pd
import pytest
from conftest import CHROMIUM, ROOT, launch, load_all, open_page, serve

from mgtables.table import LONG_TABLE_ROWS, Table

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

# Per table on a page: does it fit its box, and how many record ids ("ilive2025-f01") and source ids
# ("ilive2025") does a reader see in it. A table fits when it is no wider than its container and the
# container no wider than the article; a container that scrolls counts only when it says so (a label).
MEASURE = r"""() => {
  const record = /\b[a-z]+\d{4}-[a-z]+\d+\b/g;
  const source = /\b(?:ilive2025|nutrinews2025|webshop2024|healthblog2025|topvitamine2026)\b(?!-)/g;
  const count = (text, re) => (text.match(re) || []).length;
  return Array.from(document.querySelectorAll("article table")).map((table) => {
    const box = table.parentElement;
    const article = table.closest("article") || document.body;
    const style = getComputedStyle(box);
    const scrolls = ["auto", "scroll"].includes(style.overflowX);
    const labelled = scrolls && (box.getAttribute("role") === "region") && !!box.getAttribute("aria-label");
    const width = Math.max(table.scrollWidth, table.getBoundingClientRect().width);
    const inside = box.getBoundingClientRect().right <= article.getBoundingClientRect().right + 1;
    const fits = (width <= box.clientWidth + 1 && inside) || (labelled && inside);
    let records = 0, sources = 0;
    table.querySelectorAll("td, th").forEach((cell) => {
      if (!cell.checkVisibility()) return;
      records += count(cell.textContent, record);
      sources += count(cell.textContent, source);
    });
    return {id: table.id || table.className, fits, width: Math.round(width), box: box.clientWidth,
            records, sources};
  });
}"""


def pages(built: Path) -> list[str]:
    return sorted(str(p.relative_to(built)) for p in (built / "book").glob("*.html"))


def measure(browser, site: str, built: Path, width: int, height: int) -> dict[str, list[dict]]:
    context = browser.new_context(viewport={"width": width, "height": height})
    paths = pages(built)
    found = {path: page.evaluate(MEASURE)
             for path, page in zip(paths, load_all(context, [urljoin(site, p) for p in paths]), strict=True)}
    context.close()
    return found


def summary(found: dict[str, list[dict]]) -> dict[str, int]:
    tables = [t for ts in found.values() for t in ts]
    return {"tables": len(tables), "wider than their box": sum(not t["fits"] for t in tables),
            "record ids shown": sum(t["records"] for t in tables),
            "source ids shown": sum(t["sources"] for t in tables)}


if __name__ == "__main__":  # python tests/test_reader_tables.py <built html folder>
    from playwright.sync_api import sync_playwright

    built = Path(sys.argv[1])
    server, site = serve(built)
    with sync_playwright() as p:
        browser = launch(p)
        for name, (width, height) in WIDTHS.items():
            found = measure(browser, site, built, width, height)
            print(name, json.dumps(summary(found)))
            for page_path, tables in found.items():
                for t in tables:
                    if not t["fits"]:
                        print(f"   {page_path} {t['id']}: {t['width']} px in {t['box']} px")
        browser.close()
    server.shutdown()
    sys.exit(0)

if not CHROMIUM.exists():
    pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run these",
                allow_module_level=True)



@pytest.fixture(scope="module")
def measured(built_book, site, browser):
    """measure() at a width of WIDTHS, made once per width for the tests that read it."""
    done = {}

    def at(width: str) -> dict[str, list[dict]]:
        if width not in done:
            done[width] = measure(browser, site, built_book, *WIDTHS[width])
        return done[width]
    return at


@pytest.mark.parametrize("width", WIDTHS)
def test_every_table_fits_its_box(measured, width):
    found = measured(width)
    wide = [f"{page}: {t['id']} is {t['width']} px in a box of {t['box']} px"
            for page, tables in found.items() for t in tables if not t["fits"]]
    assert summary(found)["tables"] >= 25
    assert wide == []


def test_no_declared_detail_column_shows_before_the_toggle(measured):
    """Every record id a reader sees by default is one written inside a reader's cell (a timing or a
    comparison), never a column of ids; there are far fewer than the 682 before the toggle."""
    found = summary(measured("desktop"))
    assert found["record ids shown"] < 100, found


# Whether each detail cell that holds text is visible, as Playwright's is_visible() decides it (rendered,
# visibility "visible", a box of some size), for a whole block in one call instead of one call per cell.
DETAILS_VISIBLE = """block => [...block.querySelectorAll("td.mg-detail")].filter(c => c.textContent.trim()).map(c => {
  const box = c.getBoundingClientRect();
  return c.checkVisibility() && getComputedStyle(c).visibility === "visible" && box.width > 0 && box.height > 0;
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_toggle_shows_the_hidden_columns(built_book, site, browser, width):
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    page = context.new_page()
    toggles = 0
    for page_path in pages(built_book):
        open_page(page, urljoin(site, page_path))
        for block in page.query_selector_all(".mg-table-block:has(.mg-show-details)"):
            # an empty cell shows nothing either way (and a phone's card leaves it out)
            visible = block.evaluate(DETAILS_VISIBLE)
            assert visible and not any(visible), block.get_attribute("id")
            block.query_selector(".mg-details-label").click()
            assert all(block.evaluate(DETAILS_VISIBLE)[:20]), block.get_attribute("id")
            block.query_selector(".mg-details-label").click()
            assert not block.evaluate(DETAILS_VISIBLE)[0]
            toggles += 1
    context.close()
    assert toggles >= 10


def rows_text(page, table: str, column: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{column}].textContent)")


def test_a_long_table_sorts_by_a_column_and_filters(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_page(page, urljoin(site, "book/foods.html"))
    table = "table-food-ranking"
    headers = page.eval_on_selector_all(f"#{table} thead th", "ths => ths.map(t => t.textContent)")
    column = headers.index("mg per 100 g")
    portion = headers.index("mg per portion")
    by_portion = [float(v) for v in rows_text(page, table, portion) if v]
    assert by_portion == sorted(by_portion, reverse=True)  # the ranking comes sorted by mg per portion
    header = page.locator(f"#{table} thead th").nth(column)
    header.click()
    first = [float(v) for v in rows_text(page, table, column)]
    header.click()
    second = [float(v) for v in rows_text(page, table, column)]
    assert {tuple(first), tuple(second)} == {tuple(sorted(first)), tuple(sorted(first, reverse=True))}
    assert header.get_attribute("aria-sort") in ("ascending", "descending")
    box = page.locator("#food-ranking .mg-filter")
    box.fill("seeds")
    shown = rows_text(page, table, 0)
    assert 0 < len(shown) < len(first)
    assert all("seed" in row.lower() for row in page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])", "rows => rows.map(r => r.textContent)"))
    assert page.locator("#food-ranking .mg-filter-count").text_content().startswith(str(len(shown)))
    box.fill("")
    assert len(rows_text(page, table, 0)) == len(first)
    page.close()


def test_every_long_table_has_a_filter_box_and_sortable_headings(built_book, site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    long_tables = 0
    for page in load_all(context, [urljoin(site, path) for path in pages(built_book)]):
        for table in page.query_selector_all("table.mg-table"):
            rows = len(table.query_selector_all("tbody tr"))
            tools = table.evaluate("t => !!t.closest('.mg-table-block').querySelector('.mg-filter')")
            sortable = table.evaluate("t => t.tHead.rows[0].cells[0].getAttribute('role') === 'columnheader'")
            assert (tools, sortable) == ((rows > 30),) * 2, table.get_attribute("id")
            long_tables += rows > 30
    context.close()
    assert long_tables >= 5


def test_without_javascript_a_long_table_is_a_plain_table_and_the_toggle_still_works(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(urljoin(site, "book/claims.html"))
    table = page.locator("#table-claim-matrix")
    assert table.locator("tbody tr").count() > 30
    assert page.locator("#claim-matrix .mg-filter").count() == 0
    assert table.locator("tbody tr").nth(40).is_visible()
    detail = table.locator("td.mg-detail").first
    assert not detail.is_visible()
    page.locator("#claim-matrix .mg-details-label").click()
    assert detail.is_visible()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_table_cut_to_its_rows_shown_says_so_above_its_rows_and_its_link_gives_every_row(tmp_path, browser, width):
    """A table longer than table_rows_shown, on a page with the book's own table script and stylesheet: the
    reader sees the note before the rows, the rows shown, a filter that counts those, and a link whose CSV
    holds every row, the ones left out included."""
    rows, shown = LONG_TABLE_ROWS + 10, LONG_TABLE_ROWS + 5
    table = Table("many", "Many rows", pd.DataFrame({"n": range(1, rows + 1),
                                                      "word": [f"word{i}" for i in range(1, rows + 1)]}), (),
                  rows_shown=shown)
    static = ROOT / "book" / "_static"
    for name in ("mgtables.css", "mgtables-tables.js", "vendor/tablesort.min.js", "vendor/tablesort.number.min.js"):
        (tmp_path / "_static" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(static / name, tmp_path / "_static" / name)
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / table.csv_name).write_text(table.to_csv(), encoding="utf-8")
    (tmp_path / "book").mkdir()
    scripts = "".join(f'<script src="../_static/{n}"></script>' for n in
                      ("vendor/tablesort.min.js", "vendor/tablesort.number.min.js", "mgtables-tables.js"))
    (tmp_path / "book" / "page.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        f'<link rel="stylesheet" href="../_static/mgtables.css">{scripts}</head>'
        f"<body><article>{table.to_html()}</article></body></html>", encoding="utf-8")
    server, address = serve(tmp_path)
    page = browser.new_page(viewport=dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    try:
        open_page(page, urljoin(address, "book/page.html"))
        note = page.locator("#rows-left-out-many")
        assert note.is_visible()
        assert note.bounding_box()["y"] < page.locator("#table-many").bounding_box()["y"]
        assert f"first {shown} of the table's {rows} rows" in note.text_content()
        assert page.locator("#table-many tbody tr").count() == shown
        assert page.locator("#many .mg-filter-count").text_content() == f"{shown} of {shown} rows"
        page.locator("#many .mg-filter").fill(f"word{rows}")  # a row left out: not on the page
        assert page.locator("#table-many tbody tr:not([hidden])").count() == 0
        csv = page.request.get(urljoin(page.url, note.locator("a").get_attribute("href")))
        assert csv.ok
        assert [line.split(",")[1] for line in csv.text().splitlines()[1:]] == [f"word{i}" for i in range(1, rows + 1)]
    finally:
        page.close()
        server.shutdown()
