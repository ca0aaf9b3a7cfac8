"""Citations read the version from VERSION and the address from _config.yml; CITATION.cff is in sync."""

from __future__ import annotations

import yaml
from conftest import ROOT

import mgtables
from mgtables.book_meta import meta, placements
from mgtables.citation import citation_cff, table_bibtex, table_citation


def test_committed_citation_cff_matches_version_and_config():
    committed = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == citation_cff(), "CITATION.cff is stale: run `make refresh`"
    assert str(yaml.safe_load(committed)["version"]) == (ROOT / "VERSION").read_text().strip()


def test_every_table_shown_in_the_book_has_a_number_page_and_citation():
    shown = placements()
    for table_id in mgtables.ids():
        table = mgtables.table(table_id)
        if table_id not in shown:
            continue
        assert table.number == shown[table_id].number
        assert table.url == f"{meta().baseurl}{shown[table_id].page}.html#{table_id}"
        text = table_citation(table, "2030-01-02")
        assert f"version {meta().version}" in text and f"Table {table.number}: " in text and table_id in text
        assert "2030-01-02" in text and table.url in text
        bib = table_bibtex(table, "2030-01-02")
        assert bib.startswith(f"@misc{{mgkb-{table_id},") and f"version = {{{meta().version}}}" in bib


def test_every_registered_table_is_shown_on_some_page():
    assert sorted(set(mgtables.ids()) - set(placements())) == []


def test_numbers_are_unique_and_follow_the_table_of_contents():
    numbers = [p.number for p in placements().values()]
    assert len(numbers) == len(set(numbers))
    chapters = [int(n.split(".")[0]) for n in numbers]
    assert chapters == sorted(chapters)


def test_html_block_carries_caption_number_download_and_citation():
    table = mgtables.table("intakes-by-authority")
    page = table.to_html()
    assert f"<caption>Table {table.number}: " in page
    assert f'href="../tables/{table.id}.csv" download' in page
    assert "Cite this table" in page and '<span class="mg-access-date">' in page


def test_bibtex_escapes_what_latex_would_read_as_a_comment_or_an_alignment():
    found = [t for t in mgtables.all_tables() if "%" in t.caption]
    assert found, "some caption states a tolerance in percent"
    for table in found:
        bibtex = table_bibtex(table)
        assert "%" not in bibtex.replace(r"\%", ""), table.id
        assert "&" not in bibtex.replace(r"\&", ""), table.id
