"""The validator's promise under fuzz: the real data, broken in CASES random ways as a careless or hostile
contributor would, either fails to load with the documented error naming the file, or loads with every
record kept, and then every table builds and every record a table showed is still shown.

Each run draws a new seed (set MGTABLES_FUZZ_SEED to repeat one); a failure names the seed and the case.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import os
import pickle
import random
import re
import shutil
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import mgtables
from mgtables import dataset, registry, yamlfile
from mgtables.book_meta import DATA_DIR
from mgtables.schema import SCHEMA
from mgtables.validate import DataError

pytestmark = pytest.mark.fuzz
CASES = int(os.environ.get("MGTABLES_FUZZ_CASES", 200))
# Building every table takes seconds, loading half of one: every case is loaded and its records counted, and
# every BUILD_EVERY-th case that loads is also built whole. Each run draws a new seed, so the builds cover
# other mutations every run (MGTABLES_FUZZ_BUILD_EVERY=1 builds them all). Cases run on every core.
BUILD_EVERY = int(os.environ.get("MGTABLES_FUZZ_BUILD_EVERY", 8))
SEED = int(os.environ.get("MGTABLES_FUZZ_SEED") or random.SystemRandom().randrange(10**9))
FILES = {c.file: c for c in SCHEMA}
KNOWN_FILES = {*FILES, "vocabulary.yaml"}
SHOWN = ("figures", "claims", "reference_values")  # collections whose every record some table shows

HOSTILE_VALUES = [
    None, "", " ", "\t", float("nan"), float("inf"), float("-inf"), -1, 0, 1e308, 10**30, True, [], {}, ["x"],
    {"a": 1}, [[1]], '=HYPERLINK("https://evil.example","x")', "+1", "@SUM(A1)", "-", "<script>alert(1)</script>",
    "javascript:alert(1)", "doi:", "a\u200bb", "\u202eevil", "x" * 6000, "$x^2$", "line\nbreak | pipe",
    dt.date(2999, 1, 1), dt.date(1800, 1, 1), "2025-02-30", "nosuch-id", "Ü" * 61, "a b", "\\", "'", "%s{0}",
]
PAYLOADS = [" <b>bold</b>", " =1+1", " $\\alpha$", " [x](javascript:alert(1))", " | a | b", " & % # _ {}", " é"]
HOSTILE_FILES = [b"", b"\x00" * 10, "é".encode("latin-1") * 10, b"[" * 5000 + b"]" * 5000, b"- &a x\n- *a\n",
                 b"{}", b"42", b"- - - x", b"- {1: a}\n", b"---\n- a\n---\n- b\n", b"!!python/object:os.system {}"]


# Problems a change to one file may cause in another: a reference to a removed or renamed record, a
# portion in ml of a food whose density went, a contested claim whose verdict went.
CROSS_FILE = ("is not a known id", "has no density", "has no verdict", "gives no recommended intake")


@dataclass
class Mutation:
    file: str
    what: str
    record: str | None = None  # the id of the record it touched, if any


def _paths(node, prefix=()):
    """Every field path in a record, nested ones too."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def _parent(record, path):
    for part in path[:-1]:
        record = record[part]
    return record


def _mutate_records(rng: random.Random, records: list, coll) -> tuple[str, str]:
    """Change one record in place; say how, and which record."""
    rec = rng.choice(records)
    name = rec.get(coll.key)
    paths = list(_paths(rec))
    path = rng.choice(paths)
    parent, key = _parent(rec, path), path[-1]
    op = rng.choice(["hostile", "hostile", "hostile", "drop", "unknown", "nudge", "payload", "swap", "duplicate",
                     "remove"])
    if op == "hostile":
        parent[key] = rng.choice(HOSTILE_VALUES)
    elif op == "drop" and isinstance(parent, dict):
        del parent[key]
    elif op == "unknown":
        rec[rng.choice(["colour", "hihg", "Id", "id "])] = 1
    elif op == "nudge" and isinstance(parent[key], int | float) and not isinstance(parent[key], bool):
        parent[key] = rng.choice([parent[key] + 1, parent[key] - 1, parent[key] * 10, parent[key] / 10, -parent[key]])
    elif op == "payload" and isinstance(parent[key], str):
        parent[key] += rng.choice(PAYLOADS)
    elif op == "swap":
        other = rng.choice(paths)
        first, second = _parent(rec, other), other[-1]
        parent[key], first[second] = first[second], parent[key]
    elif op == "duplicate":
        records.append(dict(rec))
    elif op == "remove":
        records.remove(rec)
    else:
        parent[key] = rng.choice(HOSTILE_VALUES)
        op = "hostile"
    return f"{op} at {'.'.join(map(str, path))} of {name!r}", name


