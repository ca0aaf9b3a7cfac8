"""A figure's bytes do not depend on the machine: matplotlib names a clip rectangle by a hash of its bounds
as floats, so a last-bit difference (seen between two CPUs) renamed it and nbval failed on a figure whose
every printed coordinate was the same. mgtables.book renames those ids by their order of appearance."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from mgtables import book


def svg(clip_rect_width: float) -> str:
    """A figure as the book stores it, its axes clipped to a rectangle `clip_rect_width` wide."""
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1], marker="o")
    ax.set_position([0.1, 0.1, clip_rect_width, 0.8])
    bundle = book.format_display_data(fig)[0]
    plt.close(fig)
    return bundle["image/svg+xml"]


def test_a_last_bit_difference_in_a_clip_rectangle_changes_matplotlibs_ids_but_not_the_books():
    a, b = svg(0.8), svg(0.8 + 1e-15)
    assert a != b  # matplotlib's own output differs in the ids alone ...
    assert re.sub(r"[a-z][0-9a-f]{10}", "", a) == re.sub(r"[a-z][0-9a-f]{10}", "", b)
    assert book.stable_ids(a) == book.stable_ids(b)  # ... the book's does not


def test_every_reference_follows_its_renamed_id():
    renamed = book.stable_ids(svg(0.8))
    defined = set(re.findall(r'id="([a-z][0-9a-f]{8}-\d+)"', renamed))
    used = set(re.findall(r'#([a-z][0-9a-f]{8}-\d+)', renamed))
    assert defined and used and used <= defined
    assert not book.MATPLOTLIB_ID.search(renamed)


def test_two_different_figures_get_different_names_for_their_definitions():
    """Inline in a notebook, the SVGs of one page share its ids: a clip path of one figure must not clip
    another."""
    first, second = (set(re.findall(r'(?:url\(|href=")#([^)"]+)', book.stable_ids(svg(w)))) for w in (0.8, 0.5))
    assert first and second and not first & second


@pytest.mark.parametrize("text", ["<svg></svg>", '<svg><g id="figure_1"/></svg>'])
def test_an_svg_without_matplotlibs_hashed_ids_is_left_as_it_is(text):
    assert book.stable_ids(text) == text
