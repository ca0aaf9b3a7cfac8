"""mgtables: the curated magnesium dataset, validated, and the tables and figures built from it.

    >>> import mgtables
    >>> data = mgtables.load()            # validated once, then cached
    >>> data.figures.head()               # tidy DataFrames
    >>> mgtables.table("sources").to_csv()

Importing the package imports none of its modules: each name below is imported the first time it is
used (PEP 562). So the book's Sphinx extensions (mgtables.sphinx, mgtables.editions), which need the
stamp and the catalogues only, start without pandas, matplotlib and openpyxl: a no-change rebuild
never needs them. The chapter modules are imported by the registry the first time a table is asked for.
"""

import importlib
import sys
import types

_EXPORTS = {"DataError": "validate", "Dataset": "dataset", "Problem": "validate", "Table": "table",
            "all_tables": "registry", "ids": "registry", "load": "dataset", "table": "registry"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
    value = module.get if name == "table" else getattr(module, name)  # mgtables.table(id) is registry.get
    if name != "table":
        globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package, whose name `table` is the function registry.get although a submodule is called
    table too: importing a submodule binds its name on the package (the import system does that), and
    that binding is left out for this one name, so `mgtables.table` stays the function, found by
    __getattr__ whichever module was imported first. The submodule is `from mgtables.table import ...`."""

    def __setattr__(self, name: str, value) -> None:
        if name == "table" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
