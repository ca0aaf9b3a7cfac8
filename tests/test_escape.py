"""Each output context's escaper, and each renderer using it, against the payloads a hostile contributor
would put in data/: markup, script links, formulas, table-breaking newlines and mathtext."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest

from mgtables import escape
from mgtables.table import Table

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(1)">'
FORMULAS = ['=HYPERLINK("https://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]
HOSTILE = Table(
    "hostile",
    f"Caption {SCRIPT} & 'quotes'",
    pd.DataFrame({"Name": [SCRIPT, IMAGE, "[click](javascript:alert(1))", "two\nlines | and a pipe",
                           FORMULAS[0], "-"],
                  "Value": [-5, 1.5, None, 0, 2, 3]}),
    (),
)


@pytest.mark.parametrize("url", ["https://doi.org/10.2903/j.efsa.2015.4186", "http://example.org/a?b=c&d=e",
                                 "doi:10.17226/5776"])
def test_addresses_of_the_allowed_schemes_pass(url):
    assert escape.is_safe_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)",
                                 " https://example.org", "https://exa mple.org", "https:///no-host",
                                 "//example.org", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox",
                                 "file:///etc/passwd", "doi:", "example.org", ""])
def test_any_other_address_is_refused(url):
    assert not escape.is_safe_url(url)


def test_html_text_escapes_markup_and_quotes():
    assert escape.html_text(f"{SCRIPT}\"'&") == "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;"


def test_html_table_shows_markup_from_the_data_as_text():
    page = HOSTILE.to_html()
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<caption>Caption &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;quotes&#x27;</caption>" in page


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_cell_that_starts_a_formula_gets_an_apostrophe(text):
    assert escape.spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -2.5, 0, "almonds", "a=b", "2-3", None])
def test_numbers_and_other_texts_stay_as_they_are(value):
    assert escape.spreadsheet_cell(value) == value


def test_csv_neutralises_formulas_and_keeps_numbers():
    back = pd.read_csv(io.StringIO(HOSTILE.to_csv()))
    assert back.loc[4, "Name"] == "'" + FORMULAS[0]
    assert back.loc[5, "Name"] == "'-"
    assert back.loc[0, "Value"] == -5 and back["Value"].dtype == float
    assert back.loc[3, "Name"] == "two\nlines | and a pipe"  # quoted by the CSV writer, not broken


def test_excel_from_the_neutralised_frame_holds_no_formula(tmp_path):
    path = tmp_path / "hostile.xlsx"
    escape.spreadsheet_frame(HOSTILE.data).to_excel(path, index=False)
    cells = [c for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert cells[8].value == "'" + FORMULAS[0]
    assert cells[1].value == -5


def test_markdown_cell_shows_html_and_links_as_text_and_keeps_the_row_whole():
    assert escape.markdown_cell(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escape.markdown_cell("[click](javascript:alert(1))") == r"\[click\](javascript:alert(1))"
    assert escape.markdown_cell("two\nlines | pipe") == r"two lines \| pipe"
    assert escape.markdown_cell("`code` *em* _em_ \\") == r"\`code\` \*em\* \_em\_ \\"


def test_markdown_table_has_one_line_per_record_and_no_raw_html():
    lines = HOSTILE.to_markdown().splitlines()
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) == 2 + len(HOSTILE.data)
    assert all(row.count(" | ") == 1 for row in rows)  # two columns: no pipe from the data splits a cell
    assert "<" not in HOSTILE.to_markdown() and "](" not in HOSTILE.to_markdown().replace(r"\](", "")


def test_matplotlib_draws_dollars_from_the_data_as_dollars():
    import mgtables.book  # noqa: F401  (sets the book's matplotlib defaults)

    label = r"Almonds $\alpha^2$ cost $5 or $6"
    fig, ax = plt.subplots()
    ax.set_title(label)
    with plt.rc_context({"svg.fonttype": "none"}):
        out = io.StringIO()
        fig.savefig(out, format="svg")
    plt.close(fig)
    svg = out.getvalue()
    assert f">{label}<" in svg  # one text element holding the dollars (the label is also in a comment)
    assert "\u03b1" not in svg  # no alpha drawn from mathtext
