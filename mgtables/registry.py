"""Every table of the book, by stable id. Builders register here; the book, the downloads and
the command line all read the same list."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace

from .book_meta import meta, placements
from .dataset import Dataset, derived, load
from .table import Table

Builder = Callable[[Dataset], Table]
_BUILDERS: dict[str, Builder] = {}  # each built once per dataset (a table is a frozen value)


def register(table_id: str) -> Callable[[Builder], Builder]:
    def decorate(builder: Builder) -> Builder:
        if table_id in _BUILDERS:
            raise ValueError(f"table id {table_id!r} is registered twice")
        _BUILDERS[table_id] = derived(functools.partial(_build, table_id, builder))
        return builder
    return decorate


def _builders() -> dict[str, Builder]:
    from . import chapters  # noqa: F401  (importing the chapters registers their tables)

    return _BUILDERS


def ids() -> list[str]:
    return list(_builders())


def get(table_id: str, data: Dataset | None = None) -> Table:
    if table_id not in _builders():
        raise KeyError(f"no table {table_id!r}; known tables: {', '.join(_BUILDERS)}")
    return _BUILDERS[table_id](data or load())


def _build(table_id: str, builder: Builder, data: Dataset) -> Table:
    """The builder's table, checked and given its number and address in the book."""
    table = builder(data)
    if table.id != table_id:
        raise ValueError(f"builder for {table_id!r} returned table {table.id!r}")
    place = placements().get(table_id)
    if place is None:
        return replace(table, url=meta().baseurl)
    return replace(table, number=place.number, url=f"{place.url}#{table_id}")


def all_tables(data: Dataset | None = None) -> list[Table]:
    return [get(table_id, data) for table_id in ids()]
