"""The dataset as CSV files with a Frictionless descriptor, validated by Frictionless itself."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
from frictionless import validate

import mgtables
from mgtables import datapackage


def test_package_of_the_dataset_is_valid(tmp_path):
    path = datapackage.write(mgtables.load(), tmp_path)
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_package_holds_every_record(tmp_path):
    data = mgtables.load()
    datapackage.write(data, tmp_path)
    assert len(pd.read_csv(tmp_path / "figures.csv")) == len(data.figures)
    assert len(pd.read_csv(tmp_path / "claims.csv")) == len(data.claims)
    assert len(pd.read_csv(tmp_path / "portions.csv")) == len(data.portions)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["path"] for r in descriptor["resources"]} == {p.name for p in tmp_path.glob("*.csv")}


def test_validation_catches_a_corrupted_file(tmp_path):
    path = datapackage.write(mgtables.load(), tmp_path)
    figures = tmp_path / "figures.csv"
    frame = pd.read_csv(figures, dtype=str)
    frame.loc[0, "low"] = "forty"
    frame.to_csv(figures, index=False)
    report = validate(str(path))
    assert not report.valid
    assert any(row[1] == "low" for row in report.flatten(["rowNumber", "fieldName"]))


def test_a_list_is_one_cell_of_values_joined_by_semicolon_and_space(tmp_path):
    data = mgtables.load()
    datapackage.write(data, tmp_path)
    claims = pd.read_csv(tmp_path / "claims.csv", dtype=str).set_index("id")
    several = data.claims[data.claims["figures"].map(lambda v: isinstance(v, list) and len(v) > 1)]
    assert not several.empty
    for claim in several.itertuples():
        assert claims.loc[claim.id, "figures"] == "; ".join(claim.figures)  # as the descriptor documents
    described = json.loads((tmp_path / "datapackage.json").read_text())["resources"]
    field = next(f for r in described if r["name"] == "claims" for f in r["schema"]["fields"] if f["name"] == "figures")
    assert "separated by '; '" in field["description"]


def test_a_text_cell_that_starts_a_formula_is_neutralised_in_the_package(tmp_path):
    data = mgtables.load()
    hostile = data.figures.copy()
    hostile.loc[0, "note"] = '=HYPERLINK("https://evil.example","x")'
    datapackage.write(replace(data, figures=hostile), tmp_path)
    assert pd.read_csv(tmp_path / "figures.csv").loc[0, "note"] == '\'=HYPERLINK("https://evil.example","x")'


def test_the_package_carries_the_schema_ranges_and_frictionless_enforces_them(tmp_path):
    path = datapackage.write(mgtables.load(), tmp_path)
    resources = {r["name"]: r for r in json.loads(path.read_text())["resources"]}
    grams = next(f for f in resources["portions"]["schema"]["fields"] if f["name"] == "grams")
    assert grams["constraints"] == {"minimum": 0, "maximum": 5000}
    portions = tmp_path / "portions.csv"
    frame = pd.read_csv(portions, dtype=str)
    frame.loc[0, "grams"] = "99999"
    frame.to_csv(portions, index=False)
    assert any(row[1] == "grams" for row in validate(str(path)).flatten(["rowNumber", "fieldName"]))
