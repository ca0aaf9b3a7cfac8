"""The attacks of issue 19, rerun against the current code: the data broken as a careless or hostile
contributor would, payloads pushed through every output format, and the command given bad input.

1. Data: every field of every file of data/ given values its declaration refuses (NaN, infinity, a number
   out of range, a list or a mapping for a text, an id with a space or an invisible character, an address
   of another scheme, an unknown term or id, a required field dropped ...), every record given an unknown
   field, a key that is no text, a twin; every file emptied, made binary, non-UTF-8, a scalar, a mapping,
   brackets nested 50,000 deep, an alias bomb, a directory, or removed; and random mutations of
   tests/test_fuzz.py. Each case loads a copy of data/; tests/test_fuzz.judge says what became of it.
   A case whose mutation the declarations refuse must be refused: accepting it is a silent acceptance.
2. Injection: payloads (markup, script links, formulas, a closing brace, LaTeX commands, mathtext, pipes
   and line breaks) put before every free text of the data (tests/test_escape._poison), in rounds that move
   each payload to other fields; every table rendered as HTML, CSV, Markdown, LaTeX and Excel in both
   languages, the bibliography as BibTeX, the tables' citations as BibTeX, RIS and CSL-JSON, and every
   figure drawn. A payload counts as live where the output holds more of the markup it carries than the
   same output of the clean data.
3. The command: bad arguments, outputs that exist or cannot be written, and broken data, run in this
   process (mgtables.cli.main) and a few as programs; a traceback or exit code 1 (a bug) is a failure.

Deterministic (seeded); a few minutes on two cores. Not part of `make test`: `make attack`.

    .venv/bin/python benchmarks/attack.py            # print the tables
    .venv/bin/python benchmarks/attack.py --write    # ... and write their section of benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import datetime as dt
import io
import json
import math
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fuzz test's mutations and judge, the escape tests' payloads

import test_escape  # noqa: E402
import test_excel  # noqa: E402
import test_fuzz as fuzz  # noqa: E402

import mgtables  # noqa: E402
from mgtables import dataset, registry  # noqa: E402
from mgtables.book_meta import DATA_DIR  # noqa: E402
from mgtables.escape import FORMULA_START  # noqa: E402
from mgtables.schema import SCHEMA  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Hostile data, payloads and commands (`make attack`)"
SEED = 19
RANDOM_CASES = 300  # random mutations (tests/test_fuzz.py) besides the targeted ones
SHARE = 0.5  # of the targeted cases, a seeded sample this large is run (--share 1 runs every one)
BUILD_EVERY = 3  # every third accepted random case is also built whole (every accepted targeted one is)
CASE_SECONDS = 60  # a case that takes longer is a hang
CASE_MEMORY = 3 * 2**30  # bytes a case may take: an alias bomb must fail, not take the machine


class DROP:
    """The value of a field removed (a class, so that it is itself again in a worker process)."""

# ---- 1. data --------------------------------------------------------------------------------------------


@dataclass
class Case:
    file: str
    what: str
    must_fail: bool  # the declarations refuse this mutation
    op: str  # set | record | bytes | directory | missing | fuzz
    args: tuple = ()
    record: str | None = None


def _refused_values(f, is_key: bool) -> list[tuple[str, object]]:
    """Values the declaration of field `f` refuses, each with what it is."""
    if f.kind == "any":
        return []
    out = []
    if f.kind not in ("list", "records"):
        out.append(("a list", ["x"]))
    if f.kind != "record":
        out.append(("a mapping", {"a": 1}))
    if f.required and not f.nullable:
        out += [("dropped", DROP), ("null", None)]
    if f.kind in ("number", "int"):
        out += [("NaN", math.nan), ("infinity", math.inf), ("minus infinity", -math.inf), ("a number as text", "12"),
                ("true", True)]
        if f.kind == "int":
            out.append(("a fraction", 1.5))
        if f.minimum is not None:
            out.append(("the minimum itself", f.minimum) if f.above_minimum else ("below the minimum", f.minimum - 1))
        if f.maximum is not None:
            out.append(("above the maximum", f.maximum + 1))
        if f.not_future:
            out.append(("a year to come", dt.date.today().year + 1))
    elif f.kind == "str":
        out += [("a number", 42), ("blank", " "), ("too long", "x" * (f.max_length + 1))]
        if f.url:
            out += [("a javascript: address", "javascript:alert(1)"),
                    ("a data: address", "data:text/html,<script>alert(1)</script>"),
                    ("an address with a tab in its scheme", "java\tscript:alert(1)"),
                    ("an address with a space", "https://exa mple.org")]
        if f.vocab:
            out.append(("an unknown term", "no_such_term"))
        if f.ref:
            out.append(("an unknown id", "no-such-id"))
        if is_key:
            out += [("an id with a space", "a b"), ("an id with an invisible character", "a\u200bb"),
                    ("an id with a right-to-left override", "\u202eab"), ("an id in capitals", "Almonds"),
                    ("an id that is a list", ["a", "b"])]
    elif f.kind == "bool":
        out += [("yes as text", "yes"), ("one", 1)]
    elif f.kind == "date":
        out += [("an impossible date", "2025-02-30"), ("not a date", "soon"), ("a number", 20250101)]
        if f.not_future:
            out.append(("a date to come", dt.date.today() + dt.timedelta(days=400)))
    elif f.kind == "list":
        out += [("text for a list", "x"), ("a list of lists", [["x"]]), ("a list of mappings", [{"a": 1}])]
    elif f.kind == "record":
        out += [("text for a mapping", "x"), ("a list for a mapping", [1])]
    elif f.kind == "records":
        out += [("text for a list of mappings", "x"), ("a list of numbers", [1, 2]), ("a list of lists", [[1]])]
    return out


def _holder(records: list, path: tuple[str, ...]) -> tuple[int, tuple]:
    """The first record holding the field at `path` (names, through the first item of a list of records), as
    its index and the full path to the field; else the first record."""
    for i, rec in enumerate(records):
        node, full = rec, []
        for name in path[:-1]:
            node = node.get(name) if isinstance(node, dict) else None
            full.append(name)
            if isinstance(node, list):
                node = node[0] if node and isinstance(node[0], dict) else None
                full.append(0)
        if isinstance(node, dict) and path[-1] in node:
            return i, (*full, path[-1])
    return 0, tuple(_first_items(records[0], path))


def _first_items(rec, path):
    node = rec
    for name in path[:-1]:
        yield name
        node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, list):
            yield 0
            node = node[0] if node else None
    yield path[-1]


def _fields(fields, prefix=()):
    for f in fields:
        yield (*prefix, f.name), f
        if f.kind in ("record", "records"):
            yield from _fields(f.fields, (*prefix, f.name))


def targeted_cases() -> list[Case]:
    cases = []
    for coll in SCHEMA:
        records = fuzz._yaml(DATA_DIR / coll.file)
        for path, f in _fields(coll.fields):
            i, full = _holder(records, path)
            name = records[i].get(coll.key)
            is_key = path == (coll.key,)
            values = _refused_values(f, is_key)
            if f.dutch:  # a shown text given in English must be given in Dutch too
                dutch_path = (*path[:-1], f.dutch)
                j, dutch_full = _holder(records, dutch_path)
                if _get(records[j], dutch_full) is not None:
                    what = f"{'.'.join(map(str, dutch_full))} dropped where {path[-1]} is given"
                    cases.append(Case(coll.file, what, True, "set", (j, dutch_full, DROP), records[j].get(coll.key)))
            for label, value in values:
                what = f"{'.'.join(map(str, full))}: {label}"
                cases.append(Case(coll.file, what, True, "set", (i, full, value), name))
        last = len(records) - 1
        name = records[last].get(coll.key)
        for label, change in [("an unknown field", "unknown"), ("a key that is no text", "number key"),
                              ("a twin record (the same id)", "twin"), ("a record that is text", "text"),
                              ("a record that is a list", "list")]:
            cases.append(Case(coll.file, label, True, "record", (last, change), name))
    for file in sorted({*fuzz.FILES, "vocabulary.yaml"}):
        for label, content in FILE_ATTACKS:
            cases.append(Case(file, label, True, "bytes", (content,)))
        cases.append(Case(file, "a directory in place of the file", True, "directory"))
        cases.append(Case(file, "the file removed", True, "missing"))
    return cases


def _alias_bomb() -> bytes:
    lines = [b"- &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(b"- &a%d [" % level + b", ".join([b"*a%d" % (level - 1)] * 9) + b"]")
    return b"\n".join(lines) + b"\n"


FILE_ATTACKS = [
    ("an empty file", b""), ("only a comment", b"# nothing here\n"), ("only blank lines", b"\n\n  \n"),
    ("NUL bytes (binary)", b"- id: x\n\x00\x01\x02"), ("random bytes", bytes(range(256)) * 4),
    ("not UTF-8 (Latin-1)", "- id: caf\u00e9\n".encode("latin-1")),
    ("brackets nested 50,000 deep (100 KB)", b"[" * 50_000 + b"]" * 50_000),
    ("mappings nested 30 deep", b"- " + b"{a: " * 30 + b"x" + b"}" * 30 + b"\n"),
    ("an alias bomb", _alias_bomb()), ("a scalar", b"42\n"), ("a mapping for a list", b"id: x\nname: y\n"),
    ("a list of texts", b"- a\n- b\n"), ("a list of lists", b"- - x\n"), ("a key that is no text", b"- {1: a}\n"),
    ("an id that is a list", b"- id: [a, b]\n"), ("two documents", b"---\n- id: a\n---\n- id: b\n"),
    ("a Python tag", b"!!python/object/apply:os.system ['true']\n"),
    ("a file over the size limit", b"- id: x\n  note: " + b"y" * 2_100_000 + b"\n"),
]


def _get(rec, path):
    node = rec
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _apply(case: Case, directory: Path, rng_case: int) -> fuzz.Mutation:
    path = directory / case.file
    if case.op == "fuzz":
        return fuzz._mutate(random.Random(f"{SEED}-{rng_case}"), directory)
    if case.op == "bytes":
        path.write_bytes(case.args[0])
    elif case.op == "directory":
        path.unlink()
        path.mkdir()
    elif case.op == "missing":
        path.unlink()
    else:
        records = fuzz._yaml(path)
        if case.op == "set":
            index, full, value = case.args
            parent = records[index]
            for k, part in enumerate(full[:-1]):  # a field no record has is added with its parents
                if isinstance(parent, dict) and part not in parent:
                    parent[part] = [{}] if isinstance(full[k + 1], int) else {}
                elif isinstance(parent, list) and not parent:
                    parent.append({})
                parent = parent[part]
            if value is DROP:
                parent.pop(full[-1], None)
            else:
                parent[full[-1]] = copy.deepcopy(value)
        else:
            index, change = case.args
            rec = records[index]
            if change == "unknown":
                rec["colour"] = "blue"
            elif change == "number key":
                rec[1] = "a"
            elif change == "twin":
                records.append(copy.deepcopy(rec))
            else:
                records[index] = "text" if change == "text" else ["a", "b"]
        path.write_text(yaml.dump(records, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return fuzz.Mutation(case.file, case.what, case.record)


def _timeout(signum, frame):
    raise TimeoutError(f"no answer after {CASE_SECONDS} s")


def run_case(work: Path, index: int, case: Case, build: bool) -> tuple[int, str, str]:
    """Break a copy of data/ as `case` says and judge the load: (index, outcome, detail)."""
    directory = work / str(index)
    try:
        shutil.copytree(DATA_DIR, directory)
        mutation = _apply(case, directory, index)
        if case.op == "fuzz":
            case.file, case.what, case.record = mutation.file, mutation.what, mutation.record
        signal.signal(signal.SIGALRM, _timeout)
        signal.alarm(CASE_SECONDS)
        try:
            outcome, detail = fuzz.judge(directory, mutation, build)
        finally:
            signal.alarm(0)
        return index, outcome, f"{case.file}: {case.what}: {detail}"
    finally:
        dataset._load.cache_clear()  # one worker loads hundreds of copies
        shutil.rmtree(directory, ignore_errors=True)


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (CASE_MEMORY, CASE_MEMORY))


def data_attacks(random_cases: int, share: float) -> tuple[list[Case], list[tuple[str, str]]]:
    targeted = targeted_cases()
    kept = sorted(random.Random(SEED).sample(range(len(targeted)), round(share * len(targeted))))
    targeted = [targeted[i] for i in kept]
    cases = targeted + [Case("", "random", False, "fuzz") for _ in range(random_cases)]
    dataset.read = fuzz._read_reusing_originals  # a case parses only the file it changed (as the fuzz test)
    fuzz._baseline()
    outcomes: list[tuple[str, str] | None] = [None] * len(cases)
    with tempfile.TemporaryDirectory() as tmp:
        pending = list(range(len(cases)))
        while pending:  # a worker that dies (a crash of the interpreter) is a case that failed
            with ProcessPoolExecutor(os.cpu_count(), mp_context=multiprocessing.get_context("fork"),
                                     initializer=_limit_memory) as pool:
                futures = {}
                for i in pending:
                    build = cases[i].must_fail or (cases[i].op == "fuzz" and i % BUILD_EVERY == 0)
                    futures[i] = pool.submit(run_case, Path(tmp), i, cases[i], build)
                pending = []
                for i, future in futures.items():
                    try:
                        _, outcome, detail = future.result()
                        outcomes[i] = (outcome, detail)
                    except BrokenProcessPool:  # this case, or one running beside it, killed its worker
                        outcomes[i] = (fuzz.TRACEBACK, f"{cases[i].file}: {cases[i].what}: the interpreter died")
                        pending = [j for j in futures if outcomes[j] is None]
                        break
    return cases, outcomes


def data_table(cases, outcomes) -> tuple[list[tuple[str, int]], list[str]]:
    count = Counter()
    problems = []
    for case, (outcome, detail) in zip(cases, outcomes, strict=True):
        kind = "targeted" if case.op != "fuzz" else "random"
        count["tried", kind] += 1
        if outcome == fuzz.REFUSED:
            count["clear errors", kind] += 1
        elif outcome == fuzz.LOADED:
            if case.must_fail:
                count["silent acceptances", kind] += 1
                problems.append(f"silently accepted: {detail}")
            else:
                count["loaded whole", kind] += 1
        else:
            label = {fuzz.TRACEBACK: "tracebacks", fuzz.TABLE_FAILS: "tracebacks", fuzz.DROPPED: "records vanishing",
                     fuzz.VANISHED: "records vanishing"}.get(outcome, "other faults")
            count[label, kind] += 1
            problems.append(f"{outcome}: {detail}")
    rows = []
    for label in ("tried", "clear errors", "loaded whole", "silent acceptances", "tracebacks", "records vanishing",
                  "other faults"):
        rows.append((label, count[label, "targeted"], count[label, "random"]))
    return rows, problems


# ---- 2. injection ---------------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<b>bold</b>", "</td></tr></table>",
    "<!-- open comment", '" onmouseover="alert(1)', "[x](javascript:alert(1))", "javascript:alert(1)",
    '=HYPERLINK("https://evil.example","click")', "=1+1", "+1+1", "-2+3", "@SUM(A1:A2)",
    "}, note = {injected", r"\input{/etc/hostname}", r"\write18{touch /tmp/pwned}", r"$\alpha^2$ and $5",
    r"& % # _ ^ ~ \\", "a | b", "line\nbreak", "**bold** `code`", "{unbalanced",
]
ROUNDS = 6  # each round moves every payload on to other fields


def _placed(node, path: str, payload: str) -> int:
    head, _, rest = path.partition(".")
    if rest:
        name = head.removesuffix("[]")
        children = (node.get(name) or []) if head.endswith("[]") else [node.get(name) or {}]
        return sum(_placed(c, rest, payload) for c in children if isinstance(c, dict))
    value = node.get(head)
    return int(isinstance(value, str) and value.startswith(payload + " "))


def poisoned(round_: int, work: Path) -> tuple[object, Counter]:
    """The data with a payload before every free text, payload (i + j + round) of the record's j-th field."""
    directory = work / f"poisoned-{round_}"
    shutil.copytree(DATA_DIR, directory)
    placed = Counter()
    for coll in SCHEMA:
        path = directory / coll.file
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, rec in enumerate(records):
            for j, (name, max_length) in enumerate(test_escape._free_texts(coll.fields)):
                payload = PAYLOADS[(i + j + round_) % len(PAYLOADS)]
                test_escape._poison(rec, name, max_length, payload)
                if _placed(rec, name, payload):
                    placed[payload, f"{coll.file}:{name}"] += 1
        path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mgtables.load(directory), placed


