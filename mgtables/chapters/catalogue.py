"""Chapter 'Tables and data': every table with its caption, download and citation, and the dataset."""

from __future__ import annotations

import pandas as pd

from .. import datapackage, registry
from ..book_meta import meta
from ..citation import table_citation
from ..dataset import Dataset
from ..escape import html_text
from ..i18n import SOURCE_LANGUAGE, edition_folder, text
from ..registry import register
from ..table import DOWNLOAD_DIR, Table, long_table_attributes

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
    downloads = f"{meta().baseurl}{edition_folder(lang)}{DOWNLOAD_DIR}/"
    frame = pd.DataFrame({
        text("catalogue.col.number", lang): [t.number for t in tables],
        text("catalogue.col.id", lang): [t.id for t in tables],
        text("catalogue.col.caption", lang): [t.caption for t in tables],
        text("catalogue.col.address", lang): [t.url for t in tables],
        text("catalogue.col.download", lang): [f"{downloads}{t.csv_name}" for t in tables],
        text("catalogue.col.citation", lang): [table_citation(t) for t in tables],
    })
    return Table(INDEX_ID, text("catalogue.caption.index", lang), frame, ())


def index_html(data: Dataset, lang: str = SOURCE_LANGUAGE) -> str:
    """The table index with working links, for the page (the registered table keeps plain addresses)."""
    rows = []
    csv = html_text(text("catalogue.links.csv_file", lang))
    for t in _listed(data, lang):
        page = t.url.split("/")[-1] if t.number else ""
        link = f'<a href="{html_text(page)}">{html_text(t.id)}</a>' if page else html_text(t.id)
        rows.append(f"<tr><td>{t.number}</td><td>{link}</td><td>{html_text(t.caption)}</td>"
                    f'<td><a href="../{DOWNLOAD_DIR}/{t.csv_name}" download>{csv}</a></td></tr>')
    heads = ["catalogue.col.number", "catalogue.links.table", "catalogue.col.caption", "catalogue.col.download"]
    head = "".join(f"<th>{html_text(text(h, lang))}</th>" for h in heads)
    return (f'<div class="mg-table-block"><div class="mg-table-wrap"><table class="mg-table" id="table-index-links"'
            f'{long_table_attributes(len(rows), lang)}>'
            f"<caption>{html_text(text('catalogue.links.caption', lang))}</caption>"
            f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></div>")


@register("dataset-files", position=2)
def dataset_files(data: Dataset, lang: str) -> Table:
    descriptor = datapackage.descriptor(data)
    frame = pd.DataFrame({
        text("catalogue.col.file", lang): [r["path"] for r in descriptor["resources"]],
        text("catalogue.col.rows", lang): [len(datapackage.tables(data)[r["path"].removesuffix(".csv")][0])
                                           for r in descriptor["resources"]],
        text("catalogue.col.columns", lang): [", ".join(f["name"] for f in r["schema"]["fields"])
                                              for r in descriptor["resources"]],
    })
    return Table("dataset-files", text("catalogue.caption.files", lang, licence=datapackage.LICENSE["title"]),
                 frame, ())


def dataset_links_html(data: Dataset, lang: str) -> str:
    """The dataset's files as download links: file names, the same in every language, and one copy of
    the files, at the site's root (the page is one folder down, the edition perhaps one more)."""
    names = [r["path"] for r in datapackage.descriptor(data)["resources"]] + ["datapackage.json"]
    up = "../" * (1 + edition_folder(lang).count("/"))
    items = "".join(f'<li><a href="{up}{datapackage.DOWNLOAD_DIR}/{n}" download>{n}</a></li>' for n in names)
    return f'<ul class="mg-dataset-links">{items}</ul>'
