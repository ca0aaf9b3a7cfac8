"""The `mgtables` command: list the book's tables, export them, cite them, look up intakes.

Every table is built in the language asked with --lang (the registry's builders take the language), and
every message the command prints (help, usage errors, failures) comes by key from the catalogues
mgtables/locale/<lang>/cli.po, argparse's own texts included. It never ends in a traceback: every failure
is one message on standard error and an exit code (cli.exit_codes).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import sys
from pathlib import Path

from babel.numbers import format_decimal

from . import registry
from .citation import FORMATS as CITATION_FORMATS
from .citation import citations, table_bibtex, table_citation
from .dataset import load
from .domain.reference import IntakeQueryError, intake
from .i18n import SOURCE_LANGUAGE, languages, text
from .latex import TooWide
from .table import Table
from .validate import DataError

LANGUAGES = languages()
EXIT_USAGE, EXIT_DATA, EXIT_OUTPUT, EXIT_BUG = 2, 3, 4, 1
FORMATS = {"csv": "csv", "md": "md", "latex": "tex", "xlsx": "xlsx"}
CITATION_SUFFIX = {"text": "txt", "bibtex": "bib", "ris": "ris", "csl-json": "json"}
STAGE_ALIASES = {"pregnant": "pregnancy", "lactating": "lactation", "breastfeeding": "lactation", "none": "general"}

# argparse's own texts (usage line, headings, its error messages), by key. argparse looks each one up
# through gettext (its module's `_`) when it uses it, so while main() runs that lookup answers from the
# catalogue; the %-placeholders argparse fills in afterwards are what the {placeholders} are filled with.
ARGPARSE_TEXTS = {
    "usage: ": ("cli.argparse.usage", {}),
    "positional arguments": ("cli.argparse.positionals", {}),
    "options": ("cli.argparse.options", {}),
    "show this help message and exit": ("cli.argparse.help", {}),
    "%(prog)s: error: %(message)s\n": ("cli.argparse.error", {"prog": "%(prog)s", "message": "%(message)s"}),
    "argument %(argument_name)s: %(message)s": ("cli.argparse.argument",
                                                {"argument": "%(argument_name)s", "message": "%(message)s"}),
    "the following arguments are required: %s": ("cli.argparse.required", {"arguments": "%s"}),
    "unrecognized arguments: %s": ("cli.argparse.unrecognized", {"arguments": "%s"}),
    "invalid choice: %(value)r (choose from %(choices)s)": ("cli.argparse.invalid_choice",
                                                            {"value": "%(value)r", "choices": "%(choices)s"}),
    "expected one argument": ("cli.argparse.expected_one", {}),
    "ambiguous option: %(option)s could match %(matches)s": ("cli.argparse.ambiguous",
                                                             {"option": "%(option)s", "matches": "%(matches)s"}),
    "ignored explicit argument %r": ("cli.argparse.ignored_argument", {"argument": "%r"}),
}


class CliError(Exception):
    """A failure of the command: the key of its message in cli.po, its values and the exit code."""

    def __init__(self, key: str, code: int = EXIT_USAGE, **values):
        super().__init__(key)
        self.key, self.code, self.values = key, code, values

    def message(self, lang: str) -> str:
        return text(self.key, lang, **self.values)


def _render(table: Table, fmt: str) -> str:
    return {"csv": table.to_csv, "md": table.to_markdown, "latex": table.to_latex}[fmt]()


def _ids(table: str) -> list[str]:
    if table == "all":
        return registry.ids()
    if table not in registry.ids():
        raise CliError("cli.error.no_table", table=repr(table))
    return [table]


def _listing(paths) -> str:
    """The first few of the files that exist already: enough to see which, short enough to read."""
    shown = [str(p) for p in paths]
    return ", ".join(shown[:3]) + (" ..." if len(shown) > 3 else "")


def _folder(out: str) -> Path:
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise CliError("cli.error.out_is_a_file", EXIT_OUTPUT, out=str(path))
    return path


def _refuse_to_overwrite(paths, force: bool) -> None:
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise CliError("cli.error.exists", EXIT_OUTPUT, files=_listing(existing))


def cmd_list(args) -> None:
    for table in registry.all_tables(load(), args.lang):
        print(f"{table.number or '-':>5}  {table.id:<28} {table.caption}")


def cmd_export(args) -> None:
    ids = _ids(args.table)
    if args.out == "-":
        if args.format == "xlsx" or len(ids) > 1:
            raise CliError("cli.error.stdout_one_table")
        sys.stdout.write(_render(registry.get(ids[0], load(), args.lang), args.format))
        return
    out = _folder(args.out)
    suffix = "" if args.lang == SOURCE_LANGUAGE else f".{args.lang}"
    paths = {table_id: out / f"{table_id}{suffix}.{FORMATS[args.format]}" for table_id in ids}
    _refuse_to_overwrite(paths.values(), args.force)
    data = load()
    out.mkdir(parents=True, exist_ok=True)
    for table_id, path in paths.items():
        table = registry.get(table_id, data, args.lang)
        if args.format == "xlsx":
            table.to_excel(path)
        else:
            path.write_text(_render(table, args.format), encoding="utf-8")
        print(path)  # the files written, one per line, for a script to read


def cmd_cite(args) -> None:
    ids = _ids(args.table)
    try:
        accessed = (dt.date.today() if args.accessed is None  # an empty --accessed is no date, not today
                    else dt.date.fromisoformat(args.accessed)).isoformat()
    except ValueError:
        raise CliError("cli.error.accessed", accessed=repr(args.accessed)) from None
    data = load()
    tables = [registry.get(table_id, data, args.lang) for table_id in ids]
    if args.format == "all" and args.out == "-":
        sys.stdout.write(f"{table_citation(tables[0], accessed)}\n\n{table_bibtex(tables[0], accessed)}\n"
                         if len(tables) == 1 else citations(tables, "text", accessed))
        return
    if args.out == "-":
        sys.stdout.write(citations(tables, args.format, accessed))
        return
    out = _folder(args.out)
    name = args.table if args.table != "all" else "tables"
    suffix = "" if args.lang == SOURCE_LANGUAGE else f".{args.lang}"
    paths = {fmt: out / f"{name}{suffix}.{CITATION_SUFFIX[fmt]}"
             for fmt in (CITATION_FORMATS if args.format == "all" else (args.format,))}
    _refuse_to_overwrite(paths.values(), args.force)
    out.mkdir(parents=True, exist_ok=True)
    for fmt, path in paths.items():
        path.write_text(citations(tables, fmt, accessed), encoding="utf-8")
        print(path)


def cmd_intake(args) -> None:
    stage = STAGE_ALIASES.get(args.stage, args.stage)
    data = load()
    found = intake(args.age, args.sex, stage, unit=args.unit, data=data, lang=args.lang)
    # the age as asked, every decimal kept (an age is not rounded like a measured value)
    caption = text("cli.intake.caption", args.lang, sex=data.label("sex", args.sex, args.lang),
                   age=format_decimal(args.age, format="0.###", locale=args.lang),
                   unit=data.label("age_unit", args.unit, args.lang),
                   stage=data.label("life_stage", stage, args.lang))
    sys.stdout.write(Table("intake", caption, found, (), lang=args.lang).to_markdown())


def parser(lang: str = SOURCE_LANGUAGE) -> argparse.ArgumentParser:
    """The command line, its help in `lang` (argparse's own texts only while ARGPARSE_TEXTS is in force:
    main() does that)."""
    def say(key: str, **values) -> str:
        return text(key, lang, **values)

    def age(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise argparse.ArgumentTypeError(say("cli.error.not_a_number", value=repr(value)))
        return number

    top = argparse.ArgumentParser(
        prog="mgtables", description=say("cli.help.description"), formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=say("cli.exit_codes", usage=EXIT_USAGE, data=EXIT_DATA, output=EXIT_OUTPUT, bug=EXIT_BUG))
    sub = top.add_subparsers(dest="command", required=True, title=say("cli.help.commands"))
    language = argparse.ArgumentParser(add_help=False)  # every command takes --lang
    language.add_argument("--lang", choices=LANGUAGES, default=SOURCE_LANGUAGE, help=say("cli.help.lang"))

    def command(name: str, key: str, run) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=say(key), description=say(key), parents=[language])
        found.set_defaults(run=run)
        return found

    command("list", "cli.help.list", cmd_list)

    export = command("export", "cli.help.export", cmd_export)
    export.add_argument("table", help=say("cli.help.table"))
    export.add_argument("--format", choices=FORMATS, default="csv", help=say("cli.help.export_format"))
    export.add_argument("--out", default=".", help=say("cli.help.export_out"))
    export.add_argument("--force", action="store_true", help=say("cli.help.force"))

    cite = command("cite", "cli.help.cite", cmd_cite)
    cite.add_argument("table", help=say("cli.help.table"))
    cite.add_argument("--format", choices=(*CITATION_FORMATS, "all"), default="all", help=say("cli.help.cite_format"))
    cite.add_argument("--accessed", help=say("cli.help.accessed"))
    cite.add_argument("--out", default="-", help=say("cli.help.cite_out"))
    cite.add_argument("--force", action="store_true", help=say("cli.help.force"))

    look = command("intake", "cli.help.intake", cmd_intake)
    look.add_argument("--age", type=age, required=True, help=say("cli.help.age"))
    look.add_argument("--unit", choices=("years", "months"), default="years", help=say("cli.help.unit"))
    look.add_argument("--sex", choices=("female", "male"), required=True, help=say("cli.help.sex"))
    look.add_argument("--stage", default="general", help=say("cli.help.stage"))
    return top


def asked_language(argv: list[str]) -> str:
    """The language asked with --lang, read before parsing so that a usage error is worded in it too;
    English when --lang names none the catalogues hold (the parser then says so)."""
    for i, arg in enumerate(argv):
        asked = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2] \
            if arg.startswith("--lang=") else None
        if asked in LANGUAGES:
            return asked
    return SOURCE_LANGUAGE


@contextlib.contextmanager
def _argparse_texts(lang: str):
    def gettext(message: str) -> str:
        if message not in ARGPARSE_TEXTS:
            return message
        key, fill = ARGPARSE_TEXTS[message]
        return text(key, lang, **fill) + message[len(message.rstrip()):]  # its trailing space or newline

    saved = argparse._
    argparse._ = gettext
    try:
        yield
    finally:
        argparse._ = saved


def main(argv: list[str] | None = None) -> int:
    """Run the command line on `argv` (default: sys.argv[1:]); the exit code, also for --help and for
    a bad argument (argparse's message is on standard error then)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = asked_language(argv)
    with _argparse_texts(lang):
        try:
            args = parser(lang).parse_args(argv)
        except SystemExit as exc:  # --help (0), or a bad argument (2) after argparse printed why
            return exc.code if isinstance(exc.code, int) else 0
    try:
        args.run(args)
    except CliError as exc:
        return _fail(args.command, lang, exc.message(lang), exc.code)
    except IntakeQueryError as exc:
        return _fail(args.command, lang, exc.message(lang), EXIT_USAGE)
    except TooWide as exc:  # data the LaTeX export cannot set: a word of it needs a break
        return _fail(args.command, lang, exc.message(lang), EXIT_DATA)
    except DataError as exc:  # the validator's report: file, line, record and field of each problem
        report = "\n".join([text("cli.error.data", lang, count=len(exc.problems)), *(f"  {p}" for p in exc.problems)])
        return _fail(args.command, lang, report, EXIT_DATA)
    except OSError as exc:
        where = exc.filename or text("cli.the_output", lang)
        reason = exc.strerror or str(exc)  # the system's own words
        return _fail(args.command, lang, text("cli.error.cannot_write", lang, file=where, reason=reason), EXIT_OUTPUT)
    except Exception as exc:  # a bug: still one line, not a traceback
        return _fail(args.command, lang, text("cli.error.bug", lang, error=f"{type(exc).__name__}: {exc}"), EXIT_BUG)
    return 0


def _fail(command: str, lang: str, message: str, code: int) -> int:
    print(text("cli.failed", lang, command=command, message=message), file=sys.stderr)
    return code
