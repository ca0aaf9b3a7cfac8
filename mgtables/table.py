"""A table of the book: stable id, number, caption, data, the sources behind it, and its renderers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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

    @property
    def csv_name(self) -> str:
        return f"{self.id}.csv"

    @property
    def title(self) -> str:
        return text("table.title", self.lang, number=self.number, caption=self.caption) if self.number else self.caption

    def to_csv(self) -> str:
        return spreadsheet_frame(self.data).to_csv(index=False, lineterminator="\n")

    def to_markdown(self) -> str:
        cells = [[markdown_cell(_text(v)) for v in row] for row in self.data.itertuples(index=False)]
        header = [markdown_cell(c) for c in self.data.columns]
        lines = [text("table.markdown_title", self.lang, title=markdown_cell(self.title)), "",
                 _md_row(header), _md_row(["---"] * len(header))]
        return "\n".join(lines + [_md_row(row) for row in cells]) + "\n"

    def to_latex(self) -> str:
        styler = self.data.style.hide(axis="index").format(na_rep="", precision=1, escape="latex")
        return styler.to_latex(caption=_latex_escape(self.title), label=f"tab:{self.id}", hrules=True,
                               position_float="centering")

    def to_excel(self, path) -> None:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            self.data.to_excel(writer, index=False, sheet_name=self.id[:31])
            pd.DataFrame({"": [self.title, table_citation(self)]}).to_excel(
                writer, index=False, header=False, sheet_name="about")

    def to_html(self) -> str:
        body = self.data.to_html(index=False, border=0, na_rep="", classes=["mg-table"],
                                 table_id=f"table-{self.id}", escape=True)
        caption = f"<caption>{html_text(self.title)}</caption>"
        body = body.replace(">\n", f">\n{caption}\n", 1)
        link = (f'<p class="mg-download"><a href="../{DOWNLOAD_DIR}/{self.csv_name}" download>'
                f"{html_text(text('table.download', self.lang, file=self.csv_name))}</a></p>")
        return f'<div class="mg-table-block" id="{self.id}">\n{body}\n{link}\n{self._cite_html()}\n</div>'

    def _cite_html(self) -> str:
        placeholder = html_text(access_placeholder(self.lang))
        date = f'<span class="mg-access-date">{placeholder}</span>'

        def fill(citation: str) -> str:
            return html_text(citation).replace(placeholder, date)

        return (f'<details class="mg-cite"><summary>{html_text(text("table.cite", self.lang))}</summary>\n'
                f"<p>{fill(table_citation(self))}</p>\n<pre>{fill(table_bibtex(self))}</pre>\n</details>")

    def _repr_html_(self) -> str:
        return self.to_html()


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _md_row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _latex_escape(text: str) -> str:
    for char, escaped in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                          ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"),
                          ("^", r"\textasciicircum{}")):
        text = text.replace(char, escaped)
    return text
