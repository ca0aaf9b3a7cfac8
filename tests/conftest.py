"""Shared test fixtures: a small valid dataset to break, and one strict build of the book."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from mgtables import editions
from mgtables.book_meta import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


BUILD_FIXTURES = {"built_book"}
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
    too), drives a browser (`browser`) or fuzzes the data for minutes (`fuzz`); `make unit` runs the first
    kind only."""
    for item in items:
        if item.get_closest_marker("browser") is None and (
                item.path.suffix == ".ipynb" or BUILD_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.book)
        if not any(item.get_closest_marker(m) for m in ("book", "browser", "fuzz")):
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


def jupyter_book_build(source: Path, output: Path) -> subprocess.CompletedProcess:
    """The README's strict build (warnings are errors, broken references too) of `source`."""
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(output),
         "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once per test run, every edition as `make book` builds them (mgtables.editions),
    from a clean state into a folder of the run's own (so two runs can go at once), with the stored
    outputs; its HTML (the English edition at the root, the others in their folders)."""
    output = tmp_path_factory.mktemp("book")
    editions.build(ROOT, output)
    return output / "_build" / "html"
