"""Check every record of data/ against the schema and the cross-field rules.

All problems are collected and reported together, each naming the file, the line, the record and
the field, so one run shows everything there is to fix. Nothing is ever dropped: a record either
passes or stops the load.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import pairwise

from .escape import URL_SCHEMES, is_safe_url
from .schema import (
    ATOMIC_WEIGHTS,
    CLAIM_GROUPS,
    ID_MAX_LENGTH,
    ID_PATTERN,
    MOLAR_MASS_TOLERANCE,
    RECOMMENDED_KINDS,
    REGISTER_CITED,
    SCHEMA,
    VOCABULARY_TERM,
    WATER,
    Collection,
    Field,
)
from .yamlfile import LINE, InvalidDate, is_date, quote


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: record {quote(self.record)}, field {self.field!r}: {self.message}"


class DataError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in data/:\n{lines}")


_TYPES = {
    "str": lambda v: isinstance(v, str) and v.strip() != "",
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
    "bool": lambda v: isinstance(v, bool),
    "date": is_date,
    "list": lambda v: isinstance(v, list) and all(not isinstance(i, dict | list) for i in v),
    "record": lambda v: isinstance(v, dict),
    "records": lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
    "any": lambda v: True,  # checked against its own declaration (Collection.values)
}
_TYPE_NAMES = {
    "str": "a non-empty text", "int": "a whole number", "number": "a finite number", "bool": "true or false",
    "date": "a date YYYY-MM-DD", "list": "a list of values", "record": "a mapping",
    "records": "a list of mappings", "any": "a value",
}


class _Report:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, coll: Collection, rec: dict, field: str, message: str, line: int | None = None) -> None:
        name = rec.get(coll.key) if isinstance(rec, dict) else None
        label = name if isinstance(name, str) else "(record without id)"
        line = rec.get(LINE, line) if isinstance(rec, dict) else line
        self.problems.append(Problem(coll.file, line, label, field, message))


VOCABULARY = Collection("vocabulary", "vocabulary.yaml", "Controlled vocabularies.", (), key="term")


def validate(raw: dict[str, list], vocabulary: dict[str, dict]) -> None:
    """Raise DataError listing every problem in `raw` (collection name -> records)."""
    report = _Report()
    _check_vocabulary(vocabulary, report)
    ids = {c.name: _ids(c, raw.get(c.name, []), report) for c in SCHEMA}
    for coll in SCHEMA:
        records = raw.get(coll.name, [])
        for i, rec in enumerate(records):
            if not isinstance(rec, dict):
                line = records.lines[i] if hasattr(records, "lines") else None
                report.add(coll, {}, "-", f"each item must be a record (field: value ...), found {quote(rec)}", line)
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
                SET_RULES[rule](coll, raw, report)
        if coll.values:
            _check_all_named(coll, raw.get(coll.name, []), report)
    if report.problems:
        raise DataError(report.problems)


def _check_vocabulary(vocabulary, report: _Report) -> None:
    for vocab in vocabulary:
        if vocab == LINE:
            continue
        if not isinstance(vocabulary[vocab], dict):
            report.add(VOCABULARY, {"term": vocab}, "-", "a vocabulary must map each term to its en and nl labels")
            continue
        for term in terms(vocabulary, vocab):
            labels = vocabulary[vocab][term]
            rec = {"term": f"{vocab}.{term}", LINE: (labels or {}).get(LINE) if isinstance(labels, dict) else None}
            _check_term_fields(labels, rec, report)
            for lang in ("en", "nl"):
                label = labels.get(lang) if isinstance(labels, dict) else None
                if not (isinstance(label, str) and label.strip()):
                    report.add(VOCABULARY, rec, lang, f"the term has no {lang} label")


def _check_term_fields(labels, rec, report: _Report) -> None:
    """A term's fields beyond its labels (its rule): declared in schema.VOCABULARY_TERM, and texts."""
    if not isinstance(labels, dict):
        return
    declared = {f.name for f in VOCABULARY_TERM}
    for name in sorted(set(labels) - declared - {LINE}):
        report.add(VOCABULARY, rec, name, "unknown field (misspelt?); schema.VOCABULARY_TERM does not declare it")
    rule = labels.get("rule")
    if "rule" in labels and not _TYPES["str"](rule):
        report.add(VOCABULARY, rec, "rule", f"must be {_TYPE_NAMES['str']}, found {rule!r}")


