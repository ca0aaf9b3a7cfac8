"""How numbers, ranges, figure records and reference values are written in the tables and glued into
the prose, and the columns several chapters' tables share."""

from __future__ import annotations

import math
import re

import pandas as pd
from babel.numbers import format_decimal

from .dataset import Dataset, in_language, indexed
from .i18n import SOURCE_LANGUAGE, text
from .schema import REGULATION_PATTERN

UNVERIFIED_MARK = "*"  # after a reference value not verified against the authority's own document
STANCE_COLUMNS = {"asserts": "formatting.col.stated_by", "denies": "formatting.col.denied_by",
                  "qualifies": "formatting.col.qualified_by"}


def number(value: float, lang: str = SOURCE_LANGUAGE) -> str:
    """At most three significant figures, without exponent or trailing zeros, grouped by thousands the
    language's way (Babel: "1,230" in English, "1.230" in Dutch)."""
    if value == 0 or math.isnan(value):
        return f"{value:g}"
    digits = 2 - math.floor(math.log10(abs(value)))  # negative: round to tens, hundreds ...
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(round(value, digits), format=pattern, locale=lang)


def formatted(value: float, spec: str, lang: str = SOURCE_LANGUAGE) -> str:
    """`value` as the Python format spec `spec` would write it ('.1f', '+.0f', ',.0f', 'd', 'g'), in
    the language's conventions: format(2.5, '.1f') is '2.5', formatted(2.5, '.1f', 'nl') is '2,5'. Only
    the fixed-point, integer and plain general specs the prose uses are known; any other is refused, so
    nothing is silently written the English way."""
    match = re.fullmatch(r"(\+?)(,?)(?:\.(\d+))?([dfg])", spec)
    if match is None or (match.group(4) in "dg" and match.group(3)):
        raise ValueError(f"format spec {spec!r}: only [+][,][.N]f, [+][,]d and [+][,]g are written per language")
    sign, grouped, digits, kind = match.groups()
    whole = "#,##0" if grouped else "0"
    if kind == "g":  # six significant figures, no trailing zeros
        places = max(0, 6 - (math.floor(math.log10(abs(value))) + 1)) if value else 0
        pattern = whole + ("." + "#" * places if places else "")
    else:
        places = 0 if kind == "d" else int(digits if digits is not None else 6)
        pattern = whole + ("." + "0" * places if places else "")
    if sign:
        pattern = f"+{pattern};-{pattern}"
    return format_decimal(round(value, places), format=pattern, locale=lang)


def span(low: float, high: float, lang: str = SOURCE_LANGUAGE) -> str:
    """A range as 'low-high' (an en dash between), a single number when both ends agree, and '' when there is none."""
    if math.isnan(low):
        return ""
    return number(low, lang) if low == high else f"{number(low, lang)}\u2013{number(high, lang)}"


# A kind of reference value as a table cell abbreviates it. In Dutch "RI" is the referentie-inname of food
# labels, so the Nordic recommended intake gets its own abbreviation there (issue 17).
KIND_ABBREVIATIONS = {"AI": "formatting.kind.ai", "RDA": "formatting.kind.rda", "ADH": "formatting.kind.adh",
                      "RI": "formatting.kind.ri", "UL": "formatting.kind.ul", "NOAEL": "formatting.kind.noael"}


def kind_abbreviation(kind: str, lang: str = SOURCE_LANGUAGE) -> str:
    """The short name of a kind of value (data/vocabulary.yaml `kind`) in `lang`."""
    return text(KIND_ABBREVIATIONS[kind], lang)


# An EU act as the data names it (its English title, of the form the validator requires); its parts are
# written in the reader's language.
REGULATION = re.compile(REGULATION_PATTERN)
UNIONS = {"EU": "formatting.union.eu", "EC": "formatting.union.ec"}  # EC is EG in Dutch


def regulation(name: str, lang: str = SOURCE_LANGUAGE) -> str:
    """An EU regulation by its title in `lang` ('Regulation (EC) No 1924/2006' is 'Verordening (EG)
    nr. 1924/2006' in Dutch), the form EUR-Lex gives it. A name of another form is refused, so no English
    title slips into a Dutch sentence unnoticed (the validator refuses such data first)."""
    match = REGULATION.fullmatch(name)
    if match is None:
        raise ValueError(f"not a regulation title of the form 'Regulation (EU) No 123/2012': {name!r}")
    union, act = match.groups()
    return text("formatting.regulation", lang, union=text(UNIONS[union], lang), number=act)


def qualified(data: Dataset, qualifier, spanned: str, lang: str = SOURCE_LANGUAGE) -> str:
    """The span with its qualifier in words ('about', 'less than' ...); 'exactly' goes without saying."""
    if not isinstance(qualifier, str) or qualifier == "exact":
        return spanned
    return f"{data.label('qualifier', qualifier, lang)} {spanned}"


def authority_name(data: Dataset, authority: str) -> str:
    """An authority as the book names it: short name and year ('EFSA 2015')."""
    row = indexed(data, "authorities").loc[authority]
    return f"{row['short']} {row['year']}"


def source_text(data: Dataset, fig, lang: str = SOURCE_LANGUAGE) -> str:
    """The source of a figure, and the authority it attributes the figure to, if it names one."""
    if not isinstance(fig.attributed_to, str):
        return fig.source
    return text("formatting.citing", lang, source=fig.source, authority=authority_name(data, fig.attributed_to))


def reference_value_columns(data: Dataset, rv: pd.DataFrame, lang: str = SOURCE_LANGUAGE) -> dict[str, list]:
    """The columns that say whose reference values these are and whom they are for."""
    return {
        text("formatting.col.authority", lang): [authority_name(data, a) for a in rv["authority"]],
        text("formatting.col.kind", lang): [kind_abbreviation(k, lang) for k in rv["kind"]],
        text("formatting.col.applies_to", lang): [data.label("applies_to", a, lang) for a in rv["applies_to"]],
        text("formatting.col.sex", lang): [data.label("sex", s, lang) for s in rv["sex"]],
        text("formatting.col.authority_band", lang): list(rv[in_language("age_label", lang)]),
        text("formatting.col.life_stage", lang): [data.label("life_stage", s, lang) for s in rv["life_stage"]],
    }


def stance_columns(keys: pd.DataFrame, lang: str = SOURCE_LANGUAGE) -> dict[str, pd.Series]:
    """The table columns naming the sources by stance, from rows of stances.by_key."""
    return {text(key, lang): keys[stance] for stance, key in STANCE_COLUMNS.items()}
