"""Build and test times of the book, measured on this machine against Jupyter Book's own template book,
and the weight of every page with its assets. Run by `make bench`; `--quick` leaves out `make test` and
`make unit`.

Prints a table and writes it to benchmarks/RESULTS.md. Runs: clean build and no-change rebuild 2 each
(book and template interleaved, so a change in the machine's load affects both), `make test`, `make unit`
and `make refresh` once, `import mgtables` and `mgtables.load()` 5 times each; a time is the median of its
runs. The exit status is 0 even when a target is missed; the table and the last lines say MISSED.

Nothing in the working tree is changed: builds go to a temporary directory, and the refresh (which
rewrites notebooks in place) runs on a temporary copy of the project.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import growth  # benchmarks/growth.py, beside this script

from mgtables.book_meta import ROOT

BIN = Path(sys.executable).parent
GROWTH = 10  # the data scaled ten times (issue 20)
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BUILD_RUNS = 2
IMPORT_RUNS = 5
CLEAN_TARGET = 1.5  # issue 13: the build executes nothing, it publishes the stored outputs
REBUILD_TARGET = 1.2
PAGE_TARGET = 1_500_000  # bytes, a page with its assets
TEST_TARGET = 120  # seconds of wall clock for `make test` (issue 13)
UNIT_TARGET = 30  # seconds for `make unit`


def run(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds (this process's children, kernels included) and exit status of `cmd`."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        print(f"{' '.join(cmd)} exited with {result.returncode}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return wall, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, result.returncode


def build(source: Path, output: Path) -> tuple[float, float, int]:
    return run([str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(output),
                "-W", "-n", "--keep-going"])


LOADED_LINKS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"})


class Assets(HTMLParser):
    """URLs a page loads: script, img and source src; link href of stylesheets, icons and preloads."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and LOADED_LINKS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href") or "")
        elif tag in ("script", "img", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])


def local_file(base: Path, url: str, html_root: Path) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (base / unquote(parts.path)).resolve()
    return path if path.is_file() and path.is_relative_to(html_root) else None


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
FONT_FALLBACKS = re.compile(r"(src:\s*url\([^)]*\))[^;}]*")  # a browser fetches the first font it supports


def page_weight(page: Path, html_root: Path) -> tuple[int, int, int]:
    """Bytes of the page, of the local files it references (stylesheets' url()/@import followed), and
    of both gzip-compressed, as a server that compresses would send them."""
    parser = Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    todo = [f for url in parser.urls if (f := local_file(page.parent, url, html_root))]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if path.suffix == ".css":
            css = FONT_FALLBACKS.sub(r"\1", path.read_text(encoding="utf-8", errors="replace"))
            for match in CSS_URL.finditer(css):
                if found := local_file(path.parent, match.group(1) or match.group(2), html_root):
                    todo.append(found)
    gzipped = sum(len(gzip.compress(p.read_bytes())) for p in {page.resolve(), *seen})
    return page.stat().st_size, sum(p.stat().st_size for p in seen), gzipped


