"""Packaging: pyproject.toml declares what mgtables imports, the requirements files list it, and the
lock files are complete, hashed and agree with each other."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
from conftest import ROOT

LOCKS = ("requirements.txt", "requirements-dev.txt", "requirements-lab.txt")
INPUTS = {lock: lock.replace(".txt", ".in") for lock in LOCKS}
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
BOOK_ONLY = ("sphinx", "docutils", "myst_nb", "IPython", "jupyter_cache", "matplotlib_inline", "jupyter_book")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(line: str) -> str | None:
    """The distribution named by one requirements line, or None for comments, options, blanks."""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith("-"):
        return None
    return normalise(re.split(r"[\s<>=!~;\[]", line, maxsplit=1)[0])


def declared() -> set[str]:
    names = PROJECT["dependencies"] + [d for extra in PROJECT.get("optional-dependencies", {}).values() for d in extra]
    return {requirement_name(d) for d in names}


def third_party_imports() -> set[str]:
    """Top-level names of every absolute import in mgtables/ that is neither stdlib nor mgtables."""
    names = set()
    for path in (ROOT / "mgtables").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in {"mgtables", "__future__"}}


def locked(lock: str) -> dict[str, str]:
    """name -> version of every entry of a lock file; each must be pinned with == and hashed."""
    text = (ROOT / lock).read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        assert not line.startswith("-"), f"{lock}: option line {line!r} (index options stay out of the locks)"
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[A-Za-z0-9,._-]+\])?==(\S+)", line)  # extras kept
        assert match, f"{lock}: not pinned with ==: {line[:80]!r}"
        assert "--hash=sha256:" in line, f"{lock}: {match[1]} has no hash"
        pins[normalise(match[1])] = match[2]
    return pins


def test_every_runtime_import_is_declared():
    dists = packages_distributions()
    missing = {}
    for name in sorted(third_party_imports()):
        providers = {normalise(d) for d in dists.get(name, [])}
        assert providers, f"mgtables imports {name!r}, which no installed distribution provides"
        if not providers & declared():
            missing[name] = sorted(providers)
    assert not missing, f"imported by mgtables but not declared in pyproject.toml: {missing}"


def test_every_declared_dependency_is_in_requirements_in():
    listed = {requirement_name(line) for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()}
    assert declared() - listed == set(), "declared in pyproject.toml but missing from requirements.in"


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_is_compiled_from_its_input(lock):
    pins = locked(lock)
    wanted = {requirement_name(line) for line in (ROOT / INPUTS[lock]).read_text(encoding="utf-8").splitlines()}
    assert wanted - {None} - set(pins) == set(), f"in {INPUTS[lock]} but not in {lock}: recompile the lock"


@pytest.mark.parametrize("other", LOCKS[1:])
def test_locks_agree(other):
    runtime, extra = locked("requirements.txt"), locked(other)
    differ = {name: (runtime[name], extra[name]) for name in runtime.keys() & extra.keys()
              if runtime[name] != extra[name]}
    assert not differ, f"pinned differently in requirements.txt and {other}: {differ}"


def test_the_book_and_the_tests_install_no_jupyterlab():
    """Its rfc3987-syntax would cost every process that imports jsonschema (requirements-lab.in)."""
    installed = locked("requirements.txt").keys() | locked("requirements-dev.txt").keys()
    assert not {"jupyterlab", "rfc3987-syntax"} & installed
    assert "jupyterlab" in locked("requirements-lab.txt")


def test_makefile_installs_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes" in makefile
    assert all(lock in makefile for lock in LOCKS)


def test_core_needs_nothing_from_the_book_extra(tmp_path):
    """`import mgtables`, every table and the command line's Excel export, with the book's packages hidden."""
    script = f"""
import sys
class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BOOK_ONLY!r}:
            raise ImportError("hidden: " + name)
sys.meta_path.insert(0, Hide())
import mgtables
from mgtables.cli import main
for table_id in mgtables.ids():
    mgtables.table(table_id)
main(["export", "all", "--format", "xlsx", "--out", {str(tmp_path)!r}])
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert list(tmp_path.glob("*.xlsx"))
