"""The table registry: ids are unique, a table is built once per dataset and rebuilt for another."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

import mgtables
from mgtables import registry

DATA = mgtables.load()


def test_a_table_is_built_once_per_dataset():
    assert registry.get("sources", DATA) is registry.get("sources", DATA)


def test_another_dataset_gets_its_own_tables():
    fewer = replace(DATA, sources=DATA.sources.iloc[:2])
    first = registry.get("sources", DATA)
    other = registry.get("sources", fewer)
    assert len(other.data) == 2 and len(first.data) == len(DATA.sources)
    assert registry.get("sources", DATA) is not other


def test_unknown_table_names_the_known_ones():
    with pytest.raises(KeyError, match=r"known tables: .*sources"):
        registry.get("no-such-table")


def test_an_id_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("sources", position=99)(lambda data: None)


def test_the_package_imports_its_modules_as_they_are_used():
    """In a fresh interpreter (mgtables/__init__.py): importing the package imports none of its modules; the
    book's Sphinx extensions load without pandas, matplotlib and openpyxl (a no-change rebuild needs none of
    them) and register the References style all the same; and `mgtables.table` stays the table lookup
    although the submodule of that name is imported first."""
    script = """
import sys, mgtables
imported = [m for m in sys.modules if m.startswith("mgtables.")]
assert imported == [], imported
import mgtables.sphinx, mgtables.editions
from pybtex.plugin import find_plugin
class App:
    def __getattr__(self, name):
        return lambda *args, **kwargs: None
mgtables.sphinx.setup(App())
find_plugin("pybtex.style.formatting", "mgtables")
assert not {"pandas", "matplotlib", "openpyxl"} & set(sys.modules), "a table package is loaded"
from mgtables.table import Table
from mgtables import registry
assert mgtables.Table is Table and mgtables.table is registry.get
try:
    mgtables.no_such_name
except AttributeError as error:
    print(error)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "module 'mgtables' has no attribute 'no_such_name'"
