"""Sphinx hooks of the book (listed in _config.yml under sphinx.extra_extensions).

1. Executed notebooks are cached by jupyter-cache, which keys on a notebook's code cells only: a
   change to data/, mgtables/ or the book's metadata (version, table numbers) would leave stale
   outputs in the cache. Before the build reads any page, the cache is dropped whenever those inputs
   (inputs_digest) differ from the last build's.
2. sphinx-thebe registers its inline configuration script once per reading pass, so pages carried
   it twice and the browser reported a redeclared constant; each page keeps one copy of each script.
3. Every registered table is written as CSV to tables/ in the HTML output, where the download link
   under each table points, and the whole dataset with its data-package descriptor to data/, by a
   process of its own while the notebooks execute. Building the tables takes seconds, so it is
   skipped when the downloads already in the output were written from the same inputs: a no-change
   rebuild stays as quick as Sphinx's own.
4. myst-nb copies its stylesheet into _static/ only when the build finishes, after the pages are
   written, and Sphinx adds a checksum (?v=...) to a stylesheet's link only if the file is already
   there: pages written by a clean build linked it without the checksum and pages rewritten by a later
   build with it. The stylesheet is now copied before any page is written, so a page is the same
   whichever build wrote it.
5. Notebooks about to be read are executed in parallel, on every core, before Sphinx reads them.
6. sphinx-design's assets are left off the pages that use none of its components.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError

from .book_meta import DATA_DIR, meta, placements

PACKAGE_DIR = Path(__file__).resolve().parent
DOWNLOADS_STAMP = "mgtables-downloads.json"  # in the doctree directory, beside Sphinx's own state


def inputs_digest() -> str:
    """A hash over everything the executed notebooks and the downloads are made from: every file in
    data/ and mgtables/, and the book's metadata as book_meta reads it (title, version and address from
    _config.yml and VERSION; each table's number and page from _toc.yml and the notebooks' book.show
    calls), which every caption and citation carries."""
    digest = hashlib.sha256()
    for root in (DATA_DIR, PACKAGE_DIR):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    digest.update(repr((meta(), sorted(placements().items()))).encode())
    return digest.hexdigest()


def drop_stale_cache(cache_dir: Path) -> bool:
    """Empty `cache_dir` if the inputs (inputs_digest) changed since it was filled. True if dropped."""
    stamp = cache_dir / "mgtables-inputs.sha256"
    digest = inputs_digest()
    if stamp.exists() and stamp.read_text() == digest:
        return False
    shutil.rmtree(cache_dir, ignore_errors=True)
    cache_dir.mkdir(parents=True)
    stamp.write_text(digest)
    return True


def _cache_dir(app) -> Path | None:
    """The jupyter-cache myst-nb executes into, or None when the book does not use one."""
    if getattr(app.config, "nb_execution_mode", "") != "cache":
        return None
    cache = getattr(app.config, "nb_execution_cache_path", "")
    return Path(cache) if cache else Path(app.outdir).parent / ".jupyter_cache"


def _on_config_inited(app, config) -> None:
    if cache_dir := _cache_dir(app):
        drop_stale_cache(cache_dir)


def _execute_in_parallel(app, env, docnames) -> None:
    """myst-nb executes each notebook as Sphinx reads it, one after another. The notebooks about to be
    read are executed first, on every core, into the same cache, and myst-nb then finds them there.
    One that fails is not cached: myst-nb runs it again and reports the error as it always does."""
    cache_dir = _cache_dir(app)
    paths = [Path(env.doc2path(doc)) for doc in sorted(docnames)]
    paths = [str(p) for p in paths if p.suffix == ".ipynb"]
    if cache_dir is None or len(paths) < 2:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(cache_dir))
    records = [cache.add_nb_to_project(path) for path in paths]
    quiet = logging.getLogger("mgtables.execute")
    quiet.setLevel(logging.WARNING)
    load_executor("local-parallel", cache=cache, logger=quiet).run_and_cache(
        filter_pks=[r.pk for r in records], timeout=app.config.nb_execution_timeout,
        allow_errors=app.config.nb_execution_allow_errors)


def _downloads_current(outdir: Path, stamp: Path, digest: str) -> bool:
    if not stamp.exists():
        return False
    previous = json.loads(stamp.read_text(encoding="utf-8"))
    return previous["digest"] == digest and all((outdir / name).is_file() for name in previous["files"])


def write_downloads(outdir: Path, stamp: Path, digest: str) -> None:
    """Every registered table as CSV in tables/, the dataset with its descriptor in data/, and the stamp."""
    from . import datapackage, registry  # here, not at the top: a build that skips this needs neither
    from .dataset import load
    from .table import DOWNLOAD_DIR

    out = outdir / DOWNLOAD_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in registry.all_tables():
        (out / table.csv_name).write_text(table.to_csv(), encoding="utf-8")
        written.append(out / table.csv_name)
    package = datapackage.write(load(), outdir / datapackage.DOWNLOAD_DIR)
    written += sorted(package.parent.iterdir())
    files = sorted(str(path.relative_to(outdir)) for path in written)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"digest": digest, "files": files}, indent=1), encoding="utf-8")


_writers: dict = {}  # Sphinx application -> the process writing its downloads


def _start_downloads(app, env, docnames) -> None:
    """Write the downloads in a process of their own while the notebooks execute (the build waits for
    it when it finishes); not at all when the ones in the output were written from the same inputs."""
    if app.builder.format != "html":
        return
    outdir, stamp, digest = Path(app.outdir), Path(app.doctreedir) / DOWNLOADS_STAMP, inputs_digest()
    if _downloads_current(outdir, stamp, digest):
        return
    process = multiprocessing.get_context("fork").Process(
        target=write_downloads, args=(outdir, stamp, digest), name="mgtables-downloads")
    process.start()
    _writers[app] = process


def _on_build_finished(app, exception) -> None:
    process = _writers.pop(app, None)
    if process is None:
        return
    process.join()
    if process.exitcode != 0 and exception is None:
        raise ExtensionError(f"writing the table downloads failed (exit code {process.exitcode}); "
                             "its traceback is printed above")


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
    """Jupyter Book loads sphinx-design's stylesheet and script on every page; a page that uses none of
    its components (their nodes carry classes sd-...) is served without them."""
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
    app.connect("env-before-read-docs", _start_downloads)  # first: it must not wait for the notebooks
    app.connect("env-before-read-docs", _execute_in_parallel)
    # html-page-context stops at the first handler that returns a template, so run before the theme's.
    app.connect("html-page-context", _drop_duplicate_scripts, priority=100)
    app.connect("html-page-context", _drop_unused_design_assets, priority=100)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
