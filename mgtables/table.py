"""A table of the book: stable id, caption, data, the sources behind it, and its renderers."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

# Chapters live in book/ and the build writes every table's CSV to tables/ beside it, so a page
# reaches a download one level up. The Sphinx extension writes the files (mgtables.sphinx).
DOWNLOAD_DIR = "tables"


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    data: pd.DataFrame
    sources: tuple[str, ...]

    @property
    def csv_name(self) -> str:
        return f"{self.id}.csv"

    def to_csv(self) -> str:
        return self.data.to_csv(index=False, lineterminator="\n")

    def to_markdown(self) -> str:
        cells = [[_text(v) for v in row] for row in self.data.itertuples(index=False)]
        header = [str(c) for c in self.data.columns]
        lines = [f"Table: {self.caption}", "", _md_row(header), _md_row(["---"] * len(header))]
        return "\n".join(lines + [_md_row(row) for row in cells]) + "\n"

    def to_latex(self) -> str:
        styler = self.data.style.hide(axis="index").format(na_rep="", precision=1)
        return styler.to_latex(caption=self.caption, label=f"tab:{self.id}", hrules=True,
                               position_float="centering")

    def to_html(self) -> str:
        body = self.data.to_html(index=False, border=0, na_rep="", classes=["mg-table"],
                                 table_id=f"table-{self.id}", escape=True)
        caption = f"<caption>{html.escape(self.caption)}</caption>"
        body = body.replace(">\n", f">\n{caption}\n", 1)
        link = (f'<p class="mg-download"><a href="../{DOWNLOAD_DIR}/{self.csv_name}" download>'
                f"Download {self.csv_name}</a></p>")
        return f'<div class="mg-table-block" id="{self.id}">\n{body}\n{link}\n</div>'

    def _repr_html_(self) -> str:
        return self.to_html()


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _md_row(cells) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
