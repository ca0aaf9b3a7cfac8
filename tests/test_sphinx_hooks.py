"""The book's Sphinx hooks outside a build: the downloads and their stamp, a failed download writer
failing the build, and sphinx-design's assets left off pages that do not use it."""

from __future__ import annotations

import multiprocessing
import sys

import pytest
from docutils import nodes
from sphinx.errors import ExtensionError

import mgtables
from mgtables import sphinx


def test_downloads_hold_every_table_and_are_current_until_a_file_goes(tmp_path):
    out, stamp = tmp_path / "html", tmp_path / "doctrees" / sphinx.DOWNLOADS_STAMP
    assert not sphinx._downloads_current(out, stamp, "digest")
    sphinx.write_downloads(out, stamp, "digest")
    assert {p.name for p in (out / "tables").iterdir()} == {t.csv_name for t in mgtables.all_tables()}
    assert (out / "data" / "datapackage.json").is_file()
    assert sphinx._downloads_current(out, stamp, "digest")
    assert not sphinx._downloads_current(out, stamp, "other inputs")
    (out / "tables" / "sources.csv").unlink()
    assert not sphinx._downloads_current(out, stamp, "digest")


def _finish_with_writer(exitcode: int):
    app = object()  # stands for the Sphinx application, which the hooks only use as a key
    process = multiprocessing.get_context("fork").Process(target=sys.exit, args=(exitcode,))
    process.start()
    sphinx._writers[app] = process
    sphinx._on_build_finished(app, None)
    return app


def test_a_failed_download_writer_fails_the_build():
    with pytest.raises(ExtensionError, match="downloads failed"):
        _finish_with_writer(1)


def test_a_finished_download_writer_is_forgotten():
    app = _finish_with_writer(0)
    assert app not in sphinx._writers


def _page(*classes: str) -> dict:
    context = {"css_files": ["_static/sphinx-design.min.css", "_static/mgtables.css"],
               "script_files": ["_static/design-tabs.js", "_static/doctools.js"]}
    doctree = nodes.document(None, None)
    doctree += nodes.container(classes=list(classes))
    sphinx._drop_unused_design_assets(None, "page", "page.html", context, doctree)
    return context


def test_design_assets_are_dropped_from_a_page_without_design_components():
    assert _page("cell") == {"css_files": ["_static/mgtables.css"], "script_files": ["_static/doctools.js"]}


def test_design_assets_stay_on_a_page_that_uses_them():
    assert _page("sd-tab-set")["css_files"] == ["_static/sphinx-design.min.css", "_static/mgtables.css"]