def _mutate_text(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    lines = text.split(b"\n")
    i = rng.randrange(len(lines))
    op = rng.choice(["truncate", "bytes", "file", "repeat line", "indent", "delete line"])
    if op == "truncate":
        return text[:rng.randrange(len(text))], op
    if op == "bytes":
        at = rng.randrange(len(text))
        return text[:at] + rng.randbytes(rng.randrange(1, 8)) + text[at:], op
    if op == "file":
        return rng.choice(HOSTILE_FILES), op
    if op == "repeat line":
        lines.insert(i, lines[i])
    elif op == "indent":
        lines[i] = b" " * rng.randrange(1, 5) + lines[i]
    else:
        del lines[i]
    return b"\n".join(lines), f"{op} {i + 1}"


def _mutate(rng: random.Random, directory: Path) -> Mutation:
    file = rng.choice(sorted(FILES))
    path = directory / file
    if rng.random() < 0.3:
        content, what = _mutate_text(rng, path.read_bytes())
        path.write_bytes(content)
        return Mutation(file, what)
    records = _yaml(path)
    if not records:
        return Mutation(file, "nothing to change")
    what, record = _mutate_records(rng, records, FILES[file])
    path.write_text(yaml.dump(records, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return Mutation(file, what, record)


def _yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


# A case changes one file; parsing the others again (nine tenths of a load) would prove nothing new. So
# mgtables' reader gets, for a file whose bytes are those of data/, the parse it gave for data/ (a fresh
# copy each time, unpickled); any other bytes it parses as ever. Made before the pool forks, shared by all.
@functools.cache
def _originals() -> dict[bytes, tuple[bytes, int]]:
    """The bytes of each file of data/ -> its parse by mgtables.yamlfile.read, pickled, and its record count."""
    found = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        content = yamlfile.read(path)
        found[path.read_bytes()] = (pickle.dumps(content), len(content) if isinstance(content, list) else 0)
    return found


def _read_reusing_originals(path: Path):
    try:
        known = _originals().get(path.read_bytes())
    except OSError:
        known = None
    return pickle.loads(known[0]) if known else yamlfile.read(path)


def _record_count(path: Path) -> int:
    known = _originals().get(path.read_bytes())
    return known[1] if known else len(_yaml(path))


def _ids(data) -> set[str]:
    return {i for name in SHOWN for i in getattr(data, name)["id"]}


WORD = re.compile(r"[\w-]+")


def _shown_ids(data) -> set[str]:
    """Every id of SHOWN that appears, whole, in a cell of some table (a table built for `data`)."""
    text = "\n".join(t.data.astype(str).to_csv(index=False) for t in registry.all_tables(data))
    # An id made of word characters and hyphens (every id of data/) appears whole exactly when it is one
    # of the text's maximal runs of those characters: one set lookup instead of a search of the text.
    words = set(WORD.findall(text))
    return {i for i in _ids(data) if (i in words if WORD.fullmatch(i) else
                                      re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))}


@functools.cache
def _baseline() -> set[str]:
    return _shown_ids(mgtables.load())


# What became of a broken copy of the data: the two outcomes the promise allows, and the faults
# (benchmarks/attack.py counts each).
REFUSED, LOADED = "refused naming its file", "loaded whole"
WRONG_FILE, LONG_MESSAGE, TRACEBACK = "an error naming another file", "a message too long", "a traceback"
DROPPED, TABLE_FAILS, VANISHED = "records dropped at load", "a table does not build", "records vanish from tables"


def judge(directory: Path, mutation: Mutation, build: bool) -> tuple[str, str]:
    """Load the broken copy of the data in `directory`: (REFUSED or LOADED, the error) if the promise held,
    else (the fault, what happened). `build`: also build every table of accepted data."""
    try:
        data = mgtables.load(directory)
    except DataError as err:
        files = {p.file for p in err.problems}
        cross = all(any(words in p.message for words in CROSS_FILE) for p in err.problems)
        if not (files <= KNOWN_FILES and (mutation.file in files or cross)):
            return WRONG_FILE, f"the error names {sorted(files)}: {err}"
        long = [p for p in err.problems if len(p.message) > 500]
        return (LONG_MESSAGE, f"a message of {len(long[0].message)} characters") if long else (REFUSED, str(err))
    except Exception:
        return TRACEBACK, f"the load raised\n{traceback.format_exc(limit=-3)}"
    for coll in SCHEMA:
        if len(getattr(data, coll.name)) != _record_count(directory / coll.file):
            return DROPPED, f"accepted, but records of {coll.file} were dropped"
    if not build:
        return LOADED, ""
    try:
        shown = _shown_ids(data)
    except Exception:
        return TABLE_FAILS, f"accepted, but a table does not build\n{traceback.format_exc(limit=-3)}"
    vanished = (_baseline() & _ids(data)) - shown - {mutation.record}  # kept, but no longer shown
    return (VANISHED, f"no table shows {sorted(vanished)} any more") if vanished else (LOADED, "")


def _attack(directory: Path, case: int, build: bool) -> str | None:
    """Break a copy of the data in one way; what went wrong, or None if the promise held."""
    rng = random.Random(f"{SEED}-{case}")
    shutil.copytree(DATA_DIR, directory)
    mutation = _mutate(rng, directory)
    outcome, detail = judge(directory, mutation, build)
    return None if outcome in (REFUSED, LOADED) else f"case {case}: {mutation.what} in {mutation.file}: {detail}"


def _case(directory: Path, case: int) -> str | None:
    try:
        return _attack(directory / str(case), case, build=case % BUILD_EVERY == 0)
    finally:
        shutil.rmtree(directory / str(case), ignore_errors=True)


def test_broken_data_is_refused_with_its_file_or_loads_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "read", _read_reusing_originals)
    _baseline()  # the tables of data/ and the parses of its files, made once before the pool forks
    with ProcessPoolExecutor(os.cpu_count(), mp_context=multiprocessing.get_context("fork")) as pool:
        failures = [f for f in pool.map(functools.partial(_case, tmp_path), range(CASES)) if f]
    assert not failures, f"seed {SEED} (MGTABLES_FUZZ_SEED={SEED} repeats it):\n" + "\n".join(failures)
