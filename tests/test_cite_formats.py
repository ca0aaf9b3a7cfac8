"""Every table's citation in every format parses and carries its fields: BibTeX (read with pybtex, as
Sphinx and reference managers do), RIS and CSL-JSON; `mgtables cite` writes them all."""

from __future__ import annotations

import json

import pytest
from pybtex.database import parse_string

import mgtables
from mgtables.book_meta import meta
from mgtables.citation import citations, short_title, table_bibtex, table_title
from mgtables.cli import main

ACCESSED = "2030-01-02"


def ris_records(text: str) -> list[dict[str, list[str]]]:
    records, current = [], {}
    for line in text.splitlines():
        if not line.strip():
            continue
        tag, _, value = line.partition("  - ")
        assert len(tag) == 2 and tag.isalnum() and tag.isupper(), line
        if tag == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(tag, []).append(value)
    assert current == {}, "a record without ER"
    return records


def test_every_bibtex_entry_parses_with_year_urldate_and_a_short_protected_title():
    tables = mgtables.all_tables()
    parsed = parse_string(citations(tables, "bibtex", ACCESSED), "bibtex")
    assert len(parsed.entries) == len(tables) == len(mgtables.ids())
    for table in tables:
        fields = parsed.entries[f"mgkb-{table.id}"].fields
        assert fields["year"] == meta().year and fields["urldate"] == ACCESSED
        assert fields["version"] == meta().version and fields["url"] == table.url
        assert len(short_title(table.caption)) <= 120 and len(fields["title"]) < 250
        assert table.caption != short_title(table.caption) or len(table.caption) <= 120
        assert fields["title"].startswith(f"{{Table}} {table.number}: ")
        for word in table_title(table).split():  # every word with a capital is in braces
            if any(c.isupper() for c in word):
                assert "{" + word.replace("%", r"\%") in fields["title"], (table.id, word)
        authors = parsed.entries[f"mgkb-{table.id}"].persons["author"]
        # one corporate author, not split
        assert [str(a) for a in authors] == ["{" + meta().author_in(table.lang) + "}"]


def test_capitals_and_specials_in_titles_are_protected():
    bib = table_bibtex(mgtables.table("upper-limits"), ACCESSED)
    assert "{(SCF)}" in bib and "{(IOM)}" in bib and "{US}" in bib
    flagged = table_bibtex(mgtables.table("food-figure-flags"), ACCESSED)
    assert r"20\%" in flagged


def test_every_ris_record_has_type_title_year_address_and_access_date():
    tables = mgtables.all_tables()
    records = ris_records(citations(tables, "ris", ACCESSED))
    assert len(records) == len(tables)
    for table, record in zip(tables, records, strict=True):
        assert record["TY"] == ["DATA"] and record["TI"] == [table_title(table)]
        assert record["PY"] == [meta().year] and record["UR"] == [table.url] and record["Y2"] == [ACCESSED]
        assert record["AU"] == [meta().author_in(table.lang)] and record["ET"] == [meta().version]


def test_every_csl_json_item_has_its_fields():
    tables = mgtables.all_tables()
    items = json.loads(citations(tables, "csl-json", ACCESSED))
    assert [i["id"] for i in items] == [f"mgkb-{t.id}" for t in tables]
    for table, item in zip(tables, items, strict=True):
        assert item["type"] == "dataset" and item["title"] == table_title(table)
        assert item["issued"] == {"date-parts": [[int(meta().year)]]}
        assert item["accessed"] == {"date-parts": [[2030, 1, 2]]} and item["URL"] == table.url
        assert item["author"] == [{"literal": meta().author_in(table.lang)}] and item["version"] == meta().version


def test_cite_writes_every_tables_citation_in_every_format(tmp_path, capsys):
    assert main(["cite", "all", "--out", str(tmp_path), "--accessed", ACCESSED]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["tables.bib", "tables.json", "tables.ris", "tables.txt"]
    assert len((tmp_path / "tables.txt").read_text().splitlines()) == len(mgtables.ids())
    assert len(parse_string((tmp_path / "tables.bib").read_text(), "bibtex").entries) == len(mgtables.ids())


@pytest.mark.parametrize("fmt", ["text", "bibtex", "ris", "csl-json"])
def test_cite_prints_one_table_in_each_format(fmt, capsys):
    assert main(["cite", "upper-limits", "--format", fmt, "--accessed", ACCESSED]) == 0
    out = capsys.readouterr().out
    assert ACCESSED in out or "2030, 1, 2" in out.replace("\n", "").replace("  ", " ") or "2030" in out


def test_cite_refuses_a_date_that_is_not_one(capsys):
    assert main(["cite", "upper-limits", "--accessed", "yesterday"]) == 2
