"""Load data/ once, validate it, and hand it out as tidy pandas DataFrames."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .book_meta import DATA_DIR
from .i18n import SOURCE_LANGUAGE, MissingText
from .schema import DUTCH, DUTCH_PORTION, SCHEMA, Collection
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
    portions_nl: pd.DataFrame  # one row per food and Dutch/Belgian household portion
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
        values = _parameter_values(self)  # a builder may ask once per row: no scan of the frame each time
        if name not in values:
            raise KeyError(f"no parameter {name!r} in {self.directory / 'parameters.yaml'}")
        return values[name]


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


def derived(func=None, *, shared: bool = False):
    """Cache a value computed from the dataset (and hashable arguments such as a language), for the most
    recent dataset: several tables and figures start from the same frame, and the table index and the
    downloads both need every table. A frame is handed out as a copy, for the caller to change, unless
    `shared` (an index that callers only read: a copy per lookup would cost as much as the lookup saves);
    other values are taken to be immutable."""
    if func is None:
        return functools.partial(derived, shared=shared)
    last: dict = {}

    @functools.wraps(func)
    def cached(data: Dataset, *args):
        if last.get("data") is not data:
            last.clear()
            last["data"] = data
        if args not in last:
            last[args] = func(data, *args)
        value = last[args]
        return value.copy() if isinstance(value, pd.DataFrame) and not shared else value

    return cached


# Lookups by key, built once per dataset. A chapter that looks up one record per row of a table through
# frame.set_index(...) or a boolean filter scans every record each time: quadratic in the size of the data.
# The frames these hand out are shared: read them, never change them.

@derived(shared=True)
def indexed(data: Dataset, frame: str, key: str = "id") -> pd.DataFrame:
    """The frame `frame` of the dataset (e.g. "authorities") indexed by its column `key`."""
    return getattr(data, frame).set_index(key)


@derived(shared=True)
def _groups(data: Dataset, frame: str, key: str) -> dict:
    whole = getattr(data, frame)
    return {"": whole.iloc[0:0], **dict(tuple(whole.groupby(key, sort=False)))}


@derived(shared=True)
def _parameter_values(data: Dataset) -> dict:
    return dict(zip(data.parameters["id"], data.parameters["value"], strict=True))


def rows_where(data: Dataset, frame: str, key: str, value) -> pd.DataFrame:
    """The rows of the frame `frame` whose column `key` equals `value`, in file order with their own index
    labels, as frame[frame[key] == value] gives them (no rows when none)."""
    groups = _groups(data, frame, key)
    return groups.get(value, groups[""])


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
        foods=foods.drop(columns=["composition", "alternatives", "portions", "portions_nl"]),
        compositions=_compositions(foods),
        portions=_nested(foods, "portions"),
        portions_nl=_nested(foods, "portions_nl", [f.name for f in DUTCH_PORTION]),
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


def _nested(foods: pd.DataFrame, column: str, fields: list[str] | None = None) -> pd.DataFrame:
    """One row per food and item of its `column`; with `fields`, the columns stand even when no food has one."""
    rows = [{"food": food.id, **item} for food in foods.itertuples() for item in getattr(food, column) or []]
    return pd.DataFrame(rows, columns=["food", *fields] if fields else None)
