"""The whole site: every edition of the book built at once, and the root page that offers each.

Apart from mgtables.editions (the Sphinx extension each edition's build loads) because building needs
none of what the extension imports (myst-nb, and with it nbformat and jsonschema: seconds of every
process that only starts the builds: `make book`, the tests' builds, the bench).
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import traceback
from html import escape
from pathlib import Path

import yaml
from babel import Locale
from babel.messages.pofile import read_po

from .bibliography import bib_file, style_name
from .i18n import SOURCE_LANGUAGE, edition_folder, languages

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
    commands = {SOURCE_LANGUAGE: ["build", str(source), "--path-output", str(output), *flags]}
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
        commands[lang] = ["build", str(source), "--config", str(edition / "_config.yml"),
                          "--toc", str(edition / "_toc.yml"), "--path-output", str(edition), *flags]
    # Each build logs to a file: a pipe that nobody reads while another edition is awaited fills up and
    # stalls the build writing to it.
    logs = {lang: output / "_build" / f"build-{lang}.log" for lang in commands}
    builds = {lang: [args, str(logs[lang])] for lang, args in commands.items()}
    preload = book_config.get("sphinx", {}).get("extra_extensions", [])
    runner = subprocess.run([sys.executable, "-m", __name__, json.dumps(builds), json.dumps(preload)],
                            capture_output=True, text=True, check=False)
    if runner.returncode != 0:
        raise EditionBuildFailed(f"the builds did not start:\n{runner.stderr[-3000:]}")
    statuses = json.loads(runner.stdout.splitlines()[-1])
    runs = {lang: subprocess.CompletedProcess(["jupyter-book", *args], statuses[lang],
                                              logs[lang].read_text(encoding="utf-8"), "")
            for lang, args in commands.items()}
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


# What every build imports, seconds of CPU (half of a clean build of the book): imported once by the
# process that forks the builds, so that each starts with them in memory.
PRELOAD = ("jupyter_book.cli.main", "jupyter_book.sphinx", "sphinx.application", "myst_nb", "sphinx_book_theme",
           "sphinxcontrib.bibtex")


def fork_builds(builds: dict[str, list], extensions: list[str]) -> dict[str, int]:
    """Run each of `builds` (name -> [jupyter-book's arguments, a log file]) in a fork of this process, all at
    once, after importing PRELOAD and the book's `extensions`; the exit status of each."""
    for module in (*PRELOAD, *extensions):
        importlib.import_module(module)
    children = {}
    for name, (args, log) in builds.items():
        pid = os.fork()
        if pid == 0:  # the child: its build, then out without running the parent's exit handlers
            os._exit(_logged_build(args, log))
        children[pid] = name
    statuses = {}
    while children:
        pid, status = os.wait()
        statuses[children.pop(pid)] = os.waitstatus_to_exitcode(status)
    return statuses


def _logged_build(args: list[str], log: str) -> int:
    """`jupyter-book <args>` in this process, everything it writes going to `log`; its exit status."""
    from jupyter_book.cli.main import main

    handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(handle, 1)
    os.dup2(handle, 2)
    try:
        main(args, standalone_mode=False)
        return 0
    except SystemExit as stop:
        return 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # jupyter-book raises for an exception inside Sphinx: the log says which
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


class EditionBuildFailed(RuntimeError):
    """A `jupyter-book build` of an edition that did not succeed; the message holds the end of its log."""


if __name__ == "__main__":  # build(): the builds forked from one process
    print(json.dumps(fork_builds(json.loads(sys.argv[1]), json.loads(sys.argv[2]))))
