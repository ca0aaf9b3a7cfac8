"""Shared test fixtures: a small valid dataset to break, and one strict build of the book."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from mgtables.book_meta import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


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
def built_book() -> Path:
    """The book built once from a clean state into _build/test/, every notebook executed; its HTML."""
    output = ROOT / "_build" / "test"
    shutil.rmtree(output, ignore_errors=True)
    result = jupyter_book_build(ROOT, output)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return output / "_build" / "html"
