"""What the notebooks call: deterministic figure output, glue, and table display, in every language.

Importing this module sets matplotlib up once for the whole book: inline SVG (which nbval compares
byte for byte, unlike PNG) without a date and with a fixed hash salt, so the same data give the
same bytes on every run. Text stays text (<text> in DejaVu Sans, not paths): searchable, a tenth of
the bytes, and measurable in the browser (tests/test_figures.py). Text from the data is never read
as mathtext (escape.MATPLOTLIB_RC). Sizes and colours: mgtables.figstyle.

Every table, figure and glued value is output once per language of the catalogues (i18n.languages()),
each output marked with its language in the output's metadata ({"mgtables": {"lang": ...}}). One run of
a notebook thus stores every edition's outputs, nbval proves them all, and each edition's build keeps
only its own (mgtables.editions).
"""

from __future__ import annotations

import hashlib
import re

import matplotlib.pyplot as plt
from IPython.core.formatters import format_display_data
from IPython.display import HTML, display
from matplotlib_inline.backend_inline import set_matplotlib_formats

from . import answers, figstyle, i18n, registry
from .escape import MATPLOTLIB_RC

plt.rcParams.update({
    "svg.hashsalt": "mgtables",
    "svg.fonttype": "none",
    "figure.dpi": 96,
    "font.family": "DejaVu Sans",
    **figstyle.RC,
    **MATPLOTLIB_RC,
})
set_matplotlib_formats("svg", metadata={"Date": None, "Creator": None})

LANGUAGES = i18n.languages()
# The mime prefix of myst-nb's glue (myst_nb.ext.glue.GLUE_PREFIX, which tests/test_glue.py compares), not
# imported from there: that module imports nbformat and with it jsonschema, whose IRI check builds a
# grammar as it is imported, a second and a half of every kernel's start.
GLUE_PREFIX = "application/papermill.record/"


def language_of(output_metadata: dict) -> str | None:
    """The language an output was made for, None for an output not made by this module."""
    return output_metadata.get("mgtables", {}).get("lang")


def _marked(lang: str, metadata: dict | None = None) -> dict:
    return {**(metadata or {}), "mgtables": {"lang": lang}}


def glue(name: str, value, lang: str = i18n.SOURCE_LANGUAGE) -> None:
    """Make `value` available to the page of `lang` as {glue:text}`name` without showing it here.

    This is myst_nb.glue(name, value, display=False) with the language added to the output's metadata
    (myst_nb.glue takes no metadata): the same bundle under the same scrapbook record. A numpy scalar
    goes in as the Python number it holds: the page reads the value's repr, and numpy's reads
    'np.float64(...)'."""
    value = value.item() if hasattr(value, "item") else value
    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + mime: content for mime, content in bundle.items()}, raw=True,
            metadata=_marked(lang, metadata))


def glue_all(values, data) -> None:
    """Glue every value of `values(data, lang)` (a chapter's name -> value mapping), in every language."""
    for lang in LANGUAGES:
        for name, value in values(data, lang).items():
            glue(name, value, lang)


def show(table_id: str) -> None:
    """Display a registered table with its number, caption, CSV download and citation, in every language."""
    for lang in LANGUAGES:
        display(HTML(registry.get(table_id, lang=lang).to_html()), metadata=_marked(lang))


def show_html(markup, data) -> None:
    """Display the HTML that `markup(data, lang)` generates (link lists, forms), in every language."""
    for lang in LANGUAGES:
        display(HTML(markup(data, lang)), metadata=_marked(lang))


def show_answer(answer, data) -> None:
    """The chapter's short answer (`answer(data)`, mgtables.answers) shown here, and its one sentence glued
    as answer_brief for the home page, in every language."""
    found = answer(data)
    for lang in LANGUAGES:
        glue("answer_brief", HTML(answers.brief_html(data, found, lang)), lang)
        display(HTML(answers.answer_html(data, found, lang)), metadata=_marked(lang))


# An id matplotlib makes for a clip path, marker or hatch: a letter and ten hex digits of a hash of what it
# names. A clip rectangle's hash is of its bounds as floats, so a difference in the last bit (another CPU's
# rounding in numpy) changes the id, though not one printed coordinate: the same figure, other bytes.
MATPLOTLIB_ID = re.compile(r'id="([a-z][0-9a-f]{10})"')


def stable_ids(svg: str) -> str:
    """The SVG with matplotlib's hashed ids renamed by their order of appearance. Ids of every inline figure
    share the page's namespace, so each name also carries a digest of the figure without its ids: two
    figures that differ have different names, two identical ones share their (identical) definitions."""
    ids = list(dict.fromkeys(MATPLOTLIB_ID.findall(svg)))
    if not ids:
        return svg
    pattern = re.compile("|".join(ids))
    digest = hashlib.sha256(pattern.sub("", svg).encode()).hexdigest()[:8]
    names = {old: f"{old[0]}{digest}-{n}" for n, old in enumerate(ids, 1)}
    return pattern.sub(lambda found: names[found.group()], svg)


def figure(draw, data) -> None:
    """Display the figure that `draw(data, lang=lang)` returns, in every language."""
    for lang in LANGUAGES:
        fig = draw(data, lang=lang)
        bundle, metadata = format_display_data(fig)
        bundle["image/svg+xml"] = stable_ids(bundle["image/svg+xml"])
        display(bundle, raw=True, metadata=_marked(lang, metadata))
        plt.close(fig)
