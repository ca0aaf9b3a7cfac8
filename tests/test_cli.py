"""The `mgtables` command: every subcommand, every export format, both languages, and bad input.

Almost every case calls the command's main(argv) in this process (its output and exit code captured);
a few run it as a program (`python -m mgtables` and the installed entry point) to prove that the exit
code and the streams reach the shell.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import mgtables
import mgtables.cli
import mgtables.dataset
from mgtables import registry
from mgtables.citation import citations, table_citation
from mgtables.cli import EXIT_BUG, EXIT_DATA, EXIT_OUTPUT, EXIT_USAGE, main
from mgtables.domain.reference import IntakeQueryError, intake
from mgtables.i18n import catalogue, languages, text

ENTRY_POINT = Path(sys.executable).parent / "mgtables"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run the command in this process: its exit code and what it wrote to stdout and stderr."""
    def run(*args) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return run


def program(*command) -> subprocess.CompletedProcess:
    return subprocess.run([*map(str, command)], capture_output=True, text=True, check=False)


# --- the command as a program: a handful of real processes -----------------------------------------

def test_python_m_mgtables_writes_to_standard_output():
    result = program(sys.executable, "-m", "mgtables", "export", "sources", "--format", "md", "--out", "-")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == registry.get("sources").to_markdown()


def test_the_installed_entry_point_runs_in_dutch():
    result = program(ENTRY_POINT, "cite", "intakes-by-authority", "--format", "bibtex", "--lang", "nl",
                     "--accessed", "2030-01-02")
    assert result.returncode == 0
    assert result.stdout == citations([registry.get("intakes-by-authority", lang="nl")],
                                                        "bibtex", "2030-01-02")


def test_a_failing_program_exits_with_its_code_and_one_message():
    result = program(sys.executable, "-m", "mgtables", "intake", "--age", "nan", "--sex", "female", "--lang", "nl")
    assert result.returncode == EXIT_USAGE and result.stdout == ""
    assert text("cli.error.not_a_number", "nl", value="'nan'") in result.stderr and "Traceback" not in result.stderr


# --- every command, in process -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", languages())
def test_list_names_every_table_with_its_caption_in_the_language(cli, lang):
    result = cli("list", "--lang", lang)
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == len(registry.ids())
    for line, table in zip(lines, registry.all_tables(lang=lang), strict=True):
        assert line.split()[:2] == [table.number, table.id] and line.endswith(table.caption)


@pytest.mark.parametrize("fmt,ext", [("csv", "csv"), ("md", "md"), ("latex", "tex"), ("xlsx", "xlsx")])
def test_export_writes_each_format(tmp_path, cli, fmt, ext):
    result = cli("export", "intakes-by-authority", "--format", fmt, "--out", tmp_path)
    path = tmp_path / f"intakes-by-authority.{ext}"
    assert result.code == 0 and result.out == f"{path}\n"
    table = mgtables.table("intakes-by-authority")
    if fmt == "csv":
        assert pd.read_csv(path).shape == table.tidy.shape
    elif fmt == "md":
        assert path.read_text().count("\n| ") == len(table.data) + 2
    elif fmt == "latex":
        assert r"\toprule" in path.read_text() and r"\label{tab:intakes-by-authority}" in path.read_text()
    else:
        sheet = openpyxl.load_workbook(path)["intakes-by-authority"]
        assert sheet.max_row == len(table.tidy) + 1
        assert [c.value for c in sheet[1]] == list(table.tidy.columns)


def test_export_in_dutch_is_the_table_built_in_dutch(tmp_path, cli):
    assert cli("export", "reference-values", "--lang", "nl", "--out", tmp_path).code == 0
    frame = pd.read_csv(tmp_path / "reference-values.nl.csv")
    dutch = registry.get("reference-values", lang="nl")
    assert list(frame.columns) == list(dutch.tidy.columns)
    stage = text("formatting.col.life_stage", "nl")
    assert "zwangerschap" in set(frame[stage]) and "pregnancy" not in set(frame[stage])


def test_export_all_writes_one_file_per_table(tmp_path, cli):
    assert cli("export", "all", "--out", tmp_path).code == 0
    assert sorted(p.stem for p in tmp_path.glob("*.csv")) == sorted(registry.ids())


def test_cite_prints_text_and_bibtex_with_todays_date(cli):
    result = cli("cite", "intakes-by-authority")
    assert result.code == 0
    assert "Table " in result.out and "@misc{mgkb-intakes-by-authority," in result.out
    assert "[access date]" not in result.out


