"""Every table of the book, by stable id. Builders register here; the book, the downloads and
the command line all read the same list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .book_meta import meta, placements
from .dataset import Dataset, load
from .table import Table

Builder = Callable[[Dataset], Table]
_BUILDERS: dict[str, Builder] = {}
# Tables built from the most recent dataset, by id: the index table builds every other table, and the
# downloads build them all again. A table is a frozen value, so one build serves every caller.
_built: tuple[Dataset | None, dict[str, Table]] = (None, {})


def register(table_id: str) -> Callable[[Builder], Builder]:
    def decorate(builder: Builder) -> Builder:
        if table_id in _BUILDERS:
            raise ValueError(f"table id {table_id!r} is registered twice")
        _BUILDERS[table_id] = builder
        return builder
    return decorate


def _builders() -> dict[str, Builder]:
    from . import chapters  # noqa: F401  (importing the chapters registers their tables)

    return _BUILDERS


def ids() -> list[str]:
    return list(_builders())


def get(table_id: str, data: Dataset | None = None) -> Table:
    global _built
    if table_id not in _builders():
        raise KeyError(f"no table {table_id!r}; known tables: {', '.join(_BUILDERS)}")
    data = data or load()
    if _built[0] is not data:
        _built = (data, {})
    if table_id not in _built[1]:
        _built[1][table_id] = _build(table_id, data)
    return _built[1][table_id]


def _build(table_id: str, data: Dataset) -> Table:
    table = _BUILDERS[table_id](data)
    if table.id != table_id:
        raise ValueError(f"builder for {table_id!r} returned table {table.id!r}")
    place = placements().get(table_id)
    if place is None:
        return replace(table, url=meta().baseurl)
    return replace(table, number=place.number, url=f"{place.url}#{table_id}")


def all_tables(data: Dataset | None = None) -> list[Table]:
    return [get(table_id, data) for table_id in ids()]
