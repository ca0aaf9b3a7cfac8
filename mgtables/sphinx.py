"""Sphinx hooks of the book (listed in _config.yml under sphinx.extra_extensions).

1. Executed notebooks are cached by jupyter-cache, which keys on a notebook's code cells only: a
   change to data/ or mgtables/ would leave stale outputs in the cache. Before the build reads any
   page, the cache is dropped whenever those inputs differ from the last build's.
2. sphinx-thebe registers its inline configuration script once per reading pass, so pages carried
   it twice and the browser reported a redeclared constant; each page keeps one copy of each script.
3. After the build, every registered table is written as CSV to tables/ in the HTML output, where
   the download link under each table points, and the whole dataset with its data-package
   descriptor to data/.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from . import (
    chapters,  # noqa: F401  (registers every table)
    datapackage,
    registry,
)
from .dataset import DATA_DIR, load
from .table import DOWNLOAD_DIR

PACKAGE_DIR = Path(__file__).resolve().parent


def inputs_digest() -> str:
    """A hash over every file in data/ and mgtables/, by path and content."""
    digest = hashlib.sha256()
    for root in (DATA_DIR, PACKAGE_DIR):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def drop_stale_cache(cache_dir: Path) -> bool:
    """Empty `cache_dir` if data/ or mgtables/ changed since it was filled. True if dropped."""
    stamp = cache_dir / "mgtables-inputs.sha256"
    digest = inputs_digest()
    if stamp.exists() and stamp.read_text() == digest:
        return False
    shutil.rmtree(cache_dir, ignore_errors=True)
    cache_dir.mkdir(parents=True)
    stamp.write_text(digest)
    return True


def _on_config_inited(app, config) -> None:
    cache = getattr(config, "nb_execution_cache_path", "")
    if getattr(config, "nb_execution_mode", "") == "cache":
        cache_dir = Path(cache) if cache else Path(app.outdir).parent / ".jupyter_cache"
        drop_stale_cache(cache_dir)


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / DOWNLOAD_DIR
    out.mkdir(exist_ok=True)
    for table in registry.all_tables():
        (out / table.csv_name).write_text(table.to_csv(), encoding="utf-8")
    datapackage.write(load(), Path(app.outdir) / datapackage.DOWNLOAD_DIR)


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # the second registration names an inline script '' instead of None: compare what is rendered
        key = (getattr(script, "filename", script) or "", repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


def setup(app):
    app.connect("config-inited", _on_config_inited)
    # html-page-context stops at the first handler that returns a template, so run before the theme's.
    app.connect("html-page-context", _drop_duplicate_scripts, priority=100)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