def _ids(coll: Collection, records: list, report: _Report) -> set:
    seen: set = set()
    for rec in records:
        if not isinstance(rec, dict):
            continue
        key = rec.get(coll.key)
        if not isinstance(key, str):  # the field check reports it
            continue
        if key in seen:
            report.add(coll, rec, coll.key, f"{quote(key)} is used by another record of {coll.file}")
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
            report.add(coll, rec, path, f"{quote(value.text)} is not a valid date")
            continue
        if not _TYPES[f.kind](value):
            report.add(coll, rec, path, f"must be {_TYPE_NAMES[f.kind]}, found {quote(value)}")
            continue
        is_id = (f.name == coll.key and not prefix) or f.ref is not None
        for problem in _value_problems(f, value, is_id):
            report.add(coll, rec, path, problem)
        _check_value(coll, rec, f, path, value, vocabulary, ids, report)
        if f.dutch:
            _check_dutch(coll, rec, node, f, prefix, report)


def _check_dutch(coll, rec, node, f: Field, prefix, report) -> None:
    """A text a reader sees has its Dutch text beside it (a list: as many Dutch texts), else the Dutch
    edition would show it in English."""
    dutch = node.get(f.dutch)
    if dutch is None:
        report.add(coll, rec, prefix + f.dutch, f"readers see {f.name}, so it needs its Dutch text in "
                                                f"{f.dutch}; add it beside {f.name}")
    elif f.kind == "list" and isinstance(dutch, list) and len(dutch) != len(node[f.name]):
        report.add(coll, rec, prefix + f.dutch, f"has {len(dutch)} Dutch texts for the {len(node[f.name])} of "
                                                f"{f.name}; give one for each, in the same order")


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
            report.add(coll, rec, path, f"{quote(item)} is not in vocabulary '{f.vocab}' ({known})")
        if f.ref and item not in ids[f.ref]:
            report.add(coll, rec, path, f"{quote(item)} is not a known id of {f.ref}")


def _check_each_term(coll, rec, f: Field, path, items, vocabulary, report) -> None:
    """Records that must name every term of a vocabulary once (points per author expertise ...)."""
    vocab = f.each_term_vocab
    # a term that is no text is the field check's to report; only texts can be counted
    named = [item.get(f.each_term) for item in items
             if isinstance(item, dict) and isinstance(item.get(f.each_term), str)]
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
    if not isinstance(name, str):  # the field check reports it
        return
    declared = _declared_values(coll).get(name)
    if declared is None:
        report.add(coll, rec, coll.key, f"{quote(name)} is not declared in the schema (known: "
                                        f"{', '.join(_declared_values(coll))})")
        return
    if rec.get("value") is not None:  # a missing or empty value is reported as for any field
        _check_fields(coll, rec, {"value": rec["value"]}, (replace(declared, name="value"),), "", vocabulary, ids,
                      report)


def _check_all_named(coll, records, report) -> None:
    named = {rec.get(coll.key) for rec in records if isinstance(rec, dict) and isinstance(rec.get(coll.key), str)}
    for name in _declared_values(coll):
        if name not in named:
            report.add(coll, {coll.key: name}, coll.key, f"{name!r} is declared in the schema but has no record")


# Control and format characters (zero-width spaces, bidirectional overrides ...) are invisible: they
# make two equal-looking texts differ and can reorder what a reader sees. Line breaks and tabs are text.
_ALLOWED_CONTROLS = {"\n", "\t"}


def _value_problems(f: Field, value, is_id: bool) -> list[str]:
    """What is wrong with one well-typed value against its field's range, length, pattern and scheme."""
    items = value if f.kind == "list" else [value]
    problems = [p for item in items if isinstance(item, str) for p in _text_problems(f, item, is_id)]
    if f.kind in ("number", "int"):
        problems += _range_problems(f, value)
    elif f.kind == "list" and (f.minimum is not None or f.maximum is not None):
        for item in value:  # a list of numbers (water volumes): each item in the range
            problems += (_range_problems(f, item) if _is_number(item) else [f"must be a number, found {quote(item)}"])
    if f.not_future and _is_future(value):
        problems.append(f"{value} is in the future")
    return problems


