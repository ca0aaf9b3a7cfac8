"""The independent audit (audit/): every figure record, and every conflict, interaction, appraisal score and
claim-matrix stance the book shows, and every prose statement that carries a fact, is set against a re-derivation
made by a reviewer who saw only the articles and the authorities' documents. No disagreement may stay open, a row
without a verdict says why, and a prose row goes stale (and fails) when the values its statement shows change."""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

import yaml
from conftest import ROOT

import mgtables
from mgtables.chapters import body, claims

AUDIT = yaml.safe_load((ROOT / "audit" / "audit.yaml").read_text(encoding="utf-8"))
AUDIT_CLAIMS = yaml.safe_load((ROOT / "audit" / "audit_claims.yaml").read_text(encoding="utf-8"))
REDERIVED = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "audit" / "rederived").glob("[0-9]*.yaml"))}
STANCES = yaml.safe_load((ROOT / "audit" / "rederived" / "claims_stances.yaml").read_text(encoding="utf-8"))
AUDIT_PROSE = yaml.safe_load((ROOT / "audit" / "audit_prose.yaml").read_text(encoding="utf-8"))
QUESTIONS = yaml.safe_load((ROOT / "audit" / "prose" / "questions.yaml").read_text(encoding="utf-8"))
DATA = mgtables.load()
SIDES = {"book", "reviewer", "both"}


def problems(rows: list[dict]) -> list[str]:
    """What keeps an audit table from being closed: an open disagreement (agrees: false), a verdict that is
    not true, false or null, a row without a verdict that does not say why, and a row that says who was right
    without the reasoning."""
    found = []
    for row in rows:
        item, agrees = row.get("item"), row.get("agrees")
        if agrees not in (True, False, None):
            found.append(f"{item}: agrees must be true, false or null")
        if agrees is False:
            found.append(f"{item}: open disagreement")
        if agrees is None and not row.get("kind"):
            found.append(f"{item}: no verdict and no kind saying why")
        if "right" in row and (row["right"] not in SIDES or not row.get("resolution")):
            found.append(f"{item}: who was right needs one of {sorted(SIDES)} and the resolution")
        if agrees is None and row.get("right") and not row.get("evidence") and not row.get("resolution"):
            found.append(f"{item}: a rejected answer needs its evidence")
    return found


def test_the_check_fails_on_an_open_disagreement_and_an_unexplained_row():
    rows = [{"item": "stance:x:src1", "agrees": True},
            {"item": "stance:y:src1", "agrees": False, "kind": "stance", "evidence": "line 3"},
            {"item": "stance:z:src1", "agrees": None},
            {"item": "appraisal:src1:score", "agrees": True, "right": "reviewer"}]
    assert problems(rows) == ["stance:y:src1: open disagreement", "stance:z:src1: no verdict and no kind saying why",
                              "appraisal:src1:score: who was right needs one of ['book', 'both', 'reviewer'] and "
                              "the resolution"]
    assert problems(rows[:1]) == []


def test_no_audit_row_is_left_open_or_unexplained():
    assert problems(AUDIT) == []
    assert problems(AUDIT_CLAIMS) == []


def test_every_figure_record_has_an_audit_row_and_every_row_a_record():
    records = set(DATA.figures["id"])
    rows = {row["item"] for row in AUDIT if not row["item"].startswith("missing:")}
    assert sorted(records - rows) == [], "figure records without an audit row"
    assert sorted(rows - records) == [], "audit rows for records that no longer exist"


def test_every_source_was_re_derived_independently():
    assert sorted(REDERIVED) == ["000", "001", "002", "003", "004"]
    assert all(len(items) > 0 for items in REDERIVED.values())


def _rows(kind: str) -> set[str]:
    return {row["item"].split(":", 1)[1] for row in AUDIT_CLAIMS if row["item"].split(":", 1)[0] == kind}


def test_every_conflict_interaction_and_appraisal_score_has_an_audit_row():
    assert set(claims.judged_conflicts(DATA)["key"]) <= _rows("conflict")
    assert set(body.interactions(DATA)["key"]) <= _rows("interaction")
    criteria = {"peer_review", "references", "author_expertise", "commercial_interest", "date_and_review", "score"}
    assert {f"{s}:{c}" for s in DATA.sources["id"] for c in criteria} <= _rows("appraisal")


def test_every_stance_of_the_re_derived_keys_has_an_audit_row():
    keys = [item["key"] for item in STANCES["items"]]
    assert set(claims.judged_conflicts(DATA)["key"]) | set(body.interactions(DATA)["key"]) <= set(keys)
    assert {f"{k}:{s}" for k in keys for s in DATA.sources["id"]} == _rows("stance")


