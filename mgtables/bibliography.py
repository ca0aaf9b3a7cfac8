"""The book's BibTeX file, generated from the source register and the authorities' documents.

The References page (book/references.md) shows it with author-year labels, so an entry's author is what
a reader knows the document by: the named researcher of an article, else its publisher as the capture
states it ("iLive", "Topvitamine blog"); an authority's short name ("EFSA", "IOM"), its full name and
the full citation following in the entry. An article carries its address (the register's `url`: the one its
capture states or, as for every capture so far, that of a stored copy of the same page, `url_found`), and
the entry says which; where no address was found, the entry names the publisher and says so.
"""

from __future__ import annotations

import re

import pandas as pd

from .dataset import Dataset
from .latex import escape

SR28 = {
    "key": "usda_sr28",
    "fields": {
        "author": "{USDA}",
        "title": "USDA National Nutrient Database for Standard Reference, Release 28 (slightly revised)",
        "howpublished": "U.S. Department of Agriculture, Agricultural Research Service, Nutrient Data Laboratory",
        "year": "2016",
        "month": "may",
    },
}
VERBATIM = ("url", "urldate", "doi")  # taken as they are
# An article's author is a person when the register says an academic researcher wrote it.
PERSON_EXPERTISE = ("academic_researcher",)


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
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value) != ""


def publisher(site: str) -> str:
    """A site as a reader names it: 'iLive (Dutch edition)' -> 'iLive', 'blog of a Dutch supplement web
    shop' -> 'Dutch supplement web shop'."""
    name = re.sub(r"\s*\([^)]*\)", "", site).strip()
    return re.sub(r"^(the )?blog of (a|an|the) ", "", name, flags=re.IGNORECASE)


def source_author(source) -> str:
    """The researcher's name ('Inge Lodewijckx', without affiliation) or the publisher, in braces."""
    if source.author_expertise in PERSON_EXPERTISE:
        return source.author.split(",")[0].strip()
    return f"{{{publisher(source.site)}}}"


def _date(value):
    return None if value is None or pd.isna(value) else value


def source_note(source) -> str:
    parts = [f"In Dutch (English title: {source.title_en}). {source.kind[:1].upper()}{source.kind[1:]}.",
             f"Author as the page states it: {source.author}." if source.author_expertise not in PERSON_EXPERTISE
             else f"{source.author}."]
    if isinstance(source.based_on, str) and source.based_on:
        parts.append(f"Summarises {source.based_on}.")
    if not _date(source.published) and not _date(source.last_reviewed):
        consulted = _date(source.references_consulted)
        parts.append("Undated" + (f"; its references were consulted on {consulted.isoformat()}." if consulted
                                  else "."))
    if not (isinstance(source.url, str) and source.url):
        parts.append("No address found: the capture states none, and no stored copy of the page was found.")
    elif isinstance(source.url_found, str) and source.url_found:
        parts.append("The capture states no address; the one given is where a stored copy of the same page was "
                     "found.")
    return " ".join(parts)


def bibtex(data: Dataset) -> str:
    entries = []
    for s in data.sources.sort_values("id").itertuples():
        date = _date(s.published) or _date(s.last_reviewed)
        entries.append(entry("misc", s.id, {
            "author": source_author(s),
            "title": s.title,
            "howpublished": s.site,
            "year": date.year if date else "n.d.",
            "url": s.url if isinstance(s.url, str) else "",
            "language": "dutch",
            "note": source_note(s),
        }))
    for a in data.authorities.sort_values("id").itertuples():
        entries.append(entry("misc", a.id, {
            "author": f"{{{a.short}}}",
            "title": a.title,
            "howpublished": f"{a.body}. {a.citation}",
            "year": a.year,
            "url": a.url if isinstance(a.url, str) else "",
        }))
    entries.append(entry("misc", SR28["key"], SR28["fields"]))
    return "% Generated by mgtables.bibliography from data/; refresh with `make refresh`.\n\n" + "\n".join(entries)


def _label_name(person) -> str:
    """A person's last name ('Lodewijckx'), or a corporate author without its braces ('EFSA')."""
    return " ".join(part.render_as("text") for part in person.rich_prelast_names + person.rich_last_names)


def _register_reference_style() -> None:
    """The References page's style, `:style: mgtables` (pybtex plugins, found by sphinxcontrib-bibtex):
    the entries labelled by author and year as the chapters cite them ("EFSA 2015", "Lodewijckx 2025"),
    sorted by author, year and title. Without the book's packages (pybtex) there is nothing to register."""
    try:
        from pybtex.plugin import register_plugin
        from pybtex.style.formatting.unsrt import Style as Unsorted
        from pybtex.style.labels import BaseLabelStyle
        from pybtex.style.sorting import BaseSortingStyle
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

    class Style(Unsorted):
        default_label_style = AuthorYear
        default_sorting_style = ByAuthorYear

    register_plugin("pybtex.style.formatting", "mgtables", Style, force=True)


_register_reference_style()