def _text_problems(f: Field, text: str, is_id: bool) -> list[str]:
    hidden = [] if text.isprintable() else sorted(  # isprintable: the quick answer for most texts
        {c for c in text if unicodedata.category(c) in ("Cc", "Cf")} - _ALLOWED_CONTROLS)
    if hidden:
        names = ", ".join(f"U+{ord(c):04X}" for c in hidden)
        return [f"holds invisible or control characters ({names}); retype the text"]
    if is_id and not (re.fullmatch(ID_PATTERN, text) and len(text) <= ID_MAX_LENGTH):
        return [f"{quote(text)} is not an id: lower-case letters and digits in parts joined by '.', '_' or '-',"
                f" at most {ID_MAX_LENGTH} characters"]
    if len(text) > f.max_length:
        return [f"is {len(text)} characters long, more than the {f.max_length} allowed: {quote(text)}"]
    if f.url and not is_safe_url(text):
        return [f"{quote(text)} is not an address: only {', '.join(URL_SCHEMES)} addresses are allowed"]
    if f.pattern and not re.fullmatch(f.pattern, text):
        return [f"{quote(text)} does not have the form {f.pattern}"]
    return []


def _range_problems(f: Field, value) -> list[str]:
    if f.minimum is not None and (value < f.minimum or (f.above_minimum and value == f.minimum)):
        if f.above_minimum:
            return [f"must be above {f.minimum:g}, found {value:g}"]
        return [f"must not be negative, found {value:g}" if f.minimum == 0 else
                f"must be at least {f.minimum:g}, found {value:g}"]
    if f.maximum is not None and value > f.maximum:
        return [f"must be at most {f.maximum:g}, found {value:g}"]
    return []


def _is_future(value) -> bool:
    today = dt.date.today()
    return value > today.year if isinstance(value, int) else is_date(value) and value > today


def terms(vocabulary: dict, name: str) -> list[str]:
    return [t for t in vocabulary.get(name) or {} if t != LINE]


def _is_number(v) -> bool:
    return _TYPES["number"](v)


def _low_high(coll, rec, report, _arg) -> None:
    low, high = rec.get("low"), rec.get("high")
    if _is_number(low) and _is_number(high) and low > high:
        report.add(coll, rec, "high", f"low {low:g} is greater than high {high:g}")
    if rec.get("unit") == "percent" and _is_number(high) and high > 100:
        report.add(coll, rec, "high", f"a share cannot be above 100 percent, found {high:g}")


def _age_band(coll, rec, report, _arg) -> None:
    lo, hi = rec.get("age_from"), rec.get("age_to")
    if (lo is not None or hi is not None) and "age_unit" not in rec:
        report.add(coll, rec, "age_unit", "an age is given without its unit (months or years)")
    if hi is not None and lo is None:
        report.add(coll, rec, "age_from", "age_to is given without age_from (write 0 for 'from birth')")
    if _is_number(lo) and _is_number(hi) and lo >= hi:
        report.add(coll, rec, "age_to", f"age_to {hi:g} must be above age_from {lo:g} (age_to is exclusive)")


def _portion_pair(coll, rec, report, _arg) -> None:
    if ("portion_amount" in rec) != ("portion_unit" in rec):
        report.add(coll, rec, "portion_unit", "portion_amount and portion_unit go together")
    if rec.get("portion_unit") not in (None, "g", "ml"):
        report.add(coll, rec, "portion_unit", f"must be g or ml, found {quote(rec['portion_unit'])}")
    if rec.get("topic") == "food_content":
        if not rec.get("foods"):
            report.add(coll, rec, "foods", "a food content figure needs the food it is about")
        elif "portion" not in rec:
            report.add(coll, rec, "portion", "a food content needs the portion it is given for")


def _density_pair(coll, rec, report, _arg) -> None:
    if ("density_g_per_ml" in rec) != ("density_reference" in rec):
        report.add(coll, rec, "density_reference", "density_g_per_ml and density_reference go together")


def _dates(coll, rec, report, _arg) -> None:
    for name in ("published", "last_reviewed", "references_consulted"):
        value = rec.get(name)
        if is_date(value) and value.year < 1990:
            report.add(coll, rec, name, f"{value} is not a plausible date for a web article")


