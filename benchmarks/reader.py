"""What a reader gets from the built book, measured in Chromium at 1280 and 390 px: each page's height in
screens (document height / viewport height), and how many screens down the first answer to each of the
reader's questions sits, starting from the home page and going on to the chapter it leads to.

An element answers when its visible text (innerText: hidden detail columns and closed <details> do not
count) matches every pattern of the question; the patterns are built from the data (the European value
for the person asked about, the best food per portion, the EU upper limit, the register's count of
authorised claims), so the same rule measures any version of the book. Of nested matches the innermost
counts. When the home page holds no answer, the reader is taken to read down to the home page's first
link to the chapter and then down the chapter: the screens add up.

    .venv/bin/python benchmarks/reader.py                  # measure _build/html, print the table
    .venv/bin/python benchmarks/reader.py --save before    # ... and keep it in benchmarks/reader-before.json
    .venv/bin/python benchmarks/reader.py --save after --report   # ... and write the section of RESULTS.md

`make book` first. The report section of benchmarks/RESULTS.md compares the saved "before" with this run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## What a reader gets"  # the section of RESULTS.md this script writes (bench.py keeps it)
WIDTHS = {1280: 900, 390: 844}
CHROMIUM = "/usr/bin/chromium"
CANDIDATES = "main p, main li, main tr, main dd, main figcaption, main summary"

FIND = """([selector, patterns]) => {
  const res = patterns.map(p => new RegExp(p, 'i'));
  const hits = [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length
      && res.every(r => r.test(e.innerText)));
  const inner = hits.filter(e => !hits.some(o => o !== e && e.contains(o)));
  const tops = inner.map(e => e.getBoundingClientRect().top + window.scrollY);
  return tops.length ? Math.min(...tops) : null;
}"""
LINK = """(target) => {
  const a = [...document.querySelectorAll('main a[href]')].find(a => a.pathname.endsWith('/' + target));
  return a ? a.getBoundingClientRect().top + window.scrollY : null;
}"""


ADULT = r"adult|\b(1[89]|[2-9]\d)\b"  # the word, or an adult age (a table row's band)


def _word(value: float) -> str:
    return rf"\b{value:.0f}\b"


def questions() -> dict[str, tuple[str, list[str]]]:
    """Question -> (the chapter the home page leads to, the patterns an answer matches)."""
    import mgtables
    from mgtables.chapters import claims, foods, limits
    from mgtables.domain.reference import recommended_value

    data = mgtables.load()
    adult, young = data.parameter("adult_age"), data.parameter("young_adult_age")

    def efsa(age, sex, stage="general"):
        return _word(recommended_value(data, "efsa2015", age, sex, stage))

    child_age = 8  # a school child, inside every authority's childhood bands
    older_age = 75  # beyond the last cut of every authority (70 years)
    food = foods.glue_values(data)
    register = claims.register_glue(data)
    return {
        "intake: adult woman": ("intakes.html", [r"\b(wom[ae]n|female)\b", ADULT, efsa(adult, "female")]),
        "intake: adult man": ("intakes.html", [r"\b(m[ae]n|male)\b", ADULT, efsa(adult, "male")]),
        "intake: pregnancy": ("intakes.html", [r"pregnan", efsa(young, "female", "pregnancy")]),
        "intake: breastfeeding": ("intakes.html", [r"breastfe|lactat", efsa(young, "female", "lactation")]),
        "intake: child": ("intakes.html", [r"child|\b[1-9] to <\d+ years", efsa(child_age, "female")]),
        "intake: older person": ("intakes.html", [r"older|elderly|\b(5[1-9]|[6-9]\d) years and over",
                                                  efsa(older_age, "female")]),
        "best foods per portion": ("foods.html", [re.escape(food["best_portion_food"]), r"portion|serving",
                                                  _word(food["best_portion_mg"])]),
        "largest safe supplement dose": ("limits.html", [r"supplement|limit", _word(limits.glue_values(data)["eu_ul"]),
                                                          r"\bmg\b"]),
        "which claims hold up": ("claims.html", [r"authori[sz]ed", r"claim", _word(register["n_keys_authorised"])]),
    }


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/book/", server


def measure(html: Path) -> dict:
    from playwright.sync_api import sync_playwright

    asked = questions()
    base, server = serve(html)
    out: dict = {"heights": {}, "answers": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for width, height in WIDTHS.items():
                tab = browser.new_page(viewport={"width": width, "height": height})
                for page in sorted(f.name for f in (html / "book").glob("*.html")):
                    tab.goto(base + page, wait_until="networkidle")
                    screens = tab.evaluate("document.documentElement.scrollHeight") / height
                    out["heights"].setdefault(page, {})[width] = round(screens, 1)
                tab.goto(base + "intro.html", wait_until="networkidle")
                home = {q: tab.evaluate(FIND, [CANDIDATES, patterns]) for q, (_, patterns) in asked.items()}
                links = {q: tab.evaluate(LINK, chapter) for q, (chapter, _) in asked.items()}
                for q, (chapter, patterns) in asked.items():
                    if home[q] is not None:
                        found = {"page": "intro.html", "screens": round(home[q] / height, 1)}
                    else:
                        tab.goto(base + chapter, wait_until="networkidle")
                        top = tab.evaluate(FIND, [CANDIDATES, patterns])
                        lead = (links[q] or 0) / height
                        found = {"page": chapter, "screens": None if top is None else round(lead + top / height, 1),
                                 "in_chapter": None if top is None else round(top / height, 1)}
                    out["answers"].setdefault(q, {})[width] = found
                tab.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def _cell(found: dict) -> str:
    if found["screens"] is None:
        return "not found"
    return f"{found['screens']:.1f} ({found['page'].removesuffix('.html')})"


def table(before: dict | None, after: dict) -> str:
    def pair(b, a):
        return f"{b} → {a}" if before is not None else f"{a}"

    lines = ["| page | screens at 1280 | screens at 390 |", "|---|---|---|"]
    for page, by_width in after["heights"].items():
        old = (before or {}).get("heights", {}).get(page, {})
        lines.append(f"| {page} | " + " | ".join(pair(old.get(str(w), "-"), by_width[str(w)]) for w in WIDTHS) + " |")
    lines += ["", "| question | screens to answer at 1280 | at 390 |", "|---|---|---|"]
    for q, by_width in after["answers"].items():
        old = (before or {}).get("answers", {}).get(q, {})
        cells = [pair(_cell(old[str(w)]) if str(w) in old else "-", _cell(by_width[str(w)])) for w in WIDTHS]
        lines.append(f"| {q} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(before: dict | None, after: dict) -> None:
    """Replace this script's section of RESULTS.md (the last one) with the comparison."""
    text = RESULTS.read_text(encoding="utf-8")
    kept = text.split(SECTION)[0].rstrip()
    section = (f"{SECTION}\n\nWritten by `benchmarks/reader.py --report` (see its docstring for the rules): page "
               "heights in screens (document height / viewport height, 900 px high at 1280, 844 at 390) and the "
               "screens a reader scrolls, from the home page on, to the first element that answers; in brackets "
               f"the page it is on. Before: {(before or {}).get('label') or 'none saved'}; after: "
               f"{after.get('label') or 'this run'}.\n\n" + table(before, after) + "\n")
    RESULTS.write_text(kept + "\n\n" + section, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--save", metavar="NAME", help="keep the run in benchmarks/reader-NAME.json")
    parser.add_argument("--report", action="store_true", help="write the section of RESULTS.md against 'before'")
    parser.add_argument("--label", default="", help="what was measured (a commit), kept with the run")
    args = parser.parse_args()
    result = {"label": args.label, **measure(args.html)}
    if args.save:
        (ROOT / "benchmarks" / f"reader-{args.save}.json").write_text(json.dumps(result, indent=1) + "\n")
    saved = ROOT / "benchmarks" / "reader-before.json"
    before = json.loads(saved.read_text()) if saved.exists() and args.save != "before" else None
    print(table(before, json.loads(json.dumps(result))))
    if args.report:
        report(before, json.loads(json.dumps(result)))


if __name__ == "__main__":
    main()
