"""The independent audit (audit/): every figure record, and every conflict, interaction, appraisal score and
claim-matrix stance the book shows, is set against a re-derivation made by a reviewer who saw only the articles
and the authorities' documents. No disagreement may stay open, and a row without a verdict says why."""

from __future__ import annotations

import yaml
from conftest import ROOT

import mgtables
from mgtables.chapters import body, claims

AUDIT = yaml.safe_load((ROOT / "audit" / "audit.yaml").read_text(encoding="utf-8"))
AUDIT_CLAIMS = yaml.safe_load((ROOT / "audit" / "audit_claims.yaml").read_text(encoding="utf-8"))
REDERIVED = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "audit" / "rederived").glob("[0-9]*.yaml"))}
STANCES = yaml.safe_load((ROOT / "audit" / "rederived" / "claims_stances.yaml").read_text(encoding="utf-8"))
DATA = mgtables.load()
SIDES = {"book", "reviewer", "both"}


def problems(rows: list[dict]) -> list[str]:
    """What keeps an audit table from being closed: an open disagreement (agrees: false), a verdict that is
    not true, false or null, a row without a verdict that does not say why, and a row that says who was right
    without the reasoning."""
    found = []
    for row in rows:
        item, agrees = row.get("item"), row.get("agrees")
        if agrees not in (True, False, None):
            found.append(f"{item}: agrees must be true, false or null")
        if agrees is False:
            found.append(f"{item}: open disagreement")
        if agrees is None and not row.get("kind"):
            found.append(f"{item}: no verdict and no kind saying why")
        if "right" in row and (row["right"] not in SIDES or not row.get("resolution")):
            found.append(f"{item}: who was right needs one of {sorted(SIDES)} and the resolution")
        if agrees is None and row.get("right") and not row.get("evidence") and not row.get("resolution"):
            found.append(f"{item}: a rejected answer needs its evidence")
    return found


def test_the_check_fails_on_an_open_disagreement_and_an_unexplained_row():
    rows = [{"item": "stance:x:src1", "agrees": True},
            {"item": "stance:y:src1", "agrees": False, "kind": "stance", "evidence": "line 3"},
            {"item": "stance:z:src1", "agrees": None},
            {"item": "appraisal:src1:score", "agrees": True, "right": "reviewer"}]
    assert problems(rows) == ["stance:y:src1: open disagreement", "stance:z:src1: no verdict and no kind saying why",
                              "appraisal:src1:score: who was right needs one of ['book', 'both', 'reviewer'] and "
                              "the resolution"]
    assert problems(rows[:1]) == []


def test_no_audit_row_is_left_open_or_unexplained():
    assert problems(AUDIT) == []
    assert problems(AUDIT_CLAIMS) == []


def test_every_figure_record_has_an_audit_row_and_every_row_a_record():
    records = set(DATA.figures["id"])
    rows = {row["item"] for row in AUDIT if not row["item"].startswith("missing:")}
    assert sorted(records - rows) == [], "figure records without an audit row"
    assert sorted(rows - records) == [], "audit rows for records that no longer exist"


def test_every_source_was_re_derived_independently():
    assert sorted(REDERIVED) == ["000", "001", "002", "003", "004"]
    assert all(len(items) > 0 for items in REDERIVED.values())


def _rows(kind: str) -> set[str]:
    return {row["item"].split(":", 1)[1] for row in AUDIT_CLAIMS if row["item"].split(":", 1)[0] == kind}


def test_every_conflict_interaction_and_appraisal_score_has_an_audit_row():
    assert set(claims.judged_conflicts(DATA)["key"]) <= _rows("conflict")
    assert set(body.interactions(DATA)["key"]) <= _rows("interaction")
    criteria = {"peer_review", "references", "author_expertise", "commercial_interest", "date_and_review", "score"}
    assert {f"{s}:{c}" for s in DATA.sources["id"] for c in criteria} <= _rows("appraisal")


def test_every_stance_of_the_re_derived_keys_has_an_audit_row():
    keys = [item["key"] for item in STANCES["items"]]
    assert set(claims.judged_conflicts(DATA)["key"]) | set(body.interactions(DATA)["key"]) <= set(keys)
    assert {f"{k}:{s}" for k in keys for s in DATA.sources["id"]} == _rows("stance")


def test_an_agreeing_stance_row_matches_the_claim_matrix_now():
    grid = claims.matrix(DATA).set_index("key")
    per_key = {item["key"]: item["per_article"] for item in STANCES["items"]}
    for row in AUDIT_CLAIMS:
        kind, _, rest = row["item"].partition(":")
        if kind == "stance" and row["agrees"] is True:
            key, source = rest.rsplit(":", 1)
            book = grid.loc[key, source]
            assert (book if book != claims.SILENT else "silent") == per_key[key][source]["stance"], row["item"]
