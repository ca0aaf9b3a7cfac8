"""The book's Sphinx hooks outside a build: sphinx-design's assets left off pages that do not use it, and
the extensions light to load."""

from __future__ import annotations

import subprocess
import sys

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


def test_the_extensions_start_without_the_table_packages():
    """A no-change rebuild needs the stamp, the catalogues and the References style only: the book's
    extensions load without pandas, matplotlib and openpyxl (mgtables/__init__.py imports lazily), and the
    style is registered all the same."""
    script = ("import sys, mgtables.sphinx, mgtables.editions\n"
              "from pybtex.plugin import find_plugin\n"
              "class App:\n    def __getattr__(self, name):\n        return lambda *args, **kwargs: None\n"
              "mgtables.sphinx.setup(App())\n"
              "find_plugin('pybtex.style.formatting', 'mgtables')\n"
              "print(sorted({'pandas', 'matplotlib', 'openpyxl'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1] == "[]"
