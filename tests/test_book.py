"""The strict book build: it passes for the book, and fails for a broken reference or a page
missing from the table of contents."""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess

import pytest
from conftest import FIXTURES, jupyter_book_builds

import mgtables
from mgtables import book_meta, registry

pytestmark = pytest.mark.book


def test_build_writes_every_page(built_book):
    assert (built_book / "index.html").is_file()
    for page in ("intro", "sources", "data-dictionary", "references"):
        assert (built_book / "book" / f"{page}.html").is_file(), page


def test_build_writes_every_table_download(built_book):
    for table in mgtables.all_tables():
        csv = built_book / "tables" / table.csv_name
        assert csv.read_text(encoding="utf-8") == table.to_csv()


def test_pages_show_executed_outputs_from_the_data(built_book):
    page = (built_book / "book" / "sources.html").read_text(encoding="utf-8")
    n_figures = len(mgtables.load().figures)
    assert f'contribute <span class="pasted-text">{n_figures}</span> figures' in page


BREAKAGES = {
    "broken cross-reference": ("index.md", "# Fixture\n\nSee {doc}`no-such-page`.\n"),
    "page missing from the TOC": ("orphan.md", "# An orphan page\n"),
    "broken reference target": ("index.md", "# Fixture\n\nSee {ref}`no-such-label`.\n"),
}


def test_table_and_figure_numbers_follow_the_chapter_numbers_of_the_navigation(built_book):
    """Tables are numbered by mgtables, figures and chapters by Sphinx: both must count alike."""
    index = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    chapters = dict(re.findall(r'href="([\w-]+)\.html">(\d+)\. ', index))
    assert len(chapters) == len(book_meta.chapters()) - 1  # every chapter but the introduction
    for table_id, place in registry.placements().items():
        assert place.number.split(".")[0] == chapters[place.page.removeprefix("book/")], table_id
    for page, number in chapters.items():
        html = (built_book / "book" / f"{page}.html").read_text(encoding="utf-8")
        figures = re.findall(r'caption-number">Fig\. (\d+)\.\d+', html)
        assert set(figures) <= {number}, page


def test_sphinx_numbers_every_table_as_mgtables_declares_it(built_book):
    """{numref} to a table prints Sphinx's number for it: the same as the caption, the citation and the
    exports carry (mgtables.registry), for every table of the book."""
    with (built_book.parent / ".doctrees" / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    for table_id, place in registry.placements().items():
        numbers = env.toc_fignumbers[place.page].get("table", {})
        assert ".".join(map(str, numbers[f"table-{table_id}"])) == place.number, table_id


def test_the_prose_cites_a_table_by_its_number(built_book):
    intro = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    number = registry.placements()["intakes-by-authority"].number
    assert f'href="intakes.html#table-intakes-by-authority"><span class="std std-numref">Table {number}</span>' in intro


@pytest.fixture(scope="module")
def fixture_builds(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """The fixture book built strictly as it is and with each breakage (a copy each), in one interpreter."""
    books = {}
    for case, breakage in {"intact": None, **BREAKAGES}.items():
        folder = tmp_path_factory.mktemp("fixture-book")
        shutil.copytree(FIXTURES / "book", folder / "book")
        if breakage is not None:
            name, text = breakage
            (folder / "book" / name).write_text(text, encoding="utf-8")
        books[case] = (folder / "book", folder / "out")
    return dict(zip(books, jupyter_book_builds(list(books.values())), strict=True))


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_strict_build_fails(fixture_builds, breakage):
    result = fixture_builds[breakage]
    assert result.returncode != 0
    assert "WARNING" in result.stdout + result.stderr


def test_fixture_book_builds_cleanly(fixture_builds):
    result = fixture_builds["intact"]
    assert result.returncode == 0, result.stdout[-3000:]