def test_cite_writes_every_format_in_dutch(tmp_path, cli):
    result = cli("cite", "sources", "--lang", "nl", "--out", tmp_path, "--accessed", "2030-01-02")
    assert result.code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["sources.nl.bib", "sources.nl.json", "sources.nl.ris", "sources.nl.txt"]
    assert result.out.splitlines() == [str(tmp_path / n) for n in
                                       ("sources.nl.txt", "sources.nl.bib", "sources.nl.ris", "sources.nl.json")]
    assert (tmp_path / "sources.nl.txt").read_text().startswith(
        table_citation(registry.get("sources", lang="nl"), "2030-01-02"))


@pytest.mark.parametrize("lang", languages())
def test_intake_lookup_from_the_command_line(cli, lang):
    result = cli("intake", "--age", "34", "--sex", "female", "--stage", "lactating", "--lang", lang)
    assert result.code == 0
    expected = intake(34, "female", "lactation", lang=lang)
    assert result.out.count("\n| ") == len(expected) + 2
    header = result.out.splitlines()[2]
    assert header == "| " + " | ".join(expected.columns) + " |"
    data = mgtables.load()
    assert data.label("life_stage", "lactation", lang) in result.out.splitlines()[0]


# --- bad input: a message in the language asked, and the documented exit code -----------------------

@pytest.mark.parametrize("args,words", [
    (["export", "no-such-table"], "no table 'no-such-table'"),
    (["export", "sources", "--format", "pdf"], "invalid choice: 'pdf'"),
    (["export", "all", "--out", "-"], "one table"),
    (["intake", "--age", "-4", "--sex", "female"], "cannot be negative"),
    (["intake", "--age", "30", "--sex", "male", "--stage", "pregnant"], "women only"),
    (["intake", "--age", "30", "--sex", "female", "--stage", "retired"], "unknown life stage"),
    (["intake", "--sex", "female"], "the following arguments are required: --age"),
    ([], "the following arguments are required: command"),
    (["cite", "no-such-table"], "no table 'no-such-table'"),
    (["cite", "sources", "--accessed", "yesterday"], "--accessed 'yesterday' is not a date"),
    (["cite", "sources", "--accessed", ""], "--accessed '' is not a date"),  # not today (benchmarks/attack.py)
    (["intake", "--age", "nan", "--sex", "female"], "'nan' is not a number"),
    (["intake", "--age", "inf", "--sex", "female"], "'inf' is not a number"),
    (["intake", "--age", "1e999", "--sex", "female"], "is not a number"),
    (["intake", "--age", "thirty", "--sex", "female"], "'thirty' is not a number"),
    (["export", "sources", "--format", "xlsx", "--out", "-"], "one table"),
    (["export", "sources", "--lang", "de"], "invalid choice: 'de'"),
    (["list", "--wrong"], "unrecognized arguments: --wrong"),
])
def test_bad_arguments_exit_with_2_and_a_message(cli, args, words):
    result = cli(*args)
    assert result.code == EXIT_USAGE and words in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("args,key,values", [
    (["export", "no-such-table"], "cli.error.no_table", {"table": "'no-such-table'"}),
    (["export", "all", "--out", "-"], "cli.error.stdout_one_table", {}),
    (["cite", "sources", "--accessed", "gisteren"], "cli.error.accessed", {"accessed": "'gisteren'"}),
    (["intake", "--age", "dertig", "--sex", "female"], "cli.error.not_a_number", {"value": "'dertig'"}),
    (["intake", "--sex", "female"], "cli.argparse.required", {"arguments": "--age"}),
    (["export", "sources", "--format", "pdf"], "cli.argparse.invalid_choice",
     {"value": "'pdf'", "choices": "'csv', 'md', 'latex', 'xlsx'"}),
    (["list", "--wrong"], "cli.argparse.unrecognized", {"arguments": "--wrong"}),
])
@pytest.mark.parametrize("lang", languages())
def test_usage_errors_are_worded_in_the_language_asked(cli, args, key, values, lang):
    result = cli(*args, "--lang", lang)
    assert result.code == EXIT_USAGE
    assert text(key, lang, **values) in result.err


def test_dutch_usage_errors_differ_from_english(cli):
    english, dutch = cli("intake", "--sex", "female"), cli("intake", "--sex", "female", "--lang=nl")
    assert english.err != dutch.err
    assert dutch.err.startswith(text("cli.argparse.usage", "nl") + " mgtables intake")
    assert text("cli.argparse.error", "nl", prog="mgtables intake", message="") in dutch.err


@pytest.mark.parametrize("lang", languages())
def test_an_intake_question_no_table_answers_is_worded_by_the_domain_in_the_language(cli, lang):
    result = cli("intake", "--age", "30", "--sex", "male", "--stage", "pregnant", "--lang", lang)
    with pytest.raises(IntakeQueryError) as raised:
        intake(30, "male", "pregnancy")
    assert result.code == EXIT_USAGE
    assert result.err == text("cli.failed", lang, command="intake", message=raised.value.message(lang)) + "\n"


