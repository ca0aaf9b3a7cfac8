"""Shared test fixtures: a small valid dataset to break, the strict builds of the book (each made once per
test run, however many xdist workers share the run, and started as soon as the tests are collected), and
one Chromium with a static server for the browser tests."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from mgtables.book_meta import ROOT
from mgtables.site import build as build_site

sys.path.insert(0, str(ROOT / "benchmarks"))  # the page loading that the benchmarks and the browser tests share
from pageweight import load_all, open_page  # noqa: F401  (the browser tests import them from here)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


# Fixture name -> the book it builds, every edition (the English at the root, the others in their folders).
# `second_book` is a second clean build of the same sources, for the byte-for-byte comparison of
# tests/test_reproducible.py; both start together in the background.
BUILDS = {"built_book": ROOT, "second_book": ROOT}
BUILD_FIXTURES = set(BUILDS)
BUILD_TIMEOUT = 1200  # seconds a worker waits for a build another worker runs
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# CI (.ci/run sets CI) has Chromium and ../shared: there a browser or provenance test that skips is a test
# that did not run, and it counts as a failure.
MUST_RUN = {"test_browser.py", "test_provenance.py"}


def _fail_if_it_must_run(report) -> None:
    if os.environ.get("CI") and report.skipped and Path(str(report.fspath)).name in MUST_RUN:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome, report.longrepr = "failed", f"skipped under CI, where it must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    _fail_if_it_must_run((yield).get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    _fail_if_it_must_run((yield).get_result())


def pytest_collection_modifyitems(config, items):
    """Every test is `unit` unless it builds a book or reads one built (`book`: nbval over the notebooks
    too), drives a browser (`browser`), fuzzes the data for minutes (`fuzz`) or compiles the LaTeX exports
    with the TeX engines (`tex`, half a minute of TeX); `make unit` runs the first kind only."""
    for item in items:
        if item.get_closest_marker("browser") is None and (
                item.path.suffix == ".ipynb" or BUILD_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.book)
        if not any(item.get_closest_marker(m) for m in ("book", "browser", "fuzz", "tex")):
            item.add_marker(pytest.mark.unit)


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    """A copy of the minimal valid dataset (with the project's vocabulary) that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", target)
    shutil.copy(ROOT / "data" / "vocabulary.yaml", target)
    return target


def with_parameter(data, name: str, value):
    """The dataset with one editorial parameter (data/parameters.yaml) set to another value."""
    values = [value if i == name else v for i, v in zip(data.parameters["id"], data.parameters["value"], strict=True)]
    return replace(data, parameters=data.parameters.assign(value=values))


# `jupyter-book build` as its command line runs it, once per book, all in one interpreter: each build gets
# its own Sphinx application, and the interpreter's start (importing Jupyter Book, Sphinx and jsonschema,
# 3 s of CPU) is paid once for all of them. Prints, per build, its exit status and everything it wrote.
_BUILD_EACH = """
import contextlib, io, json, sys
from jupyter_book.cli.main import main
results = []
for source, output in json.loads(sys.argv[1]):
    written = io.StringIO()
    with contextlib.redirect_stdout(written), contextlib.redirect_stderr(written):
        try:
            main(["build", source, "--path-output", output, *sys.argv[2:]], standalone_mode=False)
            status = 0
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else 1
        except Exception as error:  # jupyter-book raises for an exception inside Sphinx
            print(repr(error))
            status = 1
    results.append({"returncode": status, "output": written.getvalue()})
print(json.dumps(results))
"""


def jupyter_book_builds(books: list[tuple[Path, Path]]) -> list[subprocess.CompletedProcess]:
    """The README's strict build (warnings are errors, broken references too) of each (source, output)."""
    run = subprocess.run(
        [sys.executable, "-c", _BUILD_EACH, json.dumps([[str(s), str(o)] for s, o in books]),
         "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return [subprocess.CompletedProcess(["jupyter-book", "build", str(source)], r["returncode"], r["output"], "")
            for (source, _), r in zip(books, json.loads(run.stdout.splitlines()[-1]), strict=True)]


def _run_folder(tmp_path_factory) -> Path:
    """A folder of this test run's own, shared by its xdist workers (their base temp folders' parent, as
    pytest-xdist documents); without xdist, the run's base temp folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


_started: list[threading.Thread] = []  # the builds this process runs, joined before it exits


def _build_in_background(folder: Path, name: str) -> None:
    """Start the build `name` in a thread unless a worker of this run already did (under a lock)."""
    with (folder / "builds.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / name).exists():
            return
        (folder / name).mkdir()

    def build():
        try:
            build_site(BUILDS[name], folder / name)  # every edition, as `make book` builds them
            outcome = {"returncode": 0, "output": ""}
        except Exception as exc:  # whatever happens, the workers waiting for the result must hear of it
            outcome = {"returncode": -1, "output": repr(exc)[-8000:]}
        (folder / f"{name}.tmp").write_text(json.dumps(outcome), encoding="utf-8")
        (folder / f"{name}.tmp").replace(folder / f"{name}.json")  # whole, or not there yet

    thread = threading.Thread(target=build, name=f"build {name}")
    thread.start()
    _started.append(thread)


def pytest_collection_finish(session):
    """Start every build that a selected test needs, while the first tests run."""
    wanted = {name for item in session.items for name in getattr(item, "fixturenames", ()) if name in BUILDS}
    if wanted and not session.config.option.collectonly:
        folder = _run_folder(session.config._tmp_path_factory)
        for name in sorted(wanted):
            _build_in_background(folder, name)


def pytest_sessionfinish(session):
    for thread in _started:
        thread.join()


def _finished_build(tmp_path_factory, name: str) -> Path:
    folder = _run_folder(tmp_path_factory)
    _build_in_background(folder, name)  # a no-op unless no selected test asked for it at collection
    result, waited = folder / f"{name}.json", 0.0
    while not result.exists():
        assert waited < BUILD_TIMEOUT, f"the build {name} in {folder} gave no result in {BUILD_TIMEOUT} s"
        time.sleep(0.2)
        waited += 0.2
    outcome = json.loads(result.read_text(encoding="utf-8"))
    assert outcome["returncode"] == 0, outcome["output"]
    return folder / name / "_build" / "html"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once per test run, from a clean state into a folder of the run's own (so two runs
    can go at once), with the stored outputs; its HTML."""
    return _finished_build(tmp_path_factory, "built_book")


@pytest.fixture(scope="session")
def second_book(tmp_path_factory) -> Path:
    """Another clean build of the same sources into another folder of the run (tests/test_reproducible.py)."""
    return _finished_build(tmp_path_factory, "second_book")


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """`folder` served on a free port of 127.0.0.1, quietly, from a thread; the server and its address."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def launch(playwright):
    """Debian's Chromium, headless, without the services that would reach the network."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_FLAGS)


@pytest.fixture(scope="session")
def site(built_book):
    """The address of the built book, served."""
    server, address = serve(built_book)
    yield address
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test of the process (each test opens its own pages or contexts)."""
    if not CHROMIUM.exists():  # under CI a failure (MUST_RUN, and test_dose and test_lookup say so)
        if os.environ.get("CI"):
            pytest.fail(f"no browser at {CHROMIUM}; .ci/run installs chromium")
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run these")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = launch(p)
        yield launched
        launched.close()


def serve_widget(folder: Path, script: str, pages: dict[str, tuple[str, str]]):
    """A script of book/_static/ served with pages that hold only its form, laid out as the book serves them (the
    script one folder up, in _static/): `pages` maps a page name to its language and body. Yields the address of
    the page folder; the server stops after the module."""
    (folder / "_static").mkdir()
    shutil.copy(ROOT / "book" / "_static" / script, folder / "_static")
    (folder / "book").mkdir()
    head = "<meta charset='utf-8'><link rel='icon' href='data:,'>"
    for name, (lang, body) in pages.items():
        (folder / "book" / f"{name}.html").write_text(
            f"<!doctype html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    server, address = serve(folder)
    yield f"{address}book/"
    server.shutdown()


def phone_tab(browser, address: str):
    """The page at `address` in a phone-sized tab; after the module, no error may have reached the console."""
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    errors = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_page(tab, address)
    yield tab
    assert errors == []
    tab.close()
