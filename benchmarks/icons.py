"""The book's subset of the theme's icon fonts (Font Awesome 6): only the glyphs its pages show.

The theme ships Font Awesome's solid and brands web fonts whole (274 kB, the heaviest files of every page
after the theme's stylesheet) for the dozen icons a page of this book shows (header buttons, search,
theme switcher, admonitions). This script finds the glyphs every built page uses, as Chromium computes
them (each element's and ::before/::after's font family and content), and writes a subset of each font to
book/_static/icons/ (WOFF, zlib: the virtualenv has no brotli for WOFF2); mgtables.css declares them
after the theme's stylesheet, so the browser loads them instead. Run after a build that shows a new
icon (tests/test_page_weight.py fails while a page uses a glyph the subset lacks):

    python benchmarks/icons.py _build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset
from fontTools.ttLib import TTFont
from pageweight import VIEWPORT, load_all, served, with_chromium

ROOT = Path(__file__).resolve().parents[1]
SUBSETS = ROOT / "book" / "_static" / "icons"
THEME_FONTS = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor" \
    / "fontawesome" / "webfonts"
# font file of the theme -> (CSS family, weight) that the theme's stylesheet draws it as
FONTS = {"fa-solid-900": ("Font Awesome 6 Free", "900"), "fa-regular-400": ("Font Awesome 6 Free", "400"),
         "fa-brands-400": ("Font Awesome 6 Brands", "400")}

# Every element's and pseudo-element's icon font and the characters it draws with it.
USED = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      if (!style.fontFamily.includes('Font Awesome')) continue;
      let chars = pseudo ? style.content : (el.childElementCount ? '' : el.textContent);
      if (pseudo && !/^".*"$/.test(chars)) continue;
      chars = pseudo ? JSON.parse(chars) : chars.trim();
      for (const c of chars) out.push([style.fontFamily, style.fontWeight, c.codePointAt(0)]);
    }
  }
  return out;
}"""


def font_of(family: str, weight: str) -> str | None:
    brands = "Brands" in family
    for name, (fam, wt) in FONTS.items():
        if ("Brands" in fam) == brands and (brands or wt == weight):
            return name
    return None


def used_glyphs(html: Path, browser=None) -> dict[str, set[int]]:
    """Code points each icon font draws on the built pages of `html` (every .html page but the sources and
    the redirects), in `browser` (a Playwright Chromium) if given, else in one started here."""
    if browser is None:
        return with_chromium(used_glyphs, html)
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if not {"_sources", "_static"} & set(p.parts)  # _static's are the theme's template fragments
                   and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    out: dict[str, set[int]] = {name: set() for name in FONTS}
    with served(html) as base:
        context = browser.new_context(viewport=VIEWPORT)
        for tab in load_all(context, [base + path for path in pages]):
            for family, weight, point in tab.evaluate(USED):
                name = font_of(family, str(weight))
                if name:
                    out[name].add(point)
        context.close()
    return out


def shipped_glyphs() -> dict[str, set[int]]:
    """Code points of each subset in book/_static/icons/."""
    out = {}
    for name in FONTS:
        path = SUBSETS / f"{name}.woff"
        out[name] = set(TTFont(path).getBestCmap()) if path.exists() else set()
    return out


def write_subsets(glyphs: dict[str, set[int]]) -> None:
    SUBSETS.mkdir(parents=True, exist_ok=True)
    for name, points in glyphs.items():
        target = SUBSETS / f"{name}.woff"
        if not points:
            target.unlink(missing_ok=True)
            continue
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        font = TTFont(THEME_FONTS / f"{name}.ttf", recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points))
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(target)  # no timestamp is recalculated: the same glyphs give the same bytes


if __name__ == "__main__":
    found = used_glyphs(Path(sys.argv[1]))
    write_subsets(found)
    for name, points in found.items():
        print(f"{name}: {len(points)} glyphs: {' '.join(f'{p:x}' for p in sorted(points))}")
