"""Values glued into the prose reach the page as plain Python values (a numpy scalar's repr would read
'np.float64(...)', which no format spec in the prose can read), stored as myst-nb stores its own glue,
and marked with the language they were made for (mgtables.editions keeps each edition's)."""

from __future__ import annotations

import myst_nb.ext.glue as myst_glue
import numpy as np
import pytest

from mgtables import book


@pytest.fixture
def shown(monkeypatch):
    calls = []
    monkeypatch.setattr(book, "display", lambda obj, **kw: calls.append((obj, kw)))
    return calls


@pytest.mark.parametrize(("value", "expected"), [(np.float64(2.5), 2.5), (np.int64(7), 7), (3, 3), ("EFSA", "EFSA")])
def test_glued_values_are_python_values_not_displayed_and_marked_with_their_language(shown, value, expected):
    book.glue("x", value, "nl")
    ((bundle, options),) = shown
    assert bundle == {f"{myst_glue.GLUE_PREFIX}text/plain": repr(expected)}
    assert options["raw"] is True
    assert options["metadata"]["mgtables"] == {"lang": "nl"}


def test_the_glue_is_stored_as_myst_nb_stores_its_own(shown, monkeypatch):
    theirs = []
    monkeypatch.setattr(myst_glue, "ipy_display", lambda obj, **kw: theirs.append((obj, kw)))
    myst_glue.glue("x", 2.5, display=False)
    book.glue("x", 2.5, "en")
    ((their_bundle, their_options),), ((our_bundle, our_options),) = theirs, shown
    assert our_bundle == their_bundle
    assert {k: v for k, v in our_options["metadata"].items() if k != "mgtables"} == their_options["metadata"]


def test_every_language_gets_its_own_values(shown):
    book.glue_all(lambda data, lang: {"word": f"{lang}-word"}, data=None)
    assert [(o["metadata"]["mgtables"]["lang"], b) for b, o in shown] == [
        (lang, {f"{myst_glue.GLUE_PREFIX}text/plain": repr(f"{lang}-word")}) for lang in book.LANGUAGES]


def test_the_glue_prefix_is_myst_nbs():
    """mgtables.book writes myst-nb's prefix without importing myst-nb's glue module (it is slow to import)."""
    assert book.GLUE_PREFIX == myst_glue.GLUE_PREFIX
