"""mgtables: the curated magnesium dataset, validated, and the tables and figures built from it.

    >>> import mgtables
    >>> data = mgtables.load()            # validated once, then cached
    >>> data.figures.head()               # tidy DataFrames
    >>> mgtables.table("sources").to_csv()
"""

from . import chapters  # noqa: F401  (registers the book's tables)
from .dataset import Dataset, load
from .registry import all_tables, ids
from .registry import get as table
from .table import Table
from .validate import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "Table", "all_tables", "ids", "load", "table"]
