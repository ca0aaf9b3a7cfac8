"""Every page of the built book stays light: with everything Chromium loads for it (stylesheets, scripts,
fonts, images) at most 1.0 MB, and the icon fonts it loads are the book's subsets, which hold every glyph
the pages show (benchmarks/icons.py writes them)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import icons  # benchmarks/, with the measurement it shares
import pageweight

pytestmark = pytest.mark.browser

PAGE_LIMIT = 1_000_000  # bytes, a page with its assets (issue 20)

if not Path(pageweight.CHROMIUM).exists():
    pytest.skip(f"no browser at {pageweight.CHROMIUM}", allow_module_level=True)


@pytest.fixture(scope="module")
def loaded(built_book, browser) -> dict[str, dict[str, int]]:
    return pageweight.weights(built_book, browser)


def test_every_page_with_its_assets_is_at_most_1_mb(loaded):
    assert len(loaded) >= 10  # every chapter was weighed
    heavy = {page: sum(files.values()) for page, files in loaded.items() if sum(files.values()) > PAGE_LIMIT}
    assert not heavy, f"pages over {PAGE_LIMIT:,} bytes with their assets: {heavy}"


def test_pages_load_the_icon_subsets_not_the_whole_fonts(loaded):
    for page, files in loaded.items():
        fonts = [url for url in files if url.endswith((".woff", ".woff2", ".ttf"))]
        assert fonts, f"{page} loads no icon font: the header's icons would be missing"
        assert all("/_static/icons/" in url for url in fonts), f"{page} loads a whole icon font: {fonts}"


def test_the_subsets_hold_every_glyph_the_pages_show(built_book, browser):
    shown, shipped = icons.used_glyphs(built_book, browser), icons.shipped_glyphs()
    missing = {font: sorted(f"{p:x}" for p in points - shipped[font]) for font, points in shown.items()
               if points - shipped[font]}
    assert shown["fa-solid-900"], "no icon found on any page: the search for them is broken"
    assert not missing, f"glyphs shown but not in book/_static/icons/ (run benchmarks/icons.py): {missing}"