def _key_theme(coll, rec, report, _arg) -> None:
    key, theme = rec.get("key"), rec.get("theme")
    if isinstance(key, str) and isinstance(theme, str) and key.partition(".")[0] != theme:
        report.add(coll, rec, "key", f"key {quote(key)} must start with its theme '{theme}.'")


def _claim_group(coll, rec, report, _arg) -> None:
    theme, group, form = rec.get("theme"), rec.get("group"), rec.get("form")
    groups, required = CLAIM_GROUPS.get(theme, ((), False)) if isinstance(theme, str) else ((), False)
    if group is None and required:
        report.add(coll, rec, "group", f"a {theme} key needs its group ({' or '.join(groups)})")
    elif group is not None and group not in groups:
        allowed = f"one of {', '.join(groups)}" if groups else "none"
        report.add(coll, rec, "group", f"{quote(group)} is not a group of theme {quote(theme)} ({allowed})")
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


def _no_overlap(coll, raw, report) -> None:
    groups = defaultdict(list)
    for rec in raw.get(coll.name, []):
        if not (isinstance(rec, dict) and _is_number(rec.get("age_from"))
                and (rec.get("age_to") is None or _is_number(rec["age_to"]))):
            continue  # the field checks report it
        group = tuple(str(rec.get(k)) for k in ("authority", "kind", "applies_to", "sex", "life_stage"))
        groups[group].append(rec)
    for recs in groups.values():
        bands = sorted(recs, key=lambda r: months(r["age_from"], r.get("age_unit")))
        for before, after in pairwise(bands):
            end = months(before.get("age_to"), before.get("age_unit"))
            if end is None or end > months(after["age_from"], after.get("age_unit")):
                report.add(coll, after, "age_from",
                           f"age band overlaps that of {quote(before.get('id'))} (same authority, kind, sex, stage)")


def _ml_density(coll, raw, report) -> None:
    """A portion in millilitres is turned into grams with the food's density, so the food needs one."""
    densities = {f["id"]: f.get("density_g_per_ml") for f in raw.get("foods", [])
                 if isinstance(f, dict) and isinstance(f.get("id"), str)}
    for rec in raw.get(coll.name, []):
        if not isinstance(rec, dict) or rec.get("portion_unit") != "ml" or not isinstance(rec.get("foods"), list):
            continue
        for food in rec["foods"]:
            if food in densities and densities[food] is None:
                report.add(coll, rec, "foods", f"the portion is in ml, but food {quote(food)} has no density_g_per_ml")


def _contested_verdict(coll, raw, report) -> None:
    """A claim one source asserts and another denies is contested, and the book states our verdict on
    every contested claim: the verdict must be there, else the claims chapter cannot be built."""
    judged = {v["key"] for v in raw.get("claim_verdicts", []) if isinstance(v, dict) and isinstance(v.get("key"), str)}
    sources = defaultdict(lambda: defaultdict(set))  # claim key -> stance -> sources
    for rec in raw.get(coll.name, []):
        if isinstance(rec, dict) and all(isinstance(rec.get(k), str) for k in ("claim", "stance", "source")):
            sources[rec["claim"]][rec["stance"]].add(rec["source"])
    for rec in raw.get(coll.name, []):
        if not (isinstance(rec, dict) and rec.get("stance") == "denies" and isinstance(rec.get("claim"), str)):
            continue
        own = {rec["source"]} if isinstance(rec.get("source"), str) else set()
        asserting = sources[rec["claim"]]["asserts"] - own
        if asserting and rec["claim"] not in judged:
            report.add(coll, rec, "stance", f"denies what {', '.join(sorted(asserting))} asserts, and "
                       f"claim_verdicts.yaml has no verdict on {quote(rec['claim'])}")


RULES = {
    "low_high": _low_high,
    "age_band": _age_band,
    "portion_pair": _portion_pair,
    "density_pair": _density_pair,
    "dates": _dates,
    "key_theme": _key_theme,
    "claim_group": _claim_group,
    "thresholds": _thresholds,
}
SET_RULES = {"no_overlap": _no_overlap, "ml_density": _ml_density, "contested_verdict": _contested_verdict}


# Evidence for reference values and register entries (schema.EVIDENCE).
FIRST_HAND = ("authority_document", "issuing_body_page")


