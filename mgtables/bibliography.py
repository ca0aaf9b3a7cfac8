"""The book's BibTeX file, generated from the source register and the authorities' documents.

The References page (book/references.md) shows it with author-year labels, so an entry's author is what
a reader knows the document by: the named researcher of an article, else its publisher as the capture
states it ("iLive", "Topvitamine blog"); an authority's short name ("EFSA", "IOM"), its full name and
the full citation following in the entry. An article carries its address (the register's `url`: the one its
capture states or, as for every capture so far, that of a stored copy of the same page, `url_found`), and
the entry says which; where no address was found, the entry names the publisher and says so.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date

from .i18n import SOURCE_LANGUAGE, languages, text

if TYPE_CHECKING:
    from .dataset import Dataset

# The Sphinx build imports this module on every run, for the References style below (which pybtex finds
# by name), a no-change rebuild too; pandas, which mgtables.dataset and mgtables.latex import, is
# imported only by the functions that write the BibTeX file (see mgtables/__init__.py).

SR28 = {
    "key": "usda_sr28",
    "fields": {
        "author": "{USDA}",
        "title": "USDA National Nutrient Database for Standard Reference, Release 28 (slightly revised)",
        "howpublished": "U.S. Department of Agriculture, Agricultural Research Service, Nutrient Data Laboratory",
        "year": "2016",
        "language": "english",
    },
    "month": 5,  # May, written in the edition's language (sr28_fields)
}
VERBATIM = ("url", "urldate", "doi")  # taken as they are
# An article's author is a person when the register says an academic researcher wrote it.
PERSON_EXPERTISE = ("academic_researcher",)


def escape(text: str, breaks: bool) -> str:
    """mgtables.latex.escape, imported as it is first used."""
    from .latex import escape as latex_escape

    return latex_escape(text, breaks=breaks)


def in_language(name: str, lang: str) -> str:
    """mgtables.dataset.in_language, imported as it is first used."""
    from .dataset import in_language as field_in_language

    return field_in_language(name, lang)


# BibTeX counts every brace, escaped for LaTeX or not: a brace from the data written as \{ or \} could still
# close the field and open another ("}, note = {"). Written as commands it is no brace to BibTeX.
_BRACE_COMMANDS = {r"\{": r"\textbraceleft{}", r"\}": r"\textbraceright{}"}
_ESCAPED_BRACE = re.compile(r"\\[{}]")
# In an address (written as it is) a brace is percent-encoded, as a browser would send it.
_URL_BRACES = str.maketrans({"{": "%7B", "}": "%7D"})


def _text(value: str) -> str:
    """Text of a BibTeX field: escaped for LaTeX, without break points, each brace of the data a command."""
    return _ESCAPED_BRACE.sub(lambda m: _BRACE_COMMANDS[m.group(0)], escape(value, breaks=False))


def protect_capitals(title: str) -> str:
    """The title escaped, every word with a capital in braces, so that a bibliography style that sets
    titles in lower case keeps SCF, IOM, USDA and names as they are."""
    return " ".join(f"{{{_text(w)}}}" if any(c.isupper() for c in w) else _text(w) for w in title.split(" "))


def _field(name: str, value) -> str:
    value = str(value)
    if name in VERBATIM:
        return value.translate(_URL_BRACES)
    if name == "title":
        return protect_capitals(value)
    if value.startswith("{") and value.endswith("}"):  # a corporate author, kept in one piece
        return f"{{{_text(value[1:-1])}}}"
    return _text(value)


def entry(kind: str, key: str, fields: dict) -> str:
    """One BibTeX entry; empty fields are left out, every other value escaped for LaTeX (mgtables.latex),
    titles with their capitals protected."""
    body = ",\n".join(f"  {name} = {{{_field(name, value)}}}" for name, value in fields.items() if _filled(value))
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and str(value) != ""


# The words before a publisher's name in a site's description, per language ('blog of a ...', 'blog van een ...').
BLOG_OF = {"en": r"^(the )?blog of (a|an|the) ", "nl": r"^blog van ((een|de|het) )?"}


def publisher(site: str, lang: str = SOURCE_LANGUAGE) -> str:
    """A site as a reader names it: 'iLive (Dutch edition)' -> 'iLive', 'blog of a Dutch supplement web
    shop' -> 'Dutch supplement web shop'."""
    name = re.sub(r"\s*\([^)]*\)", "", site).strip()
    return re.sub(BLOG_OF[lang], "", name, flags=re.IGNORECASE)


