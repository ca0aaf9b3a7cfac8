"""Chapter 'Data dictionary': generated from the schema, so it cannot drift from the validator."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from ..registry import register
from ..schema import SCHEMA, Field
from ..table import Table


def _rows(fields: tuple[Field, ...], prefix: str = ""):
    for f in fields:
        rule = ", ".join(filter(None, [
            "required" if f.required else "optional",
            "may be null" if f.nullable else "",
            f"one of vocabulary '{f.vocab}'" if f.vocab else "",
            f"an id of {f.ref}" if f.ref else "",
        ]))
        yield prefix + f.name, f.kind, rule, f.doc
        yield from _rows(f.fields, prefix + f.name + ("[]." if f.kind == "records" else "."))


@register("data-dictionary")
def dictionary_table(data: Dataset) -> Table:
    rows = [(c.file, *row) for c in SCHEMA for row in _rows(c.fields)]
    frame = pd.DataFrame(rows, columns=["File", "Field", "Type", "Rule", "Meaning"])
    return Table("data-dictionary", "Every field of every file in data/, with the rule the loader enforces.",
                 frame, ())


@register("vocabularies")
def vocabulary_table(data: Dataset) -> Table:
    rows = [(vocab, term, labels["en"], labels["nl"])
            for vocab, terms in data.vocabulary.items() for term, labels in terms.items()]
    frame = pd.DataFrame(rows, columns=["Vocabulary", "Term", "English", "Dutch"])
    return Table("vocabularies", "The controlled vocabularies, with the English and Dutch label of each term.",
                 frame, ())
