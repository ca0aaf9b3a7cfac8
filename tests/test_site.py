"""Building the site (mgtables.site): one process imports Jupyter Book, Sphinx and the extensions, then forks a
build per edition; each build's exit status and everything it wrote come back, and a failed edition stops
the site with its log."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mgtables import site
from mgtables.book_meta import ROOT


@pytest.mark.book  # imports all of Jupyter Book and Sphinx: seconds
def test_each_forked_build_reports_its_own_status_and_writes_its_own_log(tmp_path):
    builds = {"ok": [["--help"], str(tmp_path / "ok.log")],
              "broken": [["build", str(tmp_path / "no such book")], str(tmp_path / "broken.log")]}
    command = [sys.executable, "-m", "mgtables.site", json.dumps(builds), json.dumps(["mgtables.sphinx"])]
    runner = subprocess.run(command, capture_output=True, text=True, check=True)
    statuses = json.loads(runner.stdout.splitlines()[-1])
    assert statuses["ok"] == 0 and statuses["broken"] != 0
    assert "Usage" in (tmp_path / "ok.log").read_text()
    assert "no such book" in (tmp_path / "broken.log").read_text()
    assert runner.stdout.count("\n") == 1  # the children wrote to their logs, not to the runner's output


def test_a_failed_edition_stops_the_site_with_its_log(tmp_path, monkeypatch):
    def runner(command, **kwargs):
        builds = json.loads(command[3])
        for lang, (_, log) in builds.items():
            with open(log, "w", encoding="utf-8") as handle:
                handle.write(f"{lang}: {'WARNING: a broken reference' if lang == 'nl' else 'built'}\n")
        return subprocess.CompletedProcess(command, 0, json.dumps({lang: int(lang == "nl") for lang in builds}), "")

    monkeypatch.setattr(site.subprocess, "run", runner)
    expected = r"the nl edition failed:\nnl: WARNING: a broken reference"
    with pytest.raises(site.EditionBuildFailed, match=expected) as failed:
        site.build(ROOT, tmp_path)
    assert "the en edition" not in str(failed.value)
    assert not (tmp_path / "_build" / "html" / "index.html").exists()  # nothing published


def test_a_runner_that_does_not_start_is_reported_with_what_it_wrote(tmp_path, monkeypatch):
    monkeypatch.setattr(site.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(
        command, 1, "", "ModuleNotFoundError: No module named 'jupyter_book'"))
    with pytest.raises(site.EditionBuildFailed, match=r"did not start:\nModuleNotFoundError"):
        site.build(ROOT, tmp_path)
