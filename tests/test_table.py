"""The renderers of a Table: CSV, Markdown, LaTeX and HTML, including awkward values."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd

from mgtables.table import Table

TABLE = Table(
    "example",
    "Caption with <angle> & ampersand",
    pd.DataFrame({"Food": ["Almonds | raw", "Milk, 'whole'"], "mg": [270.0, None], "Note": ["a", "b"]}),
    ("src1",),
)


def test_csv_round_trips_values_and_missing_cells():
    back = pd.read_csv(io.StringIO(TABLE.to_csv()))
    assert list(back.columns) == ["Food", "mg", "Note"]
    assert back.loc[0, "Food"] == "Almonds | raw"
    assert back.loc[1, "Food"] == "Milk, 'whole'"
    assert pd.isna(back.loc[1, "mg"])


def test_markdown_escapes_pipes_and_has_one_row_per_record():
    lines = TABLE.to_markdown().splitlines()
    assert lines[0] == "Table: Caption with &lt;angle&gt; &amp; ampersand"
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) == 2 + len(TABLE.data)
    assert "Almonds \\| raw" in rows[2]
    assert rows[3].split("|")[2].strip() == ""  # missing value is an empty cell, not 'nan'


def test_latex_uses_booktabs_caption_and_label():
    tex = replace(TABLE, number="9.9").to_latex()
    for part in (r"\toprule", r"\midrule", r"\bottomrule", r"\caption{", r"\label{tab:example}",
                 r"\renewcommand{\thetable}{9.9}", r"\textless{}angle\textgreater{} \& ampersand"):
        assert part in tex
    assert "nan" not in tex
    assert r"\caption*{" in TABLE.to_latex()  # a table the book does not number gets no number


def test_latex_caption_shows_an_ampersand_as_text():
    tex = TABLE.to_latex()
    # < and > as text commands: in T1 encoding a bare < would print as an inverted exclamation mark
    assert r"Caption with \textless{}angle\textgreater{} \& ampersand" in tex
    assert "<angle> & ampersand" not in tex and "<angle>" not in tex


def test_html_escapes_and_links_its_download():
    page = TABLE.to_html()
    assert "<caption>Caption with &lt;angle&gt; &amp; ampersand</caption>" in page
    assert 'href="../tables/example.csv" download' in page
    assert 'id="table-example"' in page
    assert "<script" not in page

