"""The whole dataset as tidy CSV files with a Frictionless data-package descriptor."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from .book_meta import meta
from .dataset import Dataset
from .escape import spreadsheet_frame
from .schema import BY_NAME, SCHEMA, Field

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
LIST_SEPARATOR = "; "
DOWNLOAD_DIR = "data"  # in the HTML output, beside tables/
_TYPES = {"str": "string", "int": "integer", "number": "number", "bool": "boolean", "date": "date",
          "list": "string", "any": "string", "record": "string", "records": "string"}
_NOTES = {"list": f" Several values are separated by '{LIST_SEPARATOR}'.",
          "any": " Written as JSON, since its type differs from row to row.",
          "record": " Written as JSON (a mapping).", "records": " Written as JSON (a list of mappings)."}


def _foods_fields() -> dict[str, tuple[Field, ...]]:
    foods = {f.name: f for f in BY_NAME["foods"].fields}
    food = Field("food", "str", "Food id.")
    primary = Field("primary", "bool", "True for the food's primary composition row.")
    return {
        "foods": tuple(f for f in foods.values() if f.kind not in ("record", "records")),
        "compositions": (food, primary, *foods["composition"].fields),
        "portions": (food, *foods["portions"].fields),
        "portions_nl": (food, *foods["portions_nl"].fields),
    }


def tables(data: Dataset) -> dict[str, tuple[pd.DataFrame, tuple[Field, ...]]]:
    """Every resource of the package: its frame and the schema fields describing its columns."""
    out = {}
    for coll in SCHEMA:
        if coll.name == "foods":
            continue
        out[coll.name] = (getattr(data, coll.name), coll.fields)
    for name, fields in _foods_fields().items():
        out[name] = (getattr(data, name), fields)
    return out


def _csv_frame(frame: pd.DataFrame, fields: tuple[Field, ...]) -> pd.DataFrame:
    columns = {}
    for f in fields:
        values = frame[f.name] if f.name in frame else pd.Series([None] * len(frame), dtype=object)
        if f.kind == "list":
            values = values.map(lambda v: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list) else v)
        elif f.kind == "date":
            values = values.map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
        elif f.kind == "bool":
            values = values.map(lambda v: {True: "true", False: "false"}.get(v, v))
        elif f.kind in ("any", "record", "records"):
            values = values.map(lambda v: json.dumps(v, ensure_ascii=False))
        columns[f.name] = values
    return pd.DataFrame(columns)


def _constraints(f: Field) -> dict:
    """The field's range from the schema, in Frictionless's words, so the package says what the validator
    enforces (an excluded minimum needs Data Package v2, so v1's inclusive one stands in for it)."""
    if _TYPES[f.kind] not in ("number", "integer"):  # a list of numbers is written as one text
        return {}
    bounds = {"minimum": f.minimum, "maximum": f.maximum}
    constraints = {k: v for k, v in bounds.items() if v is not None}
    return {"constraints": constraints} if constraints else {}


def descriptor(data: Dataset) -> dict:
    m = meta()
    resources = []
    for name, (_, fields) in tables(data).items():
        resources.append({
            "name": name.replace("_", "-"),
            "path": f"{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [
                {"name": f.name, "type": _TYPES[f.kind], "description": f.doc + _NOTES.get(f.kind, ""),
                 **_constraints(f)}
                for f in fields]},
        })
    return {
        "name": "magnesium-knowledge-base",
        "title": m.title,
        "version": m.version,
        "homepage": m.baseurl,
        "description": "Every figure and claim of the source articles, the authorities' reference values and "
                       "the food composition rows the book uses. Food composition: USDA SR28 (public domain).",
        "licenses": [LICENSE],
        "resources": resources,
    }


def write(data: Dataset, directory: Path) -> Path:
    """Write every resource as CSV and datapackage.json into `directory`; return the descriptor path."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, (frame, fields) in tables(data).items():
        spreadsheet_frame(_csv_frame(frame, fields)).to_csv(directory / f"{name}.csv", index=False, lineterminator="\n")
    path = directory / "datapackage.json"
    path.write_text(json.dumps(descriptor(data), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
