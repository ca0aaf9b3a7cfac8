"""Check every record of data/ against the schema and the cross-field rules.

All problems are collected and reported together, each naming the file, the line, the record and
the field, so one run shows everything there is to fix. Nothing is ever dropped: a record either
passes or stops the load.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import pairwise

from .schema import CLAIM_GROUPS, SCHEMA, Collection, Field
from .yamlfile import LINE, InvalidDate, is_date


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: record {self.record!r}, field {self.field!r}: {self.message}"


class DataError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in data/:\n{lines}")


_TYPES = {
    "str": lambda v: isinstance(v, str) and v.strip() != "",
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "date": is_date,
    "list": lambda v: isinstance(v, list) and all(not isinstance(i, dict | list) for i in v),
    "record": lambda v: isinstance(v, dict),
    "records": lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
    "any": lambda v: True,  # checked against its own declaration (Collection.values)
}
_TYPE_NAMES = {
    "str": "a non-empty text", "int": "a whole number", "number": "a number", "bool": "true or false",
    "date": "a date YYYY-MM-DD", "list": "a list of values", "record": "a mapping",
    "records": "a list of mappings", "any": "a value",
}


class _Report:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, coll: Collection, rec: dict, field: str, message: str) -> None:
        name = rec.get(coll.key) if isinstance(rec, dict) else None
        label = name if isinstance(name, str) else "(record without id)"
        line = rec.get(LINE) if isinstance(rec, dict) else None
        self.problems.append(Problem(coll.file, line, label, field, message))


VOCABULARY = Collection("vocabulary", "vocabulary.yaml", "Controlled vocabularies.", (), key="term")


def validate(raw: dict[str, list], vocabulary: dict[str, dict]) -> None:
    """Raise DataError listing every problem in `raw` (collection name -> records)."""
    report = _Report()
    _check_vocabulary(vocabulary, report)
    ids = {c.name: _ids(c, raw.get(c.name, []), report) for c in SCHEMA}
    for coll in SCHEMA:
        for rec in raw.get(coll.name, []):
            if not isinstance(rec, dict):
                report.add(coll, {}, "-", f"expected a mapping, found {rec!r}")
                continue
            _check_fields(coll, rec, rec, coll.fields, "", vocabulary, ids, report)
            if coll.values:
                _check_named_value(coll, rec, vocabulary, ids, report)
            for rule in coll.checks:
                name, _, arg = rule.partition(":")
                if name in RULES:
                    RULES[name](coll, rec, report, arg)
        for rule in coll.checks:
            if rule in SET_RULES:
                SET_RULES[rule](coll, raw.get(coll.name, []), report)
        if coll.values:
            _check_all_named(coll, raw.get(coll.name, []), report)
    if report.problems:
        raise DataError(report.problems)


def _check_vocabulary(vocabulary, report: _Report) -> None:
    for vocab in vocabulary:
        if vocab == LINE:
            continue
        for term in terms(vocabulary, vocab):
            labels = vocabulary[vocab][term]
            rec = {"term": f"{vocab}.{term}", LINE: (labels or {}).get(LINE) if isinstance(labels, dict) else None}
            for lang in ("en", "nl"):
                label = labels.get(lang) if isinstance(labels, dict) else None
                if not (isinstance(label, str) and label.strip()):
                    report.add(VOCABULARY, rec, lang, f"the term has no {lang} label")


def _ids(coll: Collection, records: list, report: _Report) -> set:
    seen: set = set()
    for rec in records:
        if not isinstance(rec, dict):
            continue
        key = rec.get(coll.key)
        if key in seen:
            report.add(coll, rec, coll.key, f"{key!r} is used by another record of {coll.file}")
        seen.add(key)
    return seen


def _check_fields(coll, rec, node, fields, prefix, vocabulary, ids, report) -> None:
    declared = {f.name for f in fields}
    for name in sorted(set(node) - declared - {LINE}):
        report.add(coll, rec, prefix + name, "unknown field (misspelt?); the schema does not declare it")
    for f in fields:
        path = prefix + f.name
        if f.name not in node:
            if f.required:
                report.add(coll, rec, path, "required field is missing")
            continue
        value = node[f.name]
        if value is None:
            if not f.nullable:
                report.add(coll, rec, path, "must not be empty")
            continue
        if isinstance(value, InvalidDate):
            report.add(coll, rec, path, f"{value.text!r} is not a valid date")
            continue
        if not _TYPES[f.kind](value):
            report.add(coll, rec, path, f"must be {_TYPE_NAMES[f.kind]}, found {value!r}")
            continue
        _check_value(coll, rec, f, path, value, vocabulary, ids, report)


def _check_value(coll, rec, f: Field, path, value, vocabulary, ids, report) -> None:
    if f.kind == "record":
        _check_fields(coll, rec, value, f.fields, path + ".", vocabulary, ids, report)
    elif f.kind == "records":
        for i, item in enumerate(value):
            _check_fields(coll, rec, item, f.fields, f"{path}[{i}].", vocabulary, ids, report)
        if f.each_term:
            _check_each_term(coll, rec, f, path, value, vocabulary, report)
    items = value if f.kind == "list" else [value]
    for item in items:
        if f.vocab and item not in terms(vocabulary, f.vocab):
            known = ", ".join(terms(vocabulary, f.vocab))
            report.add(coll, rec, path, f"{item!r} is not in vocabulary '{f.vocab}' ({known})")
        if f.ref and item not in ids[f.ref]:
            report.add(coll, rec, path, f"{item!r} is not a known id of {f.ref}")
        _check_bounds(coll, rec, f, path, item, report)


def _check_bounds(coll, rec, f: Field, path, item, report) -> None:
    if f.minimum is None and f.maximum is None:
        return
    if not _is_number(item):
        report.add(coll, rec, path, f"must be a number, found {item!r}")
    elif f.minimum is not None and item < f.minimum:
        report.add(coll, rec, path, f"must be at least {f.minimum:g}, found {item}")
    elif f.maximum is not None and item > f.maximum:
        report.add(coll, rec, path, f"must be at most {f.maximum:g}, found {item}")


def _check_each_term(coll, rec, f: Field, path, items, vocabulary, report) -> None:
    """Records that must name every term of a vocabulary once (points per author expertise ...)."""
    vocab = f.each_term_vocab
    named = [item.get(f.each_term) for item in items]
    missing = [t for t in terms(vocabulary, vocab) if t not in named]
    twice = sorted({t for t in named if named.count(t) > 1})
    if missing:
        report.add(coll, rec, path, f"names no {f.each_term} {', '.join(missing)} (every term of "
                                    f"vocabulary '{vocab}' needs one)")
    if twice:
        report.add(coll, rec, path, f"names {f.each_term} {', '.join(twice)} more than once")


def _declared_values(coll: Collection) -> dict[str, Field]:
    return {f.name: f for f in coll.values}


def _check_named_value(coll, rec, vocabulary, ids, report) -> None:
    """A record of named values: its `value` against the declaration of its name."""
    name = rec.get(coll.key)
    declared = _declared_values(coll).get(name)
    if declared is None:
        if isinstance(name, str):
            report.add(coll, rec, coll.key, f"{name!r} is not declared in the schema (known: "
                                            f"{', '.join(_declared_values(coll))})")
        return
    if rec.get("value") is not None:  # a missing or empty value is reported as for any field
        _check_fields(coll, rec, {"value": rec["value"]}, (replace(declared, name="value"),), "", vocabulary, ids,
                      report)


def _check_all_named(coll, records, report) -> None:
    named = {rec.get(coll.key) for rec in records if isinstance(rec, dict)}
    for name in _declared_values(coll):
        if name not in named:
            report.add(coll, {coll.key: name}, coll.key, f"{name!r} is declared in the schema but has no record")


def terms(vocabulary: dict, name: str) -> list[str]:
    return [t for t in vocabulary.get(name) or {} if t != LINE]


def _get(rec: dict, path: str):
    for part in path.split("."):
        rec = rec.get(part) if isinstance(rec, dict) else None
    return rec


def _is_number(v) -> bool:
    return _TYPES["number"](v)


def _low_high(coll, rec, report, _arg) -> None:
    low, high = rec.get("low"), rec.get("high")
    if _is_number(low) and _is_number(high) and low > high:
        report.add(coll, rec, "high", f"low {low} is greater than high {high}")


def _non_negative(coll, rec, report, path) -> None:
    value = _get(rec, path)
    if _is_number(value) and value < 0:
        report.add(coll, rec, path, f"must not be negative, found {value}")


def _age_band(coll, rec, report, _arg) -> None:
    lo, hi = rec.get("age_from"), rec.get("age_to")
    if (lo is not None or hi is not None) and "age_unit" not in rec:
        report.add(coll, rec, "age_unit", "an age is given without its unit (months or years)")
    if _is_number(lo) and lo < 0:
        report.add(coll, rec, "age_from", f"an age cannot be negative, found {lo}")
    if _is_number(lo) and _is_number(hi) and lo >= hi:
        report.add(coll, rec, "age_to", f"age_to {hi} must be above age_from {lo} (age_to is exclusive)")


def _portion_pair(coll, rec, report, _arg) -> None:
    if ("portion_amount" in rec) != ("portion_unit" in rec):
        report.add(coll, rec, "portion_unit", "portion_amount and portion_unit go together")
    if rec.get("portion_unit") not in (None, "g", "ml"):
        report.add(coll, rec, "portion_unit", f"must be g or ml, found {rec['portion_unit']!r}")
    if rec.get("foods") and "portion" not in rec and rec.get("topic") == "food_content":
        report.add(coll, rec, "portion", "a food content needs the portion it is given for")


def _dates(coll, rec, report, _arg) -> None:
    for name in ("published", "last_reviewed", "references_consulted"):
        value = rec.get(name)
        if is_date(value) and value.year < 1990:
            report.add(coll, rec, name, f"{value} is not a plausible date for a web article")


def _key_theme(coll, rec, report, _arg) -> None:
    key, theme = rec.get("key"), rec.get("theme")
    if isinstance(key, str) and isinstance(theme, str) and key.partition(".")[0] != theme:
        report.add(coll, rec, "key", f"key {key!r} must start with its theme '{theme}.'")


def _claim_group(coll, rec, report, _arg) -> None:
    theme, group, form = rec.get("theme"), rec.get("group"), rec.get("form")
    groups, required = CLAIM_GROUPS.get(theme, ((), False))
    if group is None and required:
        report.add(coll, rec, "group", f"a {theme} key needs its group ({' or '.join(groups)})")
    elif group is not None and group not in groups:
        allowed = f"one of {', '.join(groups)}" if groups else "none"
        report.add(coll, rec, "group", f"{group!r} is not a group of theme {theme!r} ({allowed})")
    if (form is not None) != (group == "supplement_form"):
        report.add(coll, rec, "form", "a form is given exactly when the group is supplement_form")


def _thresholds(coll, rec, report, name) -> None:
    """Steps of (at least so many, points): from the most down to 0, never more points for fewer."""
    steps = rec.get("value") if rec.get(coll.key) == name else None
    if not (isinstance(steps, list) and all(isinstance(s, dict) and _is_number(s.get("at_least"))
                                            and _is_number(s.get("points")) for s in steps)):
        return
    counts = [s["at_least"] for s in steps]
    if any(a <= b for a, b in pairwise(counts)) or counts[-1:] != [0]:
        report.add(coll, rec, "value", f"at_least must go down step by step to 0, found {counts}")
    if any(a["points"] < b["points"] for a, b in pairwise(steps)):
        report.add(coll, rec, "value", "a step with fewer references cannot give more points")


def months(value, unit) -> float:
    """An age in months; None stays None (an open bound)."""
    if value is None:
        return None
    return value * 12 if unit == "years" else value


def _no_overlap(coll, records, report) -> None:
    groups = defaultdict(list)
    for rec in records:
        if isinstance(rec, dict) and _is_number(rec.get("age_from")):
            group = tuple(rec.get(k) for k in ("authority", "kind", "applies_to", "sex", "life_stage"))
            groups[group].append(rec)
    for recs in groups.values():
        bands = sorted(recs, key=lambda r: months(r["age_from"], r.get("age_unit")))
        for before, after in pairwise(bands):
            end = months(before.get("age_to"), before.get("age_unit"))
            if end is None or end > months(after["age_from"], after.get("age_unit")):
                report.add(coll, after, "age_from",
                           f"age band overlaps that of {before.get('id')!r} (same authority, kind, sex, stage)")


RULES = {
    "low_high": _low_high,
    "non_negative": _non_negative,
    "age_band": _age_band,
    "portion_pair": _portion_pair,
    "dates": _dates,
    "key_theme": _key_theme,
    "claim_group": _claim_group,
    "thresholds": _thresholds,
}
SET_RULES = {"no_overlap": _no_overlap}


def unknown_rules(schema=SCHEMA) -> list[str]:
    """Rule names the schema asks for that no function implements (a typo would switch a check off)."""
    return [f"{c.name}: {rule}" for c in schema for rule in c.checks
            if rule.partition(":")[0] not in RULES and rule not in SET_RULES]


if unknown_rules():
    raise ValueError(f"schema names unknown validation rules: {', '.join(unknown_rules())}")
