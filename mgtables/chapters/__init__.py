"""One module per chapter of the book; importing them registers their tables."""

from . import dictionary, intakes, sources  # noqa: F401
