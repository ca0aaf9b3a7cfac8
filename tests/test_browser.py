"""The published HTML in a real browser: Debian's chromium, driven by Playwright, against the book
served from 127.0.0.1. `make screenshots` writes screenshots of every chapter at phone and desktop widths
to _build/screenshots/ for review."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import CHROMIUM, ROOT, load_all, open_page

import mgtables
from mgtables.i18n import edition_folder, languages

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "_build" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}

if not CHROMIUM.exists():  # under CI a failure (conftest.MUST_RUN)
    pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run these",
                allow_module_level=True)


def pages(built_book: Path) -> list[str]:
    return sorted(str(p.relative_to(built_book)) for p in (built_book / "book").glob("*.html"))


@pytest.fixture(scope="module")
def visited(built_book, site, browser):
    """Every chapter loaded once: console errors, links, anchors, images and tables found on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    results = {}
    paths = pages(built_book)
    addresses = {urljoin(site, path): path for path in paths}
    errors = {path: [] for path in paths}

    def listen(address, page):
        found = errors[addresses[address]]
        page.on("console", lambda msg: found.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: found.append(str(exc)))

    for page_path, page in zip(paths, load_all(context, list(addresses), before=listen), strict=True):
        results[page_path] = {
            "errors": errors[page_path],
            "links": page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"),
            "ids": set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")),
            "images_without_alt": page.eval_on_selector_all(
                "article img", "els => els.filter(e => !(e.alt || '').trim()).map(e => e.src)"),
            "tables_without_caption": page.eval_on_selector_all(
                "article table", "els => els.filter(e => !e.querySelector('caption')).map(e => e.id || e.className)"),
            "downloads": page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)"),
        }
        page.close()
    context.close()
    return results


def test_every_chapter_loads_without_console_errors(visited):
    assert {page: r["errors"] for page, r in visited.items() if r["errors"]} == {}


def test_every_figure_has_alt_text(visited):
    assert {page: r["images_without_alt"] for page, r in visited.items() if r["images_without_alt"]} == {}


def test_every_table_has_a_caption(visited):
    assert {page: r["tables_without_caption"] for page, r in visited.items() if r["tables_without_caption"]} == {}


def test_every_download_link_resolves(visited, site, browser):
    downloads = sorted({href for r in visited.values() for href in r["downloads"]})
    assert len(downloads) >= len(mgtables.ids())
    request = browser.new_context().request
    broken = [href for href in downloads if request.get(href).status != 200]
    assert broken == []


def test_every_internal_link_and_anchor_resolves(visited, built_book, site):
    host = urlparse(site).netloc
    broken = []
    ids_of = {page: r["ids"] for page, r in visited.items()}
    for page, r in visited.items():
        for href in r["links"]:
            url = urlparse(href)
            if url.netloc != host:
                continue
            target = url.path.lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (built_book / target).exists():
                broken.append(f"{page}: {href} (no such file)")
            elif url.fragment and target in ids_of and url.fragment not in ids_of[target]:
                broken.append(f"{page}: {href} (no such anchor)")
    assert broken == []


def test_search_finds_a_food_by_english_and_dutch_name(site, browser):
    page = browser.new_page()
    found = {}
    for term in ("almonds", "amandelen"):
        open_page(page, urljoin(site, f"search.html?q={term}"))
        page.wait_for_selector("#search-results .search-summary", timeout=15000)
        found[term] = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
    page.close()
    assert found["almonds"], "English name not found by the search"
    assert found["amandelen"], "Dutch name not found by the search"


def test_the_search_box_of_a_chapter_leads_to_results(site, browser):
    """As a reader searches: from a chapter (which does not load the search index), Ctrl+K, a word, Enter."""
    page = browser.new_page()
    open_page(page, urljoin(site, "book/sources.html"))
    page.keyboard.press("Control+k")
    page.keyboard.type("amandelen")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results .search-summary", timeout=15000)
    links = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
    page.close()
    assert any(link.endswith("book/foods.html") for link in links), links


@pytest.mark.screenshots  # on demand (make screenshots): half a minute, for people to look at
def test_screenshots_of_every_chapter_at_phone_and_desktop_width(built_book, site, browser):
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    for name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for page_path in pages(built_book):
            open_page(page, urljoin(site, page_path))
            page.screenshot(path=SCREENSHOTS / f"{Path(page_path).stem}-{name}.png", full_page=True)
        context.close()
    assert len(list(SCREENSHOTS.glob("*.png"))) == len(WIDTHS) * len(pages(built_book))


