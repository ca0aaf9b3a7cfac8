"""The book in every language (mgtables.editions): each edition shows its own outputs and numbers, every
page has its counterpart in the other edition and links to it, the prose catalogues are complete and
current, and a Dutch page reads as Dutch."""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import ROOT

from mgtables import editions, site, stamp
from mgtables.i18n import edition_folder, languages, text
from mgtables.registry import all_tables
from mgtables.table import DOWNLOAD_DIR

OTHER_LANGUAGES = languages()[1:]
LOCALE = ROOT / "book" / "locale"


def _notebook(*outputs_per_cell: list[dict]) -> str:
    cells = [{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": outputs}
             for outputs in outputs_per_cell]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _output(text: str, lang: str | None) -> dict:
    metadata = {} if lang is None else {"mgtables": {"lang": lang}}
    return {"output_type": "display_data", "data": {"text/plain": text}, "metadata": metadata}


def _texts(notebook: str) -> list[list[str]]:
    return [[o["data"]["text/plain"] for o in c["outputs"]] for c in json.loads(notebook)["cells"]]


def test_an_edition_keeps_its_own_outputs_and_those_made_for_every_language():
    notebook = _notebook([_output("Table", "en"), _output("Tabel", "nl")], [_output("same", None)])
    assert _texts(editions.keep_language(notebook, "en")) == [["Table"], ["same"]]
    assert _texts(editions.keep_language(notebook, "nl")) == [["Tabel"], ["same"]]


def test_a_notebook_without_outputs_in_the_language_stops_the_build():
    with pytest.raises(editions.MissingLanguage, match=r"book/x\.ipynb has no stored outputs in 'nl'"):
        editions.keep_language(_notebook([_output("Table", "en")]), "nl", "book/x.ipynb")


def test_a_notebook_without_any_language_marks_is_the_same_in_every_edition():
    notebook = _notebook([_output("plain", None)])
    assert _texts(editions.keep_language(notebook, "nl")) == [["plain"]]


@pytest.mark.parametrize("path", stamp.book_notebooks(), ids=lambda p: p.name)
def test_every_stored_output_made_for_one_language_is_there_in_every_language(path: Path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        made_for = [o.get("metadata", {}).get("mgtables", {}).get("lang") for o in cell.get("outputs", [])]
        marked = [lang for lang in made_for if lang is not None]
        counts = {lang: marked.count(lang) for lang in languages()}
        assert not marked or len(set(counts.values())) == 1, (path.name, index, counts)


@pytest.mark.parametrize(("pagename", "lang", "expected"), [
    ("book/foods", "en", "../nl/book/foods.html"),
    ("book/foods", "nl", "../../book/foods.html"),
    ("index", "en", "nl/index.html"),
    ("search", "nl", "../search.html"),
])
def test_every_page_links_to_the_same_page_in_the_other_edition(pagename, lang, expected):
    (link,) = editions.other_editions(pagename, lang)
    assert link["url"] == expected
    assert link["lang"] != lang


def test_each_edition_is_named_in_its_own_language():
    assert editions.other_editions("index", "en")[0]["name"] == "Nederlands"
    assert editions.other_editions("index", "nl")[0]["name"] == "English"


# ---- the prose catalogues (book/locale/<lang>/LC_MESSAGES/<page>.po) ---------------------------------


def _messages(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return {m.id: m for m in read_po(handle) if m.id}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, set[str]]:
    """The messages of the English pages as Sphinx's gettext builder extracts them now, per catalogue."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from update_translations import write_templates

    pots = write_templates(ROOT, tmp_path_factory.mktemp("gettext"))
    return {str(p.relative_to(pots).with_suffix("")): set(_messages(p)) for p in pots.rglob("*.pot")}


@pytest.mark.book
@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_page_has_a_catalogue_and_every_message_a_reviewed_translation(templates, lang):
    missing, untranslated, stale = [], [], []
    for name, ids in templates.items():
        path = LOCALE / lang / "LC_MESSAGES" / f"{name}.po"
        if not path.is_file():
            missing.append(name)
            continue
        messages = _messages(path)
        untranslated += [f"{name}: {i[:60]!r}" for i in ids
                         if i not in messages or not messages[i].string or messages[i].fuzzy]
        stale += [f"{name}: {i[:60]!r}" for i in set(messages) - ids]
    hint = "run `make translations`, then translate what is new or fuzzy"
    assert missing == [], f"pages without a catalogue: {hint}"
    assert stale == [], f"translations of text the pages no longer hold: {hint}"
    assert untranslated == [], f"{len(untranslated)} messages without a reviewed translation: {hint}"


# ---- the built editions --------------------------------------------------------------------------------


def _pages(site: Path) -> set[str]:
    """The pages of the edition at `site` (not the theme's templates in _static/, nor other editions)."""
    other_roots = {edition_folder(lang).rstrip("/") for lang in OTHER_LANGUAGES}
    return {str(p.relative_to(site)) for p in site.rglob("*.html")
            if not p.relative_to(site).parts[0].startswith("_") and p.relative_to(site).parts[0] not in other_roots}


ALT = re.compile(r'<img [^>]*?alt="([^"]*)"')


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_figure_is_described_in_the_editions_language(built_book, lang):
    """A figure's alt text (what a screen reader reads for it) is the translation of the English one, from the
    page's catalogue, which the gettext builder fills since it keeps the figures (mgtables.sphinx, 8.)."""
    described = 0
    for page in sorted(_pages(built_book)):
        english = [html.unescape(a) for a in ALT.findall((built_book / page).read_text(encoding="utf-8"))]
        own = [html.unescape(a) for a in ALT.findall((built_book / lang / page).read_text(encoding="utf-8"))]
        assert len(own) == len(english), page
        catalogue = LOCALE / lang / "LC_MESSAGES" / f"{Path(page).with_suffix('')}.po"
        messages = _messages(catalogue) if catalogue.is_file() else {}
        for en, translated in zip(english, own, strict=True):
            if en in messages:
                assert translated == messages[en].string and translated != en, (page, en[:60])
                described += 1
    assert described >= 7  # the figures of the chapters


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_page_has_its_counterpart_in_every_edition(built_book, lang):
    english = _pages(built_book)
    assert _pages(built_book / lang) == english
    assert "book/foods.html" in english


@pytest.mark.parametrize("lang", languages())
def test_every_page_says_its_language_and_links_to_its_counterparts(built_book, lang):
    root = built_book / edition_folder(lang)
    for page in sorted(_pages(built_book)):
        html = (root / page).read_text(encoding="utf-8")
        if page == "index.html":
            continue  # the site's root, which opens an edition (test_the_root_opens_the_readers_language)
        assert re.search(rf'<html lang="{lang}"', html), (lang, page)
        links = re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" lang="[a-z]+">', html)
        assert sorted(h for _, h in links) == sorted(set(languages()) - {lang}), (lang, page)
        for href, other in links:
            target = (root / page).parent / href
            assert target.resolve() == (built_book / edition_folder(other) / page).resolve(), (page, href)
            assert target.is_file(), (page, href)


class _VisibleText(HTMLParser):
    """The text a reader sees in the article of a page: no scripts, styles, code or navigation, and no words
    the page marks as being in another language than its own (a document's English title quoted on a Dutch
    page: the issue counts quotations aside)."""

    SKIP = frozenset({"script", "style", "code", "pre", "nav", "svg"})

    def __init__(self):
        super().__init__()
        self.inside, self.skipping, self.words = False, 0, []
        self.lang, self.other = None, None  # the page's language; [tag, depth] of an element in another

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.lang = lang
        elif self.other is not None:
            self.other[1] += tag == self.other[0]
        elif lang and self.lang and lang != self.lang:
            self.other = [tag, 1]
        if tag == "article":
            self.inside = True
        elif tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag):
        if self.other is not None and tag == self.other[0]:
            self.other[1] -= 1
            if self.other[1] == 0:
                self.other = None
        if tag == "article":
            self.inside = False
        elif tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if self.inside and not self.skipping and self.other is None:
            self.words += re.findall(r"[^\W\d_]+", data.lower())


# Words that carry no content and belong to one language only: how much of a page is in which language.
FUNCTION_WORDS = {
    "en": {"the", "and", "of", "is", "are", "to", "for", "with", "that", "this", "which", "from", "by", "not",
           "or", "it", "as", "be", "its", "their", "they", "than", "but", "what", "how", "each", "every",
           "one", "only", "more", "no", "where", "when", "who", "these", "those", "has", "have"},
    "nl": {"de", "het", "een", "en", "van", "is", "zijn", "voor", "met", "dat", "die", "dit", "uit", "door",
           "niet", "of", "wat", "hoe", "elk", "elke", "alleen", "meer", "geen", "waar", "wanneer", "wie",
           "deze", "heeft", "hebben", "ook", "bij", "naar", "aan", "om", "dan", "maar", "wordt", "worden"},
}
DUTCH_SHARE = 0.9
TOO_SHORT = 30  # function words: a page with fewer (the index) says too little to judge its language
# Pages whose Dutch edition still shows English text from the data or the code, with what is left. The test
# fails when a listed page reaches the share (take it off the list) as when an unlisted one falls below it.
NOT_YET_DUTCH: dict[str, str] = {}



def _read(markup: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(markup)
    return parser.words


def test_words_marked_as_another_language_than_the_pages_are_not_read():
    page = ('<html lang="nl"><body><nav>menu</nav><article><p>de tekst <span lang="en">The <span>quoted</span> '
            'title</span> en <span lang="nl">het eigen</span> <em lang="en">an <em>aside</em></em> dan</p>'
            '<code>the code</code></article><p>buiten</p></body></html>')
    assert _read(page) == ["de", "tekst", "en", "het", "eigen", "dan"]
    assert _read(page.replace('lang="nl"', "", 1)) == [  # a page that names no language of its own: all read
        "de", "tekst", "the", "quoted", "title", "en", "het", "eigen", "an", "aside", "dan"]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_pages_of_an_edition_read_in_its_language(built_book, lang):
    shares = {}
    for page in sorted(_pages(built_book)):
        parser = _VisibleText()
        parser.feed((built_book / lang / page).read_text(encoding="utf-8"))
        own = sum(w in FUNCTION_WORDS[lang] - FUNCTION_WORDS["en"] for w in parser.words)
        english = sum(w in FUNCTION_WORDS["en"] - FUNCTION_WORDS[lang] for w in parser.words)
        if own + english >= TOO_SHORT:
            shares[page] = own / (own + english)
    too_little = {page: f"{share:.0%}" for page, share in shares.items()
                  if share < DUTCH_SHARE and page not in NOT_YET_DUTCH}
    now_dutch = [page for page in NOT_YET_DUTCH if shares.get(page, 1) >= DUTCH_SHARE]
    assert len(shares) >= 8  # the chapters were read
    assert too_little == {}
    assert now_dutch == [], "these pages now read as Dutch: take them off NOT_YET_DUTCH"



def test_the_root_offers_every_edition_and_opens_the_readers_language(built_book):
    root = (built_book / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"', root))
    assert sorted(links.values()) == sorted(languages())
    assert all((built_book / href).is_file() for href in links)
    assert "navigator.languages" in root


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_an_edition_offers_its_tables_as_csv_in_its_language(built_book, lang):
    for table in all_tables(lang=lang):
        served = built_book / edition_folder(lang) / DOWNLOAD_DIR / table.csv_name
        assert served.read_text(encoding="utf-8") == table.to_csv(), table.id


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_address_on_an_edition_page_reaches_a_file(built_book, lang):
    root = built_book / edition_folder(lang)
    broken = []
    for page in sorted(_pages(built_book)):
        html = (root / page).read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', html):
            if re.match(r"[a-z]+:|//", href):
                continue  # another site
            if not ((root / page).parent / href).resolve().exists():
                broken.append(f"{page}: {href}")
    assert broken == []


def test_the_english_words_the_other_editions_replace_are_those_of_the_configuration():
    """The other editions take their title and footer from the catalogues; the English edition keeps
    _config.yml's, which the English catalogue must repeat word for word (or the two drift apart)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert text("editions.book_title") == config["title"]
    assert text("editions.footer") == config["html"]["extra_footer"]
    assert text("editions.author") == config["author"]


THEME_WORDS = re.findall(r'_\("([^"]+)"\)',
                         (ROOT / "book" / "_templates" / "theme-words.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_themes_words_and_the_authors_are_in_the_edition_s_language(built_book, lang):
    """The words the themes put on every page (buttons, labels a screen reader reads) and the footer's authors
    come in the edition's language, not in the themes' English."""
    page = (built_book / edition_folder(lang) / "book" / "limits.html").read_text(encoding="utf-8")
    english = [word for word in [*THEME_WORDS, text("editions.author")]
               if f'"{word}"' in page or f">{word}<" in page or f"> {word}" in page]
    assert THEME_WORDS and english == []
    assert text("editions.author", lang) in page


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_sidebar_names_the_parts_in_the_editions_language(built_book, lang):
    english = [part["caption"] for part in yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["parts"]]
    translated = [part["caption"] for part in site.translated_toc(ROOT, lang)["parts"]]
    assert all(a != b for a, b in zip(english, translated, strict=True))  # every caption is translated
    for page in ("book/intro.html", "book/foods.html", "search.html"):
        shown = re.findall(r'class="caption" role="heading"><span class="caption-text">([^<]*)<',
                           (built_book / lang / page).read_text(encoding="utf-8"))
        assert shown == translated, page