def _evidence_items(rec: dict) -> list[tuple[int, dict]]:
    items = rec.get("evidence")
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def _evidence(coll, rec, report, _arg) -> None:
    """verified: true only with a first-hand item; a secondary copy says what it copies; a first-hand item
    copies no article."""
    items = _evidence_items(rec)
    if rec.get("verified") is True and not any(item.get("kind") in FIRST_HAND for _, item in items):
        report.add(coll, rec, "verified", "verified: true needs an evidence item of kind authority_document or "
                                          "issuing_body_page (the authority's own document or page)")
    for i, item in items:
        if item.get("kind") == "secondary_copy" and not item.get("copy_of") and not item.get("copies_source"):
            report.add(coll, rec, f"evidence[{i}].copy_of", "a secondary copy must say what it copies")
        if item.get("kind") in FIRST_HAND and item.get("copies_source"):
            report.add(coll, rec, f"evidence[{i}].kind", "a page that copies a registered source is a "
                                                         "secondary_copy, never the authority's own")


def _source_marks(raw: dict) -> dict[str, list[str]]:
    """Per registered source: its id, its address and its capture's file name, as they could be cited."""
    marks = {}
    for src in raw.get("sources", []):
        if isinstance(src, dict) and isinstance(src.get("id"), str):
            found = [src["id"]] + [src[k] for k in ("url", "file") if isinstance(src.get(k), str) and src[k].strip()]
            marks[src["id"]] = found
    return marks


def _names_source(text, marks: dict[str, list[str]]) -> str | None:
    if not isinstance(text, str):
        return None
    low = text.lower()
    for source, found in marks.items():
        if any(m.lower() in low for m in found):
            return source
    return None


def _no_circular_evidence(coll, raw, report) -> None:
    """No circular evidence: a registered source never stands as evidence for a value (an item naming its
    id, address or file is refused), and a value whose evidence is a copy of an article is never one that
    article's figures are judged against: a figure attributed to the value's authority, or any intake figure
    of the article, which reconcile judges against every authority's values."""
    marks = _source_marks(raw)
    attributed = defaultdict(set)  # authority -> sources with a figure attributed to it
    judged_by_all = set()  # sources with an intake figure: reconcile judges it against every authority's values
    for fig in raw.get("figures", []):
        # a source that is no text is the field check's to report; it can be no article's id
        if not (isinstance(fig, dict) and isinstance(fig.get("source"), str)):
            continue
        if isinstance(fig.get("attributed_to"), str):
            attributed[fig["attributed_to"]].add(fig["source"])
        if fig.get("topic") == "intake_recommendation":
            judged_by_all.add(fig["source"])
    for rec in raw.get(coll.name, []):
        if not isinstance(rec, dict):
            continue
        for i, item in _evidence_items(rec):
            for name in ("where", "address", "copy_of"):
                source = _names_source(item.get(name), marks)
                if source:
                    report.add(coll, rec, f"evidence[{i}].{name}",
                               f"names the registered source {source!r}: an article, or a page that copies one, "
                               f"is never evidence for a reference value")
                    break
            copied = item.get("copies_source")
            authority = rec.get("authority")  # either, if it is no text, is the field check's to report
            if isinstance(copied, str) and isinstance(authority, str) and (
                    copied in attributed.get(authority, set()) or copied in judged_by_all):
                report.add(coll, rec, f"evidence[{i}].copies_source",
                           f"the evidence copies {copied!r}, whose figures are judged against the values of "
                           f"{rec.get('authority')!r}: an article's figure is never judged against its own copy")


def _copy_and_sources(coll, rec, report, field: str, item: dict, marks, names: tuple[str, ...], never: str) -> None:
    """An item that says where something was read (a backing document, a portion's evidence): a secondary copy
    says what it copies, and none of the places it names is one of the articles (`never` says why not)."""
    if item.get("kind") == "secondary_copy" and not (item.get("copy_of") or item.get("copies_source")):
        report.add(coll, rec, f"{field}.copy_of", "a secondary copy must say what it copies")
    for name in names:
        source = _names_source(item.get(name), marks)
        if source:
            report.add(coll, rec, f"{field}.{name}", f"names the registered source {source!r}: {never}")
            break


