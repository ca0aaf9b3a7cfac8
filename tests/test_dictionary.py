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
from mgtables.i18n import LOCALE_DIR, SOURCE_LANGUAGE, languages

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
                year = path == "year" or path.endswith("_year")  # a year as a year: 1900, not 1,900
                limit = str(int(f.minimum)) if year else number(f.minimum, 'en')
                assert f"{word} {limit}" in rule, (coll.file, path)
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


# ---- the descriptions in the other languages (mgtables/locale/<lang>/schema.po) -------------------------

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import update_translations as catalogues  # noqa: E402  (scripts/ is no package)

RULES = set(catalogues.schema_entries(LOCALE_DIR / SOURCE_LANGUAGE / catalogues.SCHEMA_CATALOGUE))


@pytest.mark.parametrize("lang", languages()[1:])
def test_every_field_has_a_reviewed_description_in_every_language(lang):
    entries = catalogues.schema_entries(LOCALE_DIR / lang / catalogues.SCHEMA_CATALOGUE)
    problems = catalogues.schema_problems(entries, schema.source_texts(), RULES)
    assert problems == {"untranslated": [], "stale": [], "changed": []}, (
        "run `make translations`, then translate the new and fuzzy entries of "
        f"mgtables/locale/{lang}/{catalogues.SCHEMA_CATALOGUE}")


def test_the_check_finds_a_missing_a_stale_a_fuzzy_and_an_outdated_description():
    sources = {"schema.a.x": "The x.", "schema.a.y": "The y.", "schema.a.z": "The z."}
    entries = {"schema.a.x": ("The x, before.", "De x.", False), "schema.a.y": ("The y.", "De y?", True),
               "schema.a.gone": ("Gone.", "Weg.", False), "schema.rule": ("", "Regel {name}.", False)}
    assert catalogues.schema_problems(entries, sources, {"schema.rule"}) == {
        "untranslated": ["schema.a.y", "schema.a.z"], "stale": ["schema.a.gone"], "changed": ["schema.a.x"]}


def test_updating_a_catalogue_adds_new_fields_marks_changed_ones_fuzzy_and_drops_removed_ones(tmp_path,
                                                                                          monkeypatch):
    shutil.copytree(LOCALE_DIR, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    sources = dict(schema.source_texts())
    changed, removed = "schema.sources.title", "schema.sources.file"
    sources[changed] = sources[changed].replace("title", "heading")
    del sources[removed]
    sources["schema.sources.new_field"] = "A field added since."
    monkeypatch.setattr(catalogues, "source_texts", lambda: sources)
    left = catalogues.update_schema_catalogue("nl")
    assert left == {"untranslated": sorted([changed, "schema.sources.new_field"]), "stale": [], "changed": []}
    entries = catalogues.schema_entries(tmp_path / "nl" / catalogues.SCHEMA_CATALOGUE)
    assert removed not in entries
    assert entries[changed] == (sources[changed], "Oorspronkelijke (Nederlandse) titel.", True)  # kept, to review
    assert entries["schema.sources.new_field"] == ("A field added since.", "", False)
    unchanged = "schema.reference_values.evidence.where"
    assert entries[unchanged] == catalogues.schema_entries(LOCALE_DIR / "nl" / catalogues.SCHEMA_CATALOGUE)[unchanged]


def test_the_dutch_dictionary_describes_every_field_in_dutch_and_each_dutch_field_by_rule():
    english, dutch = (dictionary.dictionary_table(None, lang).tidy for lang in ("en", "nl"))
    assert list(english.iloc[:, 1]) == list(dutch.iloc[:, 1])  # the same fields, in the same order
    for (path, en_doc), nl_doc in zip(english.iloc[:, [1, 4]].itertuples(index=False), dutch.iloc[:, 4], strict=True):
        if path.endswith(schema.DUTCH_SUFFIX) and en_doc.startswith("The Dutch text of "):
            shown = path.rpartition(".")[2].removesuffix(schema.DUTCH_SUFFIX)
            assert nl_doc == f"De Nederlandse tekst van {shown}, verplicht overal waar {shown} is ingevuld.", path
        else:
            assert nl_doc != en_doc, path
    evidence = dutch[dutch.iloc[:, 1] == "evidence[].where"].iloc[0, 4]
    assert evidence.startswith("Het document of de pagina")
