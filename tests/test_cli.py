"""The `mgtables` command: every subcommand, every export format, both languages, and bad input."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

import mgtables
import mgtables.cli
import mgtables.dataset
from mgtables.cli import EXIT_BUG, EXIT_DATA, EXIT_OUTPUT, EXIT_USAGE, main


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mgtables", *args], capture_output=True, text=True, check=False)


def test_list_names_every_table(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for table_id in mgtables.ids():
        assert table_id in out


@pytest.mark.parametrize("fmt,ext", [("csv", "csv"), ("md", "md"), ("latex", "tex"), ("xlsx", "xlsx")])
def test_export_writes_each_format(tmp_path, fmt, ext, capsys):
    assert main(["export", "intakes-by-authority", "--format", fmt, "--out", str(tmp_path)]) == 0
    path = tmp_path / f"intakes-by-authority.{ext}"
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


def test_export_in_dutch_translates_headers_and_categories(tmp_path):
    assert main(["export", "reference-values", "--lang", "nl", "--out", str(tmp_path)]) == 0
    frame = pd.read_csv(tmp_path / "reference-values.nl.csv")
    assert "Levensfase" in frame.columns
    assert "zwangerschap" in set(frame["Levensfase"])
    assert "pregnancy" not in set(frame["Levensfase"])


def test_export_all_writes_one_file_per_table(tmp_path):
    assert main(["export", "all", "--out", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.csv")) == sorted(mgtables.ids())


def test_export_to_standard_output():
    result = run("export", "sources", "--format", "md", "--out", "-")
    assert result.returncode == 0
    assert result.stdout.startswith("Table: ")


def test_cite_prints_text_and_bibtex_with_todays_date():
    result = run("cite", "intakes-by-authority")
    assert result.returncode == 0
    assert "Table " in result.stdout and "@misc{mgkb-intakes-by-authority," in result.stdout
    assert "[access date]" not in result.stdout


def test_intake_lookup_from_the_command_line():
    result = run("intake", "--age", "34", "--sex", "female", "--stage", "lactating")
    assert result.returncode == 0
    expected = mgtables.domain.reference.intake(34, "female", "lactation")
    assert result.stdout.count("\n| ") == len(expected) + 2


@pytest.mark.parametrize("args,words", [
    (["export", "no-such-table"], "no table 'no-such-table'"),
    (["export", "sources", "--format", "pdf"], "invalid choice: 'pdf'"),
    (["export", "all", "--out", "-"], "one table"),
    (["intake", "--age", "-4", "--sex", "female"], "cannot be negative"),
    (["intake", "--age", "30", "--sex", "male", "--stage", "pregnant"], "women only"),
    (["intake", "--age", "30", "--sex", "female", "--stage", "retired"], "unknown life stage"),
    (["intake", "--sex", "female"], "the following arguments are required: --age"),
    ([], "the following arguments are required: command"),
])
def test_bad_arguments_get_a_message_and_a_nonzero_exit(args, words):
    result = run(*args)
    assert result.returncode != 0
    assert words in result.stderr


@pytest.mark.parametrize("command", ["list", "export", "cite", "intake"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "usage: mgtables" in result.stdout


@pytest.mark.parametrize("args,words", [
    (["cite", "no-such-table"], "no table 'no-such-table'"),
    (["intake", "--age", "nan", "--sex", "female"], "'nan' is not a number"),
    (["intake", "--age", "inf", "--sex", "female"], "'inf' is not a number"),
    (["intake", "--age", "1e999", "--sex", "female"], "is not a number"),
    (["intake", "--age", "thirty", "--sex", "female"], "'thirty' is not a number"),
    (["export", "sources", "--format", "xlsx", "--out", "-"], "one table"),
    (["export", "sources", "--lang", "de"], "invalid choice: 'de'"),
])
def test_bad_arguments_exit_with_2_and_no_traceback(args, words):
    result = run(*args)
    assert result.returncode == EXIT_USAGE and words in result.stderr and "Traceback" not in result.stderr


def test_export_refuses_to_overwrite_unless_forced(tmp_path, capsys):
    assert main(["export", "sources", "--out", str(tmp_path)]) == 0
    assert main(["export", "sources", "--out", str(tmp_path)]) == EXIT_OUTPUT
    assert "exist(s) already; --force overwrites" in capsys.readouterr().err
    assert main(["export", "sources", "--out", str(tmp_path), "--force"]) == 0


@pytest.mark.parametrize("where", ["a-file", "a-file/below"])
def test_output_that_cannot_be_a_folder_exits_with_4(tmp_path, capsys, where):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert main(["export", "sources", "--out", str(tmp_path / where)]) == EXIT_OUTPUT
    err = capsys.readouterr().err
    assert str(tmp_path / "a-file") in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["list"], ["export", "sources", "--out", "-"], ["cite", "sources"],
                                     ["intake", "--age", "30", "--sex", "female"]])
def test_bad_data_exits_with_3_naming_file_and_line(fixture_dir, monkeypatch, capsys, command):
    (fixture_dir / "claims.yaml").write_bytes(b"- id: x\n\x00\x01")
    monkeypatch.setattr(mgtables.dataset, "DATA_DIR", fixture_dir)
    assert main(command) == EXIT_DATA
    err = capsys.readouterr().err
    assert "claims.yaml:2: record '-', field '-': a NUL byte: this is a binary file" in err


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(mgtables.cli, "cmd_list", broken)
    assert main(["list"]) == EXIT_BUG
    assert capsys.readouterr().err == "mgtables list: internal error (RuntimeError: boom); please report it\n"


def test_help_documents_the_exit_codes():
    result = run("--help")
    assert result.returncode == 0
    for code in (EXIT_USAGE, EXIT_DATA, EXIT_OUTPUT, EXIT_BUG):
        assert f"  {code}  " in result.stdout
