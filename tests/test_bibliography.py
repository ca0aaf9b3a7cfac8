"""book/references.bib is generated from data/; the committed file must match the data."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

import mgtables
from mgtables.bibliography import bib_file, bibtex
from mgtables.i18n import languages


@pytest.mark.parametrize("lang", languages())
def test_committed_bibliography_of_every_edition_matches_the_data(lang):
    committed = (ROOT / bib_file(lang)).read_text(encoding="utf-8")
    assert committed == bibtex(mgtables.load(), lang), f"{bib_file(lang)} is stale: run `make refresh`"


def test_every_edition_has_its_own_file_with_the_same_entries():
    from pybtex.database import parse_string

    files = {lang: parse_string(bibtex(mgtables.load(), lang), "bibtex").entries for lang in languages()}
    assert len({bib_file(lang) for lang in languages()}) == len(languages())
    assert all(list(entries) == list(files["en"]) for entries in files.values())


def test_every_source_and_authority_has_an_entry(fixture_dir):
    data = mgtables.load(fixture_dir)
    text = bibtex(data)
    assert "@misc{src1," in text and "@misc{auth1," in text and "@misc{usda_sr28," in text
    assert "Example Journal 2015;1:1" in text


def test_references_read_as_a_reader_expects():
    from pybtex.database import parse_string

    data = mgtables.load()
    text = bibtex(data)
    assert "nan" not in text.replace("magnesium", "")
    entries = parse_string(text, "bibtex").entries
    assert set(entries) == {*data.sources["id"], *data.authorities["id"], "usda_sr28"}
    for key, item in entries.items():
        author = " ".join(str(p) for p in item.persons["author"])
        assert len(author) <= 30, (key, author)  # author-year labels such as "EFSA 2015", "iLive 2025"
        assert item.fields["year"], key
    for s in data.sources.itertuples():
        fields = entries[s.id].fields
        assert fields["howpublished"].lower() == s.site.lower() and s.title_en in fields["note"]
        opening = fields["howpublished"].split(" ", 1)[0]  # it opens a sentence: a capital, unless a name ('iLive')
        assert opening[:1].isupper() or not opening.islower(), (s.id, fields["howpublished"])
        if isinstance(s.url, str):
            assert fields["url"] == s.url and "stored copy of the same page" in fields["note"]
        else:
            assert "url" not in fields and "No address found" in fields["note"]
    assert "{IOM}" in text and "{EFSA}" in text  # the short names the tables use
    assert "Mazza E. et al." in entries["ilive2025"].fields["note"]


# ---- the entry writer, field by field ---------------------------------------------------------------

def test_an_entry_leaves_out_empty_fields_and_keeps_a_zero():
    from mgtables.bibliography import entry

    written = entry("misc", "k", {"title": "x", "a": None, "b": float("nan"), "c": "", "year": 0})
    assert written == "@misc{k,\n  title = {x},\n  year = {0}\n}\n"
    assert entry("misc", "k", {"volume": 2.5, "n": None}) == "@misc{k,\n  volume = {2.5}\n}\n"


def test_addresses_and_dates_are_verbatim_and_every_other_field_is_escaped_without_break_points():
    from mgtables.bibliography import entry

    url = "https://example.org/a_b%20c#d"
    written = entry("misc", "k", {"url": url, "urldate": "2025-01-02", "doi": "10.1/a_b",
                                  "note": "file_name.txt & 50% of {x}", "author": "{A & B}"})
    assert f"url = {{{url}}}" in written and "doi = {10.1/a_b}" in written and "urldate = {2025-01-02}" in written
    assert r"note = {file\_name.txt \& 50\% of \textbraceleft{}x\textbraceright{}}" in written
    assert r"author = {{A \& B}}" in written  # a corporate author stays one name, its text escaped
    assert r"author = {{Data\_Lab/NL}}" in entry("misc", "k", {"author": "{Data_Lab/NL}"})  # no break points
    assert "allowbreak" not in written


@pytest.mark.parametrize("field", ["title", "note", "author", "howpublished"])
def test_a_brace_from_the_data_cannot_close_a_field_and_open_another(field):
    from pybtex.database import parse_string

    from mgtables.bibliography import entry

    # BibTeX counts braces whatever precedes them, so LaTeX's \} would still end the field
    hostile = "A title}, note = {injected} {"
    item = parse_string(entry("misc", "k", {field: hostile, "year": 2020}), "bibtex").entries["k"]
    assert set(item.fields) | set(item.persons) == {field, "year"}
    assert "injected" in (item.fields.get(field) or str(item.persons[field][0]))
    url = "https://example.org/a},note={x"  # an address keeps its text, its braces percent-encoded
    item = parse_string(entry("misc", "k", {"url": url}), "bibtex").entries["k"]
    assert item.fields["url"] == "https://example.org/a%7D,note=%7Bx" and set(item.fields) == {"url"}


def test_a_title_keeps_its_capitals_in_braces_and_is_escaped():
    from mgtables.bibliography import protect_capitals

    assert protect_capitals("Scientific Opinion on DRVs for magnesium") == \
        "{Scientific} {Opinion} on {DRVs} for magnesium"
    assert protect_capitals("R&D at 50% of_it") == r"{R\&D} at 50\% of\_it"
    assert protect_capitals("a_b/c") == r"a\_b/c"  # no break points in BibTeX
    assert protect_capitals("Data_Set/B of_it") == r"{Data\_Set/B} of\_it"  # in a protected word neither


@pytest.mark.parametrize("title", ["two  spaces", "a\tTab and\nLine", " Leading and trailing ", "SCF, IOM and USDA"])
def test_a_title_keeps_its_text_and_spacing_between_the_braces(title):
    from mgtables.bibliography import protect_capitals

    protected = protect_capitals(title)
    assert protected.replace("{", "").replace("}", "") == title  # nothing to escape here: only braces added
    assert all(any(c.isupper() for c in word) == word.startswith("{") for word in protected.split(" ") if word)


@pytest.mark.parametrize(("site", "lang", "name"), [
    ("iLive (Dutch edition)", "en", "iLive"),
    ("blog of a Dutch supplement web shop", "en", "Dutch supplement web shop"),
    ("The blog of the Example shop (nl)", "en", "Example shop"),
    ("Blog of an affiliate", "en", "affiliate"),
    ("A shop's blog of a friend", "en", "A shop's blog of a friend"),  # only a leading "blog of" goes
    ("iLive (Nederlandstalige editie)", "nl", "iLive"),
    ("blog van een Nederlandse webwinkel", "nl", "Nederlandse webwinkel"),
    ("blog van Topvitamine", "nl", "Topvitamine"),
    ("Nederlandse gezondheidsblog", "nl", "Nederlandse gezondheidsblog"),
    ("de blog van een vriend", "nl", "de blog van een vriend"),  # only a leading "blog van" goes
])
def test_a_publisher_is_named_as_a_reader_of_the_language_names_it(site, lang, name):
    from mgtables.bibliography import publisher

    assert publisher(site, lang) == name


def _source(**kw):
    from types import SimpleNamespace

    base = dict(title="Titel", title_en="Title", kind="news article", kind_nl="nieuwsbericht",
                author="Jan Jansen, KU Leuven", author_nl="Jan Jansen, KU Leuven", author_expertise="journalist",
                site="Site (nl)", site_nl="blog van Site", based_on=None, published=None, last_reviewed=None,
                references_consulted=None, url="https://example.org", url_found=None, language="nl")
    return SimpleNamespace(**{**base, **kw})


def test_the_author_is_the_researcher_or_else_the_publisher_in_braces():
    from mgtables.bibliography import source_author

    assert source_author(_source(author_expertise="academic_researcher")) == "Jan Jansen"
    assert source_author(_source()) == "{Site}"
    assert source_author(_source(), "nl") == "{Site}"
    assert source_author(_source(site_nl="blog van een winkel"), "nl") == "{winkel}"


def test_a_note_says_what_the_page_is_and_what_it_lacks():
    import datetime as dt

    from mgtables.bibliography import source_note

    note = source_note(_source(based_on="a study", references_consulted=dt.date(2025, 1, 2), url=None))
    assert note.startswith("In Dutch (English title: Title). News article. ")
    assert "Author as the page states it: Jan Jansen, KU Leuven." in note
    assert "Summarises a study." in note
    assert "Undated; its references were consulted on 2025-01-02." in note
    assert note.endswith("No address found: the capture states none, and no stored copy of the page was found.")
    researcher = source_note(_source(author_expertise="academic_researcher", published=dt.date(2024, 5, 6)))
    assert "Jan Jansen, KU Leuven." in researcher and "Author as the page states it" not in researcher
    assert "Undated" not in researcher and "Summarises" not in researcher and "no address" not in researcher
    for missing in (float("nan"), pd.NaT):  # a missing date as pandas writes it
        assert "Undated." in source_note(_source(published=missing, last_reviewed=missing))
    assert "stored copy" not in source_note(_source(url_found=float("nan")))  # a missing address found
    assert "stored copy of the same page" in source_note(_source(url_found="https://example.org/copy"))
    reviewed = source_note(_source(last_reviewed=dt.date(2024, 5, 6)))
    assert "Undated" not in reviewed
    assert "Undated." in source_note(_source())


def test_a_dutch_note_says_the_same_in_dutch_and_gives_a_dutch_article_no_other_title():
    import datetime as dt

    from mgtables.bibliography import source_note

    note = source_note(_source(based_on="een studie", references_consulted=dt.date(2025, 1, 2), url=None), "nl")
    assert note.startswith("Nieuwsbericht. Auteur volgens de pagina: Jan Jansen, KU Leuven. ")
    assert "Gebaseerd op een studie." in note and "Title" not in note
    assert "Zonder datum; de literatuur is geraadpleegd op 2 januari 2025." in note  # a Dutch date, not ISO
    assert note.endswith("Geen adres gevonden: onze opgeslagen tekst van het artikel vermeldt er geen, en er is "
                         "geen opgeslagen kopie van de pagina gevonden.")
    assert source_note(_source(language="en"), "en").startswith("News article. ")  # the reader's own language


def test_a_source_is_dated_by_publication_else_review_else_n_d_and_a_missing_address_left_out(fixture_dir):
    import datetime as dt
    from dataclasses import replace

    from pybtex.database import parse_string

    data = mgtables.load(fixture_dir)
    sources, authorities = data.sources.copy(), data.authorities.copy()
    row = sources.index[0]
    for (published, reviewed, year, dutch), no_url in zip([(dt.date(2021, 1, 1), dt.date(2022, 1, 1), "2021", "2021"),
                                                            (None, dt.date(2022, 1, 1), "2022", "2022"),
                                                            (None, None, "n.d.", "z.d.")],
                                                           [None, float("nan"), pd.NA], strict=True):
        sources.loc[row, "published"], sources.loc[row, "last_reviewed"] = published, reviewed
        sources.loc[row, "url"] = authorities.loc[authorities.index[0], "url"] = no_url  # missing, as pandas has it
        entries = parse_string(bibtex(replace(data, sources=sources, authorities=authorities)), "bibtex").entries
        item = entries[sources.loc[row, "id"]]
        assert item.fields["year"] == year
        assert parse_string(bibtex(replace(data, sources=sources), "nl"), "bibtex").entries[item.key].fields[
            "year"] == dutch
        assert "url" not in item.fields and item.fields["language"] == "dutch"
        assert "url" not in entries[authorities.loc[authorities.index[0], "id"]].fields


# ---- the References page's style: author-year labels, sorted by author, year and title -----------------

STYLE_BIB = r"""
@misc{zeta2020, author = {Zeta, Anna}, title = {Second}, year = {2020}}
@misc{zeta2019, author = {Zeta, Anna}, title = {Z last by title}, year = {2019}}
@misc{efsa_b, author = {{EFSA}}, title = {B title}, year = {2015}}
@misc{efsa_a, author = {{EFSA}}, title = {a title}, year = {2015}}
@misc{pair, author = {Smith, John and Jones, Mary}, title = {T}, year = {2010}}
@misc{three, author = {One, A and Two, B and Three, C}, title = {T}, year = {2011}}
@misc{berg, author = {van der Berg, Piet}, title = {T}, year = {2012}}
@misc{edited, editor = {Editor, Ed}, title = {T}, year = {2013}}
@misc{anonymous, title = {No author}}
"""


def _formatted(bib: str = STYLE_BIB):
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin, register_plugin
    from pybtex.style.formatting.unsrt import Style as Unsorted

    from mgtables.bibliography import _register_reference_style

    # The style was registered when mgtables.bibliography was imported, which for a test run may be long
    # before this test: a stale style stands in its place first (as after the module is imported again), so
    # the test sees what the registration itself puts under the name the References page asks for.
    register_plugin("pybtex.style.formatting", "mgtables", type("Stale", (Unsorted,), {}), force=True)
    _register_reference_style()
    style = find_plugin("pybtex.style.formatting", "mgtables")()
    return list(style.format_entries(parse_string(bib, "bibtex").entries.values()))


def test_the_reference_style_labels_by_author_and_year_as_the_chapters_cite():
    labels = {e.key: e.label for e in _formatted()}
    assert labels == {
        "efsa_a": "EFSA 2015", "efsa_b": "EFSA 2015b",  # a label given twice gets a letter
        "pair": "Smith and Jones 2010", "three": "One et al. 2011", "berg": "van der Berg 2012",
        "edited": "Editor 2013", "anonymous": "anonymous n.d.", "zeta2019": "Zeta 2019", "zeta2020": "Zeta 2020",
    }


def test_the_reference_style_sorts_by_author_then_year_then_title_ignoring_case():
    # "van der Berg" sorts under v, after "Smith" and before "Zeta", whatever the case of its first letter.
    assert [e.key for e in _formatted()] == ["anonymous", "edited", "efsa_a", "efsa_b", "three", "pair", "berg",
                                             "zeta2019", "zeta2020"]


# Entries a style test needs beyond the book's: an author's undated and untitled works, two editors, and
# titles and keys that differ only where upper and lower case sort apart (the characters between Z and a).
EDGE_BIB = r"""
@misc{ward2019, author = {Ward, Wim}, title = {Later}, year = {2019}}
@misc{ward_undated, author = {Ward, Wim}, title = {Undated}}
@misc{ward_untitled, author = {Ward, Wim}, year = {2019}}
@misc{ward_under, author = {Ward, Wim}, title = {T_x}, year = {2020}}
@misc{ward_plain, author = {Ward, Wim}, title = {Ta}, year = {2020}}
@misc{editors, editor = {Editor, Ed and Other, Otto}, title = {T}, year = {2014}}
@misc{x_z}
@misc{xa}
"""


def test_an_authors_undated_and_untitled_works_come_first_and_punctuation_sorts_before_letters():
    # An undated work comes before the author's dated ones (as in APA's reference lists), an untitled one
    # before the titled works of its year; "T_x" before "Ta" and the key "x_z" before "xa", as a dictionary
    # puts punctuation before letters whatever their case.
    assert [e.key for e in _formatted(EDGE_BIB)] == ["editors", "ward_undated", "ward_untitled", "ward2019",
                                                     "ward_under", "ward_plain", "x_z", "xa"]


def test_two_editors_are_both_named_in_the_label_and_an_undated_work_is_n_d():
    labels = {e.key: e.label for e in _formatted(EDGE_BIB)}
    assert labels["editors"] == "Editor and Other 2014"
    assert labels["ward_undated"] == "Ward n.d."
    assert labels["ward_untitled"] == "Ward 2019" and labels["ward2019"] == "Ward 2019b"
    assert labels["x_z"] == "x_z n.d." and labels["xa"] == "xa n.d."  # no author: the key names the entry


def test_an_authority_entry_is_its_citation_once_and_the_usda_month_is_in_the_edition_s_language():
    """The citation names the body, the title and the date: said again around it, a reader saw the title
    twice and a stray '., 2021.' (issue 17); BibTeX's 'may' read as English in the Dutch list."""
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    from mgtables.bibliography import sr28_fields, style_name

    data = mgtables.load()
    bib = parse_string(bibtex(data, "nl"), "bibtex")
    style = find_plugin("pybtex.style.formatting", style_name("nl"))()
    shown = {e.key: e.text.render_as("text") for e in style.format_entries(bib.entries.values())}
    for a in data.authorities.itertuples():
        assert "title" not in bib.entries[a.id].fields
        assert shown[a.id].startswith(a.citation) and shown[a.id].count(a.citation) == 1, a.id
        assert f"., {a.year}." not in shown[a.id]
    assert (sr28_fields("nl")["month"], sr28_fields("en")["month"]) == ("mei", "May")
    assert "mei 2016" in shown["usda_sr28"]
