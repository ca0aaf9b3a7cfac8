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


def test_mgtables_table_is_the_lookup_whichever_module_is_imported_first():
    """The submodule mgtables.table does not take the package's name `table` (mgtables/__init__.py), and
    importing the package imports no module of it."""
    script = ("import sys, mgtables\n"
              "assert 'mgtables.dataset' not in sys.modules\n"
              "from mgtables.table import Table\n"
              "assert mgtables.Table is Table and mgtables.table('sources').id == 'sources'\n"
              "import mgtables.table as lookup\n"
              "assert lookup is mgtables.registry.get\n"
              "try:\n    mgtables.no_such_name\nexcept AttributeError as e:\n    print(e)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "module 'mgtables' has no attribute 'no_such_name'"
