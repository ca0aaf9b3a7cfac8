"""Values glued into the prose reach the page as plain Python values: a numpy scalar's repr would
read 'np.float64(...)', which no format spec in the prose can read."""

from __future__ import annotations

import numpy as np
import pytest

from mgtables import book


@pytest.fixture
def glued(monkeypatch):
    found = {}
    monkeypatch.setattr(book, "_glue", lambda name, value, display: found.__setitem__(name, (value, display)))
    return found


@pytest.mark.parametrize(("value", "expected"), [(np.float64(2.5), 2.5), (np.int64(7), 7), (3, 3), ("EFSA", "EFSA")])
def test_glued_values_are_python_values_and_not_displayed(glued, value, expected):
    book.glue("x", value)
    stored, display = glued["x"]
    assert stored == expected and type(stored) is type(expected)
    assert repr(stored) == repr(expected)
    assert display is False
