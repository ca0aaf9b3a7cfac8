"""Answers first: the few sentences each question chapter opens with, and the one sentence per question of
the home page.

A chapter module builds its answer as data: phrases (a catalogue key and its values), numbers with the
place in the book that shows where they come from and, for a reference value in doubt, the doubt and where
it is explained, and names as codes (an authority, a food, a source). This module words them in a language
by key (mgtables/locale/<lang>/answers.po and the chapter's own catalogue), so another edition only
translates. Every number links to the table or section behind it; a value in doubt says so beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dataset import Dataset
from .domain import reference
from .escape import html_text
from .figstyle import source_name
from .formatting import authority_name, number
from .i18n import SOURCE_LANGUAGE, text

ANSWER_ID = "answer"  # the id of a chapter's answer, which the home page links to

# Why a value is in doubt, in the words beside it.
DOUBT_WORDS = {"unverified": "answers.doubt.unverified", "draft": "answers.doubt.draft",
               "superseded": "answers.doubt.superseded"}


@dataclass(frozen=True)
class Doubt:
    code: str  # a key of DOUBT_WORDS
    where: str  # "page.html#id": where the doubt is explained


@dataclass(frozen=True)
class Figure:
    """A number of the answer, linked to the table or section behind it."""
    value: float
    where: str
    doubt: Doubt | None = None
    unit: str = ""  # a symbol ("mg") that stays with the number, so that a doubt follows both


@dataclass(frozen=True)
class Plain:
    """A number that is the question's, not the data's answer (the age asked about): not linked."""
    value: float


@dataclass(frozen=True)
class Name:
    """An authority, food or source, named in the reader's language; with the doubt of its value, if any."""
    kind: str  # "authority", "food" or "source"
    code: str
    doubt: Doubt | None = None


# How a listing joins its items: its last two, and the others.
LISTINGS = {"and": ("answers.listing.and", "answers.listing.and_separator"),
            "groups": ("answers.listing.groups", "answers.listing.groups_separator")}


@dataclass(frozen=True)
class Listing:
    """Parts read as a list: 'a, b and c' (kind "and"), or groups that themselves hold commas: 'a and b;
    c' (kind "groups")."""
    items: tuple
    kind: str = "and"


@dataclass(frozen=True)
class Phrase:
    key: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """A chapter's answer: a lead sentence, the points it makes (one per person asked about, say), and
    closing sentences; and the one sentence the home page gives it."""
    chapter: str  # the page, "intakes.html"
    question: str  # the key of the question, as the home page asks it
    lead: Phrase
    points: tuple[Phrase, ...] = ()
    closing: tuple[Phrase, ...] = ()
    brief: Phrase | None = None


def value_doubt(rec) -> Doubt | None:
    """The doubt of a reference value (a row of reference_values or of reference.lookup), explained in the
    intakes chapter's list of values in doubt (intakes.doubts_html)."""
    if not reference.in_doubt(rec):
        return None
    code = rec.status if rec.status != reference.CURRENT else "unverified"
    return Doubt(code, f"intakes.html#doubt-{rec.id}")


def figures(answer: Answer) -> list[Figure]:
    """Every number of an answer, the brief included, in reading order."""
    found: list[Figure] = []

    def walk(part):
        if isinstance(part, Figure):
            found.append(part)
        elif isinstance(part, Phrase):
            for value in part.values.values():
                walk(value)
        elif isinstance(part, Listing):
            for item in part.items:
                walk(item)

    for phrase in (answer.lead, *answer.points, *answer.closing, *([answer.brief] if answer.brief else [])):
        walk(phrase)
    return found


# Languages that write a food's name, a common noun, in lower case inside a sentence, where the data hold it as
# a table cell starts it ("Amandelen"). English is not among them: its names carry proper adjectives that keep
# their capital ("Atlantic mackerel").
LOWER_CASE_FOODS = frozenset({"nl"})


def _name(data: Dataset, part: Name, lang: str) -> str:
    if part.kind == "authority":
        return authority_name(data, part.code)
    if part.kind == "food":
        name = data.foods.set_index("id").loc[part.code, lang]
        return name[:1].lower() + name[1:] if lang in LOWER_CASE_FOODS else name
    return source_name(part.code, lang)


def _doubt(doubt: Doubt | None, lang: str) -> str:
    if doubt is None:
        return ""
    return (f' <a class="mg-answer-doubt" href="{html_text(doubt.where)}">'
            f"({html_text(text(DOUBT_WORDS[doubt.code], lang))})</a>")


def render(data: Dataset, part, lang: str = SOURCE_LANGUAGE) -> str:
    """A part of an answer as HTML in `lang`."""
    if isinstance(part, Figure):
        shown = number(part.value, lang) + (f"\N{NO-BREAK SPACE}{part.unit}" if part.unit else "")
        link = f'<a class="mg-answer-value" href="{html_text(part.where)}">{html_text(shown)}</a>'
        return link + _doubt(part.doubt, lang)
    if isinstance(part, Plain):
        return html_text(number(part.value, lang))
    if isinstance(part, Name):
        return html_text(_name(data, part, lang)) + _doubt(part.doubt, lang)
    if isinstance(part, Listing):
        items = [render(data, item, lang) for item in part.items]
        if len(items) == 1:
            return items[0]
        last, separator = (text(key, lang) for key in LISTINGS[part.kind])
        return html_text(last).format(items=html_text(separator).join(items[:-1]), last=items[-1])
    if isinstance(part, Phrase):
        return html_text(text(part.key, lang)).format(**{k: render(data, v, lang) for k, v in part.values.items()})
    raise TypeError(f"not a part of an answer: {part!r}")


def answer_html(data: Dataset, answer: Answer, lang: str = SOURCE_LANGUAGE) -> str:
    """The answer a chapter opens with."""
    points = "".join(f"<li>{render(data, p, lang)}</li>" for p in answer.points)
    closing = " ".join(render(data, p, lang) for p in answer.closing)
    return (f'<div class="mg-answer" id="{ANSWER_ID}" lang="{html_text(lang)}">'
            f'<p><strong>{html_text(text("answers.in_short", lang))}</strong> {render(data, answer.lead, lang)}</p>'
            + (f"<ul>{points}</ul>" if points else "") + (f"<p>{closing}</p>" if closing else "") + "</div>")


def brief_html(data: Dataset, answer: Answer, lang: str = SOURCE_LANGUAGE) -> str:
    """The answer in one sentence, for the home page: the question, the sentence and a link to the
    chapter's answer."""
    more = html_text(text("answers.more", lang))
    return (f'<p class="mg-answer-brief" lang="{html_text(lang)}"><strong>{html_text(text(answer.question, lang))}'
            f"</strong> {render(data, answer.brief, lang)} "
            f'<a class="mg-answer-more" href="{answer.chapter}#{ANSWER_ID}">{more}</a></p>')
