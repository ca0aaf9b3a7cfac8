"""One module per chapter of the book; importing them registers their tables."""

from . import body, catalogue, claims, dictionary, foods, intakes, limits, sources  # noqa: F401
