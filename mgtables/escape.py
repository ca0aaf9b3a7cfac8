"""One escaper per output context. Text from data/ is edited by hand by many people; whatever it holds
must come out as text, never as markup, a link, a formula or mathtext. Every renderer goes through these
functions (LaTeX and BibTeX have theirs in table.py and bibliography.py).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pandas as pd

# Schemes a link from the data may use; the validator refuses any other (javascript:, data:, file: ...).
URL_SCHEMES = ("https", "http", "doi")

# OWASP (CSV injection): a cell that starts with one of these is read as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# matplotlib reads text between two $ as mathtext; data never means that.
MATPLOTLIB_RC = {"text.parse_math": False}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def html_text(value) -> str:
    """Text for HTML content or an attribute value."""
    return html.escape(str(value), quote=True)


def is_safe_url(value: str) -> bool:
    """True for an http(s) address with a host, or a doi: name; no whitespace or control characters,
    which browsers drop and so could hide a scheme ('java\\tscript:')."""
    if not isinstance(value, str) or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    parts = urlsplit(value)
    if parts.scheme == "doi":
        return bool(parts.path)
    return parts.scheme in URL_SCHEMES and bool(parts.netloc)


def spreadsheet_cell(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's
    advice); numbers, and every other value, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell, and every column name (some are authority names from the
    data), neutralised for CSV and Excel."""
    safe = frame.map(spreadsheet_cell)
    safe.columns = [spreadsheet_cell(c) for c in frame.columns]
    return safe


def markdown_cell(value: str) -> str:
    """Text for one cell of a Markdown table: raw HTML shown as text, Markdown's link, code and
    emphasis characters and the cell separator taken literally, and a line break (which would end the
    table row) written as a space."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
