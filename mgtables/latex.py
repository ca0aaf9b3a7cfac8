"""Tables as LaTeX that compiles as exported, with pdflatex and lualatex alike.

One escaper (`escape`) serves every header, cell and caption: LaTeX's special characters become
commands, the symbols the tables use that pdflatex cannot read from UTF-8 (<, >, ≤, ≥, ≈ ...) become
text or math commands, and identifiers, addresses and claim keys get break points so that a narrow
column can wrap them. Every table is a `longtable` (it breaks across pages, its header repeats), with
`p{}` columns whose widths are worked out from the cells to fill the text width of an A4 page; a table
that cannot fit upright at the smallest type size is set in landscape (pdflscape). A longtable breaks
between rows only, so a row whose cells would run longer than half a page (a value's evidence, say) is
set as several rows, each with the next lines of every cell (`_pieces`). The caption carries the book's
own table number, once.

An export is a standalone document (`document`): the preamble (`PREAMBLE`, the packages and page set-up
every table needs) and the table. `fragment` is the table alone, for a document that already has the
preamble.
"""

from __future__ import annotations

import functools
import math
import re

import pandas as pd
from babel.numbers import format_decimal

from .i18n import text

# Characters LaTeX reads as commands, and the symbols of the tables that need a command to print in
# both engines (pdflatex reads none of these from UTF-8; in T1 encoding < and > would print as ¡ and ¿).
_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
    "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
    "≤": r"\ensuremath{\leq}", "≥": r"\ensuremath{\geq}", "≈": r"\ensuremath{\approx}",
    "±": r"\ensuremath{\pm}", "\u00d7": r"\ensuremath{\times}", "→": r"\ensuremath{\rightarrow}",
    "µ": r"\textmu{}", "μ": r"\textmu{}", "°": r"\textdegree{}", "…": r"\dots{}", "\u00a0": "~",
    "\u2009": r"\,", "\u202f": r"\,", "·": r"\textperiodcentered{}", "\u2032": r"\ensuremath{\prime}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
# Where a long token may break: after _ / : # and @ when a letter or digit follows, after . and - only
# before a letter (so that no number, date or range is split: "105.9", "28.35", "2025-08-18").
_BREAKS = r"(?<=[_/:#@])(?=[A-Za-z0-9])|(?<=[.-])(?=[A-Za-z])"
_BREAK_RE = re.compile(_BREAKS)
_BREAK = "\0"

# A4 with 2 cm margins, in TeX points; column separation 2 x 3 pt.
PAGE_WIDTH = {"portrait": 481.0, "landscape": 727.0}
PAGE_HEIGHT = {"portrait": 727.0, "landscape": 481.0}
# The most of a page one row may take: the rest is for the caption, the repeated header and LaTeX's line
# breaking, which may take a line or two more than the estimate (_lines) for a long cell.
ROW_SHARE = 0.5
COLUMN_GAP = 6.0
# Type sizes tried in turn (\small, \footnotesize, \scriptsize of the 10 pt article class), and the widths
# of their characters, to work out how wide a cell's text and its longest unbreakable word are.
SIZES = (("small", 9), ("footnotesize", 8), ("scriptsize", 7), ("tiny", 5))
LEADING = {9: 11.0, 8: 9.5, 7: 8.0, 5: 6.0}  # their baseline skips in points
_ASCII_WIDTHS = {  # Latin Modern Roman (ec-lmr9/8/7 metrics), characters 32-126, in 1/1000 em
    9: (514, 286, 388, 856, 514, 856, 799, 286, 400, 400, 514, 799, 286, 343, 286, 514, 514, 514, 514, 514, 514,
        514, 514, 514, 514, 514, 286, 286, 799, 799, 799, 485, 799, 771, 728, 742, 785, 699, 671, 806, 771, 371,
        528, 799, 642, 942, 771, 799, 699, 799, 756, 571, 742, 771, 771, 1056, 771, 771, 628, 286, 514, 286, 556,
        771, 286, 514, 571, 457, 571, 457, 314, 514, 571, 286, 314, 542, 286, 856, 571, 514, 571, 542, 402, 405,
        400, 571, 542, 742, 542, 542, 457, 514, 286, 514, 556),
    8: (531, 295, 403, 885, 531, 885, 826, 295, 413, 413, 531, 826, 295, 354, 295, 531, 531, 531, 531, 531, 531,
        531, 531, 531, 531, 531, 295, 295, 826, 826, 826, 502, 826, 796, 752, 767, 811, 723, 693, 834, 796, 383,
        546, 825, 664, 973, 796, 826, 723, 826, 782, 590, 767, 796, 796, 1091, 796, 796, 649, 295, 531, 295, 556,
        796, 295, 531, 590, 472, 590, 472, 325, 531, 590, 295, 325, 561, 295, 885, 590, 531, 590, 561, 414, 419,
        413, 590, 561, 767, 561, 561, 472, 531, 295, 531, 556),
    7: (569, 323, 437, 938, 569, 938, 877, 323, 446, 446, 569, 877, 323, 385, 323, 569, 569, 569, 569, 569, 569,
        569, 569, 569, 569, 569, 323, 323, 893, 877, 893, 539, 877, 843, 799, 815, 860, 768, 737, 884, 843, 413,
        583, 874, 706, 1028, 843, 877, 768, 877, 829, 631, 815, 843, 843, 1151, 843, 843, 692, 323, 585, 323, 556,
        843, 323, 569, 631, 508, 631, 508, 354, 569, 631, 323, 354, 600, 323, 938, 631, 569, 631, 600, 446, 453,
        446, 631, 600, 815, 600, 600, 508, 585, 339, 585, 556),
}
# \tiny (5 pt, ec-lmr5) is set wider per em than 7 pt: its widths taken as 7 pt's plus 15 %, to be safe.
_ASCII_WIDTHS[5] = tuple(round(w * 1.15) for w in _ASCII_WIDTHS[7])
OTHER_EM = 0.8  # any other character (en dash, accented letters, math symbols): a generous guess
SPACE_EM = 0.34
SAFETY = 1.04  # measured widths are of the plain text; kerning and ligatures only make it narrower

