"""The book in each language: one edition per language of the catalogues, from the same notebooks.

A Sphinx extension (listed in _config.yml), and the one place that knows where each edition lives: the
source language's edition at the root of the site, each other language's in a folder of its code
(nl/). mgtables.site builds them; the prose of every edition comes from the English pages
through Sphinx's own internationalisation (gettext catalogues in book/locale/, managed with sphinx-intl),
and everything mgtables renders comes in the language from the notebooks' stored outputs:
1. The notebooks store their outputs once per language (mgtables.book marks each with its language).
   When Sphinx reads a notebook, the outputs of the other languages are dropped before myst-nb sees
   them, so an edition shows only its own tables, figures and glued values. A notebook that holds no
   output for the edition's language stops the build (its outputs predate the language).
2. Numbers pasted into the prose with a format spec ({glue:text}`name:.1f`) are written in the
   edition's conventions (a decimal comma in Dutch), by mgtables.formatting; the source language keeps
   myst-nb's own role, so its pages do not change.
3. Every page links to the same page in the other editions, each named in its own language.
"""

from __future__ import annotations

import functools
import gettext
import json
from ast import literal_eval
from html import escape
from pathlib import Path

from babel import Locale
from docutils import nodes
from myst_nb.core.variables import format_plain_text
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data
from sphinx import locale as sphinx_locale
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.i18n import CatalogInfo

from .book_meta import meta
from .i18n import SOURCE_LANGUAGE, edition_folder, languages, text


class MissingLanguage(ExtensionError):
    """A notebook whose stored outputs hold nothing in the language being built."""


def keep_language(notebook: str, lang: str, name: str = "notebook") -> str:
    """The notebook (JSON text) without the outputs made for other languages than `lang`; outputs not
    marked with a language are the same in every edition and stay."""
    nb = json.loads(notebook)
    marked = found = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            made_for = output.get("metadata", {}).get("mgtables", {}).get("lang")
            marked += made_for is not None
            found += made_for == lang
            if made_for in (None, lang):
                kept.append(output)
        cell["outputs"] = kept
    if marked and not found:
        raise MissingLanguage(f"{name} has no stored outputs in {lang!r}: run `make refresh`")
    return json.dumps(nb)


def _language(app) -> str:
    return app.config.language or SOURCE_LANGUAGE


def _keep_own_outputs(app, docname: str, source: list[str]) -> None:
    if str(app.env.doc2path(docname)).endswith(".ipynb"):
        source[0] = keep_language(source[0], _language(app), f"{docname}.ipynb")


class LocalisedPasteTextRole(PasteTextRole):
    """{glue:text}`name:spec` in an edition other than the source language's.

    A number is written the edition's way (mgtables.formatting.formatted). And the role works inside a
    translated paragraph, which Sphinx parses as a document of its own that lacks the notebook's glue
    data: there the data are read from the file myst-nb writes for each notebook before Sphinx
    translates it (<output folder>/<docname>.glue.json, as myst-nb's own cross-document glue does)."""

    language = SOURCE_LANGUAGE

    def run(self):
        key, _, spec = self.text.rpartition(":") if ":" in self.text else (self.text, "", "")
        if "::" in key:
            return super().run()
        try:
            plain = retrieve_glue_data(self.document, key).data["text/plain"]
        except RetrievalError:
            plain = _glue_cache(self.document.settings.env).get(key, {}).get("data", {}).get("text/plain")
        if plain is None:
            return super().run()  # which reports the missing key as myst-nb does
        try:
            value = literal_eval(plain)
        except (SyntaxError, ValueError):
            value = plain
        if isinstance(value, int | float) and not isinstance(value, bool):
            # imported here: formatting imports pandas, which a rebuild need not load (mgtables/__init__.py)
            from .formatting import formatted

            text = formatted(value, spec or "g", self.language)
        else:
            text = format_plain_text(plain, spec or "s")  # a text: glued in the edition's language
        node = nodes.inline(text, text, classes=["pasted-text"])
        self.set_source_info(node)
        return [node], []


def _glue_cache(env) -> dict:
    path = Path(env.mystnb_config.output_folder, *env.docname.split("/")).with_suffix(".glue.json")
    return _read_json(path, path.stat().st_mtime_ns) if path.is_file() else {}


