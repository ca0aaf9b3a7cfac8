"""Excel exports compute: one value per cell, numbers stored as numbers, a bold frozen header with a
filter, column widths, and an about sheet with the real access date and the citation."""

from __future__ import annotations

import datetime as dt
import functools
import io

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT

import mgtables
from mgtables import registry
from mgtables.excel import _identifier_headers, plain_number, typed
from mgtables.i18n import languages


def workbook(table, accessed="2030-01-02"):
    buffer = io.BytesIO()
    table.to_excel(buffer, accessed)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


@functools.cache  # written and read back once for the two tests that read every workbook
def exported(lang: str) -> dict:
    """table id -> (the table in `lang`, its Excel export read back)."""
    data = mgtables.load()
    return {table_id: (table, workbook(table)) for table_id in registry.ids()
            for table in [registry.get(table_id, data, lang)]}


@pytest.mark.parametrize("lang", languages())
def test_every_table_exports_a_typed_workbook_with_header_filter_and_widths(lang):
    for table, book in exported(lang).values():
        sheet = book[table.id[:31]]
        assert [c.value for c in sheet[1]] == [str(c) for c in table.tidy.columns]
        assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert all(sheet.column_dimensions[c.column_letter].width > 2 for c in sheet[1])
        types = typed(table.tidy, lang)
        for column in types.columns:
            cells = [c.value for c in sheet[openpyxl.utils.get_column_letter(
                list(table.tidy.columns).index(column) + 1)][1:]]
            if pd.api.types.is_numeric_dtype(types[column]):
                assert all(v is None or isinstance(v, int | float) for v in cells), (table.id, column)
        about = book[book.sheetnames[1]]
        values = [row[1] for row in about.iter_rows(values_only=True)]
        assert "2030-01-02" in values[1] and "[access date]" not in values[1]
        assert dt.datetime(2030, 1, 2) in values and table.url in values


def test_numbers_written_as_text_become_numbers_but_identifiers_stay_text():
    frame = pd.DataFrame({"mmol/day": ["2.67", "14.4", ""], "Number": ["1.1", "3.10", "2.2"],
                          "Span": ["1\u20133", "2", "4"]})
    out = typed(frame)
    assert list(out["mmol/day"])[:2] == [2.67, 14.4] and pd.isna(out["mmol/day"][2])
    assert list(typed(pd.DataFrame({"mmol/dag": ["2,67", "14,4"]}), "nl")["mmol/dag"]) == [2.67, 14.4]
    assert list(out["Number"]) == ["1.1", "3.10", "2.2"] and list(out["Span"]) == ["1\u20133", "2", "4"]
    whole = typed(pd.DataFrame({"n": ["3", "-7", "0"]}))["n"]
    assert list(whole) == [3, -7, 0] and all(type(v) is int for v in whole)  # whole numbers stay whole


def test_a_dutch_workbook_holds_dutch_decimals_as_numbers():
    from mgtables.table import Table

    frame = pd.DataFrame({"mmol/dag": ["2,67", "14,4"], "Naam": ["amandelen", "havervlokken"]})
    sheet = workbook(Table("dutch", "Een tabel", frame, (), lang="nl"))["dutch"]
    assert [c.value for c in sheet["A"][1:]] == [2.67, 14.4]


