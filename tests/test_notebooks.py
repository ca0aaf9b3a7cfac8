"""The stored outputs are the published truth: every book notebook must be fully executed (nbval
itself, run by the test command over book/, then proves the outputs match the current data).

nbval passes a notebook that was never run, since it has nothing to compare; the check here closes
that gap. Both failure modes are kept as fixtures and shown failing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
BOOK_NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def execution_problems(path: Path) -> list[str]:
    """Code cells without an execution count, or counts that are not one clean run 1, 2, 3 ..."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    problems = [f"code cell {i} has never been executed" for i, c in enumerate(code, 1)
                if c.execution_count is None]
    counts = [c.execution_count for c in code]
    if not problems and counts != list(range(1, len(code) + 1)):
        problems.append(f"execution counts {counts} are not one top-to-bottom run; run `make refresh`")
    return problems


def test_the_book_has_notebooks():
    assert len(BOOK_NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=lambda p: p.name)
def test_book_notebook_is_fully_executed(path):
    assert execution_problems(path) == []


def test_unexecuted_fixture_is_caught():
    assert execution_problems(FIXTURES / "unexecuted.ipynb") == ["code cell 1 has never been executed"]


def test_out_of_order_execution_is_caught(tmp_path):
    nb = nbformat.read(FIXTURES / "stale.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("x = 1", execution_count=5))
    path = tmp_path / "twice.ipynb"
    nbformat.write(nb, path)
    assert "not one top-to-bottom run" in execution_problems(path)[0]


@pytest.fixture(scope="module")
def nbval_outcomes(tmp_path_factory) -> dict[str, list[str | None]]:
    """nbval run on its own, once, over copies of both fixture notebooks (one interpreter for the two):
    per notebook, each cell's failure report, or None where the cell passed."""
    folder = tmp_path_factory.mktemp("nbval")
    names = ["stale.ipynb", "unexecuted.ipynb"]
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
         "-o", "addopts=", "--rootdir", str(folder), "--junitxml", str(folder / "report.xml"), *names],
        capture_output=True, text=True, check=False, cwd=folder,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr  # 1: some test failed, as it should
    outcomes: dict[str, list[str | None]] = {name: [] for name in names}
    for case in ET.parse(folder / "report.xml").iter("testcase"):
        problem = case.find("failure") if case.find("failure") is not None else case.find("error")
        outcomes[case.get("classname")].append(None if problem is None else problem.get("message", "") + (
            problem.text or ""))
    return outcomes


@pytest.mark.book  # nbval, executing notebooks in kernels of their own
def test_stale_stored_output_fails_nbval(nbval_outcomes):
    [report] = nbval_outcomes["stale.ipynb"]  # its one cell
    assert report is not None
    assert "Cell outputs differ" in report
    assert "'3\\n' == '2\\n'" in report


@pytest.mark.book
def test_nbval_alone_passes_an_unexecuted_notebook(nbval_outcomes):
    # Why execution_problems exists: this is the gap it closes.
    assert nbval_outcomes["unexecuted.ipynb"] and set(nbval_outcomes["unexecuted.ipynb"]) == {None}