def test_an_agreeing_stance_row_matches_the_claim_matrix_now():
    grid = claims.matrix(DATA).set_index("key")
    per_key = {item["key"]: item["per_article"] for item in STANCES["items"]}
    for row in AUDIT_CLAIMS:
        kind, _, rest = row["item"].partition(":")
        if kind == "stance" and row["agrees"] is True:
            key, source = rest.rsplit(":", 1)
            book = grid.loc[key, source]
            assert (book if book != claims.SILENT else "silent") == per_key[key][source]["stance"], row["item"]


# ---- the prose audit (audit/audit_prose.yaml) --------------------------------------------------------------

PAGES = ("book/intro.md", *(f"book/{p.name}" for p in sorted((ROOT / "book").glob("*.ipynb"))))
GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`([^`:]+)")  # {glue:text}`name:.0f` and the other glue roles
GLUE_DIRECTIVE = re.compile(r"^```\{glue(?::\w+)?\}\s+(\S+)", re.MULTILINE)  # ```{glue:any} name
RECORD = "application/papermill.record/"
# Glue pasted in the English prose that no prose row needs to cover, and why (audit/prose/README.md).
UNAUDITED_GLUE = {
    ("book/foods.ipynb", "adult_age"): "the parameter 40 where the portions table is introduced (a given of foods:19)",
    ("book/foods.ipynb", "n_bases"): "the number of ranking bases the chapter uses: method",
    ("book/foods.ipynb", "ranking_group"): "the ranking person, a parameter (a given of foods:02)",
    ("book/claims.ipynb", "n_themes"): "the number of themes the book groups claim keys into: the book's coding",
    ("book/claims.ipynb", "register_marks"): "the legend of the marks in the matrix figure",
    ("book/intro.md", "answer_brief"): "the home page's answer briefs, made from the answer-box rows' answers",
}


def english_prose(page: Path) -> str:
    """The English text a page pastes glue into: a notebook's markdown cells, or a MyST page whole."""
    if page.suffix != ".ipynb":
        return page.read_text(encoding="utf-8")
    cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def pasted_glue(root: Path, pages=PAGES) -> set[tuple[str, str]]:
    found = set()
    for page in pages:
        prose = english_prose(root / page)
        found |= {(page, name) for name in GLUE_ROLE.findall(prose) + GLUE_DIRECTIVE.findall(prose)}
    return found


def _english_outputs(page: Path):
    for cell in json.loads(page.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("mgtables", {}).get("lang") == "en":
                yield output


def stored_glue(page: Path) -> dict[str, object]:
    """The English glue values a notebook stores, read back as the Python values mgtables.book.glue wrote
    (their repr: tests/test_glue.py); an HTML glue (the answer brief) has no such value and is left out."""
    values = {}
    for output in _english_outputs(page):
        name = output["metadata"].get("scrapbook", {}).get("name")
        plain = output.get("data", {}).get(f"{RECORD}text/plain")
        if name and plain is not None and not plain.startswith("<"):
            values[name] = ast.literal_eval(plain)
    return values


def plain_text(markup: str) -> str:
    """HTML as a reader reads it: tags dropped, entities resolved, one space between words, none before
    punctuation that a tag had kept apart."""
    words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))
    return re.sub(r" ([.,;%)])", r"\1", words).replace("( ", "(").strip()


def answer_text(page: Path) -> str:
    """The text of the chapter's English answer box (mgtables.book.show_answer), '' where there is none."""
    for output in _english_outputs(page):
        markup = "".join(output.get("data", {}).get("text/html", ""))
        if 'class="mg-answer"' in markup:
            return plain_text(markup)
    return ""


def prose_problems(rows: list[dict], questions: list[dict], pasted: set[tuple[str, str]], glue: dict,
                   answers: dict) -> list[str]:
    """What makes the prose audit incomplete or stale: a question without a row (or a row without a question),
    a glue name pasted in the English prose that no row and no listed exception covers, a row whose recorded
    glue value is not the value the notebook stores now, and an answer-box row whose text the answer no longer
    holds. `glue` maps page -> {name: value}, `answers` page -> answer text."""
    found = []
    asked, rowed = [q["id"] for q in questions], [r["item"] for r in rows]
    found += [f"{i}: no audit row" for i in asked if i not in rowed]
    found += [f"{i}: audit row for no question" for i in rowed if i not in asked]
    found += [f"{i}: more than one audit row" for i in sorted({i for i in rowed if rowed.count(i) > 1})]
    covered = {(r["page"], name) for r in rows for name in r.get("glue", {})}
    found += [f"{page}: glue {name} pasted in the prose, in no audit row"
              for page, name in sorted(pasted - covered - set(UNAUDITED_GLUE))]
    for row in rows:
        now = glue.get(row["page"], {})
        for name, value in row.get("glue", {}).items():
            if name not in now:
                found.append(f"{row['item']}: glue {name} is no longer stored on {row['page']}")
            elif now[name] != value:
                found.append(f"{row['item']}: glue {name} is {now[name]!r} now, the audit row has {value!r}")
        if row.get("answer_box") and row["book"] not in answers.get(row["page"], ""):
            found.append(f"{row['item']}: the answer box no longer says what the audit row has")
    return found


