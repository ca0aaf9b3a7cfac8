"""Frames derived from the dataset are computed once per dataset, and each caller gets its own copy."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

import mgtables
from mgtables.dataset import derived

DATA = mgtables.load()


def _counting():
    calls = []

    @derived
    def sources(data):
        calls.append(data)
        return pd.DataFrame({"id": data.sources["id"]})

    return sources, calls


def test_computed_once_for_the_same_dataset():
    sources, calls = _counting()
    sources(DATA)
    sources(DATA)
    assert len(calls) == 1


def test_recomputed_for_another_dataset():
    sources, calls = _counting()
    fewer = replace(DATA, sources=DATA.sources.iloc[:1])
    assert len(sources(DATA)) == len(DATA.sources)
    assert len(sources(fewer)) == 1
    assert len(sources(DATA)) == len(DATA.sources)
    assert len(calls) == 3


def test_a_caller_changing_its_copy_does_not_change_the_next():
    sources, _ = _counting()
    first = sources(DATA)
    first["id"] = "changed"
    assert "changed" not in set(sources(DATA)["id"])
