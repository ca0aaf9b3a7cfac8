"""Every figure's as_written string and every claim's cue is found in its source, after its heading."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

import mgtables
from mgtables.provenance import SOURCES_DIR, problems


def test_checker_accepts_the_fixture(fixture_dir):
    assert problems(mgtables.load(fixture_dir), FIXTURES / "data") == []


def test_checker_reports_a_string_not_in_the_source(fixture_dir):
    path = fixture_dir / "figures.yaml"
    path.write_text(path.read_text().replace("79 mg per 30 g", "97 mg per 30 g"), encoding="utf-8")
    assert problems(mgtables.load(fixture_dir), FIXTURES / "data") == [
        "src1-f02: as_written '97 mg per 30 g' is not anywhere in src1"]


def test_checker_reports_a_string_under_the_wrong_heading(fixture_dir):
    path = fixture_dir / "figures.yaml"
    path.write_text(path.read_text().replace('locator: "Bronnen"', 'locator: "Tekort"'), encoding="utf-8")
    assert problems(mgtables.load(fixture_dir), FIXTURES / "data") == [
        "src1-f02: as_written '79 mg per 30 g' is not after its locator in src1"]


def test_checker_reports_an_unknown_heading(fixture_dir):
    path = fixture_dir / "claims.yaml"
    path.write_text(path.read_text().replace('locator: "Tekort"', 'locator: "Overschot"'), encoding="utf-8")
    assert problems(mgtables.load(fixture_dir), FIXTURES / "data") == [
        "src1-c01: locator 'Overschot' is not in src1"]


@pytest.mark.skipif(not SOURCES_DIR.is_dir(),
                    reason=f"the source texts are not at {SOURCES_DIR}; the provenance of the data cannot be checked")
def test_every_recorded_figure_and_claim_is_in_its_source():
    assert problems(mgtables.load()) == []