def _backing(coll, raw, report) -> None:
    """A figure's backed_by (schema.BACKED_BY): verified only first-hand, a secondary copy says what it copies,
    and no registered source backs a figure, not even its own article."""
    marks = _source_marks(raw)
    for rec in raw.get(coll.name, []):
        if not isinstance(rec, dict) or not isinstance(rec.get("backed_by"), list):
            continue
        for i, item in enumerate(rec["backed_by"]):
            if not isinstance(item, dict):
                continue
            if item.get("verified") is True and item.get("kind") not in FIRST_HAND:
                report.add(coll, rec, f"backed_by[{i}].verified",
                           "verified: true needs kind authority_document or issuing_body_page (the issuer's own "
                           "document or page)")
            _copy_and_sources(coll, rec, report, f"backed_by[{i}]", item, marks, ("document", "where", "address",
                              "copy_of"), "an article, or a page that copies one, never backs a figure")


def _health_claim_fields(coll, rec, report, _arg) -> None:
    """An authorised claim has its conditions of use and its regulation; another has neither."""
    authorised = rec.get("status") == "authorised"
    if rec.get("efsa_ids") == []:
        report.add(coll, rec, "efsa_ids", "an entry rests on at least one EFSA ID")
    for name in ("conditions", "regulation"):
        if authorised and not rec.get(name):
            report.add(coll, rec, name, f"an authorised claim needs its {name} as the register gives them")
        elif rec.get("status") == "not_authorised" and rec.get(name):
            report.add(coll, rec, name, f"a claim that was not authorised has no {name}")


def _register_entry(coll, raw, report) -> None:
    """A claim key's register status: a status that rests on the register names an existing entry of the right
    status (REGISTER_CITED); the other statuses name none."""
    entries = {e["id"]: e.get("status") for e in raw.get("health_claims", [])
               if isinstance(e, dict) and isinstance(e.get("id"), str)}
    for rec in raw.get(coll.name, []):
        if not isinstance(rec, dict) or not isinstance(rec.get("register_status"), str):
            continue
        status, entry = rec["register_status"], rec.get("register_entry")
        needed = REGISTER_CITED.get(status)
        if needed and entry is None:
            report.add(coll, rec, "register_entry", f"a key with register status {quote(status)} must name the "
                                                    f"register entry it rests on")
        elif not needed and entry is not None:
            report.add(coll, rec, "register_entry", f"a key with register status {quote(status)} rests on no "
                                                    f"register entry; found {quote(entry)}")
        elif needed and isinstance(entry, str) and entry in entries and entries[entry] != needed:
            # (an entry that is no text is the field check's to report: it cannot be looked up)
            report.add(coll, rec, "register_entry", f"status {quote(status)} rests on an entry of status "
                                                    f"{needed!r}; {quote(entry)} is {quote(entries[entry])}")


def _labelling_arithmetic(coll, raw, report) -> None:
    """A threshold given as a share of the NRV is that share of it: value = percent_nrv x NRV / 100."""
    records = raw.get(coll.name, [])
    nrv = [r.get("value") for r in records if isinstance(r, dict) and r.get("kind") == "nrv"]
    if len(nrv) != 1 or not _is_number(nrv[0]):
        if any(isinstance(r, dict) and r.get("percent_nrv") is not None for r in records):
            report.add(coll, {}, "kind", f"one record of kind nrv is needed to check the shares of it, "
                                         f"found {len(nrv)}")
        return
    for rec in records:
        share, value = (rec.get("percent_nrv"), rec.get("value")) if isinstance(rec, dict) else (None, None)
        if _is_number(share) and _is_number(value) and abs(share * nrv[0] / 100 - value) > 1e-9:
            report.add(coll, rec, "value", f"{share:g} % of the NRV {nrv[0]:g} is {share * nrv[0] / 100:g}, "
                                           f"found {value:g}")


RULES.update({"evidence": _evidence, "health_claim_fields": _health_claim_fields})


