"""mgtables: the curated magnesium dataset, validated, and the tables and figures built from it.

    >>> import mgtables
    >>> data = mgtables.load()            # validated once, then cached
    >>> data.figures.head()               # tidy DataFrames
    >>> mgtables.table("sources").to_csv()

The chapter modules, which build the tables and need matplotlib, are imported by the registry the
first time a table is asked for, so the book's Sphinx extension starts without them.
"""

from .dataset import Dataset, load
from .registry import all_tables, ids
from .registry import get as table  # bound after the module mgtables.table is imported, so it wins
from .table import Table
from .validate import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "Table", "all_tables", "ids", "load", "table"]
