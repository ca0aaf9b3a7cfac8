"""The independent audit (audit/): every figure record of the dataset is set against a re-derivation
made by a reviewer who saw only the articles and the authorities' documents, and every disagreement
carries its evidence and a resolution, so none can be left unexplained."""

from __future__ import annotations

import yaml
from conftest import ROOT

import mgtables

AUDIT = yaml.safe_load((ROOT / "audit" / "audit.yaml").read_text(encoding="utf-8"))
REDERIVED = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "audit" / "rederived").glob("*.yaml"))}


def test_every_figure_record_has_an_audit_row_and_every_row_a_record():
    records = set(mgtables.load().figures["id"])
    rows = {row["item"] for row in AUDIT if not row["item"].startswith("missing:")}
    assert sorted(records - rows) == [], "figure records without an audit row"
    assert sorted(rows - records) == [], "audit rows for records that no longer exist"


def test_every_source_was_re_derived_independently():
    assert sorted(REDERIVED) == ["000", "001", "002", "003", "004"]
    assert all(len(items) > 0 for items in REDERIVED.values())


def test_every_row_states_whether_it_agrees():
    assert {row["item"]: row["agrees"] for row in AUDIT if row["agrees"] not in (True, False, None)} == {}


def test_every_disagreement_and_every_missing_statement_has_evidence_and_a_resolution():
    unexplained = [row["item"] for row in AUDIT if row["agrees"] is False
                   and not (row.get("evidence") and row.get("resolution"))]
    assert unexplained == []


def test_a_row_without_a_verdict_says_why():
    assert [row["item"] for row in AUDIT if row["agrees"] is None and not row.get("kind")] == []
