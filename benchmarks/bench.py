"""Build and test times of the book, measured on this machine against Jupyter Book's own template book,
the weight of every page as Chromium loads it at 1x and 10x the data, and how the cost grows with the
data (growth.py). Run by `make bench`; `--quick` leaves out `make test` and `make unit`.

Prints a table and writes it to benchmarks/RESULTS.md. Runs: clean build and no-change rebuild 2 each
(book and template interleaved, so a change in the machine's load affects both) and, after each pair, a clean
build of every edition (issue 17: at most twice the book's), `make test`, `make unit`
and `make refresh` once, `import mgtables` and `mgtables.load()` 5 times each; a time is the median of its
runs. The exit status is 0 even when a target is missed; the table and the last lines say MISSED.

Nothing in the working tree is changed: builds go to a temporary directory, and the refresh (which
rewrites notebooks in place) runs on a temporary copy of the project.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import growth  # benchmarks/growth.py, beside this script
import pageweight
import reader  # benchmarks/reader.py: the section of RESULTS.md it writes
import scale

from mgtables.book_meta import ROOT

BIN = Path(sys.executable).parent
GROWTH = 10  # the data scaled ten times (issue 20)
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BUILD_RUNS = 2
IMPORT_RUNS = 5
CLEAN_TARGET = 1.5  # issue 13: the build executes nothing, it publishes the stored outputs
REBUILD_TARGET = 1.2
EDITIONS_TARGET = 2.0  # issue 17: every edition's clean build together, at most twice the book's (English) one
PAGE_TARGET = 1_000_000  # bytes, a page with everything Chromium loads for it (issue 20)
SCALED_PAGE_TARGET = 3_000_000  # the same at GROWTH times the data
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


def build_editions(output: Path) -> tuple[float, float, int]:
    """A clean build of every edition into `output`, as `make book` builds them (mgtables.site.build:
    the same strict flags as build(), the editions at once)."""
    return run([sys.executable, "-c", "import sys; from pathlib import Path; from mgtables.site import build; "
                "build(Path(sys.argv[1]), Path(sys.argv[2]))", str(ROOT), str(output)])


def scaled_book(work: Path, k: int) -> tuple[Path, tuple[float, float, int]]:
    """A copy of the project whose data/ is scaled k times (benchmarks/scale.py), its notebooks refreshed
    from that data with the copy's mgtables and the book built; its HTML and the refresh's times."""
    copy = work / f"project-{k}x"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".ruff_cache", "__pycache__", ".ipynb_checkpoints", "node_modules"))
    scale.write(k, copy / "data")
    env = {**os.environ, "PYTHONPATH": str(copy)}  # the copy's mgtables, not the installed one
    refreshed = run([sys.executable, "scripts/refresh_outputs.py"], cwd=copy, env=env)
    run([str(BIN / "jupyter-book"), "build", str(copy), "--keep-going"], cwd=copy, env=env)
    return copy / "_build" / "html", refreshed


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
            times.setdefault("editions clean", []).append(build_editions(work / f"editions-{i}"))
        last = BUILD_RUNS - 1
        print(f"page weights in Chromium, at 1x and (book built from scaled data) at {GROWTH}x", flush=True)
        weights = {page: sum(files.values())
                   for page, files in pageweight.weights(work / f"book-{last}" / "_build" / "html").items()}
        html, scaled_refresh = scaled_book(work, GROWTH)
        scaled_weights = {page: sum(files.values()) for page, files in pageweight.weights(html).items()}

        print("make refresh, on a copy of the project", flush=True)
        copy = work / "project"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", ".ruff_cache", "__pycache__", ".ipynb_checkpoints"))
        env = {**os.environ, "PYTHONPATH": str(copy)}  # the copy's mgtables, not the installed one
        times["refresh"] = [run([sys.executable, "scripts/refresh_outputs.py"], cwd=copy, env=env)]
        times["refresh scaled"] = [scaled_refresh]

    print(f"import mgtables, and load the dataset, {IMPORT_RUNS} runs each", flush=True)
    times["import"] = [run([sys.executable, "-c", "import mgtables"]) for _ in range(IMPORT_RUNS)]
    times["load"] = [run([sys.executable, "-c", "import mgtables; mgtables.load()"]) for _ in range(IMPORT_RUNS)]
    if not args.quick:
        print("make test, then make unit", flush=True)
        times["test"] = [run(["make", "test"])]
        times["unit"] = [run(["make", "unit"])]

    print(f"growth with the data: 1x and {GROWTH}x, each in a fresh process", flush=True)
    report = render(times, weights, scaled_weights, (load, os.getloadavg()[0]))
    try:  # a failure here must not lose the measurements above (half an hour of them)
        report += "\n" + growth.render(GROWTH, *growth.growth(GROWTH))
    except subprocess.CalledProcessError as exc:
        report += f"\nGrowth with the data: FAILED, {' '.join(exc.cmd)} exited with {exc.returncode}\n"
    print(report)
    # benchmarks/reader.py keeps its before and after in the last section: this run leaves it as it is
    kept = RESULTS.read_text(encoding="utf-8").partition(reader.SECTION)[1:] if RESULTS.exists() else ("", "")
    RESULTS.write_text(report + ("\n\n" + "".join(kept) if kept[0] else ""), encoding="utf-8")
    for line in report.splitlines():
        if "MISSED" in line or "FAILED" in line:
            print("MISSED:" if "MISSED" in line else "FAILED:", line)


def render(times, weights, scaled_weights, load: tuple[float, float]) -> str:
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
        row("every edition: clean build (ratio to the book's clean build)", "editions clean", EDITIONS_TARGET,
            "book clean"),
        row("`make test`", "test", TEST_TARGET),
        row("`make unit`", "unit", UNIT_TARGET),
        row("`make refresh`", "refresh"),
        row(f"`make refresh` at {GROWTH}x the data", "refresh scaled"),
        row("`import mgtables`", "import"),
        row("`import mgtables; mgtables.load()` (read and validate data/)", "load"),
        "",
        "Weight of each page as Chromium loads it (benchmarks/pageweight.py): the HTML and every stylesheet,",
        "script, font and image fetched for it, read to the end, nothing cached; 1 MB = 1,000,000 bytes. Target",
        f"at most {PAGE_TARGET / 1e6:g} MB at 1x and {SCALED_PAGE_TARGET / 1e6:g} MB with the data scaled {GROWTH} "
        "times (the book built from benchmarks/scale.py's copy).",
        "",
        f"| page | 1x kB | status | {GROWTH}x kB | status |",
        "|---|---|---|---|---|",
    ]
    for page, total in weights.items():
        scaled = scaled_weights.get(page, 0)
        lines.append(f"| {page} | {total / 1000:.0f} | {'met' if total <= PAGE_TARGET else '**MISSED**'} | "
                     f"{scaled / 1000:.0f} | {'met' if scaled <= SCALED_PAGE_TARGET else '**MISSED**'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
