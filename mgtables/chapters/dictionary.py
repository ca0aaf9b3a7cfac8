"""Chapter 'Data dictionary': generated from the schema, so it cannot drift from the validator."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset, in_language
from ..escape import URL_SCHEMES
from ..formatting import number
from ..i18n import SOURCE_LANGUAGE, text
from ..registry import register
from ..schema import ID_MAX_LENGTH, ID_PATTERN, SCHEMA, Collection, Field, doc_key, documented
from ..table import Table

PAGE = "book/data-dictionary"  # the page that shows this module's tables; they are numbered by position


def _limit(f: Field, value: float, lang: str) -> str:
    """A field's limit as the rule writes it: a year as a year ("1900", never grouped as "1.900" or "1,900"),
    any other number the language's way."""
    is_year = f.name == "year" or f.name.endswith("_year")
    return str(int(value)) if is_year and float(value).is_integer() else number(value, lang)


def _rule(f: Field, lang: str, is_key: bool = False) -> str:
    """What the loader demands of a field, in words: the limits are the schema's own, as the validator
    reads them (validate._value_problems), so a limit changed there changes here."""
    is_text = f.kind == "str" or (f.kind == "list" and f.minimum is None and f.maximum is None)
    low = "dictionary.rule.above" if f.above_minimum else "dictionary.rule.minimum"
    return text("dictionary.rule.separator", lang).join(filter(None, [
        text("dictionary.rule.required" if f.required else "dictionary.rule.optional", lang),
        text("dictionary.rule.nullable", lang) if f.nullable else "",
        text("dictionary.rule.id", lang, pattern=ID_PATTERN, length=number(ID_MAX_LENGTH, lang)) if is_key else "",
        text("dictionary.rule.vocab", lang, vocab=f.vocab) if f.vocab else "",
        text("dictionary.rule.ref", lang, ref=f.ref) if f.ref else "",
        text("dictionary.rule.url", lang, schemes=", ".join(URL_SCHEMES)) if f.url else "",
        text("dictionary.rule.pattern", lang, pattern=f.pattern) if f.pattern else "",
        text("dictionary.rule.max_length", lang, length=number(f.max_length, lang))
        if is_text and not (is_key or f.vocab or f.ref) else "",
        text(low, lang, value=_limit(f, f.minimum, lang)) if f.minimum is not None else "",
        text("dictionary.rule.maximum", lang, value=_limit(f, f.maximum, lang)) if f.maximum is not None else "",
        text("dictionary.rule.not_future", lang) if f.not_future else "",
        text("dictionary.rule.each_term", lang, vocab=f.each_term_vocab) if f.each_term else "",
        text("dictionary.rule.shown", lang, dutch=f.dutch) if f.dutch else "",
    ]))


def _meaning(collection: Collection, path: str, f: Field, lang: str) -> str:
    """A field's description: the schema's own in the source language, by key from the language's schema
    catalogue in another (a Dutch text field's by rule, from the name of the field it translates)."""
    if lang == SOURCE_LANGUAGE:
        return f.doc
    if f.translates:
        return text("schema.dutch_of", lang, name=f.translates)
    return text(doc_key(collection, path), lang)


@register("data-dictionary", position=1)
def dictionary_table(data: Dataset, lang: str) -> Table:
    rows = [(c.file, path, f.kind, _rule(f, lang, is_key=path == c.key), _meaning(c, path, f, lang))
            for c in SCHEMA for path, f in documented(c)]
    columns = ["dictionary.col.file", "dictionary.col.field", "dictionary.col.type", "dictionary.col.rule",
               "dictionary.col.meaning"]
    frame = pd.DataFrame(rows, columns=[text(c, lang) for c in columns])
    return Table("data-dictionary", text("dictionary.caption.fields", lang), frame, ())


@register("vocabularies", position=2)
def vocabulary_table(data: Dataset, lang: str) -> Table:
    rows = [(vocab, term, labels["en"], labels["nl"])
            for vocab, terms in data.vocabulary.items() for term, labels in terms.items()]
    columns = ["dictionary.col.vocabulary", "dictionary.col.term", "dictionary.col.english", "dictionary.col.dutch"]
    frame = pd.DataFrame(rows, columns=[text(c, lang) for c in columns])
    return Table("vocabularies", text("dictionary.caption.vocabularies", lang), frame, (), names_sources=False)


@register("glossary", position=3)
def glossary_table(data: Dataset, lang: str) -> Table:
    """The book's terms, the term in the page's language first, the other language's beside it."""
    terms = data.glossary
    other = "nl" if lang == SOURCE_LANGUAGE else SOURCE_LANGUAGE
    answer = {True: text("dictionary.glossary.yes", lang), False: text("dictionary.glossary.no", lang)}
    columns = {
        text("dictionary.col.term", lang): terms[in_language("en", lang)],
        text("dictionary.col.term_other", lang): terms[in_language("en", other)],
        text("dictionary.col.definition", lang): terms[in_language("definition", lang)],
        text("dictionary.col.verified", lang): [answer[bool(v)] for v in terms["verified"]],
        text("dictionary.col.read_at", lang): [_read_at(data, items, lang) for items in terms["where_read"]],
    }
    return Table("glossary", text("dictionary.caption.glossary", lang), pd.DataFrame(columns), ())


def _read_at(data: Dataset, items: list[dict], lang: str) -> str:
    """Where a Dutch term was read: each copy's kind and address (the description of the place is the
    record's, in English, and stays in the data)."""
    if not items:
        return text("dictionary.glossary.not_read", lang)
    return "; ".join(text("dictionary.glossary.read_at", lang, kind=data.label("evidence_kind", i["kind"], lang),
                          address=i["address"]) if i.get("address") else data.label("evidence_kind", i["kind"], lang)
                     for i in items)
