"""The data dictionary states the limits the validator enforces, read from the schema: the one id pattern,
every text's length limit and every number's range. Changing the schema changes both."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mgtables
from mgtables import schema
from mgtables.chapters import dictionary
from mgtables.formatting import number

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _rules(lang: str = "en") -> dict[tuple[str, str], str]:
    frame = dictionary.dictionary_table(None, lang).tidy
    file, field, _, rule, _ = frame.columns
    return {(row[file], row[field]): row[rule] for _, row in frame.iterrows()}


def _walk(fields, prefix=""):
    for f in fields:
        yield prefix + f.name, f
        yield from _walk(f.fields, prefix + f.name + ("[]." if f.kind == "records" else "."))


def test_every_key_states_the_one_id_pattern_and_its_length():
    rules = _rules()
    for coll in schema.SCHEMA:
        rule = rules[coll.file, coll.key]
        assert schema.ID_PATTERN in rule and f"at most {schema.ID_MAX_LENGTH} characters" in rule, coll.file


def test_every_free_text_states_its_length_limit_and_every_number_its_range():
    rules = _rules()
    for coll in schema.SCHEMA:
        for path, f in _walk(coll.fields):
            rule = rules[coll.file, path]
            if f.kind == "str" and not (f.vocab or f.ref or path == coll.key):
                assert f"at most {number(f.max_length, 'en')} characters" in rule, (coll.file, path)
            if f.minimum is not None:
                word = "above" if f.above_minimum else "at least"
                assert f"{word} {number(f.minimum, 'en')}" in rule, (coll.file, path)
            if f.maximum is not None:
                assert f"at most {number(f.maximum, 'en')}" in rule, (coll.file, path)
            if f.not_future:
                assert "not in the future" in rule, (coll.file, path)


def test_a_portion_of_zero_grams_is_refused_and_the_dictionary_says_above_not_at_least(fixture_dir):
    # The validator refuses the minimum itself where above_minimum is set; "at least 0" would invite it.
    rule = _rules()["foods.yaml", "portions[].grams"]
    assert rule.startswith("required") and "above 0" in rule and "at least" not in rule
    foods = fixture_dir / "foods.yaml"
    text = foods.read_text(encoding="utf-8")
    assert re.search(r"grams: [0-9.]+", text)
    foods.write_text(re.sub(r"grams: [0-9.]+", "grams: 0", text, count=1), encoding="utf-8")
    with pytest.raises(mgtables.DataError, match="must be above 0"):
        mgtables.load(fixture_dir)


def test_the_dutch_dictionary_states_the_same_pattern():
    assert schema.ID_PATTERN in _rules("nl")["sources.yaml", "id"]


# Run in a fresh interpreter on a copy of the package whose schema declares another id pattern: what the
# validator refuses and what the dictionary states must both follow the schema.
PROBE = """
import json, sys
import mgtables
from mgtables.chapters import dictionary
try:
    mgtables.load(sys.argv[1])
    refused = []
except mgtables.DataError as error:
    refused = [p.message for p in error.problems if p.field == "id"]
frame = dictionary.dictionary_table(None, "en").tidy
rule = frame[(frame.iloc[:, 0] == "claims.yaml") & (frame.iloc[:, 1] == "id")].iloc[0, 3]
print(json.dumps({"refused": refused, "rule": rule}))
"""


def _probe(package: Path, data: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, str(data)], cwd=package.parent, capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(package.parent)})
    return json.loads(out.stdout)


def test_changing_the_schemas_id_pattern_changes_the_validator_and_the_dictionary(tmp_path, fixture_dir):
    package = tmp_path / "copy" / "mgtables"
    shutil.copytree(Path(mgtables.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    declared = f'ID_PATTERN = r"{schema.ID_PATTERN}"'
    source = (package / "schema.py").read_text(encoding="utf-8")
    assert declared in source  # the one place the pattern is declared

    unchanged = _probe(package, fixture_dir)
    assert unchanged["refused"] == [] and schema.ID_PATTERN in unchanged["rule"]

    # Ids without separators only: the fixture's claim id "src1-c01" no longer is one.
    (package / "schema.py").write_text(source.replace(declared, 'ID_PATTERN = r"[a-z0-9]+"'),
                                       encoding="utf-8")
    changed = _probe(package, fixture_dir)
    assert any("'src1-c01' is not an id" in m for m in changed["refused"])
    assert "the pattern [a-z0-9]+," in changed["rule"]
