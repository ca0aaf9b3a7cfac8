"""The look every figure of the book shares, drawn for the size it is shown at (issue 16).

A figure is drawn WIDTH inches wide with no text under MIN_TEXT points. The page shows it at its own
width on a desktop (WIDTH x 96 px, inside the 688 px column at 1280 px) and scales it down to the
358 px column of a 390 px phone, so the smallest text renders at MIN_TEXT x 4/3 px (13 px) on a desktop
and about 9.9 px on a phone. Panels are stacked, never set side by side. The colours are the Okabe-Ito
colour-blind safe palette with the light ones (orange, sky blue, yellow) darkened, every one at least
3:1 against the white page; marks also differ by line style or marker shape, so no colour is needed to
tell them apart. Labels are words: a source by its name (source_name), never its id.
"""

from __future__ import annotations

import textwrap

from matplotlib.rcsetup import cycler

from .i18n import SOURCE_LANGUAGE, text

WIDTH = 5.0  # inches: 480 px at 96 px/in; 358 px on a phone is a scale of 0.75
MIN_TEXT = 10.0  # points: the smallest text of any figure
TITLE = 11.0

# Okabe & Ito (2008), in the order they are handed out; orange and sky blue darkened to reach 3:1.
BLUE, VERMILLION, GREEN, PURPLE, BLACK, ORANGE, GREY = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#000000", "#9a6700", "#6f6f6f")
PALETTE = (BLUE, VERMILLION, GREEN, PURPLE, BLACK, ORANGE, GREY)
LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2)), (0, (1, 2)))
TINT = 0.18  # opacity of a shaded area (it is outlined in its full colour)
BAR = "#4a90c8"  # bars: a light blue at 3.4:1, under black and vermillion marks

RC = {
    "font.size": MIN_TEXT,
    "axes.titlesize": TITLE,
    "axes.labelsize": MIN_TEXT,
    "xtick.labelsize": MIN_TEXT,
    "ytick.labelsize": MIN_TEXT,
    "legend.fontsize": MIN_TEXT,
    "figure.titlesize": TITLE,
    "axes.prop_cycle": cycler(color=PALETTE),
    "image.cmap": "cividis",
}

# A source's name in a figure: a short name in words, per language (mgtables/locale/<lang>/figstyle.po).
SOURCE_NAMES = {
    "ilive2025": "figstyle.source.ilive2025",
    "nutrinews2025": "figstyle.source.nutrinews2025",
    "webshop2024": "figstyle.source.webshop2024",
    "healthblog2025": "figstyle.source.healthblog2025",
    "topvitamine2026": "figstyle.source.topvitamine2026",
}


def source_name(source: str, lang: str = SOURCE_LANGUAGE) -> str:
    """A source as a figure names it ('NutriNews'); a source without a short name yet by its id."""
    return text(SOURCE_NAMES[source], lang) if source in SOURCE_NAMES else source


def wrap(label: str, width: int = 24) -> str:
    """A long label on lines of about `width` characters."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def figure_row(fig, lang: str = SOURCE_LANGUAGE, width: int = 22) -> str:
    """One article figure as a figure's row label: its source's name over the figure as printed."""
    printed = textwrap.shorten(str(fig.as_written), width, placeholder="…")
    return f"{source_name(fig.source, lang)}\n{printed}"


def height(rows: int, per_row: float = 0.24, extra: float = 1.2) -> float:
    """The height (inches) of a panel with `rows` labelled rows at MIN_TEXT."""
    return per_row * rows + extra
