"""Tables as Excel workbooks that compute: one value per cell (the table's tidy frame), numbers stored
as numbers, a bold frozen header with a filter, column widths from the content, and an "about" sheet
with the title, the citation with the real access date, the address and the licence.

Numbers carry Excel's General format, which Excel shows in the reader's own convention (a decimal comma
in a Dutch Excel); the workbook records the table's language.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
from babel.numbers import get_decimal_symbol
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .book_meta import meta
from .citation import table_citation
from .datapackage import LICENSE
from .escape import spreadsheet_cell, spreadsheet_frame
from .i18n import SOURCE_LANGUAGE, catalogue, text

# A cell that is a plain number written as text ("2.67", "-5", "10"; "2,67" in Dutch): no grouping
# separators, no range, no unit. Columns of identifiers that look like numbers (table numbers such as
# "3.10") stay text.
PLAIN_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")


def plain_number(lang: str = SOURCE_LANGUAGE) -> re.Pattern:
    """PLAIN_NUMBER with the language's decimal sign (Babel)."""
    return re.compile(r"-?(0|[1-9]\d*)(" + re.escape(get_decimal_symbol(lang)) + r"\d+)?")


# Columns of identifiers (record ids, table numbers): their headers are the catalogue texts whose keys end
# in one of these ("catalogue.col.number", "sources.col.id", ...).
IDENTIFIER_KEYS = (".col.number", ".col.id")
WIDEST = 60  # characters; longer text wraps in its cell
BOLD = Font(bold=True)


def _identifier_headers(lang: str = SOURCE_LANGUAGE) -> set[str]:
    return {label for key, label in catalogue(lang).items() if key.endswith(IDENTIFIER_KEYS)}


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def typed(frame: pd.DataFrame, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """The frame with columns of numbers written as text turned into numbers (every filled cell a plain
    number in the language's writing), identifier columns left as text."""
    pattern, decimal = plain_number(lang), get_decimal_symbol(lang)
    out = frame.copy()
    skip = _identifier_headers(lang)
    for column in out.columns:
        if column in skip or pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column]):
            continue
        filled = [v for v in out[column] if not _is_missing(v) and v != ""]
        if filled and all(isinstance(v, str) and pattern.fullmatch(v) for v in filled):
            out[column] = [None if _is_missing(v) or v == "" else
                           float(v.replace(decimal, ".")) if decimal in v else int(v) for v in out[column]]
    return out


def _value(value):
    if _is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else value  # numpy scalars as Python numbers


def write(table, path, accessed: str | None = None) -> None:
    accessed = accessed or dt.date.today().isoformat()
    frame = spreadsheet_frame(typed(table.tidy, table.lang))  # numbers first, then no text runs as a formula
    book = Workbook()
    book.properties.language = table.lang
    book.properties.title = table.title
    sheet = book.active
    sheet.title = table.id[:31]
    sheet.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([_value(v) for v in row])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)) // 2 + 1, *(len(str(v)) for v in frame[column] if not _is_missing(v))])
        width = min(longest, WIDEST) + 2
        sheet.column_dimensions[get_column_letter(index)].width = width
        if longest > WIDEST:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    about = book.create_sheet(text("excel.about_sheet", table.lang))
    m = meta()
    rows = [
        (text("excel.title", table.lang), table.title),
        (text("excel.citation", table.lang), table_citation(table, accessed)),
        (text("excel.address", table.lang), table.url),
        (text("excel.version", table.lang), m.version),
        (text("excel.accessed", table.lang), dt.date.fromisoformat(accessed)),
        (text("excel.sources", table.lang), ", ".join(table.sources)),
        (text("excel.licence", table.lang), LICENSE["name"]),
    ]
    if table.export_data is not None:
        rows.append((text("excel.tidy", table.lang), text("excel.tidy_note", table.lang)))
    for label, value in rows:
        about.append([label, spreadsheet_cell(value)])
        about.cell(about.max_row, 1).font = BOLD
    about.cell(5, 2).number_format = "yyyy-mm-dd"
    about.column_dimensions["A"].width = max(len(label) for label, _ in rows) + 2
    about.column_dimensions["B"].width = 100
    for (cell,) in about.iter_rows(min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