def _people_have_values(coll, raw, report) -> None:
    """The people the tables take shares of (the ranking person; adults of both sexes for each portion
    authority) need a recommended intake of that authority, else a table cannot be built."""
    params = {r["id"]: r for r in raw.get(coll.name, []) if isinstance(r, dict) and isinstance(r.get("id"), str)}
    adult = (params.get("adult_age") or {}).get("value")
    people = []
    ranking = params.get("ranking_person")
    if ranking and isinstance(ranking.get("value"), dict):
        v = ranking["value"]
        people.append((ranking, "value.authority", v.get("authority"), v.get("sex"), v.get("age")))
    portions = params.get("portion_intake_authorities")
    if portions and isinstance(portions.get("value"), list) and _is_number(adult):
        people += [(portions, f"value[{i}].authority", item.get("authority"), sex, adult)
                   for i, item in enumerate(portions["value"]) if isinstance(item, dict) for sex in ("female", "male")]
    values = [r for r in raw.get("reference_values", []) if isinstance(r, dict) and r.get("kind") in RECOMMENDED_KINDS
              and r.get("life_stage") == "general" and _is_number(r.get("age_from") or 0)
              and (r.get("age_to") is None or _is_number(r["age_to"]))]  # the field checks report any other
    for rec, path, authority, sex, age in people:
        if not (isinstance(authority, str) and _is_number(age)):
            continue  # the field checks report it
        if not any(r.get("authority") == authority and r.get("sex") in (sex, "any")
                   and months(r.get("age_from") or 0, r.get("age_unit")) <= age * 12
                   and (r.get("age_to") is None or age * 12 < months(r["age_to"], r.get("age_unit")))
                   for r in values):
            report.add(coll, rec, path, f"{authority} gives no recommended intake for a {sex} aged {age:g} in "
                                        "reference_values.yaml, which the tables that take shares of it need")


def _required_ids(coll, raw, report) -> None:
    """Every record the book's code reads by id (Collection.required_ids) is there."""
    present = {r[coll.key] for r in raw.get(coll.name, []) if isinstance(r, dict) and isinstance(r.get(coll.key), str)}
    for missing in (i for i in coll.required_ids if i not in present):
        report.add(coll, {coll.key: missing}, coll.key, "missing: the book's tables read this record by its id")


SET_RULES["backing"] = _backing
SET_RULES.update({"people_have_values": _people_have_values, "labelling_arithmetic": _labelling_arithmetic,
                  "no_circular_evidence": _no_circular_evidence,
                  "register_entry": _register_entry, "required_ids": _required_ids})


# Supplement salts (data/supplement_forms.yaml): the molar mass is the formula's, and one salt stands for each form.
def molar_mass(composition: dict[str, int], water: int = 0) -> float:
    """The molar mass (g/mol) of a formula unit (element -> count) with `water` molecules of water of
    crystallisation."""
    counts = dict(composition)
    for element, count in WATER.items():
        counts[element] = counts.get(element, 0) + water * count
    return sum(ATOMIC_WEIGHTS[e] * n for e, n in counts.items())


def _formula_mass(coll, rec, report, _arg) -> None:
    """The stated molar mass is the one recomputed from the composition and the water of crystallisation."""
    counts, water, stated = rec.get("composition"), rec.get("water"), rec.get("molar_mass_g_per_mol")
    if not isinstance(counts, dict) or not isinstance(water, int) or isinstance(water, bool) or not _is_number(stated):
        return
    counts = {e: n for e, n in counts.items() if e in ATOMIC_WEIGHTS}
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in counts.values()):
        return
    computed = molar_mass(counts, water)
    if abs(computed - stated) > MOLAR_MASS_TOLERANCE:
        formula = "".join(f"{e}{n}" for e, n in counts.items())
        report.add(coll, rec, "molar_mass_g_per_mol", f"{formula} + {water} H2O is {computed:.3f} g/mol with the "
                                                      f"atomic weights of mgtables.schema, found {stated:g}")


def _formula_evidence(coll, rec, report, _arg) -> None:
    """Every salt says where its formula was read; an unverified one says why."""
    if rec.get("reference") == []:
        report.add(coll, rec, "reference", "name at least one place where the formula or the molar mass was read")
    if rec.get("verified") is False and not rec.get("why_unverified"):
        report.add(coll, rec, "why_unverified", "an unverified formula says why (what was and was not read)")


def salt_form(salt_id) -> str:
    """The form of a supplement salt: its id's part before the first '-'."""
    return salt_id.partition("-")[0] if isinstance(salt_id, str) else ""


