"""The `mgtables` command: list the book's tables, export them, cite them, look up intakes.

It never ends in a traceback: every failure is one message on standard error and an exit code (EXIT_CODES).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from pathlib import Path

from . import registry
from .citation import FORMATS as CITATION_FORMATS
from .citation import citations, table_bibtex, table_citation
from .dataset import load
from .domain.reference import IntakeQueryError, intake
from .labels import LANGUAGES, MissingTranslation, translate
from .table import Table
from .validate import DataError

EXIT_USAGE, EXIT_DATA, EXIT_OUTPUT, EXIT_BUG = 2, 3, 4, 1
EXIT_CODES = f"""exit codes:
  0  done
  {EXIT_USAGE}  a bad argument: an unknown table, option or value
  {EXIT_DATA}  data/ does not pass validation (each problem is named with its file, line, record and field)
  {EXIT_OUTPUT}  the output cannot be written, or a file to write exists already (--force overwrites it)
  {EXIT_BUG}  an error in mgtables itself; please report it"""


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code

FORMATS = {"csv": "csv", "md": "md", "latex": "tex", "xlsx": "xlsx"}
CITATION_SUFFIX = {"text": "txt", "bibtex": "bib", "ris": "ris", "csl-json": "json"}
STAGE_ALIASES = {"pregnant": "pregnancy", "lactating": "lactation", "breastfeeding": "lactation", "none": "general"}


def _render(table: Table, fmt: str) -> str:
    return {"csv": table.to_csv, "md": table.to_markdown, "latex": table.to_latex}[fmt]()


def _table_id(table_id: str) -> str:
    if table_id not in registry.ids():
        raise CliError(f"no table {table_id!r}; `mgtables list` shows every table")
    return table_id


def _age(text: str) -> float:
    try:
        age = float(text)
    except ValueError:
        age = math.nan
    if not math.isfinite(age):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number")
    return age


def cmd_list(args) -> None:
    for table_id in registry.ids():
        table = registry.get(table_id)
        print(f"{table.number or '-':>5}  {table.id:<28} {table.caption}")


def cmd_export(args) -> None:
    ids = registry.ids() if args.table == "all" else [_table_id(args.table)]
    if args.out == "-":
        if args.format == "xlsx" or len(ids) > 1:
            raise CliError("writing to standard output takes one table in csv, md or latex")
        sys.stdout.write(_render(translate(registry.get(ids[0]), load(), args.lang), args.format))
        return
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {out} is a file; give a folder", EXIT_OUTPUT)
    paths = {table_id: out / f"{table_id}{'' if args.lang == 'en' else '.' + args.lang}.{FORMATS[args.format]}"
             for table_id in ids}
    existing = [str(p) for p in paths.values() if p.exists()]
    if existing and not args.force:
        raise CliError(f"{', '.join(existing[:3])}{' ...' if len(existing) > 3 else ''} exist(s) already; "
                       "--force overwrites", EXIT_OUTPUT)
    data = load()
    out.mkdir(parents=True, exist_ok=True)
    for table_id, path in paths.items():
        table = translate(registry.get(table_id), data, args.lang)
        if args.format == "xlsx":
            table.to_excel(path)
        else:
            path.write_text(_render(table, args.format), encoding="utf-8")
        print(path)


def cmd_cite(args) -> None:
    ids = registry.ids() if args.table == "all" else [_table_id(args.table)]
    tables = [registry.get(table_id) for table_id in ids]
    try:
        accessed = dt.date.fromisoformat(args.accessed).isoformat() if args.accessed else dt.date.today().isoformat()
    except ValueError:
        raise CliError(f"--accessed {args.accessed!r} is not a date (YYYY-MM-DD)") from None
    if args.format == "all" and args.out == "-":
        sys.stdout.write(f"{table_citation(tables[0], accessed)}\n\n{table_bibtex(tables[0], accessed)}\n"
                         if len(tables) == 1 else citations(tables, "text", accessed))
        return
    if args.out == "-":
        sys.stdout.write(citations(tables, args.format, accessed))
        return
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {out} is a file; give a folder", EXIT_OUTPUT)
    name = args.table if args.table != "all" else "tables"
    paths = {fmt: out / f"{name}.{CITATION_SUFFIX[fmt]}"
             for fmt in (CITATION_FORMATS if args.format == "all" else (args.format,))}
    existing = [str(p) for p in paths.values() if p.exists()]
    if existing and not args.force:
        raise CliError(f"{', '.join(existing)} exist(s) already; --force overwrites", EXIT_OUTPUT)
    out.mkdir(parents=True, exist_ok=True)
    for fmt, path in paths.items():
        path.write_text(citations(tables, fmt, accessed), encoding="utf-8")
        print(path)


def cmd_intake(args) -> None:
    stage = STAGE_ALIASES.get(args.stage, args.stage)
    found = intake(args.age, args.sex, stage, unit=args.unit)
    table = translate(Table("intake", f"Every authority's values for a {args.sex} aged {args.age:g} {args.unit}"
                            f" ({stage})", found, ()), load(), args.lang)
    sys.stdout.write(table.to_markdown())


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="mgtables", description="Tables of the magnesium knowledge base.",
                                  epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", required=True)

    sub.add_parser("list", help="list every table with its number, id and caption").set_defaults(run=cmd_list)

    export = sub.add_parser("export", help="export one table, or all, as CSV, Markdown, LaTeX or Excel")
    export.add_argument("table", help="a table id (see `mgtables list`) or 'all'")
    export.add_argument("--format", choices=FORMATS, default="csv", help="file format (default: csv)")
    export.add_argument("--lang", choices=LANGUAGES, default="en", help="labels in English or Dutch")
    export.add_argument("--out", default=".", help="folder to write to, or - for standard output")
    export.add_argument("--force", action="store_true", help="overwrite files that exist already")
    export.set_defaults(run=cmd_export)

    cite = sub.add_parser("cite", help="a table's citation, or every table's, as text, BibTeX, RIS or CSL-JSON")
    cite.add_argument("table", help="a table id (see `mgtables list`) or 'all'")
    cite.add_argument("--format", choices=(*CITATION_FORMATS, "all"), default="all",
                      help="citation format; 'all' prints text and BibTeX, or with --out writes every format")
    cite.add_argument("--accessed", help="access date, YYYY-MM-DD (default: today)")
    cite.add_argument("--out", default="-", help="folder to write <table or 'tables'>.txt/.bib/.ris/.json to, "
                      "or - for standard output (default)")
    cite.add_argument("--force", action="store_true", help="overwrite files that exist already")
    cite.set_defaults(run=cmd_cite)

    look = sub.add_parser("intake", help="every authority's intake values for one person")
    look.add_argument("--age", type=_age, required=True, help="age, in --unit")
    look.add_argument("--unit", choices=("years", "months"), default="years")
    look.add_argument("--sex", choices=("female", "male"), required=True)
    look.add_argument("--stage", default="general",
                      help="general, pregnancy (pregnant) or lactation (lactating)")
    look.add_argument("--lang", choices=LANGUAGES, default="en")
    look.set_defaults(run=cmd_intake)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # a bad argument: argparse prints the usage and exits with 2
    try:
        args.run(args)
    except CliError as exc:
        return _fail(args, str(exc), exc.code)
    except IntakeQueryError as exc:
        return _fail(args, str(exc), EXIT_USAGE)
    except DataError as exc:
        return _fail(args, str(exc), EXIT_DATA)
    except MissingTranslation as exc:
        return _fail(args, exc.args[0] if exc.args else str(exc), EXIT_DATA)
    except OSError as exc:
        return _fail(args, f"cannot write {exc.filename or 'the output'}: {exc.strerror or exc}", EXIT_OUTPUT)
    except Exception as exc:  # a bug: still one line, not a traceback
        return _fail(args, f"internal error ({type(exc).__name__}: {exc}); please report it", EXIT_BUG)
    return 0


def _fail(args, message: str, code: int) -> int:
    print(f"mgtables {args.command}: {message}", file=sys.stderr)
    return code