@pytest.mark.parametrize("command", ["list", "export", "cite", "intake"])
@pytest.mark.parametrize("lang", languages())
def test_every_command_has_help_in_the_language(cli, command, lang):
    result = cli(command, "--help", "--lang", lang)
    assert result.code == 0
    assert result.out.startswith(f"{text('cli.argparse.usage', lang)} mgtables {command}")
    assert f"{text('cli.argparse.options', lang)}:" in result.out
    assert text("cli.argparse.help", lang) in result.out and text("cli.help.lang", lang).split()[0] in result.out


def test_dutch_help_has_no_english_heading_left(cli):
    english = {catalogue("en")[k] for k in ("cli.argparse.usage", "cli.argparse.options", "cli.argparse.help",
                                             "cli.argparse.positionals")}
    for command in ("list", "export", "cite", "intake"):
        out = cli(command, "--help", "--lang", "nl").out
        assert not [e for e in english if e in out], command


def test_help_documents_the_exit_codes(cli):
    result = cli("--help")
    assert result.code == 0
    for code in (EXIT_USAGE, EXIT_DATA, EXIT_OUTPUT, EXIT_BUG):
        assert f"  {code}  " in result.out


def test_export_refuses_to_overwrite_unless_forced(tmp_path, cli):
    assert cli("export", "sources", "--out", tmp_path).code == 0
    refused = cli("export", "sources", "--out", tmp_path)
    assert refused.code == EXIT_OUTPUT
    assert refused.err == text("cli.failed", "en", command="export", message=text(
        "cli.error.exists", "en", files=str(tmp_path / "sources.csv"))) + "\n"
    assert "exist(s) already; --force overwrites" in refused.err
    assert cli("export", "sources", "--out", tmp_path, "--force").code == 0


def test_cite_refuses_to_overwrite_in_dutch(tmp_path, cli):
    assert cli("cite", "sources", "--out", tmp_path, "--lang", "nl").code == 0
    refused = cli("cite", "sources", "--out", tmp_path, "--lang", "nl")
    assert refused.code == EXIT_OUTPUT and "--force" in refused.err
    assert text("cli.error.exists", "nl", files="").strip() in refused.err


@pytest.mark.parametrize("where", ["a-file", "a-file/below"])
def test_output_that_cannot_be_a_folder_exits_with_4(tmp_path, cli, where):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = cli("export", "sources", "--out", tmp_path / where)
    assert result.code == EXIT_OUTPUT
    assert str(tmp_path / "a-file") in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("command", [["list"], ["export", "sources", "--out", "-"], ["cite", "sources"],
                                     ["intake", "--age", "30", "--sex", "female"]])
def test_bad_data_exits_with_3_naming_file_and_line(fixture_dir, monkeypatch, cli, command):
    (fixture_dir / "claims.yaml").write_bytes(b"- id: x\n\x00\x01")
    monkeypatch.setattr(mgtables.dataset, "DATA_DIR", fixture_dir)
    result = cli(*command)
    assert result.code == EXIT_DATA
    assert "claims.yaml:2: record '-', field '-': a NUL byte: this is a binary file" in result.err
    assert text("cli.error.data", "en", count=1) in result.err


def test_a_table_the_latex_export_cannot_set_is_bad_data_named_by_table(monkeypatch, cli, tmp_path):
    from mgtables import latex

    monkeypatch.setattr(latex, "_widths", lambda *args: None)  # as if a word of the data fitted on no page
    result = cli("export", "sources", "--format", "latex", "--out", tmp_path, "--lang", "nl")
    assert result.code == EXIT_DATA and "Traceback" not in result.err
    assert "Tabel sources past niet in LaTeX" in result.err
    assert list(tmp_path.iterdir()) == []  # nothing half written


def test_bad_data_is_announced_in_dutch(fixture_dir, monkeypatch, cli):
    (fixture_dir / "claims.yaml").write_bytes(b"- id: x\n\x00\x01")
    monkeypatch.setattr(mgtables.dataset, "DATA_DIR", fixture_dir)
    result = cli("list", "--lang", "nl")
    assert result.code == EXIT_DATA and text("cli.error.data", "nl", count=1) in result.err


@pytest.mark.parametrize("lang", languages())
def test_a_bug_is_one_line_not_a_traceback(monkeypatch, cli, lang):
    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(mgtables.cli, "cmd_list", broken)
    result = cli("list", "--lang", lang)
    assert result.code == EXIT_BUG
    assert result.err == text("cli.failed", lang, command="list",
                              message=text("cli.error.bug", lang, error="RuntimeError: boom")) + "\n"
    assert result.err.count("\n") == 1


def test_argparse_texts_are_restored_after_a_run(cli):
    import argparse

    before = argparse._
    cli("list", "--help", "--lang", "nl")
    assert argparse._ is before
