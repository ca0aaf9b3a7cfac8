"""The renderers of a Table: CSV, Markdown, LaTeX and HTML, including awkward values."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace

import pandas as pd
import pytest

from mgtables.table import LONG_TABLE_ROWS, Table

# A record id (a figure, a claim, a reference value) or a claim key, as the data writes them.
RECORD_ID = re.compile(r"[a-z]+\d{4}-[a-z]+\d*(-[a-z0-9]+)*(, [a-z]+\d{4}-[a-z]+\d*(-[a-z0-9]+)*)*|[a-z_]+\.[a-z_]+")
# The tables whose subject is the ids and names themselves: the catalogue of tables and of files, the data
# dictionary, and the sources (whose id is the name the book gives each article).
ID_TABLES = {"table-index", "dataset-files", "sources", "source-notes", "data-dictionary", "vocabularies"}

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



# ---- reader tables: detail columns behind a toggle, numbers, prose, long tables ----------------------

READER = Table(
    "reader",
    "Caption",
    pd.DataFrame({"Id": ["src-f01", "src-f02"], 'Say "<b>"': ["<i>x</i>", "y"], "mg": [1234.5, None],
                  "Note": ["a note long enough to be prose, with words in it", "another note of that kind, too"]}),
    ("src",),
    lang="nl",
    detail_columns=("Id",),
)


def test_detail_columns_are_in_the_html_behind_a_toggle_and_in_every_download():
    page = READER.to_html()
    assert page.count('class="mg-detail"') == 1 + len(READER.data)  # the heading and every cell
    assert '<input type="checkbox" class="mg-show-details" id="details-reader"' in page
    assert '<label class="mg-details-label" for="details-reader">ID\u2019s en bronnen tonen</label>' in page
    assert page.index("mg-show-details") < page.index("mg-table-wrap")  # the CSS reaches the table after it
    assert pd.read_csv(io.StringIO(READER.to_csv())).columns[0] == "Id"
    assert "src-f01" in READER.to_markdown()


def test_a_table_without_detail_columns_has_no_toggle():
    assert "mg-show-details" not in TABLE.to_html()


def test_a_detail_column_must_be_a_column():
    with pytest.raises(ValueError, match="not columns"):
        Table("x", "c", pd.DataFrame({"a": [1]}), (), detail_columns=("b",))


def test_every_cell_and_heading_is_escaped_also_in_its_label():
    page = READER.to_html()
    assert "<b>" not in page and "<i>" not in page
    assert 'data-label="Say &quot;&lt;b&gt;&quot;"' in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page


def test_numbers_in_the_language_of_the_table_with_their_value_to_sort_by():
    page = READER.to_html()
    assert 'class="mg-num" data-label="mg" data-sort="1234.5">1234,5</td>' in page  # no grouping: years stay
    assert 'class="mg-num" data-label="mg"></td>' in page  # missing: empty, nothing to sort by
    assert 'data-sort="270.0">270</td>' in TABLE.to_html()


def test_prose_columns_are_marked_and_addresses_are_not():
    table = Table("p", "c", pd.DataFrame({"Note": ["a note long enough to be prose, with words in it"],
                                          "Address": ["https://example.org/a/very/long/address/without/spaces"]}), ())
    page = table.to_html()
    assert '<th scope="col" class="mg-prose">Note</th>' in page
    assert '<th scope="col">Address</th>' in page


def test_only_a_long_table_is_marked_for_sorting_and_filtering_with_its_texts():
    rows = LONG_TABLE_ROWS + 1
    long = Table("long", "c", pd.DataFrame({"a": range(rows), "b": ["x"] * rows}), ())
    page = long.to_html()
    assert f'data-mg-long="{rows}"' in page
    assert 'data-filter-label="Filter rows"' in page and 'data-filter-count="{shown} of {total} rows"' in page
    short = Table("short", "c", pd.DataFrame({"a": range(LONG_TABLE_ROWS)}), ())
    assert "data-mg-long" not in short.to_html()


def test_a_table_of_many_columns_stacks_on_a_phone_and_a_narrow_one_does_not():
    wide = Table("w", "c", pd.DataFrame({c: [1] for c in "abcd"}), ())
    assert 'class="mg-table mg-cards mg-roomy"' in wide.to_html()
    assert 'class="mg-table mg-roomy"' in READER.to_html()  # four columns, one of them hidden: three shown


def test_every_record_id_column_of_the_book_is_a_detail_column():
    """A column that holds record ids ('ilive2025-f01', 'efsa2015-ai-7m', claim keys) is for the record:
    it is declared a detail column, so the reader sees names and wording first."""
    import mgtables
    from mgtables import registry

    data = mgtables.load()
    shown = {}
    for table_id in mgtables.ids():
        table = registry.get(table_id, data)
        for column in table.data.columns:
            cells = [str(v) for v in table.data[column] if isinstance(v, str) and v]
            if cells and all(RECORD_ID.fullmatch(c) for c in cells) and column not in table.detail_names:
                shown.setdefault(table_id, []).append(column)
    assert {key: columns for key, columns in shown.items() if key not in ID_TABLES} == {}


def test_the_ranking_table_is_sorted_by_mg_per_portion():
    import mgtables
    from mgtables import registry

    table = registry.get("food-ranking", mgtables.load())
    per_portion = table.data["mg per portion"].dropna().tolist()
    assert per_portion == sorted(per_portion, reverse=True)


def test_three_prose_columns_take_the_room_the_other_columns_keep_otherwise():
    note = "a note long enough to be prose, with words in it"
    three = Table("t", "c", pd.DataFrame({c: [note] for c in ("A", "B", "C")} | {"n": [1]}), ())
    assert 'class="mg-table mg-cards mg-stacked"' in three.to_html()
    two = Table("t", "c", pd.DataFrame({c: [note] for c in ("A", "B")} | {"n": [1]}), ())
    assert 'class="mg-table mg-roomy"' in two.to_html()


def test_a_copy_with_renamed_headers_keeps_its_detail_columns():
    from dataclasses import replace

    renamed = replace(READER, data=READER.data.rename(columns={"Id": "Nummer"}))
    assert renamed.detail_names == ["Nummer"]
    assert '<th scope="col" class="mg-detail">Nummer</th>' in renamed.to_html()


# ---- the HTML block and the Markdown as a whole ---------------------------------------------------------

def test_the_html_block_is_a_table_of_one_row_per_record_with_every_heading_scoped():
    page = READER.to_html()
    assert page.startswith('<div class="mg-table-block" id="reader">\n<input type="checkbox"')
    assert TABLE.to_html().startswith('<div class="mg-table-block" id="example">\n<div class="mg-table-wrap">\n')
    assert page.endswith("</details>\n</div>") and "None" not in page
    head = re.search(r"<thead><tr>(.*)</tr></thead>", page).group(1)
    assert head == ('<th scope="col" class="mg-detail">Id</th><th scope="col">Say &quot;&lt;b&gt;&quot;</th>'
                    '<th scope="col" class="mg-num">mg</th><th scope="col">Note</th>')
    body = re.search(r"\n<tbody>\n(.*)\n</tbody>\n</table>\n</div>\n", page, re.S).group(1).split("\n")
    assert len(body) == len(READER.data)
    cell = r'<td(?: class="[a-z -]+")? data-label="[^"]*"(?: data-sort="[^"]*")?>[^<]*</td>'
    assert all(re.fullmatch(f"<tr>(?:{cell}){{4}}</tr>", row) for row in body), body
    assert '<td class="mg-num mg-detail" data-label="n" data-sort="1.0">1</td>' in Table(
        "d", "c", pd.DataFrame({"n": [1]}), (), detail_columns=("n",)).to_html()


def test_the_html_block_speaks_the_language_of_its_table():
    from mgtables.i18n import text

    page = READER.to_html()  # a Dutch table
    assert '<table class="mg-table mg-roomy" id="table-reader" lang="nl">' in page
    for key in ("table.cite", "table.copy_text", "table.copy_bibtex", "table.show_details"):
        assert f">{text(key, 'nl')}<" in page, key
    assert f'data-copied="{text("table.copied", "nl")}"' in page
    assert f">{text('table.download', 'nl', file='reader.csv')}</a>" in page
    assert '<span class="mg-cite-text">' in page and "reader" in page.split('<pre class="mg-cite-bibtex">')[1]
    assert "@misc{mgkb-reader," in page


def test_three_columns_shown_stay_a_table_however_much_prose_they_hold():
    prose = "a note long enough to be prose, with words in it"
    table = Table("t", "c", pd.DataFrame({c: [prose] for c in "abc"}), ())
    assert '<table class="mg-table" id="table-t"' in table.to_html()  # neither cards, nor stacked
    four = Table("f", "c", pd.DataFrame({c: [prose] for c in "abcd"}), ())
    assert '<table class="mg-table mg-cards mg-stacked" id="table-f"' in four.to_html()


def test_a_column_is_prose_only_when_its_cells_run_long_and_wordy_on_average():
    from mgtables.table import PROSE_CHARACTERS, PROSE_WORDS, _column_kind

    words = " ".join(["word"] * PROSE_WORDS)
    exact = words + "x" * (PROSE_CHARACTERS - len(words))  # exactly the limits
    assert len(exact) == PROSE_CHARACTERS and _column_kind(pd.Series([exact])) == "mg-prose"
    assert _column_kind(pd.Series([exact[:-1]])) == ""  # one character short
    assert _column_kind(pd.Series([exact, ""])) == ""  # the average, not the longest cell
    assert _column_kind(pd.Series(["x" * 200])) == ""  # long, but one word
    assert _column_kind(pd.Series([1.5, None])) == "mg-num"
    assert _column_kind(pd.Series([True, False])) == ""
    assert _column_kind(pd.Series([], dtype=object)) == ""


def test_a_missing_value_of_any_kind_is_an_empty_cell():
    frame = pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "t": pd.array(["a", None], dtype="string")})
    table = Table("m", "c", frame, ())
    for shown in (table.to_html(), table.to_latex()):
        assert "NA" not in shown and "nan" not in shown
    assert table.to_markdown().splitlines()[-1] == "|  |  |"


def test_markdown_is_a_title_a_blank_line_a_header_a_rule_and_a_row_per_record():
    from mgtables.i18n import text

    lines = READER.to_markdown().split("\n")
    assert lines[0] == text("table.markdown_title", "nl", title="Caption") and lines[1] == ""
    assert lines[2] == '| Id | Say "&lt;b&gt;" | mg | Note |' and lines[3] == "| --- | --- | --- | --- |"
    assert lines[4].startswith("| src-f01 | &lt;i&gt;x&lt;/i&gt; | 1234.5 |")
    assert len(lines) == 4 + len(READER.data) + 1 and lines[-1] == ""  # ends with one line break


def test_latex_is_a_standalone_document_unless_asked_for_the_table_alone():
    from mgtables import latex

    assert TABLE.to_latex() == latex.document(TABLE)
    assert TABLE.to_latex(standalone=False) == latex.fragment(TABLE)


# ---- a table longer than the rows a page shows (data/parameters.yaml table_rows_shown) ----------------

def _numbered(rows: int, **fields) -> Table:
    numbers = range(1, rows + 1)
    return Table("many", "Caption", pd.DataFrame({"n": numbers, "word": [f"w{i}" for i in numbers]}), (), **fields)


def _body(page: str) -> list[str]:
    return re.search(r"\n<tbody>\n(.*)\n</tbody>\n", page, re.S).group(1).split("\n")


def test_a_table_longer_than_its_rows_shown_shows_its_first_rows_says_so_and_links_the_csv():
    from mgtables.i18n import text

    table = _numbered(7, rows_shown=3)
    page = table.to_html()
    body = _body(page)
    assert len(body) == 3
    assert all(f">w{i}</td>" in row for i, row in enumerate(body, start=1))  # the first rows, in order
    assert ">w4</td>" not in page
    note = html.unescape(re.search(r'<p class="mg-rows-left-out" id="rows-left-out-many">(.*?)</p>', page).group(1))
    assert note.startswith(text("table.rows_left_out", "en", shown="3", total="7"))
    assert "first 3 of the table's 7 rows" in note
    assert '<a href="../tables/many.csv" download>Download many.csv</a>' in note
    assert page.index("mg-rows-left-out") < page.index("mg-table-wrap")  # read before the rows, not after
    assert 'class="mg-download"' in page  # the download under the table stays
    back = pd.read_csv(io.StringIO(table.to_csv()))
    assert list(back["word"]) == [f"w{i}" for i in range(1, 8)]  # every row in the CSV
    assert len(table.to_markdown().splitlines()) == 4 + 7  # and in the other exports


def test_a_table_no_longer_than_its_rows_shown_is_shown_whole_without_a_note():
    whole = _numbered(3).to_html()
    assert "mg-rows-left-out" not in whole and len(_body(whole)) == 3
    assert _numbered(3, rows_shown=3).to_html() == whole  # exactly at the limit: nothing left out, nothing added


def test_the_filter_of_a_cut_table_counts_the_rows_shown_and_the_note_speaks_its_language():
    rows = LONG_TABLE_ROWS + 2
    page = _numbered(1234, rows_shown=rows, lang="nl").to_html()
    assert f'data-mg-long="{rows}"' in page  # the filter box says "x of <rows shown>", which the note explains
    assert "De pagina toont de eerste 32 van de 1.234 rijen" in page  # Dutch grouping of the thousands
    assert ">many.csv downloaden</a></p>" in page
    assert "data-mg-long" not in _numbered(1234, rows_shown=LONG_TABLE_ROWS).to_html()


def test_every_table_of_the_book_shows_the_rows_the_editorial_parameter_allows():
    from conftest import with_parameter

    from mgtables import load, registry

    data = load()
    limit = data.parameter("table_rows_shown")
    assert {registry.get(t, data).rows_shown for t in registry.ids()} == {limit}
    few = with_parameter(data, "table_rows_shown", 4)
    table = registry.get("reference-values", few, "nl")
    page = table.to_html()
    assert len(_body(page)) == 4
    assert f"de eerste 4 van de {len(data.reference_values)} rijen" in page
    assert len(pd.read_csv(io.StringIO(table.to_csv()))) == len(data.reference_values)


def test_a_quotation_in_another_language_is_marked_in_the_html_and_plain_everywhere_else():
    from mgtables.table import Quoted

    cell = Quoted("rauw tegenover geroosterd: Nuts, <almonds> & co (28 g); Nuts, raw", (
        ("Nuts, <almonds> & co", "en"), ("Nuts, raw", "en")))
    table = Table("quoted", "Citaat", pd.DataFrame({"Lezing": [cell, "gewoon"]}), (), lang="nl")
    assert ('<td data-label="Lezing">rauw tegenover geroosterd: <span lang="en">Nuts, &lt;almonds&gt; &amp; co'
            '</span> (28 g); <span lang="en">Nuts, raw</span></td>') in table.to_html()
    assert '<td data-label="Lezing">gewoon</td>' in table.to_html()
    assert pd.read_csv(io.StringIO(table.to_csv())).loc[0, "Lezing"] == str(cell)
    assert "span" not in table.to_markdown() and "span" not in table.to_latex()


def test_quotations_are_kept_when_cells_are_joined_and_a_missing_one_is_an_error():
    from mgtables.table import Quoted

    joined = Quoted.joined("; ", [Quoted("a: Nuts", (("Nuts", "en"),)), "b", Quoted("c: Milk", (("Milk", "en"),))])
    assert joined == "a: Nuts; b; c: Milk" and joined.quotes == (("Nuts", "en"), ("Milk", "en"))
    assert type(Quoted.joined("; ", ["a", "b"])) is str
    with pytest.raises(ValueError, match="does not quote 'Milk'"):
        Quoted("Milk first, then Nuts", (("Nuts", "en"), ("Milk", "en"))).html()  # out of order


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_source_id_in_a_cell_is_named_as_the_reader_knows_it_in_the_language(lang):
    from mgtables.i18n import text

    frame = pd.DataFrame({"Id": ["x-1", "x-2"],
                          "Stated by": ["webshop2024, ilive2025 & <b>", "webshop2024-f09 and xwebshop2024"]})
    shop, ilive = text("figstyle.source.webshop2024", lang), text("figstyle.source.ilive2025", lang)
    with_details = Table("named", "c", frame, (), lang=lang, detail_columns=("Id",)).to_html()
    # the name, then the id in a span that the details toggle shows; the rest of the cell escaped
    assert (f'>{shop}<span class="mg-id"> (webshop2024)</span>, {ilive}<span class="mg-id"> (ilive2025)</span>'
            " &amp; &lt;b&gt;</td>") in with_details
    # a source id inside a record id or a longer word is no source named
    assert ">webshop2024-f09 and xwebshop2024</td>" in with_details
    plain = Table("named", "c", frame, (), lang=lang).to_html()
    assert f">{shop}, {ilive} &amp; &lt;b&gt;</td>" in plain and "mg-id" not in plain  # no toggle: names only
    codes = Table("named", "c", frame, (), lang=lang, names_sources=False).to_html()
    assert ">webshop2024, ilive2025 &amp; &lt;b&gt;</td>" in codes  # a table of codes keeps its ids
