"""The book publishes stored outputs (execution is off): a stamp on each notebook and on the downloads
says what they were made from, and the build refuses outputs whose stamp is not the current one."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess

import pytest
from conftest import BIN, ROOT

from mgtables import sphinx, stamp

NOTEBOOK = {"cells": [{"cell_type": "markdown", "source": ["# Title"]},
                      {"cell_type": "code", "source": ["x = 1\n", "x"]}], "metadata": {}}


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """data/ copied to a folder the digest reads instead, for a test to change."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setattr(stamp, "DATA_DIR", target)
    stamp.inputs_digest.cache_clear()
    yield target
    stamp.inputs_digest.cache_clear()


def test_the_stored_outputs_are_current():
    """What the book publishes was made from the data and code as they are: else run `make refresh`."""
    assert stamp.stale_outputs() == []


def test_a_data_edit_makes_every_notebook_stale(data_copy):
    before = stamp.notebook_digest(NOTEBOOK)
    assert stamp.notebook_digest(NOTEBOOK) == before
    (data_copy / "sources.yaml").write_text((data_copy / "sources.yaml").read_text() + "\n")
    stamp.inputs_digest.cache_clear()
    assert stamp.notebook_digest(NOTEBOOK) != before


def test_a_notebook_is_stale_when_its_code_changes_but_not_its_prose():
    before = stamp.notebook_digest(NOTEBOOK)
    prose = copy.deepcopy(NOTEBOOK)
    prose["cells"][0]["source"] = ["# Another title"]
    assert stamp.notebook_digest(prose) == before
    code = copy.deepcopy(NOTEBOOK)
    code["cells"][1]["source"] = ["x = 2\n", "x"]
    assert stamp.notebook_digest(code) != before


def test_a_stamped_notebook_is_current_until_its_code_changes(tmp_path):
    notebook = copy.deepcopy(NOTEBOOK)
    stamp.stamp_notebook(notebook)
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(notebook))
    assert stamp.notebook_is_current(path)
    notebook["cells"][1]["source"] = ["x = 3"]
    path.write_text(json.dumps(notebook))
    assert not stamp.notebook_is_current(path)


def test_an_unstamped_notebook_is_stale(tmp_path):
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(NOTEBOOK))
    assert not stamp.notebook_is_current(path)


def test_the_downloads_are_stale_when_their_stamp_is_missing_or_old(tmp_path, monkeypatch):
    monkeypatch.setattr(stamp, "DOWNLOADS_STAMP", tmp_path / "downloads.sha256")
    assert not stamp.downloads_are_current()
    stamp.DOWNLOADS_STAMP.write_text("0" * 64 + "\n")
    assert not stamp.downloads_are_current()
    stamp.DOWNLOADS_STAMP.write_text(stamp.inputs_digest() + "\n")
    assert stamp.downloads_are_current()


def test_the_build_refuses_stale_outputs_naming_them_and_the_command(monkeypatch):
    monkeypatch.setattr(stamp, "stale_outputs", lambda: ["book/intakes.ipynb", "book/downloads"])
    with pytest.raises(sphinx.StaleOutputs, match=r"book/intakes\.ipynb, book/downloads .*make refresh"):
        sphinx.refuse_stale_outputs(ROOT)
    sphinx.refuse_stale_outputs(ROOT / "tests")  # another book: not this one's outputs to judge


@pytest.mark.book
def test_a_data_edit_without_refresh_fails_the_build(tmp_path):
    """The README's promise, end to end: a copy of the project whose data changed after the last
    refresh does not build, and the message names the stale notebooks and the command to run."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__"))
    figures = project / "data" / "figures.yaml"
    figures.write_text(figures.read_text(encoding="utf-8").replace("low: 30\n", "low: 31\n", 1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project)}  # the copy's mgtables, so the copy's data
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(project), "--path-output", str(tmp_path / "out")],
                            capture_output=True, text=True, check=False, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "book/intakes.ipynb" in output and "make refresh" in output, output[-3000:]
