"""The glossary (data/glossary.yaml): every Dutch text of the book names a glossary concept with the glossary's
Dutch term, and never with a wording the glossary avoids."""

from __future__ import annotations

import re

import pytest

import mgtables
from mgtables import registry
from mgtables.i18n import catalogue
from mgtables.schema import SCHEMA, Field

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def data():
    return mgtables.load()


def _shown(fields: tuple[Field, ...], node: dict):
    """(English, Dutch) of every shown text of a record, nested records included."""
    for f in fields:
        value = node.get(f.name)
        if f.dutch and isinstance(value, str) and isinstance(node.get(f.dutch), str):
            yield value, node[f.dutch]
        elif f.dutch and isinstance(value, list) and isinstance(node.get(f.dutch), list):
            yield from zip(value, node[f.dutch], strict=True)
        if f.kind == "record" and isinstance(value, dict):
            yield from _shown(f.fields, value)
        elif f.kind == "records" and isinstance(value, list):
            for item in value:
                yield from _shown(f.fields, item)


def text_pairs(data) -> dict[str, tuple[str, str]]:
    """Where -> (English text, Dutch text): every catalogue key, vocabulary term and shown text of the data."""
    en, nl = catalogue("en"), catalogue("nl")
    pairs = {f"catalogue {key}": (en[key], nl[key]) for key in en if key in nl}
    pairs |= {f"vocabulary {vocab}.{term}": (labels["en"], labels["nl"])
              for vocab, terms in data.vocabulary.items() for term, labels in terms.items()}
    for coll in SCHEMA:
        frame = getattr(data, coll.name if coll.name != "foods" else "foods")
        for i, rec in enumerate(frame.to_dict("records")):
            for j, pair in enumerate(_shown(coll.fields, rec)):
                pairs[f"{coll.file} record {rec.get(coll.key, i)} text {j}"] = pair
    return pairs


def _names(text: str, form: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags=re.IGNORECASE) is not None


def _has(text: str, forms: list[str]) -> bool:
    """Dutch forms count inside a compound as well (magnesiumsupplement, zwangerschap); an abbreviation only as
    a word of its own (AI is in many a Dutch word)."""
    low = text.lower()
    return any(_names(text, form) if len(form) <= ABBREVIATION else form.lower() in low for form in forms)


ABBREVIATION = 3  # letters at most


def term_forms(term) -> list[str]:
    return [re.sub(r"\s*\(.*\)$", "", term["nl"]), *(term["nl_forms"] or [])]


def test_every_dutch_text_uses_the_glossary_term_where_its_english_names_the_concept(data):
    pairs = text_pairs(data)
    wrong = [f"{where}: {en!r} names {term['id']}, but {nl!r} has none of {term_forms(term)}"
             for term in data.glossary.to_dict("records") for where, (en, nl) in pairs.items()
             if any(_names(en, form) for form in term["en_forms"] or []) and not _has(nl, term_forms(term))]
    assert not wrong, "\n".join(wrong)


def test_no_dutch_text_uses_a_wording_the_glossary_avoids(data):
    dutch = {where: nl for where, (_, nl) in text_pairs(data).items()}
    wrong = [f"{where}: {text!r} says {avoided!r}; the glossary's term is {term['nl']!r}"
             for term in data.glossary.to_dict("records") for avoided in term["avoid"] or []
             for where, text in dutch.items() if _names(text, avoided)]
    assert not wrong, "\n".join(wrong)


def test_the_checks_see_a_wrong_term():
    """The two checks above catch a catalogue text that names a concept with another word."""
    term = {"id": "upper_limit", "nl": "aanvaardbare bovengrens (AB)", "nl_forms": ["bovengrens", "bovengrenzen"],
            "en_forms": ["upper limit"], "avoid": ["veilige bovengrens"]}
    assert _names("Above the upper limit of EFSA", "upper limit")
    assert not _has("Boven de veilige maximale hoeveelheid", term_forms(term))
    assert _has("boven de aanvaardbare bovengrenzen", term_forms(term))
    assert _names("de Veilige bovengrens", "veilige bovengrens")
    assert not _names("ADHD", "ADH")
    assert not _has("draait", ["AI"]) and _has("80 AI* (7-11 maanden)", ["AI"])


def test_each_term_names_a_concept_the_book_uses(data):
    """A term whose English forms no English text of the book uses is dead weight in the glossary."""
    english = [en for en, _ in text_pairs(data).values()]
    unused = [t["id"] for t in data.glossary.to_dict("records")
              if not any(_names(e, f) for e in english for f in t["en_forms"])]
    assert not unused, f"glossary terms no English text of the book names: {unused}"


def test_the_glossary_table_shows_each_term_in_the_page_language_first(data):
    en, nl = (registry.get("glossary", data, lang).data for lang in ("en", "nl"))
    assert list(en.iloc[:, 0]) == list(data.glossary["en"]) == list(nl.iloc[:, 1])
    assert list(nl.iloc[:, 0]) == list(data.glossary["nl"]) == list(en.iloc[:, 1])
    verified = nl.columns[3]
    assert set(nl[verified]) == {"ja", "nee"}
    assert (nl[verified] == "ja").sum() == int(data.glossary["verified"].sum())
