"""Accessibility, as axe-core sees it: injected into every page of the built book at 1280 and 390 px, it
finds no serious or critical violation in the project's own markup (mgtables' tables, answers, lookup and
dose check, doubts, figures, book/_static scripts; everything with an mg- class or id, or inside such an
element). Violations in the theme's own markup are listed as known, each with a reason, so that a new one
fails too and none is hidden.

axe-core is a development dependency (package.json, `npm ci`), never copied into the book."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, load_all, open_page

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [(1280, 900), (390, 844)]
SERIOUS = ("serious", "critical")

# The theme's violations (pydata-sphinx-theme and sphinx-book-theme, Jupyter Book's templates), by rule:
# why each is the theme's, not ours. A violation of one of these rules in our markup still fails.
KNOWN_THEME = {
    "label-content-name-mismatch": "pydata-sphinx-theme's search button is labelled 'Search' while it also shows "
                                   "the Ctrl+K shortcut, and myst-nb's hide-input summaries are labelled 'Toggle "
                                   "hidden content' while they read 'Show code cell source': both the toolchain's "
                                   "templates, which the book does not override",
    "aria-required-children": "the References page's citation list, written by sphinxcontrib-bibtex and docutils, "
                              "has role=list without list items",
}

# axe-core's result for one page: each serious or critical violation with, per element, whether it is ours.
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => SERIOUS.includes(v.impact)).flatMap(v => v.nodes.map(n => {
    const element = document.querySelector(n.target[0]);
    let ours = false;
    for (let e = element; e && !ours; e = e.parentElement) {
      ours = [...e.classList].some(c => c.startsWith('mg-')) || e.id.startsWith('mg-');
    }
    return {rule: v.id, impact: v.impact, target: n.target.join(' '), ours, html: n.html.slice(0, 160)};
  }));
}""".replace("SERIOUS", repr(list(SERIOUS)))


def book_pages(built_book: Path) -> list[str]:
    return sorted(p.name for p in (built_book / "book").glob("*.html"))


@pytest.fixture(scope="module")
def site(site):
    """The chapters' folder of the book that tests/conftest.py serves."""
    return f"{site}book/"


@pytest.fixture(scope="module")
def browser(browser):
    """The Chromium of tests/conftest.py, once axe-core is there to inject."""
    for needed, how in ((CHROMIUM, "install Debian's chromium"), (AXE, "run `npm ci` for axe-core")):
        if not needed.exists():
            if os.environ.get("CI"):
                raise RuntimeError(f"missing {needed}: {how}")
            pytest.skip(f"missing {needed}: {how}")
    return browser


@pytest.fixture(scope="module")
def violations(site, browser, built_book) -> list[dict]:
    """Every serious or critical violation of every page at both widths, with its page and width."""
    found = []
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height})
        pages = book_pages(built_book)
        for page, tab in zip(pages, load_all(context, [site + page for page in pages]), strict=True):
            tab.add_script_tag(path=str(AXE))
            found += [{**v, "page": page, "width": width} for v in tab.evaluate(RUN)]
        context.close()
    return found


def listing(found: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['rule']} on {v['page']} at {v['width']} px: {v['target']}  {v['html']}"
                     for v in found)


@pytest.mark.browser
def test_axe_finds_no_serious_violation_in_the_project_s_markup(violations):
    ours = [v for v in violations if v["ours"]]
    assert ours == [], "\n" + listing(ours)


@pytest.mark.browser
def test_the_theme_s_violations_are_the_known_ones(violations):
    theirs = [v for v in violations if not v["ours"]]
    unknown = [v for v in theirs if v["rule"] not in KNOWN_THEME]
    assert unknown == [], "\n" + listing(unknown)


@pytest.mark.browser
def test_axe_runs_and_reports_a_violation_it_is_shown(site, browser):
    """The check can fail: a page with an image without alternative text in our markup is reported."""
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    open_page(tab, site + "intro.html")
    tab.evaluate("""() => { const i = document.createElement('img'); i.src = '../_static/favicon.svg';
                            i.className = 'mg-test'; document.querySelector('main').append(i); }""")
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate(RUN)
    tab.close()
    assert any(v["rule"] == "image-alt" and v["ours"] for v in found), found
