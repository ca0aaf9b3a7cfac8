"""The downloads the book offers: every registered table as CSV in tables/ (in English; each other
language's in <lang>/tables/, which its edition serves as tables/) and the whole dataset with its
data-package descriptor in data/ (one copy, the same in every language). `make refresh` writes them
into book/downloads/ and stamps them; the build copies that folder into the HTML as it is
(html_extra_path; mgtables.editions gives each other edition its own folder), so the files a reader
downloads are the ones the tests checked."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import datapackage, registry
from .dataset import load
from .i18n import edition_folder, languages
from .stamp import DOWNLOADS_DIR, DOWNLOADS_STAMP, inputs_digest
from .table import DOWNLOAD_DIR


def write(directory: Path = DOWNLOADS_DIR) -> list[Path]:
    """Write every download into `directory`, emptied first so a table that is gone leaves no file."""
    shutil.rmtree(directory, ignore_errors=True)
    for lang in languages():
        tables = directory / edition_folder(lang) / DOWNLOAD_DIR
        tables.mkdir(parents=True)
        for table in registry.all_tables(lang=lang):
            (tables / table.csv_name).write_text(table.to_csv(), encoding="utf-8")
    datapackage.write(load(), directory / datapackage.DOWNLOAD_DIR)
    return sorted(p for p in directory.rglob("*") if p.is_file())


def refresh() -> None:
    write()
    DOWNLOADS_STAMP.write_text(inputs_digest() + "\n", encoding="utf-8")