PREAMBLE = r"""\usepackage{iftex}
\ifPDFTeX
  \usepackage[T1]{fontenc}
  \usepackage[utf8]{inputenc}
  \usepackage{lmodern}
\else
  \usepackage{fontspec}
\fi
\usepackage{textcomp}
\usepackage[a4paper,margin=2cm]{geometry}
\usepackage{array}
\usepackage{booktabs}
\usepackage{longtable}
\usepackage{pdflscape}
\usepackage{ragged2e}
\setlength{\tabcolsep}{3pt}
"""


def escape(value, breaks: bool = True) -> str:
    """Text of a header, cell or caption as LaTeX: special characters and symbols as commands, and
    (unless breaks=False, as in BibTeX) break points in long identifiers and addresses."""
    marked = _BREAK_RE.sub(_BREAK, str(value)) if breaks else str(value)
    escaped = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], marked)
    return escaped.replace(_BREAK, r"\allowbreak{}")


def _cell(value, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_decimal(value, locale=lang)
    return str(value)


def _words(content: str) -> list[str]:
    return [w for w in re.split(r"\s+|" + _BREAKS, content) if w]


# Fitting a table's widths and breaking its cells into lines measures the same words again and again.
@functools.lru_cache(maxsize=1 << 16)
def _measure(content: str, size: int) -> float:
    """The width of `content` set on one line at `size` points, in points."""
    widths = _ASCII_WIDTHS[size]
    ems = sum(SPACE_EM if ch == " " else widths[ord(ch) - 32] / 1000 if 32 <= ord(ch) < 127 else OTHER_EM
              for ch in content)
    return ems * size * SAFETY


def _widths(header: list[str], rows: list[list[str]], size: int, page: float) -> list[float] | None:
    """Column widths in points that fill `page`, each at least its longest word; None if no fit."""
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    least = [max((_measure(w, size) for c in col for w in _words(c)), default=size) for col in columns]
    natural = [max([_measure(c, size) for c in col[1:]] + [m]) for col, m in zip(columns, least, strict=True)]
    space = page - COLUMN_GAP * len(columns)
    if sum(least) > space:
        return None
    widths = [max(n, m) for n, m in zip(natural, least, strict=True)]
    if sum(widths) <= space:
        return widths
    # Water-filling: columns narrower than an equal share of what is left keep their width; the others
    # share the rest in proportion to their natural width, never below their longest word.
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(columns)) if i not in fixed]
        left = space - sum(fixed.values())
        total = sum(widths[i] for i in free)
        share = {i: left * widths[i] / total for i in free}
        below = {i: least[i] for i in free if share[i] < least[i]}
        if not below:
            fixed.update(share)
            return [fixed[i] for i in range(len(columns))]
        fixed.update(below)