class _Markup(HTMLParser):
    """What a browser would make of a page: elements, event handlers, script addresses, comments."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.found = Counter()
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[f"{name}="] += 1
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript"):
                self.found["javascript: link"] += 1

    def handle_endtag(self, tag):
        self.found[f"</{tag}>"] += 1

    def handle_comment(self, data):
        self.found["<!--"] += 1


RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - ")  # a tag, two spaces, a hyphen: a line break in a value breaks it
UNESCAPED = {  # LaTeX (and BibTeX, read by LaTeX): what runs, opens math or a comment
    r"\input": re.compile(r"\\input\b"), r"\write18": re.compile(r"\\write18"), "$": re.compile(r"(?<!\\)\$"),
    "%": re.compile(r"(?<!\\)%"), "#": re.compile(r"(?<!\\)#"), "^": re.compile(r"(?<!\\)\^(?!\{\})"),
    "~": re.compile(r"(?<!\\)~"), "&": re.compile(r"(?<!\\)&"), r"\\": re.compile(r"(?<!\\)\\\\"),
}


def _braces(text: str) -> int:
    return len(re.findall(r"(?<!\\)\{", text)) - len(re.findall(r"(?<!\\)\}", text))


def _more(poisoned: Counter, clean: Counter) -> list[str]:
    return [f"{k} +{poisoned[k] - clean[k]}" for k in poisoned if poisoned[k] > clean[k]]


def _latex_marks(text: str) -> Counter:
    marks = Counter({name: len(rx.findall(text)) for name, rx in UNESCAPED.items()})
    marks["unbalanced braces"] = abs(_braces(text))
    return marks


def _csv_live(text: str, rows: int) -> list[str]:
    cells = list(csv.reader(io.StringIO(text)))
    found = [c for row in cells for c in row if c.startswith(FORMULA_START) and not test_escape._is_number(c)]
    return found + ([f"{len(cells)} rows for {rows}"] if len(cells) != rows else [])


def _markdown_live(text: str, rows: int) -> list[str]:
    found = [f"{sum(line.startswith('|') for line in text.splitlines())} rows for {rows}"] \
        if sum(line.startswith("|") for line in text.splitlines()) != rows else []
    found += ["raw <"] * ("<" in text) + ["a link"] * bool(re.search(r"(?<!\\)\]\(", text))
    return found


def _xlsx_live(table) -> list[str]:
    book = test_excel.workbook(table)
    links = [c.coordinate for s in book.worksheets for row in s.iter_rows() for c in row if c.hyperlink]
    return test_excel._formulas(book) + links


def _bib_live(text: str, clean: str) -> list[str]:
    from pybtex.database import parse_string

    try:
        entries, before = parse_string(text, "bibtex").entries, parse_string(clean, "bibtex").entries
    except Exception as exc:
        return [f"the file no longer parses: {exc}"]
    found = [f"{k}: fields {sorted(set(e.fields) - set(before[k].fields))}" for k, e in entries.items()
             if k in before and set(e.fields) - set(before[k].fields)]
    found += [f"{len(entries)} entries for {len(before)}"] * (len(entries) != len(before))
    return found + _more(_latex_marks(text), _latex_marks(clean))


FIGURES = ("body.absorption_figure", "claims.matrix_heatmap", "claims.theme_heatmap", "foods.ranking_figure",
           "intakes.intake_figure", "limits.doses_figure", "limits.risk_figure")


def _figure_texts(draw, data, lang) -> list[str]:
    """Texts of a drawn figure that matplotlib would read as mathtext, and the warnings drawing it gave (a
    text that leaves tight_layout no room fails the book's strict build)."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = draw(data, lang=lang)
        fig.savefig(io.BytesIO(), format="svg")
    live = [t.get_text() for t in fig.findobj(Text) if t.get_text().count("$") >= 2 and t.get_parse_math()]
    plt.close(fig)
    return [f"mathtext: {t}" for t in live] + [f"warning: {w.message}" for w in caught]


class _Tally:
    """Per output format: outputs checked, those holding live or unescaped payloads, those that failed."""

    def __init__(self):
        self.checked, self.live, self.failed, self.problems = Counter(), Counter(), Counter(), []

    def check(self, fmt: str, where: str, find, *args) -> None:
        """Count what `find(*args)` finds in one output of `fmt`."""
        self.checked[fmt] += 1
        try:
            found = find(*args)
        except Exception as exc:  # an output the payloads stop being made at all
            self.failed[fmt] += 1
            self.problems.append(f"{where} {fmt} fails: {type(exc).__name__}: {exc}")
            return
        self.live[fmt] += bool(found)
        self.problems += [f"{where} {fmt}: {found[:3]}"] * bool(found)


def _cite(tables, fmt: str) -> str:
    from mgtables.citation import citations

    return citations(tables, fmt, "2030-01-02")


# What the payloads would make of a page: elements a renderer of the book never writes in a table, the end of a
# cell, row or table, a comment, an event handler, a script link. (Counted as more than the clean page has:
# other data may show more of the renderer's own markup, such as a source's id beside its name.)
PAYLOAD_MARKUP = re.compile(r"<(script|img|b|iframe)>|</(td|tr|table)>|<!--|on\w+=|javascript: link")


def _html_live(page: str, clean: str) -> list[str]:
    poisoned, before = _Markup(page).found, _Markup(clean).found
    return [f for f in _more(poisoned, before) if PAYLOAD_MARKUP.fullmatch(f.split(" +")[0])]


def _latex_live(text: str, clean: str) -> list[str]:
    return _more(_latex_marks(text), _latex_marks(clean))


def _ris_live(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not RIS_LINE.match(line)]


def _csl_live(text: str, entries: int) -> list[str]:
    return [] if len(json.loads(text)) == entries else ["entries lost"]


def injection_attacks(rounds: int) -> tuple[dict, _Tally]:
    import mgtables.book
    from mgtables import bibliography
    from mgtables.chapters import body, catalogue, claims, foods, intakes, limits

    chapters = {"body": body, "claims": claims, "foods": foods, "intakes": intakes, "limits": limits}
    clean = mgtables.load()
    clean_tables = {lang: {t.id: t for t in registry.all_tables(clean, lang=lang)} for lang in ("en", "nl")}
    clean_bib = bibliography.bibtex(clean)
    tally = _Tally()
    placed_total = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            data, placed = poisoned(r, Path(tmp))
            placed_total.update(placed)
            for lang in ("en", "nl"):
                tables = registry.all_tables(data, lang=lang)
                where = f"round {r} {lang}"
                for name, page, before in [("catalogue", catalogue.index_html, catalogue.index_html),
                                           ("files", catalogue.dataset_links_html, catalogue.dataset_links_html)]:
                    tally.check("HTML", f"{where} {name}", lambda a, b, d, c, lang: _html_live(a(d, lang), b(c, lang)),
                                page, before, data, clean, lang)
                for t in tables:
                    c = clean_tables[lang][t.id]
                    tally.check("HTML", f"{where} {t.id}", lambda t, c: _html_live(t.to_html(), c.to_html()), t, c)
                    tally.check("CSV", f"{where} {t.id}", lambda t: _csv_live(t.to_csv(), len(t.tidy) + 1), t)
                    tally.check("Markdown", f"{where} {t.id}",
                                lambda t: _markdown_live(t.to_markdown(), len(t.data) + 2), t)
                    tally.check("LaTeX", f"{where} {t.id}", lambda t, c: _latex_live(t.to_latex(), c.to_latex()), t, c)
                    tally.check("Excel", f"{where} {t.id}", _xlsx_live, t)
                clean_list = list(clean_tables[lang].values())
                tally.check("citations (BibTeX)", where, lambda a, b: _bib_live(_cite(a, "bibtex"), _cite(b, "bibtex")),
                            tables, clean_list)
                tally.check("citations (RIS)", where, lambda a: _ris_live(_cite(a, "ris")), tables)
                tally.check("citations (CSL-JSON)", where, lambda a: _csl_live(_cite(a, "csl-json"), len(a)), tables)
                for name in FIGURES:
                    module, _, function = name.partition(".")
                    tally.check("matplotlib", f"{where} {name}", _figure_texts, getattr(chapters[module], function),
                                data, lang)
            tally.check("BibTeX (references.bib)", f"round {r}", lambda d: _bib_live(bibliography.bibtex(d), clean_bib),
                        data)
            dataset._load.cache_clear()
    summary = {"payloads": len({p for p, _ in placed_total}), "fields": len({f for _, f in placed_total}),
               "placements": sum(placed_total.values()), "rounds": rounds, "pairs": len(placed_total)}
    return summary, tally


# ---- 3. the command -------------------------------------------------------------------------------------

@dataclass
class Command:
    args: list[str]
    code: int  # the exit code documented for it
    data: bytes | str | None = None  # claims.yaml broken this way (or "directory", "missing")
    setup: str = ""  # "existing": the output written once before
    program: bool = False  # run as `python -m mgtables`
    extra: dict = field(default_factory=dict)


def commands(work: Path) -> list[Command]:
    from mgtables.cli import EXIT_DATA, EXIT_OUTPUT, EXIT_USAGE

    a_file = work / "a-file"
    a_file.write_text("x", encoding="utf-8")
    usage = [
        ["export", "no-such-table"], ["export", "sources", "--format", "pdf"], ["export", "all", "--out", "-"],
        ["export"], ["export", "sources", "--format", "xlsx", "--out", "-"], ["export", "sources", "--lang", "de"],
        ["export", "../../etc/passwd"], ["export", "x" * 5000], ["export", "sources\x00"], ["export", ""],
        ["cite"], ["cite", "no-such-table"], ["cite", "sources", "--accessed", "yesterday"],
        ["cite", "sources", "--accessed", "2025-13-01"], ["cite", "sources", "--accessed", ""],
        ["cite", "sources", "--format", "docx"],
        ["intake", "--age", "-4", "--sex", "female"], ["intake", "--age", "nan", "--sex", "female"],
        ["intake", "--age", "inf", "--sex", "female"], ["intake", "--age", "1e999", "--sex", "female"],
        ["intake", "--age", "thirty", "--sex", "female"], ["intake", "--age", "", "--sex", "female"],
        ["intake", "--age", "30", "--sex", "other"], ["intake", "--age", "30", "--sex", "male", "--stage", "pregnant"],
        ["intake", "--age", "30", "--sex", "female", "--stage", "retired"], ["intake", "--sex", "female"],
        ["intake", "--age", "100000", "--sex", "female"], ["intake", "--age", "30", "--unit", "weeks", "--sex", "male"],
        [], ["frobnicate"], ["list", "--wrong"], ["list", "--lang", ""], ["--lang", "nl", "export", "no-such-table"],
    ]
    cases = [Command(a, EXIT_USAGE) for a in usage]
    cases += [Command(["export", "sources", "--out", str(a_file)], EXIT_OUTPUT),
              Command(["export", "sources", "--out", str(a_file / "below")], EXIT_OUTPUT),
              Command(["export", "sources", "--out", "/proc/self/no-such"], EXIT_OUTPUT),
              Command(["export", "sources", "--out", str(work / ("n" * 300))], EXIT_OUTPUT),
              Command(["export", "sources", "--out", str(work / "existing")], EXIT_OUTPUT, setup="existing"),
              Command(["cite", "sources", "--out", str(work / "cited")], EXIT_OUTPUT, setup="existing"),
              Command(["cite", "sources", "--out", str(a_file / "below")], EXIT_OUTPUT),
              Command(["export", "sources", "--format", "md", "--out", "/dev/full"], EXIT_OUTPUT)]
    broken = [("NUL bytes", b"- id: x\n\x00\x01"), ("Latin-1", "- id: caf\u00e9\n".encode("latin-1")),
              ("nested brackets", b"[" * 50_000 + b"]" * 50_000), ("an alias bomb", _alias_bomb()),
              ("empty", b""), ("a directory", "directory"), ("missing", "missing")]
    commands_on_data = [["list"], ["export", "sources", "--out", "-"], ["cite", "sources"],
                        ["intake", "--age", "30", "--sex", "female"]]
    for i, (_, content) in enumerate(broken):
        for args in (commands_on_data if i < 3 else commands_on_data[:2]):
            cases.append(Command(args, EXIT_DATA, data=content))
    cases += [Command(["intake", "--age", "nan", "--sex", "female"], EXIT_USAGE, program=True),
              Command(["export", "no-such-table"], EXIT_USAGE, program=True),
              Command(["export", "sources", "--out", str(a_file)], EXIT_OUTPUT, program=True),
              Command(["list", "--lang", "nl"], 0, program=True)]
    return cases


def _broken_data(work: Path, content) -> Path:
    directory = work / f"data-{len(list(work.glob('data-*')))}"
    shutil.copytree(DATA_DIR, directory)
    target = directory / "claims.yaml"
    if content in ("directory", "missing"):
        target.unlink()
        if content == "directory":
            target.mkdir()
    else:
        target.write_bytes(content)
    return directory


def run_command(case: Command, work: Path) -> tuple[int, str, bool]:
    """(exit code, stderr, whether a traceback escaped)."""
    from mgtables import cli

    if case.setup == "existing":  # the output there already
        with contextlib.redirect_stdout(io.StringIO()):
            cli.main([*case.args, "--force"])
    if case.program:
        result = subprocess.run([sys.executable, "-m", "mgtables", *case.args], capture_output=True, text=True,
                                check=False, cwd=work)
        return result.returncode, result.stderr, "Traceback" in result.stderr
    out, err = io.StringIO(), io.StringIO()
    original = dataset.DATA_DIR
    try:
        if case.data is not None:
            dataset.DATA_DIR = _broken_data(work, case.data)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(case.args)
            except SystemExit as exc:  # argparse's --help and errors end here only if main lets them
                code = exc.code if isinstance(exc.code, int) else 1
                return code, err.getvalue() + " (SystemExit escaped main)", True
            except BaseException:
                import traceback

                return -1, traceback.format_exc(), True
    finally:
        dataset.DATA_DIR = original
        dataset._load.cache_clear()
    return code, err.getvalue(), "Traceback" in err.getvalue()


def command_attacks() -> tuple[Counter, list[str]]:
    from mgtables.cli import EXIT_BUG

    count, problems = Counter(), []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for case in commands(work):
            code, err, traceback_shown = run_command(case, work)
            count["tried"] += 1
            count["as programs"] += case.program
            if traceback_shown:
                count["tracebacks"] += 1
                problems.append(f"traceback: mgtables {' '.join(case.args)[:80]}: {err[-300:]}")
            elif code == EXIT_BUG:
                count["bugs (exit 1)"] += 1
                problems.append(f"bug: mgtables {' '.join(case.args)[:80]}: {err.strip()[:300]}")
            elif code != case.code:
                count["other exit codes"] += 1
                problems.append(f"exit {code}, documented {case.code}: mgtables {' '.join(case.args)[:80]}: "
                                f"{err.strip()[:200]}")
            elif code and not err.strip():
                count["no message"] += 1
                problems.append(f"no message: mgtables {' '.join(case.args)[:80]}")
            else:
                count["clear messages" if code else "ran"] += 1
    return count, problems


# ---- the report -----------------------------------------------------------------------------------------

def render(data_rows, sample: tuple[float, int], injection_summary, tally: _Tally, command_count, seconds,
           problems) -> str:
    s = injection_summary
    lines = [SECTION, "",
             f"Written by `benchmarks/attack.py` (`make attack`), seed {SEED}, on {dt.date.today().isoformat()}, "
             f"in {seconds:.0f} s on {os.cpu_count()} shared cores. Goal: 0 in every row but the first two of each "
             "table.", "",
             "Data: a copy of data/ broken in one way per case. Targeted: every field given values its declaration "
             "refuses, every record and every file broken as a whole (each must be refused); a seeded sample of "
             f"{sample[0]:.0%} of the {sample[1]:,} such cases (`--share 1` runs all). Random: "
             "tests/test_fuzz.py's mutations (refused, or loaded with every record kept and shown).", "",
             "| data cases | targeted | random | all |", "|---|---|---|---|"]
    for label, targeted, random_ in data_rows:
        lines.append(f"| {label} | {targeted:,} | {random_:,} | {targeted + random_:,} |")
    lines += ["", f"Injection: {s['payloads']} payloads before every free text of the data ({s['fields']} fields, "
              f"{s['placements']:,} texts poisoned over {s['rounds']} rounds, {s['pairs']:,} payload-field pairs), "
              "every output rendered in English and Dutch; an output counts as live or unescaped when it holds more "
              "markup, formulas, LaTeX specials or mathtext than the same output of the clean data.", "",
              "| output | outputs checked | live or unescaped | not made (an exception) |", "|---|---|---|---|"]
    for fmt, checked in tally.checked.items():
        lines.append(f"| {fmt} | {checked:,} | {tally.live[fmt]:,} | {tally.failed[fmt]:,} |")
    lines += ["", "| command cases | count |", "|---|---|"]
    for label in ("tried", "as programs", "clear messages", "ran", "tracebacks", "bugs (exit 1)", "other exit codes",
                  "no message"):
        lines.append(f"| {label} | {command_count[label]:,} |")
    lines += ["", f"Problems found: {len(problems)}" + (":" if problems else ".")]
    lines += [f"- {p.splitlines()[0][:300]}" for p in problems[:40]]
    return "\n".join(lines) + "\n"


def write_section(report: str) -> None:
    text = RESULTS.read_text(encoding="utf-8")
    before, found, after = text.partition(SECTION)
    rest = after[after.find("\n## "):] if found and "\n## " in after else ""
    RESULTS.write_text((before.rstrip("\n") + "\n\n" if found or before else "") + report + rest.lstrip("\n"),
                       encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--random", type=int, default=RANDOM_CASES, help="random data cases (default %(default)s)")
    parser.add_argument("--share", type=float, default=SHARE,
                        help="share of the targeted data cases run, a seeded sample (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="injection rounds (default %(default)s)")
    parser.add_argument("--write", action="store_true", help="write the section of benchmarks/RESULTS.md")
    args = parser.parse_args()
    start = time.monotonic()
    cases, outcomes = data_attacks(args.random, args.share)
    data_rows, problems = data_table(cases, outcomes)
    summary, tally = injection_attacks(args.rounds)
    command_count, command_problems = command_attacks()
    problems += tally.problems + command_problems
    sample = (args.share, len(targeted_cases()))
    report = render(data_rows, sample, summary, tally, command_count, time.monotonic() - start, problems)
    print(report)
    if args.write:
        write_section(report)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
