"""Excel exports compute: one value per cell, numbers stored as numbers, a bold frozen header with a
filter, column widths, and an about sheet with the real access date and the citation."""

from __future__ import annotations

import datetime as dt
import functools
import io

import openpyxl
import pandas as pd
import pytest

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
