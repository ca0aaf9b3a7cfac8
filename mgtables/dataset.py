"""Load data/ once, validate it, and hand it out as tidy pandas DataFrames."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .book_meta import DATA_DIR
from .i18n import SOURCE_LANGUAGE, MissingText
from .schema import DUTCH, SCHEMA, Collection
from .validate import DataError, Problem, terms, validate
from .yamlfile import LINE, YamlError, read


@dataclass(frozen=True)
class Dataset:
    """The curated dataset. Every frame has one row per record, in file order."""

    directory: Path
    vocabulary: dict[str, dict[str, dict[str, str]]]
    sources: pd.DataFrame
    authorities: pd.DataFrame
    reference_values: pd.DataFrame
    foods: pd.DataFrame
    compositions: pd.DataFrame  # one row per food and composition row (primary or alternative)
    portions: pd.DataFrame  # one row per food and portion
    figures: pd.DataFrame
    claim_keys: pd.DataFrame
    claims: pd.DataFrame
    claim_verdicts: pd.DataFrame  # our verdict on each contested claim
    health_claims: pd.DataFrame  # the EU register entries the claim keys' register status rests on
    labelling_values: pd.DataFrame  # the EU NRV and the nutrition-claim conditions, cited
    parameters: pd.DataFrame  # the editorial parameters: id, value, unit, note
    supplement_forms: pd.DataFrame  # the supplement salts of the dose check, with formula and molar mass
    glossary: pd.DataFrame  # the book's terms in English and Dutch, with where each Dutch term was read

    def label(self, vocab: str, term: str, lang: str = "en") -> str:
        """The English or Dutch label of a controlled term."""
        return self.vocabulary[vocab][term][lang]

    def parameter(self, name: str):
        """The value of an editorial parameter of data/parameters.yaml (a number, a list or a mapping)."""
        found = self.parameters[self.parameters["id"] == name]
        if found.empty:
            raise KeyError(f"no parameter {name!r} in {self.directory / 'parameters.yaml'}")
        return found["value"].iloc[0]


def in_language(name: str, lang: str) -> str:
    """The field (and frame column) that holds the shown text `name` in `lang`: `name` itself in English,
    its Dutch field in Dutch (schema: Field.dutch, mostly `<name>_nl`). Every table builder takes the data's
    texts through it, so that no builder can show an English text on a Dutch page."""
    if lang == SOURCE_LANGUAGE:
        return name
    if lang != "nl":
        raise MissingText(f"the data hold their texts in {SOURCE_LANGUAGE} and nl, not {lang!r}")
    if name not in DUTCH:
        raise KeyError(f"{name!r} is not a shown text of the schema (shown: {', '.join(sorted(DUTCH))})")
    return DUTCH[name]


def derived(func):
    """Cache a value computed from the dataset (and hashable arguments such as a language), for the most
    recent dataset: several tables and figures start from the same frame, and the table index and the
    downloads both need every table. A frame is handed out as a copy, for the caller to change; other
    values are taken to be immutable."""
    last: dict = {}

    @functools.wraps(func)
    def cached(data: Dataset, *args):
        if last.get("data") is not data:
            last.clear()
            last["data"] = data
        if args not in last:
            last[args] = func(data, *args)
        value = last[args]
        return value.copy() if isinstance(value, pd.DataFrame) else value

    return cached


def load(directory: Path | str | None = None) -> Dataset:
    """Load and validate the dataset in `directory` (default: the project's data/).

    Raises DataError naming file, line, record and field of every problem found.
    """
    path = Path(directory) if directory else DATA_DIR
    return _load(path.resolve())


@functools.cache
def _load(directory: Path) -> Dataset:
    vocabulary = _read(directory, "vocabulary.yaml", expect=dict)
    raw = {c.name: _read(directory, c.file, expect=list) for c in SCHEMA}
    validate(raw, vocabulary)
    clean = {vocab: {t: _strip(vocabulary[vocab][t]) for t in terms(vocabulary, vocab)}
             for vocab in vocabulary if vocab != LINE}
    frames = {c.name: _frame(c, raw[c.name]) for c in SCHEMA}
    foods = frames.pop("foods")
    return Dataset(
        directory=directory,
        vocabulary=clean,
        foods=foods.drop(columns=["composition", "alternatives", "portions"]),
        compositions=_compositions(foods),
        portions=_nested(foods, "portions"),
        **frames,
    )


def _read(directory: Path, name: str, expect: type):
    path = directory / name
    if not path.exists():
        raise DataError([Problem(name, None, "-", "-", f"file is missing from {directory}")])
    try:
        content = read(path)
    except YamlError as exc:
        raise DataError([Problem(name, exc.line, "-", "-", exc.reason)]) from exc
    what = "a list of records" if expect is list else "a mapping"
    if content is None:  # an empty file is more likely a lost edit than a collection without records
        raise DataError([Problem(name, 1, "-", "-", f"the file is empty; it must hold {what} ([] for none)")])
    if not isinstance(content, expect):
        found = type(content).__name__
        raise DataError([Problem(name, 1, "-", "-", f"the file must hold {what}, found a {found}")])
    return content


def _strip(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != LINE}


def _frame(coll: Collection, records: list[dict]) -> pd.DataFrame:
    columns = [f.name for f in coll.fields]
    rows = [{name: _value(rec.get(name)) for name in columns} for rec in records]
    return pd.DataFrame(rows, columns=columns)


def _value(value):
    if isinstance(value, dict):
        return _strip(value)
    if isinstance(value, list):
        return [_strip(v) if isinstance(v, dict) else v for v in value]
    return value


def _compositions(foods: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for food in foods.itertuples():
        rows.append({"food": food.id, "primary": True, **food.composition})
        rows += [{"food": food.id, "primary": False, **alt} for alt in food.alternatives or []]
    return pd.DataFrame(rows)


def _nested(foods: pd.DataFrame, column: str) -> pd.DataFrame:
    rows = [{"food": food.id, **item} for food in foods.itertuples() for item in getattr(food, column) or []]
    return pd.DataFrame(rows)