def _lines(content: str, width: float, size: int) -> list[str]:
    """`content` wrapped word by word into lines no wider than `width` points at `size` points, as LaTeX
    would set it at most (the measure errs wide); a word wider than the column stands on a line of its own."""
    lines: list[str] = []
    for word in content.split():
        if lines and _measure(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _pieces(row: list[str], widths: list[float], size: int, orientation: str) -> list[list[str]]:
    """The row as one or more rows of the table, none taller than ROW_SHARE of the page: a cell's lines go
    in turn to the rows, so the table can break between them; the cells of a row that fits are kept as
    they are."""
    most = max(1, int(PAGE_HEIGHT[orientation] * ROW_SHARE / LEADING[size]))
    wrapped = [_lines(cell, width, size) for cell, width in zip(row, widths, strict=True)]
    count = max(math.ceil(len(lines) / most) for lines in wrapped)
    if count <= 1:
        return [row]
    return [[" ".join(lines[i * most:(i + 1) * most]) for lines in wrapped] for i in range(count)]


# Layouts tried in turn: upright in small type first; landscape before the smallest type.
LAYOUTS = (("portrait", 0), ("portrait", 1), ("landscape", 0), ("landscape", 1), ("landscape", 2),
           ("landscape", 3))


class TooWide(ValueError):
    """A table whose words, one per column, do not fit side by side on a landscape A4 page at the smallest type
    size: LaTeX breaks a line only between words and at the break points escape() adds. It names the table and
    its longest word, where the data would need a break."""

    def __init__(self, table_id: str, word: str):
        self.table_id, self.word = table_id, word[:60]
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return text("latex.too_wide", lang, table=self.table_id, word=self.word)


def _layout(table_id: str, header: list[str], rows: list[list[str]]) -> tuple[str, tuple[str, int], list[float]]:
    """The orientation, the type size (its command and points) and the column widths of a table."""
    for orientation, size in LAYOUTS:
        widths = _widths(header, rows, SIZES[size][1], PAGE_WIDTH[orientation])
        if widths:
            return orientation, SIZES[size], widths
    raise TooWide(table_id, max((w for cell in [*header, *(c for r in rows for c in r)] for w in _words(cell)),
                                key=len, default=""))


def fragment(table) -> str:
    """The table as a longtable, with its caption (the book's number once) and label."""
    frame = table.data
    header = [str(c) for c in frame.columns]
    rows = [[_cell(v, table.lang) for v in row] for row in frame.itertuples(index=False)]
    orientation, (size, points), widths = _layout(table.id, header, rows)
    rows = [piece for row in rows for piece in _pieces(row, widths, points, orientation)]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]
    spec = "".join(
        (r">{\RaggedLeft\arraybackslash}" if num else r">{\RaggedRight\arraybackslash}") + f"p{{{w:.1f}pt}}"
        for w, num in zip(widths, numeric, strict=True))
    head = " & ".join(escape(h) for h in header) + r" \\"
    body = "\n".join(" & ".join(escape(c) for c in row) + r" \\" for row in rows)
    more = escape(text("latex.continued", table.lang))
    caption = escape(table.caption)
    name = escape(text("latex.table_name", table.lang))
    lines = [
        "{",
        rf"\renewcommand{{\tablename}}{{{name}}}\setlength{{\LTcapwidth}}{{\linewidth}}",
        rf"\renewcommand{{\thetable}}{{{table.number}}}" if table.number else "",
        rf"\{size}",
        rf"\begin{{longtable}}{{@{{}}{spec}@{{}}}}",
        (rf"\caption{{{caption}}}\label{{tab:{table.id}}}\\" if table.number else rf"\caption*{{{caption}}}\\"),
        r"\toprule", head, r"\midrule", r"\endfirsthead",
        rf"\multicolumn{{{len(header)}}}{{@{{}}l}}{{\emph{{{more}}}}}\\",
        r"\toprule", head, r"\midrule", r"\endhead",
        r"\bottomrule", r"\endlastfoot",
        body,
        r"\end{longtable}",
        "}",
    ]
    out = "\n".join(line for line in lines if line)
    if orientation == "landscape":
        out = f"\\begin{{landscape}}\n{out}\n\\end{{landscape}}"
    return out + "\n"


def document(table) -> str:
    """A standalone document: the preamble and the table, ready for pdflatex or lualatex."""
    return (f"% {escape(table.title)}\n% {text('latex.generated', table.lang)}\n"
            f"\\documentclass{{article}}\n{PREAMBLE}\\begin{{document}}\n{fragment(table)}\\end{{document}}\n")
