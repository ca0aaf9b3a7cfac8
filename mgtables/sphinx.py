"""Sphinx hooks of the book (listed in _config.yml under sphinx.extra_extensions).

1. The book publishes the stored outputs of its notebooks and the stored downloads (execution is off):
   what the tests proved. Before anything is read, the build stops if any of them is stale, that is,
   was not made from the current data/, mgtables/ and book metadata (mgtables.stamp), naming what is
   stale and the command that refreshes it. So a bare `jupyter-book build .` never publishes outputs
   the data no longer give.
The others work around Jupyter Book 1's extensions (seen with sphinx-thebe 0.3.1, myst-nb 1.4.0 and
   sphinx-design 0.8.0; no upstream issue for them was found):
2. sphinx-thebe registers its inline configuration script once per reading pass, so pages carried
   it twice and the browser reported a redeclared constant; each page keeps one copy of each script.
3. myst-nb copies its stylesheet into _static/ only when the build finishes, after the pages are
   written, and Sphinx adds a checksum (?v=...) to a stylesheet's link only if the file is already
   there: pages written by a clean build linked it without the checksum and pages rewritten by a later
   build with it. The stylesheet is now copied before any page is written, so a page is the same
   whichever build wrote it.
4. Jupyter Book loads sphinx-design's assets on every page; they are left off the pages that use none
   of its components.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError

from . import stamp


class StaleOutputs(ConfigError):
    """Stored outputs that the current data and code would not give."""


def refuse_stale_outputs(srcdir: Path) -> None:
    """Raise StaleOutputs naming every stale notebook and download, for the book in `srcdir`."""
    if Path(srcdir).resolve() != stamp.ROOT:
        return  # another book (a test fixture) that happens to load this extension
    stale = stamp.stale_outputs()
    if stale:
        raise StaleOutputs(
            f"the stored outputs of {', '.join(stale)} were not made from the current data/ and mgtables/ "
            f"(their stamp differs); run `{stamp.REFRESH}` to re-execute them, or `make book`, which "
            "refreshes what is stale and then builds")


def _on_config_inited(app, config) -> None:
    refuse_stale_outputs(Path(app.srcdir))


def _copy_mystnb_css_early(app) -> None:
    from myst_nb.sphinx_ext import add_global_html_resources

    if app.builder.format == "html":
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # the second registration names an inline script '' instead of None: compare what is rendered
        key = (getattr(script, "filename", script) or "", repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")  # 62 kB on every page


def _drop_unused_design_assets(app, pagename, templatename, context, doctree) -> None:
    """A page that uses none of sphinx-design's components (their nodes carry classes sd-...) is served
    without its stylesheet and script."""
    uses_design = doctree is not None and any(
        cls.startswith("sd-") for node in doctree.findall(nodes.Element) for cls in node.get("classes", []))
    if uses_design:
        return
    for key in ("css_files", "script_files"):
        context[key][:] = [f for f in context.get(key, [])
                           if not str(getattr(f, "filename", f) or "").endswith(DESIGN_ASSETS)]


def setup(app):
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _copy_mystnb_css_early)
    # html-page-context stops at the first handler that returns a template, so run before the theme's.
    app.connect("html-page-context", _drop_duplicate_scripts, priority=100)
    app.connect("html-page-context", _drop_unused_design_assets, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
