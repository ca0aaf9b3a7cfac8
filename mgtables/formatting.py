"""How numbers, ranges, figure records and reference values are written in the tables and glued into
the prose, and the columns several chapters' tables share."""

from __future__ import annotations

import math

import pandas as pd
from babel.numbers import format_decimal

from .dataset import Dataset
from .i18n import SOURCE_LANGUAGE

UNVERIFIED_MARK = "*"  # after a reference value not verified against the authority's own document
STANCE_COLUMNS = {"asserts": "Stated by", "denies": "Denied by", "qualifies": "Qualified by"}


def number(value: float, lang: str = SOURCE_LANGUAGE) -> str:
    """At most three significant figures, without exponent or trailing zeros, grouped by thousands the
    language's way (Babel: "1,230" in English, "1.230" in Dutch)."""
    if value == 0 or math.isnan(value):
        return f"{value:g}"
    digits = 2 - math.floor(math.log10(abs(value)))  # negative: round to tens, hundreds ...
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(round(value, digits), format=pattern, locale=lang)


def span(low: float, high: float) -> str:
    """A range as 'low-high' (an en dash between), a single number when both ends agree, and '' when there is none."""
    if math.isnan(low):
        return ""
    return number(low) if low == high else f"{number(low)}\u2013{number(high)}"


def qualified(data: Dataset, qualifier, text: str) -> str:
    """The span with its qualifier in words ('about', 'less than' ...); 'exactly' goes without saying."""
    if not isinstance(qualifier, str) or qualifier == "exact":
        return text
    return f"{data.label('qualifier', qualifier)} {text}"


def authority_name(data: Dataset, authority: str) -> str:
    """An authority as the book names it: short name and year ('EFSA 2015')."""
    row = data.authorities.set_index("id").loc[authority]
    return f"{row['short']} {row['year']}"


def source_text(data: Dataset, fig) -> str:
    """The source of a figure, and the authority it attributes the figure to, if it names one."""
    if not isinstance(fig.attributed_to, str):
        return fig.source
    return f"{fig.source}, citing {authority_name(data, fig.attributed_to)}"


def figure_label(fig) -> str:
    """A figure record on an axis: its source and the record's number ('ilive2025 (f01)')."""
    return f"{fig.source} ({fig.id.split('-')[-1]})"


def reference_value_columns(data: Dataset, rv: pd.DataFrame) -> dict[str, list]:
    """The columns that say whose reference values these are and whom they are for."""
    return {
        "Authority": [authority_name(data, a) for a in rv["authority"]],
        "Kind": list(rv["kind"]),
        "Applies to": [data.label("applies_to", a) for a in rv["applies_to"]],
        "Sex": [data.label("sex", s) for s in rv["sex"]],
        "Age (authority's band)": list(rv["age_label"]),
        "Life stage": [data.label("life_stage", s) for s in rv["life_stage"]],
    }


def stance_columns(keys: pd.DataFrame) -> dict[str, pd.Series]:
    """The table columns naming the sources by stance, from rows of stances.by_key."""
    return {column: keys[stance] for stance, column in STANCE_COLUMNS.items()}
