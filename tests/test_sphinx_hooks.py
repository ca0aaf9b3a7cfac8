"""The book's Sphinx hooks outside a build: sphinx-design's assets left off pages that do not use it."""

from __future__ import annotations

from docutils import nodes

from mgtables import sphinx


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
