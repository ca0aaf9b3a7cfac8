"""The package keeps the architecture of pyproject.toml ([tool.importlinter]): the chapters above the
domain layer above the data layer, and no chapter importing another. lint-imports checks it, and is
shown to fail on a copy of the package where an import breaks a contract."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from conftest import BIN, ROOT

CONTRACTS = {c["type"]: c["name"] for c in
             tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]}


LINT_IMPORTS = BIN / "lint-imports"


def lint_imports(package_parent: Path) -> subprocess.CompletedProcess:
    """lint-imports with the project's contracts, on the mgtables package found in `package_parent`."""
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} is missing: import-linter belongs in the development requirements"
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=package_parent, env={**os.environ, "PYTHONPATH": str(package_parent)},
        capture_output=True, text=True, check=False,
    )


def test_the_package_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACTS.values():
        assert f"{name} KEPT" in result.stdout


# (module, the import added to it, the contract it breaks)
BREAKS = {
    "a chapter importing another": ("chapters/limits.py", "from .intakes import age_label", "independence"),
    "the domain importing a chapter": ("domain/matching.py", "from ..chapters import intakes", "layers"),
    "the data layer importing the domain": ("dataset.py", "from .domain import units", "layers"),
    "the schema importing the validator": ("schema.py", "from .validate import terms", "layers"),
}


@pytest.mark.parametrize("case", BREAKS.values(), ids=BREAKS.keys())
def test_an_import_against_a_contract_fails_the_check(tmp_path, case):
    module, line, contract = case
    shutil.copytree(ROOT / "mgtables", tmp_path / "mgtables", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "mgtables" / module
    future = "from __future__ import annotations\n"
    path.write_text(path.read_text(encoding="utf-8").replace(future, f"{future}{line}\n", 1), encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert f"{CONTRACTS[contract]} BROKEN" in result.stdout
