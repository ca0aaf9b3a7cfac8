"""A table of the book: stable id, number, caption, data, the sources behind it, and its renderers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from babel.numbers import format_decimal

from . import excel, latex
from .citation import access_placeholder, table_bibtex, table_citation
from .escape import html_text, markdown_cell, spreadsheet_frame
from .figstyle import SOURCE_NAMES, source_name
from .i18n import SOURCE_LANGUAGE, text

# Chapters live in book/ and the build writes every table's CSV to tables/ beside it, so a page
# reaches a download one level up. The Sphinx extension writes the files (mgtables.sphinx).
DOWNLOAD_DIR = "tables"

# A table with more rows than this gets a filter box and sortable columns in the browser
# (book/_static/mgtables-tables.js, with the pinned tablesort in book/_static/vendor/); without
# JavaScript it stays a plain table.
LONG_TABLE_ROWS = 30
# A text column whose cells run this long and this many words on average is prose: it keeps room to be
# read (mgtables.css). Long strings without spaces (addresses, lists of ids) are not.
PROSE_CHARACTERS = 40
PROSE_WORDS = 6
# With at most this many prose columns shown, every other column also keeps room for a short word; a table
# with more (and more than CARD_COLUMNS columns) would squeeze its other columns to a letter: it is
# stacked as cards at every width (mgtables.css).
ROOMY_PROSE_COLUMNS = 2
# More columns than this are stacked as one card per row on a phone (mgtables.css).
CARD_COLUMNS = 3
# A source id standing alone in a reader's cell (not the start of a record id such as "ilive2025-f09"): the
# reader sees the source's name, the id stays in the CSV and behind the details toggle.
SOURCE_ID = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, SOURCE_NAMES)) + r")(?![\w-])")


class Quoted(str):
    """A cell's text that quotes words in another language than its table's (on a Dutch page, the USDA's own
    description of a food): the HTML marks each quotation with its language, every other export takes the text
    as it is. `quotes`: (the words, their language), in the order they stand in the text."""

    quotes: tuple[tuple[str, str], ...]

    def __new__(cls, text: str, quotes: tuple[tuple[str, str], ...]):
        cell = super().__new__(cls, text)
        cell.quotes = quotes
        return cell

    @classmethod
    def joined(cls, separator: str, texts) -> str:
        """`separator`.join(texts), keeping the quotations of those that are Quoted."""
        texts = list(texts)
        quotes = tuple(q for t in texts for q in getattr(t, "quotes", ()))
        return cls(separator.join(texts), quotes) if quotes else separator.join(texts)

    def html(self) -> str:
        pieces, at = [], 0
        for words, lang in self.quotes:
            start = self.find(words, at)
            if start < 0:
                raise ValueError(f"the cell {str(self)!r} does not quote {words!r} after position {at}")
            pieces += [html_text(self[at:start]), f'<span lang="{html_text(lang)}">{html_text(words)}</span>']
            at = start + len(words)
        return "".join(pieces) + html_text(self[at:])


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    data: pd.DataFrame
    sources: tuple[str, ...]
    number: str = ""  # "chapter.position", set by the registry from where the book shows the table
    url: str = ""  # address of the table in the published book
    lang: str = SOURCE_LANGUAGE  # the language of its caption, headers and labels
    # Columns for the record, not the reader (record ids, provenance): in the CSV and every download, in
    # the HTML behind a toggle ("Show ids and sources"). Given by name; kept as positions, so a copy with
    # its headers renamed keeps them.
    detail_columns: tuple[str | int, ...] = ()
    # False for a table whose cells are codes by design (the data dictionary's vocabularies): its source
    # ids stay ids.
    names_sources: bool = True
    # How many rows the HTML shows at most (the editorial parameter table_rows_shown, which the registry
    # sets; None: every row). A longer table shows its first rows, says so above them and links the CSV,
    # which holds every row, as every other export does: the page stays light however long the table.
    rows_shown: int | None = None

    def __post_init__(self):
        columns = list(self.data.columns)
        unknown = [c for c in self.detail_columns
                   if not (c in columns if isinstance(c, str) else 0 <= c < len(columns))]
        if unknown:
            raise ValueError(f"table {self.id}: detail columns {unknown} are not columns of the table")
        positions = tuple(columns.index(c) if isinstance(c, str) else c for c in self.detail_columns)
        object.__setattr__(self, "detail_columns", positions)

    @property
    def detail_names(self) -> list[str]:
        return [self.data.columns[i] for i in self.detail_columns]

    # The table for computing with, when the reader's table merges several values in a cell (value, kind
    # and band in one): one value per cell, in the same language. CSV and Excel exports use it.
    export_data: pd.DataFrame | None = None

    @property
    def tidy(self) -> pd.DataFrame:
        """What CSV and Excel exports hold: `export_data` where the table has one, else `data`."""
        return self.data if self.export_data is None else self.export_data

    @property
    def csv_name(self) -> str:
        return f"{self.id}.csv"

    @property
    def title(self) -> str:
        return text("table.title", self.lang, number=self.number, caption=self.caption) if self.number else self.caption

    def to_csv(self) -> str:
        """UTF-8 (no byte-order mark), comma-separated, a point for the decimals: the form that programs
        read. For Excel the .xlsx export is the one to use (see the README)."""
        return spreadsheet_frame(self.tidy).to_csv(index=False, lineterminator="\n")

    def to_markdown(self) -> str:
        cells = [[markdown_cell(_text(v)) for v in row] for row in self.data.itertuples(index=False)]
        header = [markdown_cell(c) for c in self.data.columns]
        lines = [text("table.markdown_title", self.lang, title=markdown_cell(self.title)), "",
                 _md_row(header), _md_row(["---"] * len(header))]
        return "\n".join(lines + [_md_row(row) for row in cells]) + "\n"

    def to_latex(self, standalone: bool = True) -> str:
        """A standalone LaTeX document (preamble and table), or with standalone=False the table alone,
        for a document that has mgtables.latex.PREAMBLE (see mgtables.latex)."""
        return latex.document(self) if standalone else latex.fragment(self)

    def to_excel(self, path, accessed: str | None = None) -> None:
        """A workbook: the table (numbers as numbers, bold frozen header with a filter, column widths)
        and a sheet saying what it is and how to cite it, accessed on `accessed` (default: today)."""
        excel.write(self, path, accessed)

    def to_html(self) -> str:
        """The table for the book: every cell escaped, the detail columns hidden until the reader ticks the
        toggle (plain CSS, so without JavaScript too), numbers right-aligned with their value to sort by,
        prose columns marked so they keep room, and a long table marked for the filter box and sorting."""
        columns = list(self.data.columns)
        kinds = [_column_kind(self.data[c]) for c in columns]
        detail = [i in self.detail_columns for i in range(len(columns))]
        classes = [" ".join(k for k in (kind, "mg-detail" if d else "") if k) for kind, d in zip(kinds, detail,
                                                                                               strict=True)]
        head = "".join(f'<th scope="col"{_class(k)}>{html_text(c)}</th>' for c, k in zip(columns, classes,
                                                                                        strict=True))
        labels = [html_text(c) for c in columns]
        shown_rows = self.data if self.rows_shown is None else self.data.head(self.rows_shown)
        rows = []
        for row in shown_rows.itertuples(index=False):
            cells = []
            for value, kind, cls, label, is_detail in zip(row, kinds, classes, labels, detail, strict=True):
                shown, sort = _cell(value, kind, self.lang)
                sort_attr = f' data-sort="{sort}"' if sort is not None else ""
                names = self.names_sources and not is_detail and sort is None and SOURCE_ID.search(shown)
                if isinstance(value, Quoted):  # a quotation of a record, which names no source
                    markup = value.html()
                elif names:
                    markup = _with_source_names(shown, self.lang, with_ids=any(detail))
                else:
                    markup = html_text(shown)
                cells.append(f'<td{_class(cls)} data-label="{label}"{sort_attr}>{markup}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        visible = len(columns) - sum(detail)
        prose = sum(k == "mg-prose" and not d for k, d in zip(kinds, detail, strict=True))
        roomy = prose <= ROOMY_PROSE_COLUMNS
        table_classes = ("mg-table" + (" mg-cards" if visible > CARD_COLUMNS else "")
                         + (" mg-roomy" if roomy else " mg-stacked" if visible > CARD_COLUMNS else ""))
        long = long_table_attributes(len(shown_rows), self.lang)
        table = (f'<table class="{table_classes}" id="table-{self.id}" lang="{html_text(self.lang)}"{long}>\n'
                 f"<caption>{html_text(self.title)}</caption>\n"
                 f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
        toggle = ""
        if any(detail):
            toggle = (f'<input type="checkbox" class="mg-show-details" id="details-{self.id}" '
                      f'aria-controls="table-{self.id}">'
                      f'<label class="mg-details-label" for="details-{self.id}">'
                      f'{html_text(text("table.show_details", self.lang))}</label>\n')
        download = (f'<a href="../{DOWNLOAD_DIR}/{self.csv_name}" download>'
                    f"{html_text(text('table.download', self.lang, file=self.csv_name))}</a>")
        left_out = ""
        if len(shown_rows) < len(self.data):
            counts = {"shown": format_decimal(len(shown_rows), locale=self.lang),
                      "total": format_decimal(len(self.data), locale=self.lang)}
            left_out = (f'<p class="mg-rows-left-out" id="rows-left-out-{self.id}">'
                        f"{html_text(text('table.rows_left_out', self.lang, **counts))} {download}</p>\n")
        # mgtables.sphinx finds the block by exactly this opening tag (its TABLE_BLOCK)
        return (f'<div class="mg-table-block" id="{self.id}">\n{left_out}{toggle}'
                f'<div class="mg-table-wrap">\n{table}\n</div>\n<p class="mg-download">{download}</p>\n'
                f"{self._cite_html()}\n</div>")

    def _cite_html(self) -> str:
        """The citation as text and as BibTeX, each with a copy button (book/_static/access-date.js);
        the access date is left to the reader's browser."""
        placeholder = html_text(access_placeholder(self.lang))
        iso = f'<span class="mg-access-date">{placeholder}</span>'
        # the plain-text citation of another language's edition writes the date as its readers do ("2 december
        # 2026"); BibTeX keeps ISO 8601 (urldate)
        words = iso if self.lang == SOURCE_LANGUAGE else iso.replace('">', f'" data-locale="{self.lang}">', 1)

        def fill(citation: str, date: str = iso) -> str:
            return html_text(citation).replace(placeholder, date)

        def button(label: str) -> str:
            copied = html_text(text("table.copied", self.lang))
            return f'<button type="button" class="mg-copy" data-copied="{copied}">{html_text(label)}</button>'

        return (f'<details class="mg-cite"><summary>{html_text(text("table.cite", self.lang))}</summary>\n'
                f'<p><span class="mg-cite-text">{fill(table_citation(self), words)}</span> '
                f'{button(text("table.copy_text", self.lang))}</p>\n'
                f'<pre class="mg-cite-bibtex">{fill(table_bibtex(self))}</pre>\n'
                f"<p>{button(text('table.copy_bibtex', self.lang))}</p>\n</details>")

    def _repr_html_(self) -> str:
        return self.to_html()


