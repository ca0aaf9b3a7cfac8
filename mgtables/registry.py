"""Every table of the book, by stable id. Builders register here; the book, the downloads and
the command line all read the same list.

A table's place is declared where it is built: its chapter module names the page that shows its tables
(PAGE) and each builder its position on that page (register(..., position=n)). The number is then
"chapter.position", the chapter counted in _toc.yml's order as Jupyter Book numbers it, so captions,
citations and exports know a table's number without reading a notebook."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import replace

from .book_meta import Placement, chapters
from .dataset import Dataset, derived, load
from .i18n import SOURCE_LANGUAGE
from .table import Table

Builder = Callable[[Dataset, str], Table]  # (data, language) -> the table in that language
_BUILDERS: dict[str, Builder] = {}  # each built once per dataset (a table is a frozen value)
_POSITIONS: dict[str, tuple[str, int]] = {}  # table id -> (page, position on the page)


def register(table_id: str, *, position: int) -> Callable[[Builder], Builder]:
    """Register `builder` as the table `table_id`, shown at `position` (1, 2, ...) on its module's PAGE."""
    def decorate(builder: Builder) -> Builder:
        if table_id in _BUILDERS:
            raise ValueError(f"table id {table_id!r} is registered twice")
        page = sys.modules[builder.__module__].PAGE
        if (page, position) in _POSITIONS.values():
            raise ValueError(f"table {table_id!r}: position {position} on {page} is taken")
        _POSITIONS[table_id] = (page, position)
        _BUILDERS[table_id] = derived(functools.partial(_build, table_id, builder))
        return builder
    return decorate


@functools.cache
def placements() -> dict[str, Placement]:
    """Each table's number (chapter.position, chapters counted after the introduction) and page."""
    _builders()
    order = {page: number for number, page in enumerate(chapters())}
    missing = sorted({page for page, _ in _POSITIONS.values()} - set(order))
    if missing:
        raise ValueError(f"tables are declared on page(s) {', '.join(missing)}, which _toc.yml does not list")
    for page in {page for page, _ in _POSITIONS.values()}:
        positions = sorted(p for pg, p in _POSITIONS.values() if pg == page)
        if positions != list(range(1, len(positions) + 1)):
            raise ValueError(f"the tables of {page} have positions {positions}, not 1 to {len(positions)}")
    return {table_id: Placement(f"{order[page]}.{position}", page)
            for table_id, (page, position) in _POSITIONS.items()}


def _builders() -> dict[str, Builder]:
    from . import chapters  # noqa: F401  (importing the chapters registers their tables)

    return _BUILDERS


def ids() -> list[str]:
    return list(_builders())


def get(table_id: str, data: Dataset | None = None, lang: str = SOURCE_LANGUAGE) -> Table:
    if table_id not in _builders():
        raise KeyError(f"no table {table_id!r}; known tables: {', '.join(_BUILDERS)}")
    return _BUILDERS[table_id](data or load(), lang)


def _build(table_id: str, builder: Builder, data: Dataset, lang: str) -> Table:
    """The builder's table in `lang`, checked and given its number, its address in the book and how many rows
    its HTML shows."""
    table = builder(data, lang)
    if table.id != table_id:
        raise ValueError(f"builder for {table_id!r} returned table {table.id!r}")
    place = placements()[table_id]
    return replace(table, number=place.number, url=f"{place.url(lang)}#{table_id}", lang=lang,
                   rows_shown=data.parameter("table_rows_shown"))


def all_tables(data: Dataset | None = None, lang: str = SOURCE_LANGUAGE) -> list[Table]:
    return [get(table_id, data, lang) for table_id in ids()]
