"""The book in each language: one edition per language of the catalogues, from the same notebooks.

A Sphinx extension (listed in _config.yml), and the one place that knows where each edition lives: the
source language's edition at the root of the site, each other language's in a folder of its code
(nl/). scripts/build_editions.py builds them; the prose of every edition comes from the English pages
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
import json
import shutil
import subprocess
import sys
from ast import literal_eval
from html import escape
from pathlib import Path

import yaml
from babel import Locale
from babel.messages.pofile import read_po
from docutils import nodes
from myst_nb.core.variables import format_plain_text
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data
from sphinx.errors import ExtensionError

from .bibliography import bib_file, style_name
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
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# The README's strict build: warnings are errors, broken references too.
STRICT = ("--warningiserror", "--nitpick", "--keep-going")


def translated_toc(source: Path, lang: str) -> dict:
    """The book's _toc.yml with its part captions in `lang`, from the prose catalogues. Sphinx translates a
    caption inside a page, but the theme's sidebar takes the captions from the table of contents as read."""
    toc = yaml.safe_load((source / "_toc.yml").read_text(encoding="utf-8"))
    texts = {}
    for path in sorted((source / "book" / "locale" / lang).rglob("*.po")):
        with path.open("rb") as handle:
            texts.update((m.id, m.string) for m in read_po(handle) if m.id and m.string and not m.fuzzy)
    for part in toc.get("parts", []):
        part["caption"] = texts.get(part["caption"], part["caption"])
    return toc


def build(source: Path, output: Path, flags: tuple[str, ...] = STRICT) -> dict[str, subprocess.CompletedProcess]:
    """Build every edition of the book in `source`, at once: the source language's with the book's own
    _config.yml into `output`/_build/html (as `jupyter-book build` does), each other language's with a
    copy of it that names the language into `output`/_build/editions/<lang>/, then copied to
    `output`/_build/html/<lang>/. The runs by language, each with its output; raises if any failed."""
    jupyter_book = str(Path(sys.executable).parent / "jupyter-book")
    commands = {SOURCE_LANGUAGE: [jupyter_book, "build", str(source), "--path-output", str(output), *flags]}
    (output / "_build").mkdir(parents=True, exist_ok=True)
    book_config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
    for lang in languages()[1:]:
        config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
        config["sphinx"]["config"]["language"] = lang
        # the references with their notes in the language, and the style that marks the words in another
        config["bibtex_bibfiles"] = [bib_file(lang)]
        config["sphinx"]["config"]["bibtex_default_style"] = style_name(lang)
        # The downloads folder holds each other edition's tables in <lang>/ (mgtables.downloads); the data
        # package is one copy at the site's root, which the dataset links of every edition point to.
        config["sphinx"]["config"]["html_extra_path"] = [
            f"{path.rstrip('/')}/{edition_folder(lang)}" for path in config["sphinx"]["config"]["html_extra_path"]]
        if config.get("html", {}).get("baseurl"):
            config["html"]["baseurl"] += edition_folder(lang)
        edition = output / "_build" / "editions" / lang
        edition.mkdir(parents=True, exist_ok=True)
        (edition / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        (edition / "_toc.yml").write_text(yaml.safe_dump(translated_toc(source, lang), allow_unicode=True),
                                          encoding="utf-8")
        commands[lang] = [jupyter_book, "build", str(source), "--config", str(edition / "_config.yml"),
                          "--toc", str(edition / "_toc.yml"), "--path-output", str(edition), *flags]
    # Each run logs to a file: a pipe that nobody reads while the other edition is awaited fills up
    # and stalls the build writing to it.
    logs = {lang: output / "_build" / f"build-{lang}.log" for lang in commands}
    running = {}
    for lang, command in commands.items():
        with logs[lang].open("w", encoding="utf-8") as log:
            running[lang] = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
    runs = {lang: subprocess.CompletedProcess(proc.args, proc.wait(), logs[lang].read_text(encoding="utf-8"), "")
            for lang, proc in running.items()}
    failed = [lang for lang, run in runs.items() if run.returncode != 0]
    if failed:
        raise EditionBuildFailed(
            "\n\n".join(f"the {lang} edition failed:\n{runs[lang].stdout}" for lang in failed))
    site = output / "_build" / "html"
    for lang in languages()[1:]:
        shutil.rmtree(site / edition_folder(lang), ignore_errors=True)
        shutil.copytree(output / "_build" / "editions" / lang / "_build" / "html", site / edition_folder(lang))
    first = yaml.safe_load((source / "_toc.yml").read_text(encoding="utf-8"))["root"] + ".html"
    (site / "index.html").write_text(choice_page(first, book_config["title"]), encoding="utf-8")
    return runs


def choice_page(first: str, title: str) -> str:
    """The site's root: every edition by name, the browser's preferred language opened at once (each
    edition's first page, `first`). It replaces Jupyter Book's redirect to the English first page."""
    links = "".join(f'<li><a href="{edition_folder(lang)}{first}" hreflang="{lang}" lang="{lang}">'
                    f'{Locale.parse(lang).get_display_name(lang).capitalize()}</a></li>' for lang in languages())
    wanted = json.dumps({lang: f"{edition_folder(lang)}{first}" for lang in languages()})
    return f"""<!DOCTYPE html>
<html lang="{SOURCE_LANGUAGE}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<script>
const editions = {wanted};
const wanted = (navigator.languages || [navigator.language]).map(l => l.slice(0, 2)).find(l => l in editions);
location.replace(editions[wanted || "{SOURCE_LANGUAGE}"]);
</script></head>
<body><ul>{links}</ul></body>
</html>
"""


class EditionBuildFailed(RuntimeError):
    """A `jupyter-book build` of an edition that did not succeed; the message holds the end of its log."""