def _assumed_salt(coll, raw, report) -> None:
    """Exactly one salt of each form is the assumed one, and it alone names the form."""
    forms = defaultdict(list)
    for rec in raw.get(coll.name, []):
        if isinstance(rec, dict) and salt_form(rec.get("id")):
            forms[salt_form(rec["id"])].append(rec)
    for form, recs in forms.items():
        assumed = [r for r in recs if r.get("assumed") is True]
        if len(assumed) != 1:
            report.add(coll, recs[0], "assumed", f"form {form!r} needs exactly one salt with assumed: true, "
                                                 f"found {len(assumed)}")
        for rec in recs:
            for name in ("form_en", "form_nl"):  # form_en's Dutch text is required by the shown-text rule
                if rec.get("assumed") is True and name == "form_en" and not rec.get(name):
                    report.add(coll, rec, name, f"the assumed salt of form {form!r} gives the form's name")
                elif rec.get("assumed") is False and rec.get(name) is not None:
                    report.add(coll, rec, name, f"only the assumed salt of form {form!r} names the form")


def _food_portions(coll, raw, report) -> None:
    """A food has a portion or says why not; a Dutch/Belgian portion is weighed in a state the food has a row in, is
    verified only on a first-hand item, says why when it is not, and never rests on one of the articles."""
    marks = _source_marks(raw)
    for rec in raw.get(coll.name, []):
        if not isinstance(rec, dict):
            continue
        has_portion = bool(rec.get("portions")) or bool(rec.get("portions_nl"))
        if not has_portion and not rec.get("no_portion_reason"):
            report.add(coll, rec, "no_portion_reason", "a food without any portion says why it has none")
        elif has_portion and "no_portion_reason" in rec:
            report.add(coll, rec, "no_portion_reason", "a food with a portion gives no reason for having none")
        states = [r.get("state") for r in [rec.get("composition"), *(rec.get("alternatives") or [])]
                  if isinstance(r, dict)]
        items = rec.get("portions_nl")
        for i, portion in enumerate(items if isinstance(items, list) else []):
            if not isinstance(portion, dict):
                continue
            where = f"portions_nl[{i}]."
            if "state" in portion and portion["state"] not in states:
                report.add(coll, rec, where + "state", f"the food has no composition row in state "
                                                       f"{quote(portion['state'])} ({', '.join(map(str, states))})")
            if portion.get("verified") is False and not portion.get("why_unverified"):
                report.add(coll, rec, where + "why_unverified", "an unverified portion tells the reader why")
            elif portion.get("verified") is True and "why_unverified" in portion:
                report.add(coll, rec, where + "why_unverified", "a verified portion gives no reason for being "
                                                                "unverified")
            evidence = _evidence_items(portion)
            if portion.get("verified") is True and not any(item.get("kind") in FIRST_HAND for _, item in evidence):
                report.add(coll, rec, where + "verified", "verified: true needs an evidence item of kind "
                                                          "authority_document or issuing_body_page")
            for j, item in evidence:
                _copy_and_sources(coll, rec, report, f"{where}evidence[{j}]", item, marks, ("where", "address",
                                  "copy_of", "copies_source"), "an article is never the reference for a portion")


def _glossary_evidence(coll, rec, report, _arg) -> None:
    """A Dutch term is verified only where it was read first hand; an unverified one says why."""
    items = rec.get("where_read") if isinstance(rec.get("where_read"), list) else []
    if rec.get("verified") is True and not any(isinstance(i, dict) and i.get("kind") in FIRST_HAND for i in items):
        report.add(coll, rec, "verified", "verified: true needs a where_read item of kind authority_document or "
                                          "issuing_body_page (the Dutch term read on the body's own page or text)")
    if rec.get("verified") is False and not rec.get("why_unverified"):
        report.add(coll, rec, "why_unverified", "an unverified term says why (what was and was not read)")



RULES.update({"formula_mass": _formula_mass, "formula_evidence": _formula_evidence,
              "glossary_evidence": _glossary_evidence})
SET_RULES["food_portions"] = _food_portions
SET_RULES["assumed_salt"] = _assumed_salt


def unknown_rules(schema=SCHEMA) -> list[str]:
    """Rule names the schema asks for that no function implements (a typo would switch a check off)."""
    return [f"{c.name}: {rule}" for c in schema for rule in c.checks
            if rule.partition(":")[0] not in RULES and rule not in SET_RULES]


if unknown_rules():
    raise ValueError(f"schema names unknown validation rules: {', '.join(unknown_rules())}")

