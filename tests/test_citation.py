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


def _cited():
    import pandas as pd

    from mgtables.table import Table

    return Table("an-id", "Magnesium by food (in mg), per portion; more", pd.DataFrame({"a": [1]}), (), number="4.2",
                 url="https://example.org/book/foods.html#an-id", lang="nl")


def test_a_short_title_ends_at_the_first_clause_outside_parentheses():
    from mgtables.citation import SHORT_TITLE, short_title

    assert short_title("Intake by age (EFSA, 2015): the values") == "Intake by age (EFSA, 2015)"
    assert short_title("Values; more") == "Values" and short_title("A. B") == "A" and short_title("A, b") == "A"
    assert short_title("No clause at all.") == "No clause at all"
    long = "x" * SHORT_TITLE + " (an aside) y"
    assert short_title(long) == "x" * SHORT_TITLE + " y"  # asides dropped only from a long title
    assert short_title("Short (kept)") == "Short (kept)"


def test_ris_and_csl_records_carry_the_book_the_table_and_the_day_it_was_read():
    import json

    from mgtables.citation import citations, table_csl, table_ris

    m, table = meta(), _cited()
    ris = table_ris(table, "2030-01-02").split("\n")
    assert ris[0] == "TY  - DATA" and ris[-2:] == ["ER  - ", ""]
    fields = dict(line.split("  - ", 1) for line in ris[:-1])
    assert fields == {"TY": "DATA", "AU": m.author_in(table.lang), "TI": "Tabel 4.2: Magnesium by food (in mg)",
                      "T2": m.title_in(table.lang), "PY": str(m.year), "ET": m.version, "UR": table.url,
                      "Y2": "2030-01-02", "LA": "nl",
                      "N1": fields["N1"], "ER": ""}
    assert "an-id" in fields["N1"] and "CC" in fields["N1"]
    csl = table_csl(table, "2030-01-02")
    assert csl["id"] == "mgkb-an-id" and csl["type"] == "dataset" and csl["title"] == fields["TI"]
    assert csl["container-title"] == m.title_in(table.lang) and csl["author"] == [{"literal": m.author_in(table.lang)}]
    assert csl["issued"] == {"date-parts": [[int(m.year)]]} and csl["version"] == m.version
    assert csl["URL"] == table.url and csl["accessed"] == {"date-parts": [[2030, 1, 2]]} and csl["language"] == "nl"
    assert csl["note"] == fields["N1"]
    assert json.loads(citations([table, table], "csl-json", "2030-01-02")) == [csl, csl]
    assert citations([table, table], "ris", "2030-01-02") == "\n".join([table_ris(table, "2030-01-02")] * 2)
    two = citations([table, table], "text", "2030-01-02").split("\n")
    assert two[0] == two[1] == table_citation(table, "2030-01-02") and two[2] == ""
    assert citations([table], "bibtex", "2030-01-02") == table_bibtex(table, "2030-01-02") + "\n"
    with pytest.raises(ValueError, match="text, bibtex, ris, csl-json"):
        citations([table], "word", "2030-01-02")


def test_a_tables_citation_names_author_year_book_version_id_address_and_day():
    m, table = meta(), _cited()
    assert table_citation(table, "2030-01-02") == (
        f"De medewerkers van de magnesiumkennisbank ({m.year}). Tabel 4.2: Magnesium by food (in mg). "
        f"In: {m.title_in(table.lang)}, "
        f"versie {m.version} (tabel-id an-id). {table.url} (geraadpleegd op 2030-01-02).")
    assert table_citation(table).endswith("(geraadpleegd op [datum van raadplegen]).")  # the reader's browser fills it


def test_the_author_is_named_in_the_language_of_the_citation():
    """The Dutch edition's citations name the book's makers in Dutch, as its footer does; English keeps
    _config.yml's name, which CITATION.cff carries too."""
    from dataclasses import replace

    m, table = meta(), _cited()
    assert m.author_in("en") == m.author == "The magnesium knowledge base contributors"
    assert m.author_in("nl") == "De medewerkers van de magnesiumkennisbank"
    english = replace(table, lang="en")
    assert table_citation(english, "2030-01-02").startswith(f"{m.author} ({m.year}). ")
    assert "knowledge base" not in table_citation(table, "2030-01-02") + table_bibtex(table, "2030-01-02")


def test_citation_cff_says_what_to_cite_from_one_version():
    from mgtables.citation import citation_cff

    m = meta()
    cff = yaml.safe_load(citation_cff())
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["title"] == m.title
    assert str(cff["version"]) == m.version and cff["authors"] == [{"name": m.author}]
    assert cff["url"] == m.baseurl and cff["repository-code"] == m.repository and cff["license"].startswith("CC")
    assert citation_cff().startswith("# Generated by mgtables.citation")
