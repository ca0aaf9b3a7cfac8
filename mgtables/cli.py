"""The `mgtables` command: list the book's tables, export them, cite them, look up intakes."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import registry
from .citation import FORMATS as CITATION_FORMATS
from .citation import citations, table_bibtex, table_citation
from .dataset import load
from .domain.reference import IntakeQueryError, intake
from .labels import LANGUAGES, MissingTranslation, translate
from .table import Table

FORMATS = {"csv": "csv", "md": "md", "latex": "tex", "xlsx": "xlsx"}
CITATION_SUFFIX = {"text": "txt", "bibtex": "bib", "ris": "ris", "csl-json": "json"}
STAGE_ALIASES = {"pregnant": "pregnancy", "lactating": "lactation", "breastfeeding": "lactation", "none": "general"}


def _render(table: Table, fmt: str) -> str:
    return {"csv": table.to_csv, "md": table.to_markdown, "latex": table.to_latex}[fmt]()


def cmd_list(args) -> None:
    for table_id in registry.ids():
        table = registry.get(table_id)
        print(f"{table.number or '-':>5}  {table.id:<28} {table.caption}")


def cmd_export(args) -> None:
    ids = registry.ids() if args.table == "all" else [args.table]
    data = load()
    if args.out == "-":
        if args.format == "xlsx" or len(ids) > 1:
            raise SystemExit("mgtables export: writing to standard output takes one table in csv, md or latex")
        sys.stdout.write(_render(translate(registry.get(ids[0]), data, args.lang), args.format))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for table_id in ids:
        table = translate(registry.get(table_id), data, args.lang)
        path = out / f"{table.id}{'' if args.lang == 'en' else '.' + args.lang}.{FORMATS[args.format]}"
        if args.format == "xlsx":
            table.to_excel(path)
        else:
            path.write_text(_render(table, args.format), encoding="utf-8")
        print(path)


def cmd_cite(args) -> None:
    ids = registry.ids() if args.table == "all" else [args.table]
    tables = [registry.get(table_id) for table_id in ids]
    accessed = dt.date.fromisoformat(args.accessed).isoformat() if args.accessed else dt.date.today().isoformat()
    if args.format == "all" and args.out == "-":
        sys.stdout.write(f"{table_citation(tables[0], accessed)}\n\n{table_bibtex(tables[0], accessed)}\n"
                         if len(tables) == 1 else citations(tables, "text", accessed))
        return
    if args.out == "-":
        sys.stdout.write(citations(tables, args.format, accessed))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = args.table if args.table != "all" else "tables"
    for fmt in CITATION_FORMATS if args.format == "all" else (args.format,):
        path = out / f"{name}.{CITATION_SUFFIX[fmt]}"
        path.write_text(citations(tables, fmt, accessed), encoding="utf-8")
        print(path)


def cmd_intake(args) -> None:
    stage = STAGE_ALIASES.get(args.stage, args.stage)
    found = intake(args.age, args.sex, stage, unit=args.unit)
    table = translate(Table("intake", f"Every authority's values for a {args.sex} aged {args.age:g} {args.unit}"
                            f" ({stage})", found, ()), load(), args.lang)
    sys.stdout.write(table.to_markdown())


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="mgtables", description="Tables of the magnesium knowledge base.")
    sub = top.add_subparsers(dest="command", required=True)

    sub.add_parser("list", help="list every table with its number, id and caption").set_defaults(run=cmd_list)

    export = sub.add_parser("export", help="export one table, or all, as CSV, Markdown, LaTeX or Excel")
    export.add_argument("table", help="a table id (see `mgtables list`) or 'all'")
    export.add_argument("--format", choices=FORMATS, default="csv", help="file format (default: csv)")
    export.add_argument("--lang", choices=LANGUAGES, default="en", help="labels in English or Dutch")
    export.add_argument("--out", default=".", help="folder to write to, or - for standard output")
    export.set_defaults(run=cmd_export)

    cite = sub.add_parser("cite", help="a table's citation, or every table's, as text, BibTeX, RIS or CSL-JSON")
    cite.add_argument("table", help="a table id (see `mgtables list`) or 'all'")
    cite.add_argument("--format", choices=(*CITATION_FORMATS, "all"), default="all",
                      help="citation format; 'all' prints text and BibTeX, or with --out writes every format")
    cite.add_argument("--accessed", help="access date, YYYY-MM-DD (default: today)")
    cite.add_argument("--out", default="-", help="folder to write <table or 'tables'>.txt/.bib/.ris/.json to, "
                      "or - for standard output (default)")
    cite.set_defaults(run=cmd_cite)

    look = sub.add_parser("intake", help="every authority's intake values for one person")
    look.add_argument("--age", type=float, required=True, help="age, in --unit")
    look.add_argument("--unit", choices=("years", "months"), default="years")
    look.add_argument("--sex", choices=("female", "male"), required=True)
    look.add_argument("--stage", default="general",
                      help="general, pregnancy (pregnant) or lactation (lactating)")
    look.add_argument("--lang", choices=LANGUAGES, default="en")
    look.set_defaults(run=cmd_intake)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except (KeyError, IntakeQueryError, MissingTranslation, ValueError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"mgtables {args.command}: {message}", file=sys.stderr)
        return 2
    return 0
