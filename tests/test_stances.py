"""How the sources stand on each claim: agreement, conflicts and the sources by stance, on hand-made
claims and on the dataset."""

from __future__ import annotations

import pandas as pd
import pytest

import mgtables
from mgtables.domain import stances
from mgtables.formatting import stance_columns

DATA = mgtables.load()


def _claims(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "source", "claim", "stance"])


AGREEMENT = {
    "conflict": ({"a": "asserts", "b": "denies"}, "conflict"),
    "agree": ({"a": "asserts", "b": "asserts", "c": "asserts"}, "3 sources agree"),
    "denied by two": ({"a": "denies", "b": "denies"}, "2 sources agree"),
    "alone": ({"a": "asserts"}, "one source only"),
    "alone, qualifying": ({"a": "qualifies"}, "one source only"),
    "qualified": ({"a": "asserts", "b": "asserts", "c": "qualifies"}, "2 sources agree; qualified by c"),
    "one asserts, one qualifies": ({"a": "asserts", "b": "qualifies"}, "one source asserts it; qualified by b"),
    "one denies, one qualifies": ({"a": "qualifies", "b": "denies"}, "one source denies it; qualified by a"),
    "only qualified": ({"a": "qualifies", "b": "qualifies"}, "no source asserts it outright; qualified by a, b"),
}


@pytest.mark.parametrize("case", AGREEMENT.values(), ids=AGREEMENT.keys())
def test_agreement(case):
    found, expected = case
    assert stances.agreement_text(stances.agreement(found)) == expected


def test_agreement_is_a_code_with_its_values():
    assert stances.agreement({"a": "asserts", "b": "denies"}) == stances.Agreement("conflict")
    assert stances.agreement({"a": "denies", "b": "denies", "c": "qualifies"}) == stances.Agreement("agree", 2, ("c",))
    assert stances.agreement({"a": "qualifies"}) == stances.Agreement("single")
    assert {stances.agreement(found).code for found, _ in AGREEMENT.values()} == set(stances.AGREEMENT_CODES)


def test_agreement_in_dutch():
    found = stances.agreement({"a": "asserts", "b": "asserts", "c": "qualifies"})
    assert stances.agreement_text(found, "nl") == "2 bronnen zijn het eens; genuanceerd door c"


def test_by_key_keeps_first_appearance_order_and_names_sources_by_stance():
    keys = stances.by_key(_claims(("s1-c1", "s1", "b.y", "asserts"), ("s1-c2", "s1", "a.x", "denies"),
                                  ("s2-c1", "s2", "b.y", "qualifies"), ("s3-c1", "s3", "b.y", "asserts")))
    assert list(keys["key"]) == ["b.y", "a.x"]
    first = keys.iloc[0]
    assert (first["asserts"], first["denies"], first["qualifies"]) == ("s1, s3", "", "s2")
    assert (first["n_sources"], first["claims"]) == (3, "s1-c1, s2-c1, s3-c1")
    assert not first["conflict"]
    assert first["agreement_code"] == stances.Agreement("agree", 2, ("s2",))
    assert first["agreement"] == "2 sources agree; qualified by s2"
    assert stances.by_key(_claims(("s1-c1", "s1", "a.x", "denies")), "nl")["agreement"].tolist() == ["slechts één bron"]


def test_qualifying_is_no_conflict():
    found = stances.conflicts(_claims(("s1-c1", "s1", "a.x", "asserts"), ("s2-c1", "s2", "a.x", "qualifies"),
                                      ("s1-c2", "s1", "a.y", "denies"), ("s2-c2", "s2", "a.y", "asserts")))
    assert list(found["key"]) == ["a.y"]
    assert found.iloc[0][["asserts", "denies", "qualifies"]].tolist() == ["s2", "s1", ""]


def test_no_claims_give_no_conflicts():
    assert stances.conflicts(_claims()).empty


def test_conflicts_are_exactly_the_keys_both_asserted_and_denied_in_the_dataset():
    said = DATA.claims.groupby("claim")["stance"].agg(set)
    expected = {key for key, found in said.items() if {"asserts", "denies"} <= found}
    assert set(stances.conflicts(DATA.claims)["key"]) == expected


def test_conflict_sides_name_the_right_sources():
    found = stances.conflicts(DATA.claims).set_index("key")
    for rec in DATA.claims[DATA.claims["claim"].isin(found.index)].itertuples():
        assert rec.source in found.loc[rec.claim, rec.stance].split(", ")


def test_stance_columns_follow_the_stances():
    keys = stances.by_key(_claims(("s1-c1", "s1", "a.x", "denies")))
    columns = stance_columns(keys)
    assert list(columns) == ["Stated by", "Denied by", "Qualified by"]
    assert columns["Denied by"].tolist() == ["s1"]