def sentence_start(words: str) -> str:
    """Words as they open a sentence of an entry (after the title's full stop): 'blog van Topvitamine' -> 'Blog
    van Topvitamine'; a first word with a capital inside it is a name and stays as it is ('iLive')."""
    first = words.split(" ", 1)[0]
    return words[:1].upper() + words[1:] if first.islower() else words


def source_author(source, lang: str = SOURCE_LANGUAGE) -> str:
    """The researcher's name ('Inge Lodewijckx', without affiliation) or the publisher, in braces."""
    if source.author_expertise in PERSON_EXPERTISE:
        return source.author.split(",")[0].strip()
    return f"{{{publisher(getattr(source, in_language('site', lang)), lang)}}}"


def day_text(day, lang: str) -> str:
    """A date in a note: the source language's as ISO 8601 (as before), another's in its words ("15 november
    2024" in Dutch, by Babel), as a reader of that language writes a date in prose."""
    return day.isoformat() if lang == SOURCE_LANGUAGE else format_date(day, format="long", locale=lang)


def _date(value):
    import pandas as pd

    return None if value is None or pd.isna(value) else value


def source_note(source, lang: str = SOURCE_LANGUAGE) -> str:
    """What the entry of an article says of it, in `lang`: its language and our title where the reader's
    language is another, what kind of text it is, its author, what it summarises, its date and its address."""
    kind, author = (getattr(source, in_language(name, lang)) for name in ("kind", "author"))
    original = Locale.parse(source.language).get_display_name(lang)
    parts = [text("bibliography.note.translated_title", lang, language=original,
                  title=getattr(source, in_language("title_en", lang)))] if source.language != lang else []
    parts += [f"{kind[:1].upper()}{kind[1:]}.",
              text("bibliography.note.author", lang, author=author) if source.author_expertise not in PERSON_EXPERTISE
              else f"{author}."]
    if isinstance(source.based_on, str) and source.based_on:
        parts.append(text("bibliography.note.summarises", lang, publication=source.based_on))
    if not _date(source.published) and not _date(source.last_reviewed):
        consulted = _date(source.references_consulted)
        parts.append(text("bibliography.note.undated_consulted", lang, date=day_text(consulted, lang)) if consulted
                     else text("bibliography.note.undated", lang))
    if not (isinstance(source.url, str) and source.url):
        parts.append(text("bibliography.note.no_address", lang))
    elif isinstance(source.url_found, str) and source.url_found:
        parts.append(text("bibliography.note.copy_address", lang))
    return " ".join(parts)


def bib_language(code: str) -> str:
    """A language code as BibTeX names the language: 'nl' -> 'dutch'."""
    return Locale.parse(code).english_name.lower()


def bib_file(lang: str = SOURCE_LANGUAGE) -> str:
    """The BibTeX file of the edition in `lang`, relative to the book's root (_config.yml names the source
    language's; mgtables.editions gives each other edition its own)."""
    return "book/references.bib" if lang == SOURCE_LANGUAGE else f"book/references.{lang}.bib"


def bibtex(data: Dataset, lang: str = SOURCE_LANGUAGE) -> str:
    """The book's BibTeX file for the edition in `lang`: the same entries and keys in every language, the
    notes, publishers and 'no date' in the language."""
    entries = []
    for s in data.sources.sort_values("id").itertuples():
        date = _date(s.published) or _date(s.last_reviewed)
        entries.append(entry("misc", s.id, {
            "author": source_author(s, lang),
            "title": s.title,
            "howpublished": sentence_start(getattr(s, in_language("site", lang))),
            "year": date.year if date else text("bibliography.no_date", lang),
            "url": s.url if isinstance(s.url, str) else "",
            "language": bib_language(s.language),
            "note": source_note(s, lang),
        }))
    for a in data.authorities.sort_values("id").itertuples():
        # The citation already names the body, the title and the date: the entry shows it alone (the style's
        # citation form), the author and year only label it ("Gezondheidsraad 2021").
        entries.append(entry("misc", a.id, {
            "author": f"{{{a.short}}}",
            "howpublished": a.citation,
            "year": a.year,
            "url": a.url if isinstance(a.url, str) else "",
            "language": bib_language(a.language),
        }))
    entries.append(entry("misc", SR28["key"], sr28_fields(lang)))
    return "% Generated by mgtables.bibliography from data/; refresh with `make refresh`.\n\n" + "\n".join(entries)


