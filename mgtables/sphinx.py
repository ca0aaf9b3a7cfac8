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
And one that makes the book's own tables citable in the prose:
5. A table is shown as HTML that mgtables renders (number, caption, download, citation), which Sphinx
   sees as raw markup. Each such block is wrapped in an enumerable node labelled with the table's id, so
   Sphinx numbers it as a table and `{numref}` works for tables as for figures ("see {numref}`intakes-
   by-authority`"); a test checks that Sphinx's number is the one mgtables declared.
And one for speed:
6. The References page's style (mgtables.bibliography) marks the words of an entry in another language
   than the edition's with a pybtex tag lang-<code>; the docutils backend of sphinxcontrib-bibtex knows only
   its own tags and would drop the mark, so each language's tag is given a node that the HTML writes as a
   span with that lang (a reader's screen reader then reads an English title as English).
7. pybtex finds a backend by name among the entry points of every installed package, each time a text
   is rendered by name (`Text.render_as("text")`, twice over: "text" is an alias), and the labels of the
   References page (mgtables.bibliography) render every author's name so: a tenth of a no-change
   rebuild. The same class, registered under that name at run time, is found without the search.
And one for the other editions:
8. A figure's image description (its alt text, in the notebook cell's metadata) stayed English in every
   edition: myst-nb keeps no output format for the gettext builder, so its post-transform dropped the figures
   before the builder took the page's texts, and the alt texts never reached the catalogues. The gettext
   builder now keeps the SVG, whose image carries the alt text: `make translations` puts it in the page's
   catalogue beside the caption, and Sphinx translates it as it does the caption (an untranslated one fails
   tests/test_editions.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError

from . import stamp
from .i18n import languages


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


class book_table(nodes.General, nodes.Element):  # lower case, as docutils names its nodes
    """A table mgtables rendered, as Sphinx numbers and cross-references it."""


TABLE_BLOCK = re.compile(r'<div class="mg-table-block" id="([^"]+)">')


def _label_tables(app, doctree) -> None:
    std = app.env.get_domain("std")
    for raw in list(doctree.findall(nodes.raw)):
        found = TABLE_BLOCK.search(raw.astext()) if raw.get("format") == "html" else None
        if found is None:
            continue
        table_id = found.group(1)
        # The node takes the id of the <table> element inside the block ("table-<id>"): the block's own
        # id can equal a section's (the page "Data dictionary" shows the table data-dictionary).
        anchor = f"table-{table_id}"
        wrapper = book_table(ids=[anchor], caption=table_id)
        raw.replace_self(wrapper)
        wrapper += raw
        doctree.set_id(wrapper)  # registers the id with the document, where numref looks it up
        std.anonlabels[table_id] = (app.env.docname, anchor)
        std.labels[table_id] = (app.env.docname, anchor, table_id)


def _table_title(node) -> str:
    return node["caption"]


def _skip(self, node) -> None:
    """The raw block inside already shows the number and caption."""


def _on_config_inited(app, config) -> None:
    refuse_stale_outputs(Path(app.srcdir))
    # See 8. above: the gettext builder keeps a figure's SVG, whose image carries the alt text.
    config.nb_mime_priority_overrides = [*config.nb_mime_priority_overrides, ("gettext", "image/svg+xml", 10)]


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


class other_language(nodes.inline):  # lower case, as docutils names its nodes
    """Words in another language than the page's, as <span lang="..."> (see 6. above)."""


def _visit_other_language(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def _depart_other_language(self, node) -> None:
    self.body.append("</span>")


def _mark_languages_in_references() -> None:
    import functools

    from pybtex.plugin import find_plugin

    Backend = find_plugin("pybtex.backends", "docutils")  # pybtex-docutils, which sphinxcontrib-bibtex renders with
    for lang in languages():
        Backend.tags[f"lang-{lang}"] = functools.partial(other_language, lang=lang)


def _find_the_text_backend_at_once() -> None:
    from pybtex.backends.plaintext import Backend
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.backends", "text", Backend)  # the class the alias "text" names (pybtex's own)


def setup(app):
    from . import bibliography  # noqa: F401  (importing it registers the References page's style, `mgtables`)

    _find_the_text_backend_at_once()
    _mark_languages_in_references()
    app.add_node(other_language, html=(_visit_other_language, _depart_other_language))
    app.add_enumerable_node(book_table, "table", _table_title, html=(_skip, _skip), latex=(_skip, _skip),
                            text=(_skip, _skip))
    app.connect("config-inited", _on_config_inited)
    app.connect("doctree-read", _label_tables)
    app.connect("builder-inited", _copy_mystnb_css_early)
    # html-page-context stops at the first handler that returns a template, so run before the theme's.
    app.connect("html-page-context", _drop_duplicate_scripts, priority=100)
    app.connect("html-page-context", _drop_unused_design_assets, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
