"""LaTeX exports compile as exported: every table in every language, with pdflatex and lualatex, without
an error, a missing character or an overfull box. All tables go into one document per engine (a few
seconds), which is the preamble every standalone export carries plus each table's longtable."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess

import pytest

import mgtables
from mgtables import latex, registry
from mgtables.i18n import languages

ENGINES = ("pdflatex", "lualatex")


@functools.cache  # built once for the four tests that read them (a few seconds each time)
def every_table() -> tuple:
    """Every table as the book builds it in each language, which is what `mgtables export --lang` writes."""
    data = mgtables.load()
    return tuple(registry.get(table_id, data, lang) for lang in languages() for table_id in registry.ids())


def test_the_escaper_turns_special_characters_and_symbols_into_commands():
    assert latex.escape("5% & $3 # a_b {x} ~ ^") == (
        r"5\% \& \$3 \# a\_\allowbreak{}b \{x\} \textasciitilde{} \textasciicircum{}")
    assert latex.escape("<1 > 2 ≤ 3 ≥ 4 ≈ 5") == (
        r"\textless{}1 \textgreater{} 2 \ensuremath{\leq} 3 \ensuremath{\geq} 4 \ensuremath{\approx} 5")
    assert latex.escape("back\\slash") == r"back\textbackslash{}slash"


def test_every_character_outside_ascii_in_the_tables_is_one_pdflatex_reads():
    # pdflatex's utf8 input knows Latin letters with accents and the dashes and quotes; anything else
    # must be mapped by the escaper (the compile test below proves it).
    readable = set("\u2013\u2014\u2018\u2019\u201c\u201d") | {chr(c) for c in range(0xC0, 0x100)} - {"\u00d7", "\u00f7"}
    for table in every_table():
        source = table.to_latex()
        odd = {ch for ch in source if ord(ch) > 126} - readable
        assert odd == set(), f"{table.id}: unmapped {sorted(odd)}"


def test_a_caption_carries_the_book_number_once():
    table = mgtables.table("intakes-by-authority")
    source = table.to_latex()
    assert rf"\renewcommand{{\thetable}}{{{table.number}}}" in source
    assert f"Table {table.number}" not in source.split(r"\begin{document}")[1]
    assert r"\begin{longtable}" in source and r"\endhead" in source


def test_a_standalone_export_is_the_preamble_and_the_fragment():
    table = mgtables.table("claim-matrix")
    source = table.to_latex()
    assert latex.PREAMBLE in source and table.to_latex(standalone=False) in source
    assert source.rstrip().endswith(r"\end{document}")


def test_wide_tables_fit_the_page_by_their_column_widths():
    for table in every_table():
        source = table.to_latex(standalone=False)
        widths = [float(w) for w in re.findall(r"p\{([\d.]+)pt\}", source)]
        page = latex.PAGE_WIDTH["landscape" if r"\begin{landscape}" in source else "portrait"]
        assert sum(widths) + latex.COLUMN_GAP * len(widths) <= page + 0.5, table.id


def _installed_or_skip(engine: str) -> None:
    """A TeX engine must be there under CI (.ci/run installs TeX Live); elsewhere its tests are skipped, saying why."""
    if shutil.which(engine) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{engine} is not installed; .ci/run installs TeX Live")
        pytest.skip(f"{engine} is not installed (Debian: texlive-latex-recommended texlive-luatex lmodern)")


@pytest.mark.tex
@pytest.mark.parametrize("engine", ENGINES)
def test_every_table_compiles_without_error_or_overfull_box(engine, tmp_path):
    _installed_or_skip(engine)
    tables = every_table()
    body = "\n\\clearpage\n".join(t.to_latex(standalone=False) for t in tables)
    (tmp_path / "tables.tex").write_text(
        f"\\documentclass{{article}}\n{latex.PREAMBLE}\\begin{{document}}\n{body}\\end{{document}}\n",
        encoding="utf-8")
    run = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "tables.tex"], cwd=tmp_path,
                         capture_output=True, text=True, check=False, timeout=120)
    log = (tmp_path / "tables.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-3000:]
    problems = [line for line in log.splitlines()
                if line.startswith(("!", "Overfull", "Missing character")) or "Missing character" in line]
    assert problems == []
    assert len(re.findall(r"\\begin\{longtable\}", body)) == len(tables) == len(languages()) * len(mgtables.ids())
    # and one export exactly as written, a standalone document (the widest table, in Dutch)
    dutch = [t for t in tables if t.lang == "nl"]
    (tmp_path / "export.tex").write_text(max(dutch, key=lambda t: len(t.data.columns)).to_latex(), encoding="utf-8")
    run = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "export.tex"], cwd=tmp_path,
                         capture_output=True, text=True, check=False, timeout=120)
    log = (tmp_path / "export.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0 and "Overfull" not in log, log[-3000:]


# ---- one small table at a time: what the longtable holds, and how its columns share the page -----------

def _small(number="4.2", lang="en", **columns):
    import pandas as pd

    from mgtables.table import Table

    frame = pd.DataFrame(columns or {"Food & drink": ["Almonds", "Milk_whole", None], "mg": [1234.5, 2.0, None],
                                     "Raw": [True, False, True]})
    return Table("an-id", "Magnesium in 100% of foods", frame, (), number=number, lang=lang)


def _spec(source: str) -> list[tuple[str, float]]:
    return [(align, float(w)) for align, w in re.findall(r"\\(RaggedLeft|RaggedRight)\\arraybackslash\}p\{([\d.]+)pt\}",
                                                         source)]


def test_a_numbered_table_carries_its_number_caption_label_and_header_on_every_page():
    source = latex.fragment(_small())
    assert source.startswith("{\n\\renewcommand{\\tablename}{Table}") and source.endswith("\\end{longtable}\n}\n")
    assert r"\renewcommand{\thetable}{4.2}" in source
    assert r"\caption{Magnesium in 100\% of foods}\label{tab:an-id}\\" in source
    head = r"Food \& drink & mg & Raw \\"
    assert source.count(head) == 2  # first page, and repeated on the pages after it
    assert source.index(r"\endfirsthead") < source.index(r"\multicolumn{3}{@{}l}{\emph{(continued)}}\\")
    assert source.index(r"\endhead") < source.index(r"\endlastfoot") < source.index("Almonds")
    assert r"\small" in source and r"\begin{landscape}" not in source


def test_an_unnumbered_table_has_a_caption_without_number_or_label():
    source = latex.fragment(_small(number=""))
    assert r"\caption*{Magnesium in 100\% of foods}\\" in source
    assert r"\thetable" not in source and r"\label" not in source


def test_cells_are_escaped_numbers_written_in_the_tables_language_and_empty_cells_left_empty():
    rows = [line for line in latex.fragment(_small()).splitlines() if line.endswith(r" \\") and "&" in line]
    assert rows[2:] == [r"Almonds & 1,234.5 & True \\", r"Milk\_\allowbreak{}whole & 2 & False \\", r" &  & True \\"]
    dutch = latex.fragment(_small(lang="nl"))
    assert r"Tabel" in dutch and r"1.234,5 &" in dutch


def test_numbers_are_set_right_and_text_and_booleans_left_within_the_page():
    spec = _spec(latex.fragment(_small()))
    assert [align for align, _ in spec] == ["RaggedRight", "RaggedLeft", "RaggedRight"]
    assert sum(w for _, w in spec) + latex.COLUMN_GAP * 3 <= latex.PAGE_WIDTH["portrait"]


def test_columns_of_long_text_share_the_page_and_a_short_column_keeps_its_width():
    prose = "a sentence of many words that will have to wrap in its cell " * 4
    source = latex.fragment(_small(Id=["x1", "x2"], Text=[prose, prose], More=[prose, prose]))
    widths = [w for _, w in _spec(source)]
    space = latex.PAGE_WIDTH["portrait"] - latex.COLUMN_GAP * 3
    assert sum(widths) == pytest.approx(space, abs=0.2)  # the page filled, not overrun
    assert widths[0] == pytest.approx(latex._measure("x1", 9), abs=0.1)  # the short column is not stretched
    assert widths[1] == pytest.approx(widths[2], abs=0.1)  # the long ones share the rest alike


def test_a_table_too_wide_upright_turns_landscape_and_one_too_wide_for_that_is_refused():
    word = "x" * 40  # an unbreakable word (no break point inside it): three overrun the page upright
    wide = latex.fragment(_small(**{f"c{i}": [word] for i in range(3)}))
    assert wide.startswith("\\begin{landscape}\n{") and wide.endswith("\\end{landscape}\n")
    assert r"\small" in wide  # landscape before a smaller type than the first
    table = _small(**{f"c{i}": [word * 3 if i else "y" * 130] for i in range(12)})
    with pytest.raises(latex.TooWide) as refused:
        latex.fragment(table)
    assert (refused.value.table_id, refused.value.word) == (table.id, "y" * 60)  # the longest word, cut short
    assert table.id in refused.value.message("nl") and "A4" in refused.value.message("nl")


def test_smaller_type_is_tried_before_a_column_is_squeezed():
    word = "x" * 48
    source = latex.fragment(_small(**{f"c{i}": [word] for i in range(2)}))
    assert r"\small" not in source and r"\begin{landscape}" not in source
    assert r"\footnotesize" in source  # two words of 48 x overrun the page at 9 pt; at 8 pt they fit


def test_a_text_is_measured_by_its_characters_widths_at_its_size():
    assert latex._measure("ab", 9) == pytest.approx(latex._measure("a", 9) + latex._measure("b", 9))
    assert latex._measure("W", 9) > latex._measure("i", 9) > 0
    assert latex._measure(" ", 8) == pytest.approx(latex.SPACE_EM * 8 * latex.SAFETY)
    assert latex._measure("é", 7) == pytest.approx(latex.OTHER_EM * 7 * latex.SAFETY)
    assert latex._measure("~", 9) > 0 and latex._measure("a", 9) > latex._measure("a", 7) > latex._measure("a", 5)


def test_a_word_breaks_only_where_a_number_or_date_cannot_be_split():
    assert latex._words("see 28.35 g on 2025-08-18 at a_b/c.Def") == ["see", "28.35", "g", "on", "2025-08-18",
                                                                     "at", "a_", "b/", "c.", "Def"]


def test_a_standalone_document_opens_with_the_title_as_a_comment():
    table = _small()
    source = latex.document(table)
    assert source.startswith(f"% {latex.escape(table.title)}\n% Generated by mgtables")
    assert "\\documentclass{article}\n" + latex.PREAMBLE + "\\begin{document}\n" + latex.fragment(table) in source
    assert source.endswith("\\end{document}\n")


# ---- a cell taller than a page: a longtable breaks between rows only -----------------------------------

# About 4,000 characters of words, as long as the longest evidence of a reference value in Dutch.
LONG = " ".join(f"woord{i} van de lange uitleg, met een adres https://example.org/pad/{i} erin." for i in range(60))


def _body_rows(source: str) -> list[list[str]]:
    """The cells of each body row of a fragment (after \\endlastfoot), as LaTeX source."""
    body = source.split(r"\endlastfoot")[1].split(r"\end{longtable}")[0]
    return [line[: -len(r" \\")].split(" & ") for line in body.strip().splitlines()]


def test_a_cell_longer_than_half_a_page_is_set_as_several_rows_holding_its_words_in_order():
    source = latex.fragment(_small(Id=["a", "b"], Text=[LONG, "short"], mg=[1.0, 2.0]))
    rows = _body_rows(source)
    pieces = rows[:-1]
    assert len(pieces) >= 2  # the long row in pieces, then the short one
    assert [row[0] for row in pieces] == ["a"] + [""] * (len(pieces) - 1)  # the id and number once, at the top
    assert [row[2] for row in pieces] == ["1"] + [""] * (len(pieces) - 1)
    assert " ".join(row[1] for row in pieces) == " ".join(latex.escape(w) for w in LONG.split())
    assert rows[-1] == ["b", "short", "2"]  # a row that fits is left whole
    points = dict(latex.SIZES)["small"]
    width = _spec(source)[1][1]
    most = latex.PAGE_HEIGHT["portrait"] * latex.ROW_SHARE / latex.LEADING[points]
    for row in pieces:  # each piece fits its share of the page
        text = row[1].replace(r"\allowbreak{}", "")
        assert len(latex._lines(text, width, points)) <= most


def test_lines_are_filled_word_by_word_and_never_wider_than_the_column_unless_one_word_is():
    lines = latex._lines("aa bb cc dd " + "x" * 30, latex._measure("aa bb", 9) + 0.01, 9)
    assert lines == ["aa bb", "cc dd", "x" * 30]
    assert latex._lines("", 100, 9) == []


@pytest.mark.tex
@pytest.mark.parametrize("engine", ENGINES)
def test_a_table_with_a_cell_taller_than_a_page_compiles_without_overfull_box(engine, tmp_path):
    _installed_or_skip(engine)
    narrow = _small(Id=["a"], Text=[LONG * 2], Note=["x"])  # upright, the long column most of the page
    wide = _small(**{f"c{i}": ["x" * 40] for i in range(3)}, Text=[LONG])  # landscape: a page two thirds as tall
    assert r"\begin{landscape}" in latex.fragment(wide)
    for name, table in (("narrow", narrow), ("wide", wide)):
        (tmp_path / f"{name}.tex").write_text(latex.document(table), encoding="utf-8")
        run = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"], cwd=tmp_path,
                             capture_output=True, text=True, check=False, timeout=120)
        log = (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        assert run.returncode == 0 and "Overfull" not in log, log[-3000:]
