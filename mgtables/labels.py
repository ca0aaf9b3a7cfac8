"""English and Dutch labels for tables: every column header and every category name a table shows
has both, taken from data/vocabulary.yaml (column headers under `column`, categories under their own
vocabulary) and from the foods' names. The book stays in English; exports can be in Dutch."""

from __future__ import annotations

from dataclasses import replace

from .dataset import Dataset
from .formatting import authority_name
from .table import Table

LANGUAGES = ("en", "nl")


class MissingTranslation(KeyError):
    pass


def _authority_names(data: Dataset) -> list[str]:
    # Authority names head some columns; they read the same in both languages.
    return [authority_name(data, a) for a in data.authorities["id"]]


def dutch_labels(data: Dataset) -> dict[str, str]:
    """English label -> Dutch label, for every vocabulary term, food name and authority name."""
    pairs = {labels["en"]: labels["nl"] for terms in data.vocabulary.values() for labels in terms.values()}
    pairs.update(zip(data.foods["en"], data.foods["nl"], strict=True))
    pairs.update((name, name) for name in _authority_names(data))
    return pairs


def untranslated_headers(table: Table, data: Dataset) -> list[str]:
    known = {labels["en"] for labels in data.vocabulary.get("column", {}).values()} | set(_authority_names(data))
    columns = [*table.data.columns, *([] if table.export_data is None else table.export_data.columns)]
    return list(dict.fromkeys(c for c in columns if c not in known))


def translate(table: Table, data: Dataset, lang: str) -> Table:
    """The table with Dutch headers and category names (lang='nl'), or unchanged (lang='en')."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return table
    missing = untranslated_headers(table, data)
    if missing:
        raise MissingTranslation(f"table {table.id!r}: no Dutch label for column(s) {', '.join(missing)}; "
                                 "add them under `column` in data/vocabulary.yaml")
    labels = dutch_labels(data)

    def dutch(frame):
        return frame.rename(columns=labels).map(lambda v: labels.get(v, v) if isinstance(v, str) else v)

    return replace(table, data=dutch(table.data), lang=lang,
                   export_data=None if table.export_data is None else dutch(table.export_data))