def _text(value) -> str:
    """A cell's text; a missing value is an empty cell, also pandas' NA of its nullable columns."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def _column_kind(column: pd.Series) -> str:
    """'mg-num' for a column of numbers, 'mg-prose' for one of long texts, '' for the rest."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return "mg-num"
    cells = [_text(v) for v in column]
    if not cells:
        return ""
    long = sum(map(len, cells)) / len(cells) >= PROSE_CHARACTERS
    wordy = sum(len(c.split()) for c in cells) / len(cells) >= PROSE_WORDS
    return "mg-prose" if long and wordy else ""


def _cell(value, kind: str, lang: str) -> tuple[str, str | None]:
    """A cell's text and, for a number, the value to sort it by: numbers in the table's language
    (decimal comma in Dutch), as many decimals as the value has (at most three), no grouping, so
    years stay years."""
    if kind != "mg-num" or value is None or pd.isna(value):
        return _text(value), None
    return format_decimal(value, format="0.###", locale=lang), repr(float(value))


def _with_source_names(shown: str, lang: str, with_ids: bool) -> str:
    """A cell's text as HTML with each source id named; in a table with the details toggle the id follows in
    a span that the toggle shows (mgtables.css), in one without it is in the CSV only."""
    pieces = SOURCE_ID.split(shown)  # text, id, text, id ... text
    return "".join(html_text(piece) if i % 2 == 0 else html_text(source_name(piece, lang))
                   + (f'<span class="mg-id"> ({html_text(piece)})</span>' if with_ids else "")
                   for i, piece in enumerate(pieces))


def _class(classes: str) -> str:
    return f' class="{classes}"' if classes else ""


def _md_row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def long_table_attributes(n_rows: int, lang: str) -> str:
    """The attributes that give a table of more than LONG_TABLE_ROWS rows its filter box and sortable
    headings in the browser (book/_static/mgtables-tables.js); none for a shorter one."""
    if n_rows <= LONG_TABLE_ROWS:
        return ""
    return (f' data-mg-long="{n_rows}"'
            f' data-filter-label="{html_text(text("table.filter", lang))}"'
            f' data-filter-count="{html_text(text("table.filter_count", lang))}"'
            f' data-sort-hint="{html_text(text("table.sort_hint", lang))}"')
