"""Chapter 'Tables and data': every table with its caption, download and citation, and the dataset."""

from __future__ import annotations

import html

import pandas as pd

from .. import datapackage, registry
from ..book_meta import meta
from ..citation import table_citation
from ..dataset import Dataset
from ..i18n import SOURCE_LANGUAGE
from ..registry import register
from ..table import DOWNLOAD_DIR, Table

PAGE = "book/tables"  # the page that shows this module's tables; they are numbered by position


def _number_key(number: str) -> tuple:
    return tuple(int(p) for p in number.split(".")) if number else (999,)


INDEX_ID = "table-index"


def _listed(data: Dataset, lang: str) -> list[Table]:
    """Every table but the index itself (which cannot list its own citation while being built)."""
    tables = [registry.get(table_id, data, lang) for table_id in registry.ids() if table_id != INDEX_ID]
    return sorted(tables, key=lambda t: _number_key(t.number))


@register(INDEX_ID, position=1)
def table_index(data: Dataset, lang: str) -> Table:
    tables = _listed(data, lang)
    frame = pd.DataFrame({
        "Number": [t.number for t in tables],
        "Id": [t.id for t in tables],
        "Caption": [t.caption for t in tables],
        "Address": [t.url for t in tables],
        "Download": [f"{meta().baseurl}{DOWNLOAD_DIR}/{t.csv_name}" for t in tables],
        "Citation": [table_citation(t) for t in tables],
    })
    return Table(INDEX_ID, "Every table of the book, with its address, download and citation.", frame, ())


def index_html(data: Dataset, lang: str = SOURCE_LANGUAGE) -> str:
    """The table index with working links, for the page (the registered table keeps plain addresses)."""
    rows = []
    for t in _listed(data, lang):
        page = t.url.split("/")[-1] if t.number else ""
        link = f'<a href="{html.escape(page)}">{html.escape(t.id)}</a>' if page else html.escape(t.id)
        rows.append(f"<tr><td>{t.number}</td><td>{link}</td><td>{html.escape(t.caption)}</td>"
                    f'<td><a href="../{DOWNLOAD_DIR}/{t.csv_name}" download>CSV</a></td></tr>')
    return ('<div class="mg-table-block"><table class="mg-table" id="table-index-links">'
            "<caption>Every table of the book: number, id (linked to its page), caption and download.</caption>"
            "<thead><tr><th>Number</th><th>Table</th><th>Caption</th><th>Download</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


@register("dataset-files", position=2)
def dataset_files(data: Dataset, lang: str) -> Table:
    descriptor = datapackage.descriptor(data)
    frame = pd.DataFrame({
        "File": [r["path"] for r in descriptor["resources"]],
        "Rows": [len(datapackage.tables(data)[r["path"].removesuffix(".csv")][0]) for r in descriptor["resources"]],
        "Columns": [", ".join(f["name"] for f in r["schema"]["fields"]) for r in descriptor["resources"]],
    })
    return Table("dataset-files", "The dataset as tidy CSV files, described by datapackage.json "
                 f"(licence: {datapackage.LICENSE['title']}).", frame, ())


def dataset_links_html(data: Dataset) -> str:
    names = [r["path"] for r in datapackage.descriptor(data)["resources"]] + ["datapackage.json"]
    items = "".join(f'<li><a href="../{datapackage.DOWNLOAD_DIR}/{n}" download>{n}</a></li>' for n in names)
    return f'<ul class="mg-dataset-links">{items}</ul>'
