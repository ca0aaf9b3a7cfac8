"""The Dutch pages as built, for the findings of the second native reading that only the built page shows: dates
in ISO form in the running text and tables, the theme's header words, the citation's access date."""

from __future__ import annotations

import html
import re

import pytest

ISO_DATE = re.compile(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w/-])")


def _dutch_pages(built_book):
    return sorted((built_book / "nl" / "book").glob("*.html"))


def _visible(markup: str) -> str:
    """The text a reader sees: no scripts, styles or BibTeX blocks (BibTeX keeps ISO dates), no tags."""
    markup = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_no_dutch_page_shows_an_iso_date(built_book):
    pages = _dutch_pages(built_book)
    assert len(pages) >= 10
    found = {p.name: ISO_DATE.findall(_visible(p.read_text(encoding="utf-8"))) for p in pages}
    assert not {name: dates for name, dates in found.items() if dates}


def test_the_dutch_header_speaks_dutch_and_the_english_one_english(built_book):
    dutch = (built_book / "nl" / "book" / "intro.html").read_text(encoding="utf-8")
    english = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    assert "Bronopslagplaats" not in dutch and "Open een probleem" not in dutch
    assert "Broncode" in dutch
    assert "Source repository" in english  # the theme's own words where its catalogue is the book's language


def test_a_dutch_plain_text_citation_asks_for_its_date_in_dutch_words(built_book):
    dutch = (built_book / "nl" / "book" / "intakes.html").read_text(encoding="utf-8")
    english = (built_book / "book" / "intakes.html").read_text(encoding="utf-8")
    cited = re.findall(r'<span class="mg-cite-text">.*?</span> <button', dutch, flags=re.S)
    assert cited and all('class="mg-access-date" data-locale="nl"' in c for c in cited)
    assert 'data-locale' not in english
    assert 'data-locale' not in "".join(re.findall(r'<pre class="mg-cite-bibtex">.*?</pre>', dutch, flags=re.S))


@pytest.mark.browser
def test_the_browser_writes_the_dutch_access_date_in_words_and_keeps_iso_in_bibtex(site, browser):
    from urllib.parse import urljoin

    page = browser.new_page()
    page.goto(urljoin(site, "nl/book/intakes.html"))
    plain = page.locator(".mg-cite-text .mg-access-date").first.text_content()
    bibtex = page.locator(".mg-cite-bibtex .mg-access-date").first.text_content()
    page.goto(urljoin(site, "book/intakes.html"))
    english = page.locator(".mg-cite-text .mg-access-date").first.text_content()
    page.close()
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]
    assert re.fullmatch(rf"\d{{1,2}} ({'|'.join(months)}) \d{{4}}", plain), plain
    assert ISO_DATE.fullmatch(bibtex) and ISO_DATE.fullmatch(english), (bibtex, english)
