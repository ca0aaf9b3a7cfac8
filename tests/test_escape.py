"""Each output context's escaper, and each renderer using it, against the payloads a hostile contributor
would put in data/: markup, script links, formulas, table-breaking newlines and mathtext."""

from __future__ import annotations

import csv
import io
import shutil

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest
import yaml

import mgtables
from mgtables import escape, registry
from mgtables.book_meta import DATA_DIR
from mgtables.chapters import catalogue
from mgtables.schema import SCHEMA
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
                                 "file:///etc/passwd", "doi:", "example.org", "",
                                 # control characters that are not whitespace, which a browser drops
                                 "java\x01script:alert(1)", "https://example.org/\x01", "https://example.org/\x7f"])
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
    assert escape.markdown_cell('say "x" and \'y\'') == 'say "x" and \'y\''  # quotes are text in a cell
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


# ---- end to end: every free text of the real data carries a payload, and no output runs one ----------

PAYLOADS = [SCRIPT, IMAGE, "[x](javascript:alert(1))", FORMULAS[0], "+1", "@SUM(A1)", "-x", "a | b\nc"]
CODES = {"id", "key", "portion_unit", "language", "file"}  # texts the validator holds to a fixed form


def _free_texts(fields):
    """Paths of the fields whose text is the contributor's own (no id, reference, term, code, address or text of a
    fixed form, which the validator holds to its pattern)."""
    for f in fields:
        if f.kind in ("record", "records"):
            yield from ((f"{f.name}{'[]' if f.kind == 'records' else ''}.{p}", m) for p, m in _free_texts(f.fields))
        elif f.kind == "str" and not (f.vocab or f.ref or f.url or f.pattern or f.name in CODES):
            yield f.name, f.max_length


def _poison(node, path: str, max_length: int, payload: str) -> None:
    head, _, rest = path.partition(".")
    if rest:
        name = head.removesuffix("[]")
        for child in (node.get(name) or []) if head.endswith("[]") else [node.get(name) or {}]:
            _poison(child, rest, max_length, payload)
    elif isinstance(node.get(head), str) and len(payload) + 1 + len(node[head]) <= max_length:
        node[head] = f"{payload} {node[head]}"


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    """The real data with a payload put before every free text, loaded."""
    directory = tmp_path_factory.mktemp("poisoned") / "data"
    shutil.copytree(DATA_DIR, directory)
    for coll in SCHEMA:
        path = directory / coll.file
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, rec in enumerate(records):
            for j, (field, max_length) in enumerate(_free_texts(coll.fields)):
                _poison(rec, field, max_length, PAYLOADS[(i + j) % len(PAYLOADS)])
        path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = mgtables.load(directory)
    return data, registry.all_tables(data)


def test_no_html_output_runs_markup_from_the_data(poisoned):
    data, tables = poisoned
    pages = [t.to_html() for t in tables] + [catalogue.index_html(data), catalogue.dataset_links_html(data, "en")]
    for page in pages:
        assert "<script" not in page and "<img" not in page and 'href="javascript' not in page


def test_no_csv_output_holds_a_formula(poisoned):
    _, tables = poisoned
    for table in tables:
        cells = [c for row in csv.reader(io.StringIO(table.to_csv())) for c in row]
        formulas = [c for c in cells if c.startswith(escape.FORMULA_START) and not _is_number(c)]
        assert not formulas, f"{table.id}: {formulas[:3]}"


def test_no_markdown_output_holds_html_a_link_or_a_broken_row(poisoned):
    _, tables = poisoned
    for table in tables:
        text = table.to_markdown()
        assert "<script" not in text and "<img" not in text and "[x](" not in text, table.id
        assert sum(line.startswith("|") for line in text.splitlines()) == len(table.data) + 2, table.id


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
