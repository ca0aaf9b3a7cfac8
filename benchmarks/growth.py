"""How the cost of the book grows with its data: load, every table builder and every notebook's code
at 1x and k x the data (benchmarks/scale.py), each size measured in a fresh process; the exponent of
each is log(t_k / t_1) / log(k), 1 for linear cost. Run by `make bench`; alone:

    python benchmarks/growth.py 10        # prints a Markdown section
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPONENT_TARGET = 1.1  # issue 20: no builder, glue computation or figure above it
FITTED_FROM = 0.05  # seconds at 1x: below it, timer noise and fixed costs swamp the exponent


def measure(directory: Path) -> dict[str, float]:
    """CPU seconds of this process (less sensitive than the wall clock to what else the machine runs) for
    loading `directory`, for each table built on a fresh load (so it pays for the frames it
    derives), and for each notebook's code cells with the figures drawn as the book draws them (SVG)."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    from mgtables import dataset, registry
    from mgtables.stamp import book_notebooks

    dataset.DATA_DIR = directory  # every load() without a folder, the notebooks' included, reads the copy
    times = {}
    start = time.process_time()
    dataset.load()
    times["load"] = time.process_time() - start
    registry.ids()  # imports the chapters, which no single table should pay for
    for table_id in registry.ids():
        dataset._load.cache_clear()
        data = dataset.load()
        start = time.process_time()
        registry.get(table_id, data)
        times[f"table {table_id}"] = time.process_time() - start
    for path in book_notebooks():
        dataset._load.cache_clear()
        dataset.load()
        cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):
            namespace: dict = {}
            for cell in cells:
                exec("".join(cell["source"]), namespace)  # the book's own notebooks, as a kernel would
            for number in plt.get_fignums():
                plt.figure(number).savefig(io.BytesIO(), format="svg")
        plt.close("all")
        times[f"notebook {path.stem}"] = time.process_time() - start
    return times


def _in_fresh_process(directory: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--measure", str(directory)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])


def growth(k: int) -> tuple[dict[str, float], dict[str, float]]:
    """The times at 1x and at k x the data."""
    sys.path.insert(0, str(HERE))
    import scale

    with tempfile.TemporaryDirectory(prefix="mg-growth-") as tmp:
        small = _in_fresh_process(scale.write(1, Path(tmp) / "1x"))
        large = _in_fresh_process(scale.write(k, Path(tmp) / f"{k}x"))
    return small, large


def render(k: int, small: dict[str, float], large: dict[str, float]) -> str:
    tables = [name for name in small if name.startswith("table ")]
    lines = [f"## Growth with the data (1x and {k}x)", "",
             f"`benchmarks/scale.py` writes data/ {k} times over (disjoint renamed copies: every rule still "
             "holds); each size is measured in a fresh process, in CPU seconds. Exponent = log(t_k / t_1) / "
             f"log(k): 1 is linear; the target is at most {EXPONENT_TARGET} for every builder and notebook, and "
             f"every table together at most 8 times the 1x time at {k}x.", "",
             "| measured | 1x s | {k}x s | ratio | exponent | status |".replace("{k}", str(k)),
             "|---|---|---|---|---|---|"]
    for name in small:
        ratio = large[name] / small[name] if small[name] > 0 else math.nan
        exponent = math.log(ratio) / math.log(k) if ratio > 0 else math.nan
        status = ("" if name == "load" else f"under {FITTED_FROM:g} s at 1x" if small[name] < FITTED_FROM
                  else "met" if exponent <= EXPONENT_TARGET else "**MISSED**")
        lines.append(f"| {name} | {small[name]:.3f} | {large[name]:.3f} | {ratio:.1f} | {exponent:.2f} | {status} |")
    total_small, total_large = sum(small[t] for t in tables), sum(large[t] for t in tables)
    ratio = total_large / total_small
    lines.append(f"| every table together | {total_small:.2f} | {total_large:.2f} | {ratio:.1f} | "
                 f"{math.log(ratio) / math.log(k):.2f} | {'met' if ratio <= 8 else '**MISSED**'} (≤ 8x) |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]))))
    else:
        size = int(sys.argv[1])
        print(render(size, *growth(size)))
