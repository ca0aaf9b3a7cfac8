"""The References page as built: no 'nan', author-year labels a reader recognises, every article and
authority listed with what its capture states, and the chapters citing into it."""

from __future__ import annotations

import html
import re

import mgtables
from mgtables.bibliography import sentence_start


def page_text(built_book, name: str, edition: str = "") -> str:
    markup = (built_book / edition / "book" / f"{name}.html").read_text(encoding="utf-8")
    article = markup[markup.index("<article"):markup.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article)), article


def test_the_references_page_lists_every_document_under_a_short_author_year_label(built_book):
    text, markup = page_text(built_book, "references")
    assert not re.search(r"\bnan\b", text)
    labels = re.findall(r'<span class="label"><span class="fn-bracket">\[</span>([^<]+)<', markup)
    data = mgtables.load()
    assert len(labels) == len(data.sources) + len(data.authorities) + 1
    assert {"EFSA 2015", "IOM 1997", "SCF 2001", "iLive 2025", "Lodewijckx 2025", "USDA 2016"} <= set(labels)
    assert max(len(label) for label in labels) <= 35
    for s in data.sources.itertuples():
        assert s.title in text and s.title_en in text
    for s in data.sources.itertuples():  # each article links to its address, or says that none was found
        entry = _entry(markup, s.title)
        if isinstance(s.url, str):
            assert f'href="{s.url}"' in entry and "No address found" not in entry
        else:
            assert "No address found" in html.unescape(re.sub(r"<[^>]+>", "", entry)) and "href=" not in entry
    for url in data.authorities["url"].dropna():
        assert f'href="{url}"' in markup


def _entry(markup: str, title: str) -> str:
    """The markup of the one bibliography entry that carries `title`."""
    pieces = re.split(r'<div class="citation"|<dt class="label"', markup)
    entries = [e for e in pieces if title in html.unescape(e)]
    assert len(entries) == 1, title
    return entries[0]


def test_every_article_has_its_address_or_says_where_none_was_found():
    """The register records for every article where its address was found (or what was searched), and
    an address only for the articles a stored copy was found of."""
    for s in mgtables.load().sources.itertuples():
        assert isinstance(s.url_found, str) and s.url_found.strip(), s.id
        assert isinstance(s.url, str) != s.url_found.startswith("Not found"), s.id
        if isinstance(s.url, str):
            assert "corpus" in s.url_found and s.url.startswith("https://"), s.id


def test_the_chapters_cite_the_documents_they_rely_on(built_book):
    cited = set()
    for page in ("sources", "intakes", "limits", "foods", "tables"):
        _, markup = page_text(built_book, page)
        cited |= set(re.findall(r'href="references.html#[^"]+" title="([^".,]+)[.,]', markup))
    # an authority's entry is its citation ("SCF, 2001. Opinion ..."); an article's and the USDA's begin with
    # their author
    authorities = {re.split(r"[.,]", a.citation)[0] for a in mgtables.load().authorities.itertuples()
                   if a.id in ("efsa2015", "iom1997", "scf2001")}
    assert authorities | {"USDA", "iLive", "Inge Lodewijckx"} <= cited


def test_the_dutch_references_page_gives_its_notes_in_dutch_and_marks_what_is_quoted_in_english(built_book):
    text, markup = page_text(built_book, "references", "nl")
    data = mgtables.load()
    labels = re.findall(r'<span class="label"><span class="fn-bracket">\[</span>([^<]+)<', markup)
    undated = data.sources[data.sources["published"].isna() & data.sources["last_reviewed"].isna()]
    assert len(undated) and all(label.endswith(("z.d.", "z.d.a", "z.d.b")) for label in labels
                                if "n.d." in label or "z.d." in label)
    assert not any("n.d." in label for label in labels)
    assert "Auteur volgens de pagina" in text and "Author as the page states it" not in text
    for s in data.sources.itertuples():
        assert s.title in text and s.title_en not in text  # a Dutch reader reads the Dutch title itself
        assert sentence_start(s.site_nl) in text  # it opens a sentence of the entry ("Blog van ...")
    for a in data.authorities.itertuples():  # a document's citation in another language is marked with it
        marked = f'<span lang="{a.language}">{html.escape(a.citation[:40], quote=False)}'
        assert (marked in markup) == (a.language != "nl"), a.id
