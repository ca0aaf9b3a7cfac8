"""book/references.bib is generated from data/; the committed file must match the data."""

from __future__ import annotations

from conftest import ROOT

import mgtables
from mgtables.bibliography import bibtex


def test_committed_bibliography_matches_the_data():
    committed = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    assert committed == bibtex(mgtables.load()), "book/references.bib is stale: run `make refresh`"


def test_every_source_and_authority_has_an_entry(fixture_dir):
    data = mgtables.load(fixture_dir)
    text = bibtex(data)
    assert "@misc{src1," in text and "@misc{auth1," in text and "@misc{usda_sr28," in text
    assert "Example Journal 2015;1:1" in text
