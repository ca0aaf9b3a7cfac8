"""Chapter 'Data dictionary': generated from the schema, so it cannot drift from the validator."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..dataset import Dataset
from ..registry import register
from ..schema import SCHEMA, Field
from ..table import Table

PAGE = "book/data-dictionary"  # the page that shows this module's tables; they are numbered by position


def _rows(fields: tuple[Field, ...], prefix: str = ""):
    for f in fields:
        rule = ", ".join(filter(None, [
            "required" if f.required else "optional",
            "may be null" if f.nullable else "",
            f"one of vocabulary '{f.vocab}'" if f.vocab else "",
            f"an id of {f.ref}" if f.ref else "",
            f"at least {f.minimum:g}" if f.minimum is not None else "",
            f"at most {f.maximum:g}" if f.maximum is not None else "",
            f"one item per term of vocabulary '{f.each_term_vocab}'" if f.each_term else "",
        ]))
        yield prefix + f.name, f.kind, rule, f.doc
        yield from _rows(f.fields, prefix + f.name + ("[]." if f.kind == "records" else "."))


def _value_rows(values: tuple[Field, ...]):
    """A file of named values: each name's value as a field <name>.value, with its own type and rule."""
    for f in values:
        yield from _rows((replace(f, name="value"),), f"{f.name}.")


@register("data-dictionary", position=1)
def dictionary_table(data: Dataset, lang: str) -> Table:
    rows = [(c.file, *row) for c in SCHEMA for row in (*_rows(c.fields), *_value_rows(c.values))]
    frame = pd.DataFrame(rows, columns=["File", "Field", "Type", "Rule", "Meaning"])
    return Table("data-dictionary", "Every field of every file in data/, with the rule the loader enforces.",
                 frame, ())


@register("vocabularies", position=2)
def vocabulary_table(data: Dataset, lang: str) -> Table:
    rows = [(vocab, term, labels["en"], labels["nl"])
            for vocab, terms in data.vocabulary.items() for term, labels in terms.items()]
    frame = pd.DataFrame(rows, columns=["Vocabulary", "Term", "English", "Dutch"])
    return Table("vocabularies", "The controlled vocabularies, with the English and Dutch label of each term.",
                 frame, ())
