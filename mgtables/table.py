"""A table of the book: stable id, number, caption, data, the sources behind it, and its renderers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import excel, latex
from .citation import access_placeholder, table_bibtex, table_citation
from .escape import html_text, markdown_cell, spreadsheet_frame
from .i18n import SOURCE_LANGUAGE, text

# Chapters live in book/ and the build writes every table's CSV to tables/ beside it, so a page
# reaches a download one level up. The Sphinx extension writes the files (mgtables.sphinx).
DOWNLOAD_DIR = "tables"


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    data: pd.DataFrame
    sources: tuple[str, ...]
    number: str = ""  # "chapter.position", set by the registry from where the book shows the table
    url: str = ""  # address of the table in the published book
    lang: str = SOURCE_LANGUAGE  # the language of its caption, headers and labels
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
        body = self.data.to_html(index=False, border=0, na_rep="", classes=["mg-table"],
                                 table_id=f"table-{self.id}", escape=True)
        caption = f"<caption>{html_text(self.title)}</caption>"
        body = body.replace(">\n", f">\n{caption}\n", 1)
        link = (f'<p class="mg-download"><a href="../{DOWNLOAD_DIR}/{self.csv_name}" download>'
                f"{html_text(text('table.download', self.lang, file=self.csv_name))}</a></p>")
        return f'<div class="mg-table-block" id="{self.id}">\n{body}\n{link}\n{self._cite_html()}\n</div>'

    def _cite_html(self) -> str:
        """The citation as text and as BibTeX, each with a copy button (book/_static/access-date.js);
        the access date is left to the reader's browser."""
        placeholder = html_text(access_placeholder(self.lang))
        date = f'<span class="mg-access-date">{placeholder}</span>'

        def fill(citation: str) -> str:
            return html_text(citation).replace(placeholder, date)

        def button(label: str) -> str:
            copied = html_text(text("table.copied", self.lang))
            return f'<button type="button" class="mg-copy" data-copied="{copied}">{html_text(label)}</button>'

        return (f'<details class="mg-cite"><summary>{html_text(text("table.cite", self.lang))}</summary>\n'
                f'<p><span class="mg-cite-text">{fill(table_citation(self))}</span> '
                f'{button(text("table.copy_text", self.lang))}</p>\n'
                f'<pre class="mg-cite-bibtex">{fill(table_bibtex(self))}</pre>\n'
                f"<p>{button(text('table.copy_bibtex', self.lang))}</p>\n</details>")

    def _repr_html_(self) -> str:
        return self.to_html()


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _md_row(cells) -> str:
    return "| " + " | ".join(cells) + " |"

