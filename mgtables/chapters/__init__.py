"""One module per chapter of the book; importing them registers their tables."""

from . import catalogue, dictionary, foods, intakes, sources  # noqa: F401