@functools.lru_cache(maxsize=16)
def _read_json(path: Path, mtime_ns: int) -> dict:  # mtime_ns: a rewritten file is read again
    return json.loads(path.read_text(encoding="utf-8"))


def _on_config_inited(app, config) -> None:
    lang = config.language or SOURCE_LANGUAGE
    if lang not in languages():
        raise ExtensionError(f"no mgtables catalogues for the book's language {lang!r}: "
                             f"languages are {', '.join(languages())}")
    if lang != SOURCE_LANGUAGE:
        role = LocalisedPasteTextRole()
        role.language = lang
        app.add_role_to_domain("glue", "text", role, override=True)
        # Words on every page that come from the configuration (Jupyter Book's, myst-nb's, the theme's),
        # not from a catalogue of Sphinx or the theme; the source language keeps _config.yml's.
        config.html_title = meta().title_in(lang)
        config.author = text("editions.author", lang)
        config.html_theme_options = {**config.html_theme_options,
                                     "search_bar_text": text("editions.search_bar", lang),
                                     "extra_footer": text("editions.footer", lang)}
        config.numfig_format = {**config.numfig_format, "figure": text("editions.figure_number", lang)}
        config.nb_code_prompt_show = text("editions.code_prompt_show", lang)
        config.nb_code_prompt_hide = text("editions.code_prompt_hide", lang)
        _add_theme_words(app, lang)


THEME_CATALOGUE = "booktheme"  # sphinx-book-theme's own catalogue (its header buttons' words)


def _add_theme_words(app, lang: str) -> None:
    """The words of sphinx-book-theme's header in `lang` from <locale_dir>/<lang>/LC_MESSAGES/booktheme.po of the
    book's locale_dirs: the words the theme's catalogue lacks ("Repository", "Open issue") and those it words
    as no reader of the language would ("Bronopslagplaats"). This catalogue is read first, the theme's after it
    for every other word. (Sphinx compiles only its own "sphinx" catalogues of locale_dirs; this one is compiled
    here, beside the .po, as Sphinx does.)"""
    for folder in app.config.locale_dirs:
        locale_dir = Path(app.srcdir, folder)
        catalogue = CatalogInfo(str(locale_dir / lang / "LC_MESSAGES"), THEME_CATALOGUE, "utf-8")
        if not Path(catalogue.po_path).is_file():
            continue
        if catalogue.is_outdated():
            catalogue.write_mo(lang)
        key = ("general", THEME_CATALOGUE)  # how sphinx.locale keeps the theme's translator
        theirs = sphinx_locale.translators.get(key)
        ours = gettext.translation(THEME_CATALOGUE, localedir=str(locale_dir), languages=[lang])
        if theirs is not None:
            ours.add_fallback(theirs)
        sphinx_locale.translators[key] = ours


HIDDEN_CELL = 'aria-label="Toggle hidden content"'  # myst-nb writes it into a hidden cell's summary


def _translate_hidden_cells(app, pagename, templatename, context, doctree) -> None:
    """myst-nb names the button of a hidden code cell in English, outside the catalogues."""
    body = context.get("body")
    if _language(app) != SOURCE_LANGUAGE and body and HIDDEN_CELL in body:
        context["body"] = body.replace(HIDDEN_CELL, f'aria-label="{escape(_("Toggle hidden content"))}"')


def other_editions(pagename: str, lang: str) -> list[dict[str, str]]:
    """Links from `pagename` of the `lang` edition to the same page in every other edition."""
    to_root = "../" * pagename.count("/") + ("../" * edition_folder(lang).count("/"))
    return [{"lang": other, "name": Locale.parse(other).get_display_name(other).capitalize(),
             "url": f"{to_root}{edition_folder(other)}{pagename}.html"}
            for other in languages() if other != lang]


def _add_edition_links(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format == "html":
        context["mg_other_editions"] = other_editions(pagename, _language(app))


def setup(app):
    # before the handlers of myst-nb and the theme, which read the settings this one changes
    app.connect("config-inited", _on_config_inited, priority=100)
    app.connect("source-read", _keep_own_outputs)
    app.connect("html-page-context", _add_edition_links)
    app.connect("html-page-context", _translate_hidden_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
