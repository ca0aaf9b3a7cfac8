"""What the notebooks call: deterministic figure output, glue, and table display.

Importing this module sets matplotlib up once for the whole book: inline SVG (which nbval compares
byte for byte, unlike PNG) without a date and with a fixed hash salt, so the same data give the
same bytes on every run. Text from the data is never read as mathtext (escape.MATPLOTLIB_RC).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from IPython.display import HTML, display
from matplotlib_inline.backend_inline import set_matplotlib_formats
from myst_nb import glue as _glue

from . import registry
from .escape import MATPLOTLIB_RC

plt.rcParams.update({
    "svg.hashsalt": "mgtables",
    "svg.fonttype": "path",
    "figure.dpi": 96,
    "font.family": "DejaVu Sans",
    **MATPLOTLIB_RC,
})
set_matplotlib_formats("svg", metadata={"Date": None, "Creator": None})


def glue(name: str, value) -> None:
    """Make `value` available to the page as {glue:}`name` without showing it here. A numpy scalar
    goes in as the Python number it holds: the page reads the value's repr, and numpy's reads
    'np.float64(...)'."""
    _glue(name, value.item() if hasattr(value, "item") else value, display=False)


def show(table_id: str) -> None:
    """Display a registered table with its number, caption, CSV download and citation."""
    display(HTML(registry.get(table_id).to_html()))


def show_html(markup: str) -> None:
    """Display generated HTML (link lists) as it is."""
    display(HTML(markup))