def test_the_intake_table_exports_one_value_per_cell():
    table = mgtables.table("intakes-by-authority")
    sheet = workbook(table)[table.id]
    header = [c.value for c in sheet[1]]
    assert header == ["Life stage", "Sex", "Age", "Authority", "Kind", "mg/day", "Age (authority's band)", "Verified"]
    values = [row[header.index("mg/day")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values and all(isinstance(v, int) for v in values)
    # the book's table is unchanged: one column per authority, value, kind and band in a cell
    assert "EFSA 2015" in table.data.columns and "EFSA 2015" not in table.tidy.columns
    assert pd.read_csv(io.StringIO(table.to_csv()))["mg/day"].dtype.kind == "i"


@pytest.mark.parametrize("lang", languages())
def test_no_sheet_keeps_a_plain_number_as_text_outside_identifier_columns(lang):
    identifiers, number = _identifier_headers(lang), plain_number(lang)
    for table, book in exported(lang).values():
        sheet = book[table.id[:31]]
        header = [c.value for c in sheet[1]]
        as_text = {header[i] for row in sheet.iter_rows(min_row=2, values_only=True) for i, v in enumerate(row)
                   if isinstance(v, str) and number.fullmatch(v)} - identifiers
        mixed = {h for h in as_text if any(isinstance(v, str) and not number.fullmatch(v)
                                           for v in table.tidy[h] if v)}
        assert as_text == mixed, table.id  # a plain number stays text only beside text in its column


# What a hostile contributor would put in a text field: formulas, and formulas behind a tab or a carriage
# return (the validator refuses a carriage return in data/, the escaper does not rely on that).
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=1+1"]


def _formulas(book) -> list[str]:
    """Cells Excel would evaluate: stored as a formula, or text that opens with '='."""
    return [f"{sheet.title}!{c.coordinate}" for sheet in book.worksheets for row in sheet.iter_rows() for c in row
            if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("="))]


def test_a_workbook_of_hostile_texts_holds_no_formula_and_keeps_its_numbers():
    from mgtables.table import Table

    n = len(FORMULAS)
    frame = pd.DataFrame({'=HYPERLINK("http://x","header")': FORMULAS, "mg": [1, 2.5, -3, 0, 4, 5, 6],
                          "Amount": ["12.5", "-7", "3", "0", "1", "2", "4"],  # numbers written as text
                          "Note": ["-7", *(["text"] * (n - 1))]})
    table = Table("hostile", '=HYPERLINK("http://x","caption")', frame, ("=1+1",), number="1.1",
                  url="https://example.org")
    book = workbook(table)
    assert _formulas(book) == []
    sheet = book["hostile"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "'" + frame.columns[0]
    # the text kept whole behind an apostrophe (a workbook stores a carriage return as a line feed)
    assert [r[0] for r in rows[1:]] == ["'" + f.replace("\r", "\n") for f in FORMULAS]
    assert [r[1] for r in rows[1:]] == [1, 2.5, -3, 0, 4, 5, 6]
    assert [r[2] for r in rows[1:]] == [12.5, -7, 3, 0, 1, 2, 4]  # a column of numbers becomes numbers
    assert rows[1][3] == "'-7"  # beside text it stays text, and text that opens with '-' is neutralised
    about = [v for row in book[book.sheetnames[1]].iter_rows(values_only=True) for v in row]
    assert "'=1+1" in about  # the sources, on the about sheet


# ---- what a reader opening a small workbook sees: column widths and the about sheet ---------------------

LONG = "a long remark that runs on well past what a column shows at once, so it has to wrap"  # 84 characters
SIXTY = "x" * 60


def _small(lang="en", export_data=None, table_id="small"):
    from mgtables.table import Table

    frame = pd.DataFrame({"Amount per day in milligrams, a day": [1, 22], "X": [None, "ab"], "Note": [LONG, "short"],
                          "Edge": [SIXTY, "y"], "Name": ["almonds", "oat flakes"], "Empty": [None, None],
                          "NA": pd.Series([pd.NA, "cd"], dtype=object)})
    return Table(table_id, "A small table", frame, ("src_b", "src_a"), number="2.3",
                 url="https://example.org/small", lang=lang, export_data=export_data)


def _width(sheet, column: int) -> float:
    return sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width


def _wraps(cell) -> bool:
    return bool(cell.alignment.wrap_text)


def test_a_column_is_as_wide_as_its_longest_cell_plus_a_margin():
    sheet = workbook(_small())["small"]
    # "Name": its longest cell, "oat flakes" (10 characters), and two characters of margin
    assert _width(sheet, 5) == len("oat flakes") + 2
    # a missing value counts for nothing, however pandas holds it ("nan", "None" and "<NA>" are longer than
    # "ab", "Empty" or "cd"), and is an empty cell
    assert _width(sheet, 2) == len("ab") + 2 and _width(sheet, 7) == len("cd") + 2
    assert _width(sheet, 6) == len("Empty") // 2 + 1 + 2
    assert [c.value for c in sheet["B"][1:] + sheet["F"][1:] + sheet["G"][1:]] == [None, "ab", None, None, None, "cd"]
    # a header longer than its cells wraps onto two lines: the column is half the header wide, and a bit
    header = "Amount per day in milligrams, a day"  # an odd number of characters: half of it rounded down
    # (two lines of half its characters, and one for the line break)
    assert _width(sheet, 1) == len(header) // 2 + 1 + 2
    assert all(_wraps(c) and c.alignment.vertical == "top" and c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:G{1 + 2}"  # the header stays, filters all


def test_text_beyond_sixty_characters_wraps_in_a_column_sixty_wide():
    from mgtables.excel import WIDEST

    sheet = workbook(_small())["small"]
    assert WIDEST == 60
    assert _width(sheet, 3) == WIDEST + 2  # "Note": 84 characters, wrapped
    assert all(_wraps(c) and c.alignment.vertical == "top" for c in sheet["C"][1:])
    assert _width(sheet, 4) == len(SIXTY) + 2  # "Edge": exactly sixty fit on one line
    for letter in "ABDEFG":  # no other column wraps its cells
        assert not any(_wraps(c) for c in sheet[letter][1:]), letter


def _about(book) -> list[tuple]:
    return list(book[book.sheetnames[1]].iter_rows(values_only=True))


@pytest.mark.parametrize("lang", languages())
def test_the_about_sheet_says_what_the_table_is_and_how_to_cite_it_in_order(lang):
    from mgtables.citation import table_citation
    from mgtables.datapackage import LICENSE
    from mgtables.i18n import text

    table = _small(lang)
    book = workbook(table, accessed="2030-01-02")
    assert book.sheetnames == ["small", text("excel.about_sheet", lang)]
    assert book.properties.language == lang and book.properties.title == table.title
    version = (ROOT / "VERSION").read_text(encoding="utf-8").strip()
    keys = ["title", "citation", "address", "version", "accessed", "sources", "licence"]
    assert _about(book) == [
        (text(f"excel.{k}", lang), v) for k, v in zip(keys, [
            table.title, table_citation(table, "2030-01-02"), "https://example.org/small",
            version, dt.datetime(2030, 1, 2), "src_b, src_a", LICENSE["name"]],
            strict=True)]
    assert "2.3" in table.title and "A small table" in table.title
    about = book[book.sheetnames[1]]
    assert all(about.cell(row, 1).font.bold for row in range(1, about.max_row + 1))
    assert about.cell(5, 2).number_format == "yyyy-mm-dd"  # the access date shows as a date
    assert about.column_dimensions["A"].width == max(len(text(f"excel.{k}", lang)) for k in keys) + 2
    assert about.column_dimensions["B"].width == 100
    assert all(_wraps(c) and c.alignment.vertical == "top" for c in about["B"])


def test_the_about_sheet_is_in_the_tables_language():
    english, dutch = (_about(workbook(_small(lang))) for lang in ("en", "nl"))
    assert [row[0] for row in english] != [row[0] for row in dutch]
    assert all(a != b for (a, _), (b, _) in zip(english, dutch, strict=True))


@pytest.mark.parametrize("lang", languages())
def test_a_tidy_export_says_so_last_on_the_about_sheet(lang):
    from mgtables.i18n import text

    tidy = pd.DataFrame({"Amount": [1, 22]})
    book = workbook(_small(lang, export_data=tidy))
    assert _about(book)[-1] == (text("excel.tidy", lang), text("excel.tidy_note", lang))
    assert len(_about(book)) == 8 and [c.value for c in book["small"][1]] == ["Amount"]
    assert len(_about(workbook(_small(lang)))) == 7  # a table without one does not mention it


def test_a_sheet_is_named_by_the_tables_id_cut_to_excels_31_characters():
    long_id = "a-table-id-of-forty-characters-for-excel"
    book = workbook(_small(table_id=long_id))
    assert book.sheetnames[0] == long_id[:31] and len(book.sheetnames[0]) == 31