def weights_of(html: Path) -> dict[str, tuple[int, int, int]]:
    return {p.relative_to(html).as_posix(): page_weight(p, html.resolve()) for p in sorted(html.rglob("*.html"))
            if "_sources" not in p.parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out `make test` and `make unit` (2-3 minutes)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    times: dict[str, list[tuple[float, float, int]]] = {}

    with tempfile.TemporaryDirectory(prefix="mg-bench-") as tmp:
        work = Path(tmp)
        template = work / "template"
        subprocess.run([str(BIN / "jupyter-book"), "create", str(template)], check=True, capture_output=True)
        for i in range(BUILD_RUNS):
            for name, source in (("template", template), ("book", ROOT)):
                output = work / f"{name}-{i}"
                print(f"{name}: clean build and rebuild, run {i + 1} of {BUILD_RUNS}", flush=True)
                times.setdefault(f"{name} clean", []).append(build(source, output))
                times.setdefault(f"{name} rebuild", []).append(build(source, output))
        last = BUILD_RUNS - 1
        weights = {page: w for page, w in weights_of(work / f"book-{last}" / "_build" / "html").items()
                   if page.startswith("book/")}
        template_pages = weights_of(work / f"template-{last}" / "_build" / "html")
        heaviest = max(template_pages, key=lambda page: sum(template_pages[page][:2]))
        weights[f"template: {heaviest} (for comparison)"] = template_pages[heaviest]

        print("make refresh, on a copy of the project", flush=True)
        copy = work / "project"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", ".ruff_cache", "__pycache__", ".ipynb_checkpoints"))
        env = {**os.environ, "PYTHONPATH": str(copy)}  # the copy's mgtables, not the installed one
        times["refresh"] = [run([sys.executable, "scripts/refresh_outputs.py"], cwd=copy, env=env)]

    print(f"import mgtables, and load the dataset, {IMPORT_RUNS} runs each", flush=True)
    times["import"] = [run([sys.executable, "-c", "import mgtables"]) for _ in range(IMPORT_RUNS)]
    times["load"] = [run([sys.executable, "-c", "import mgtables; mgtables.load()"]) for _ in range(IMPORT_RUNS)]
    if not args.quick:
        print("make test, then make unit", flush=True)
        times["test"] = [run(["make", "test"])]
        times["unit"] = [run(["make", "unit"])]

    print(f"growth with the data: 1x and {GROWTH}x, each in a fresh process", flush=True)
    report = render(times, weights, (load, os.getloadavg()[0]))
    try:  # a failure here must not lose the measurements above (half an hour of them)
        report += "\n" + growth.render(GROWTH, *growth.growth(GROWTH))
    except subprocess.CalledProcessError as exc:
        report += f"\nGrowth with the data: FAILED, {' '.join(exc.cmd)} exited with {exc.returncode}\n"
    print(report)
    RESULTS.write_text(report, encoding="utf-8")
    for line in report.splitlines():
        if "MISSED" in line or "FAILED" in line:
            print("MISSED:" if "MISSED" in line else "FAILED:", line)


def render(times, weights, load: tuple[float, float]) -> str:
    def median(key: str, column: int) -> float:
        return statistics.median(r[column] for r in times[key])

    def row(label: str, key: str, target: float | None = None, base: str | None = None) -> str:
        """A target is a ratio to the `base` measurement when there is one, else seconds of wall clock."""
        if key not in times:
            return f"| {label} | — | skipped (--quick) | | | | |"
        runs, wall, cpu = len(times[key]), median(key, 0), median(key, 1)
        failed = any(r[2] for r in times[key])
        ratio = wall / median(base, 0) if base else None
        measured = ratio if base else wall
        status = "FAILED" if failed else "" if target is None else "met" if measured <= target else "**MISSED**"
        wanted = "" if target is None else f"≤ {target:g}x" if base else f"≤ {target:g} s"
        return (f"| {label} | {runs} | {wall:.1f} | {cpu:.1f} | {f'{ratio:.2f}x' if ratio else ''} | "
                f"{wanted} | {status} |")

    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (benchmarks/bench.py); the latest run only. Times in seconds: wall clock",
        "(the median of the runs), and CPU time of the command and its children (kernels included), which",
        "depends less on what else the machine is doing. Builds are `jupyter-book build -W -n --keep-going`",
        "into a new directory (clean) and then again into the same one with nothing changed (rebuild); the",
        "template is the book `jupyter-book create` makes, built in the same run.",
        "",
        "| machine | |",
        "|---|---|",
        f"| date | {dt.date.today().isoformat()} |",
        f"| cores | {os.cpu_count()} |",
        f"| Python | {platform.python_version()} |",
        f"| load average at start, at end | {load[0]:.1f}, {load[1]:.1f} (above the cores, wall clock suffers) |",
        "",
        "| measurement | runs | wall s | CPU s | ratio to template | target | status |",
        "|---|---|---|---|---|---|---|",
        row("template: clean build", "template clean"),
        row("template: rebuild, nothing changed", "template rebuild"),
        row("book: clean build", "book clean", CLEAN_TARGET, "template clean"),
        row("book: rebuild, nothing changed", "book rebuild", REBUILD_TARGET, "template rebuild"),
        row("`make test`", "test", TEST_TARGET),
        row("`make unit`", "unit", UNIT_TARGET),
        row("`make refresh`", "refresh"),
        row("`import mgtables`", "import"),
        row("`import mgtables; mgtables.load()` (read and validate data/)", "load"),
        "",
        "Weight of each page with the local files it loads (scripts, stylesheets, images, icons, and the",
        "fonts and images its stylesheets reference), each file counted once per page; target ≤ 1.5 MB",
        "(1 MB = 1,000,000 bytes) on disk. The gzip column, for information, is what a server that",
        "compresses (GitHub Pages does) sends.",
        "",
        "| page | page kB | assets kB | total kB | gzip kB | status |",
        "|---|---|---|---|---|---|",
    ]
    for page, (own, assets, gzipped) in weights.items():
        total = own + assets
        status = "" if page.startswith("template") else "met" if total <= PAGE_TARGET else "**MISSED**"
        lines.append(f"| {page} | {own / 1000:.0f} | {assets / 1000:.0f} | {total / 1000:.0f} | {gzipped / 1000:.0f} "
                     f"| {status} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
