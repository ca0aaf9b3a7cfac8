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


@pytest.mark.parametrize("engine", ENGINES)
def test_every_table_compiles_without_error_or_overfull_box(engine, tmp_path):
    if shutil.which(engine) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{engine} is not installed; .ci/run installs TeX Live")
        pytest.skip(f"{engine} is not installed (Debian: texlive-latex-recommended texlive-luatex lmodern)")
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