def test_the_prose_check_fails_on_a_missing_row_uncovered_glue_a_stale_value_and_a_changed_answer():
    questions = [{"id": "prose:x:01"}, {"id": "prose:x:02"}, {"id": "prose:x:03"}]
    rows = [{"item": "prose:x:01", "page": "p", "book": "Two a day.", "answer_box": True, "glue": {"n": 2}},
            {"item": "prose:x:03", "page": "p", "book": "s", "glue": {"gone": 1}},
            {"item": "prose:x:09", "page": "p", "book": "s"}]
    pasted = {("p", "n"), ("p", "m"), ("book/foods.ipynb", "n_bases")}
    assert prose_problems(rows, questions, pasted, {"p": {"n": 3}}, {"p": "Three a day."}) == [
        "prose:x:02: no audit row", "prose:x:09: audit row for no question",
        "p: glue m pasted in the prose, in no audit row",
        "prose:x:01: glue n is 3 now, the audit row has 2",
        "prose:x:01: the answer box no longer says what the audit row has",
        "prose:x:03: glue gone is no longer stored on p"]
    fine = [{"item": "prose:x:01", "page": "p", "book": "Two a day.", "answer_box": True, "glue": {"n": 2}}]
    assert prose_problems(fine, questions[:1], {("p", "n")}, {"p": {"n": 2}}, {"p": "In short: Two a day."}) == []


def test_the_glue_and_answer_readers_find_what_a_page_pastes_and_stores(tmp_path):
    cells = [{"cell_type": "markdown", "source": ["Take {glue:text}`dose:.0f` mg, ", "{glue}`limit` at most.\n"]},
             {"cell_type": "code", "source": [], "outputs": [
                 {"output_type": "display_data", "data": {f"{RECORD}text/plain": "250.0"},
                  "metadata": {"mgtables": {"lang": "en"}, "scrapbook": {"name": "dose"}}},
                 {"output_type": "display_data", "data": {f"{RECORD}text/plain": "250,0"},
                  "metadata": {"mgtables": {"lang": "nl"}, "scrapbook": {"name": "nl_only"}}},
                 {"output_type": "display_data", "metadata": {"mgtables": {"lang": "en"}}, "data": {"text/html": (
                     '<div class="mg-answer"><p>Up to <a>250</a> mg&#x27;s worth ( <b>SCF</b> ) .</p></div>')}}]}]
    (tmp_path / "p.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    (tmp_path / "i.md").write_text("```{glue:any} answer_brief\n:doc: p.ipynb\n```\n", encoding="utf-8")
    assert pasted_glue(tmp_path, ("p.ipynb", "i.md")) == {("p.ipynb", "dose"), ("p.ipynb", "limit"),
                                                           ("i.md", "answer_brief")}
    assert stored_glue(tmp_path / "p.ipynb") == {"dose": 250.0}
    assert answer_text(tmp_path / "p.ipynb") == "Up to 250 mg's worth (SCF)."


def test_every_prose_question_has_a_row_none_open_and_each_row_shows_what_the_page_shows_now():
    assert problems(AUDIT_PROSE) == []
    pages = {row["page"] for row in AUDIT_PROSE} & set(PAGES)
    glue = {page: stored_glue(ROOT / page) for page in pages if page.endswith(".ipynb")}
    answers = {page: answer_text(ROOT / page) for page in pages if page.endswith(".ipynb")}
    assert prose_problems(AUDIT_PROSE, QUESTIONS, pasted_glue(ROOT), glue, answers) == []


def test_where_the_reviewer_was_right_the_book_was_changed_and_now_agrees():
    for row in AUDIT_PROSE:
        if row.get("right") == "reviewer":
            assert row["agrees"] is True and row.get("evidence") and row.get("resolution"), row["item"]
