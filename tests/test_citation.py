"""Citations read the version from VERSION and the address from _config.yml; CITATION.cff is in sync."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

import mgtables
from mgtables import book_meta
from mgtables.book_meta import meta
from mgtables.citation import citation_cff, table_bibtex, table_citation
from mgtables.registry import placements


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


def shown_tables(notebook: Path) -> list[str]:
    """Ids passed to book.show("...") in the notebook's code cells, in order."""
    ids = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            ids += [node.args[0].value for node in ast.walk(ast.parse("".join(cell["source"])))
                    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "show"]
    return ids


def test_each_page_shows_its_declared_tables_in_the_order_of_their_numbers():
    """Numbers are declared where the tables are built; the pages must show them in that order."""
    for page in {place.page for place in placements().values()}:
        declared = sorted((p for p in placements().items() if p[1].page == page),
                          key=lambda item: int(item[1].number.split(".")[1]))
        assert shown_tables(ROOT / f"{page}.ipynb") == [table_id for table_id, _ in declared], page


def test_numbers_are_unique_and_count_the_chapters_of_the_table_of_contents():
    numbers = {p.number: p.page for p in placements().values()}
    assert len(numbers) == len(placements())
    chapters = book_meta.chapters()
    assert all(int(n.split(".")[0]) == chapters.index(page) for n, page in numbers.items())


def test_a_taken_or_missing_position_is_refused(monkeypatch):
    from mgtables import registry
    from mgtables.chapters import sources

    monkeypatch.setattr(registry, "_BUILDERS", {})
    monkeypatch.setattr(registry, "_POSITIONS", {})
    builder = sources.sources_table
    registry.register("one", position=1)(builder)
    with pytest.raises(ValueError, match="position 1 on book/sources is taken"):
        registry.register("two", position=1)(builder)
    registry.register("three", position=3)(builder)
    registry.placements.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"book/sources have positions \[1, 3\], not 1 to 2"):
            registry.placements()
    finally:
        registry.placements.cache_clear()


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


def test_a_tables_bibtex_entry_names_the_book_the_table_and_the_day_it_was_read():
    import pandas as pd
    from pybtex.database import parse_string

    from mgtables.table import Table

    m = meta()
    table = Table("an-id", "Magnesium by food: a test", pd.DataFrame({"a": [1]}), (), number="4.2",
                  url="https://example.org/book/foods.html#an-id")
    written = table_bibtex(table, "2030-01-02")
    assert written.startswith("@misc{mgkb-an-id,\n") and written.endswith("}")
    item = parse_string(written, "bibtex").entries["mgkb-an-id"]
    assert [str(p) for p in item.persons["author"]] == [f"{{{m.author}}}"]  # one corporate name, kept whole
    assert item.fields["title"] == "{Table} 4.2: {Magnesium} by food"
    assert item.fields["howpublished"] == f"{m.title}, version {m.version}"
    assert item.fields["year"] == str(m.year) and item.fields["version"] == m.version
    assert item.fields["url"] == table.url and item.fields["urldate"] == "2030-01-02"
    assert item.fields["note"] == "Table id an-id; accessed 2030-01-02"
    unread = parse_string(table_bibtex(table), "bibtex").entries["mgkb-an-id"]
    assert unread.fields["urldate"] == "[access date]"  # the HTML leaves the day to the reader's browser
