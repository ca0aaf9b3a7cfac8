"""No number is typed into the book's prose or notebooks: every figure comes from the data through
glue or a generated table. Digits inside glue roles, code, links and a few unit names are allowed."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

PAGES = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md"))
# Units that normalise a quantity ("mg per 100 g") name no figure of their own.
UNIT_PHRASES = re.compile(r"\b100 (g|kcal)\b")
NOT_PROSE = re.compile(
    r"```.*?```"  # fenced code (command examples)
    r"|`[^`\n]*`"  # inline code and the target of a role such as {glue:text}`name:.0f`
    r"|\]\([^)]*\)"  # link targets
    r"|<[^>]+>"  # html tags
    r"|\b[A-Za-z_]+\d[\w-]*",  # names with digits: record ids (healthblog2025-f06), SR28, vitamin B6
    re.DOTALL,
)


def typed_numbers(markdown: str) -> list[str]:
    prose = UNIT_PHRASES.sub("", NOT_PROSE.sub("", markdown))
    return re.findall(r"\d[\d.,]*", prose)


def number_literals(code: str) -> list[str]:
    return [repr(node.value) for node in ast.walk(ast.parse(code))
            if isinstance(node, ast.Constant) and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)]


def cells(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".md":
        return [("markdown", path.read_text(encoding="utf-8"))]
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_number_is_typed_into_a_page(path):
    found = []
    for kind, source in cells(path):
        found += typed_numbers(source) if kind == "markdown" else number_literals(source)
    assert found == [], f"{path.name}: numbers typed by hand: {found}; glue them from the data instead"


def test_the_check_finds_typed_numbers_and_spares_glue():
    assert typed_numbers("EFSA sets 350 mg for men.") == ["350"]
    assert typed_numbers("EFSA sets {glue:text}`efsa_men:.0f` mg, or `3.5` in code, per 100 g.") == []
    assert typed_numbers("See healthblog2025-f06 and USDA SR28 on vitamin B6.") == []
    assert number_literals("book.show('x')\nintake(34, 'female')") == ["34"]