def test_the_intakes_page_answers_a_breastfeeding_34_year_old_on_a_phone(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    open_page(page, urljoin(site, "book/intakes.html"))
    page.fill("#mg-intake-lookup input[name=age]", "34")
    page.select_option("#mg-intake-lookup select[name=sex]", "female")
    page.select_option("#mg-intake-lookup select[name=stage]", "lactation")
    page.click("#mg-intake-lookup button[type=submit]")
    rows = page.eval_on_selector_all("#mg-intake-lookup tbody tr", "trs => trs.map(tr => tr.cells[0].textContent)")
    page.close()
    assert {"EFSA 2015", "IOM 1997"} <= set(rows) and len(rows) >= 3, rows


# ---- the editions (mgtables.editions) ------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "opened"), [("nl-NL", "nl/book/intro.html"), ("nl-BE", "nl/book/intro.html"),
                                                ("en-GB", "book/intro.html"), ("fr-FR", "book/intro.html")])
def test_the_root_opens_the_edition_of_the_readers_language(site, browser, locale, opened):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(site, wait_until="load")
    page.wait_for_url(urljoin(site, opened))
    assert page.evaluate("document.documentElement.lang") == opened.split("/")[0].replace("book", "en")
    context.close()


def test_the_language_link_leads_to_the_same_page_in_the_other_edition_and_back(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(urljoin(site, "book/limits.html"))
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(urljoin(site, "nl/book/limits.html"))
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.locator("caption").first.inner_text().startswith("Tabel")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(urljoin(site, "book/limits.html"))
    page.close()


# The words of a page that are not its article's prose (the "chrome" of the themes and extensions): visible
# text outside the article, the names and tooltips of controls anywhere (aria-label, title, placeholder,
# data-tooltip, an icon's <title>) and the words a stylesheet writes outside the article (::before, ::after).
# Inside the article a link's title is the cited work's, not the page's.
CHROME_WORDS = r"""() => {
  const words = new Set();
  const article = document.querySelector("article.bd-article");
  const inArticle = (el) => article !== null && article.contains(el);
  for (const el of document.querySelectorAll("*")) {
    for (const name of ["aria-label", "title", "placeholder", "data-tooltip", "data-bs-title", "data-toggle-hint"]) {
      const value = el.getAttribute(name);
      if (value && !(name === "title" && inArticle(el) && el.tagName === "A" && !el.classList.contains("headerlink")))
        words.add(value.trim());
    }
    if (el.tagName.toLowerCase() === "title" && el.closest("svg")) words.add(el.textContent.trim());
    for (const pseudo of inArticle(el) ? [] : ["::before", "::after"]) {
      const quoted = /^"(.*)"$/.exec(getComputedStyle(el, pseudo).content || "");
      if (quoted) words.add(quoted[1].trim());
    }
  }
  if (document.body !== null) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.replace(/\s+/g, " ").trim();
      const parent = node.parentElement;
      if (text && !inArticle(parent) && !parent.closest("script, style, template")) words.add(text);
    }
  }
  return [...words];
}"""
# Chrome that both editions write alike and rightly so: a key, the index, a chapter named alike in both, a
# download's file type (.pdf), the copyright line.
SAME_IN_EVERY_LANGUAGE = re.compile(r"Ctrl|Index|Water|\.[a-z]+|© Copyright \d{4}\.")


def test_no_chrome_word_of_the_english_pages_stays_english_in_the_other_editions(built_book, site, browser):
    """A word of the themes' or extensions' chrome (a tooltip, a button's name, a navigation's label) that a
    page of another edition shows as its English counterpart does: a word that missed the catalogues."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    left_english = {}
    for lang in languages()[1:]:
        folder = edition_folder(lang)
        paths = sorted(str(p.relative_to(built_book / folder)) for p in (built_book / folder).rglob("*.html")
                       if "_static" not in p.parts)
        english = [urljoin(site, path) for path in paths]
        other = [urljoin(site, folder + path) for path in paths]
        tabs = list(load_all(context, english + other))
        words = [set(tab.evaluate(CHROME_WORDS)) for tab in tabs]
        for path, in_english, in_other in zip(paths, words[:len(paths)], words[len(paths):], strict=True):
            same = {w for w in in_english & in_other if not SAME_IN_EVERY_LANGUAGE.fullmatch(w)
                    and any(len(run) > 1 for run in re.findall(r"[^\W\d_]+", w))}
            if same:
                left_english[folder + path] = sorted(same)
        for tab in tabs:
            tab.close()
    context.close()
    assert left_english == {}
