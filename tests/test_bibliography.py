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


def test_references_read_as_a_reader_expects():
    from pybtex.database import parse_string

    data = mgtables.load()
    text = bibtex(data)
    assert "nan" not in text.replace("magnesium", "")
    entries = parse_string(text, "bibtex").entries
    assert set(entries) == {*data.sources["id"], *data.authorities["id"], "usda_sr28"}
    for key, item in entries.items():
        author = " ".join(str(p) for p in item.persons["author"])
        assert len(author) <= 30, (key, author)  # author-year labels such as "EFSA 2015", "iLive 2025"
        assert item.fields["year"], key
    for s in data.sources.itertuples():
        fields = entries[s.id].fields
        assert fields["howpublished"] == s.site and s.title_en in fields["note"]
        if isinstance(s.url, str):
            assert fields["url"] == s.url and "stored copy of the same page" in fields["note"]
        else:
            assert "url" not in fields and "No address found" in fields["note"]
    assert "{IOM}" in text and "{EFSA}" in text  # the short names the tables use
    assert "Mazza E. et al." in entries["ilive2025"].fields["note"]