def sr28_fields(lang: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """The food composition table's entry, its month named in `lang` ("mei" in Dutch, not BibTeX's "may")."""
    return {**SR28["fields"], "month": Locale.parse(lang).months["format"]["wide"][SR28["month"]]}


def _label_name(person) -> str:
    """A person's last name ('Lodewijckx'), or a corporate author without its braces ('EFSA')."""
    return " ".join(part.render_as("text") for part in person.rich_prelast_names + person.rich_last_names)


def style_name(lang: str = SOURCE_LANGUAGE) -> str:
    """The name of the References page's style in the edition of `lang` (bibtex_default_style): 'mgtables' in
    the source language, 'mgtables-nl' in Dutch."""
    return "mgtables" if lang == SOURCE_LANGUAGE else f"mgtables-{lang}"


def _register_reference_style() -> None:
    """The References page's style, one per edition (style_name; pybtex plugins, found by sphinxcontrib-bibtex):
    the entries labelled by author and year as the chapters cite them ("EFSA 2015", "Lodewijckx 2025"),
    sorted by author, year and title; the words of an entry in another language than the edition's (a
    document's title, and an authority's citation of its document) marked with that language for the HTML
    (mgtables.sphinx writes the tag lang-<code> as a span with its lang). Without the book's packages (pybtex)
    there is nothing to register."""
    try:
        from pybtex.plugin import register_plugin
        from pybtex.style.formatting import toplevel
        from pybtex.style.formatting.unsrt import Style as Unsorted
        from pybtex.style.formatting.unsrt import date
        from pybtex.style.labels import BaseLabelStyle
        from pybtex.style.sorting import BaseSortingStyle
        from pybtex.style.template import field, optional, optional_field, sentence, tag
    except ImportError:
        return

    def first_author(item) -> str:
        people = item.persons.get("author") or item.persons.get("editor") or []
        return _label_name(people[0]) if people else item.key

    class ByAuthorYear(BaseSortingStyle):
        def sorting_key(self, item):
            return first_author(item).lower(), item.fields.get("year", ""), item.fields.get("title", "").lower()

    class AuthorYear(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            seen: dict[str, int] = {}
            for item in sorted_entries:
                people = item.persons.get("author") or item.persons.get("editor") or []
                who = first_author(item) + (" et al." if len(people) > 2 else
                                            f" and {_label_name(people[1])}" if len(people) == 2 else "")
                label = f"{who} {item.fields.get('year', 'n.d.')}"
                seen[label] = seen.get(label, 0) + 1
                yield label if seen[label] == 1 else f"{label}{chr(ord('a') + seen[label] - 1)}"

    codes = {bib_language(code): code for code in languages()}

    def style_for(lang: str):
        class Style(Unsorted):
            default_label_style = AuthorYear
            default_sorting_style = ByAuthorYear

            def get_misc_template(self, e):
                """unsrt's, with the title and (for a document without our note: an authority's) the citation
                marked with the entry's language where it is not the edition's."""
                code = codes.get(e.fields.get("language", ""), lang)

                def own(part):
                    return part if code == lang else tag(f"lang-{code}")[part]

                published = field("howpublished")
                if "title" not in e.fields and "howpublished" in e.fields:  # an authority's: its citation says all
                    return toplevel[sentence[own(published)], self.format_web_refs(e)]
                return toplevel[
                    optional[sentence[self.format_names("author")]],
                    optional[sentence[own(field("title", apply_func=lambda text: text.capitalize()))]],
                    sentence[
                        optional[published if "note" in e.fields else own(published)],
                        optional[date],
                    ],
                    sentence[optional_field("note")],
                    self.format_web_refs(e),
                ]

        return Style

    for lang in languages():
        register_plugin("pybtex.style.formatting", style_name(lang), style_for(lang), force=True)


_register_reference_style()
