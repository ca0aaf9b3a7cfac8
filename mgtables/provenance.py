"""Check that each recorded figure and claim can be found in its source's text.

A figure's `as_written` (a claim's `cue`) must occur in the source, after its `locator` heading.
Whitespace is normalised, since the captures break lines differently from the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from .book_meta import ROOT
from .dataset import Dataset

SOURCES_DIR = ROOT.parent / "shared" / "sources"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def problems(data: Dataset, sources_dir: Path = SOURCES_DIR) -> list[str]:
    """Every figure or claim whose string or heading is not where it says; empty when all are."""
    texts = {s.id: normalise((sources_dir / s.file).read_text(encoding="utf-8"))
             for s in data.sources.itertuples()}
    found = []
    for frame, field in ((data.figures, "as_written"), (data.claims, "cue")):
        for rec in frame.itertuples():
            text = texts[rec.source]
            needle, heading = normalise(getattr(rec, field)), normalise(rec.locator)
            start = text.find(heading)
            if start < 0:
                found.append(f"{rec.id}: locator {rec.locator!r} is not in {rec.source}")
            elif text.find(needle, start) < 0:
                where = "anywhere in" if needle not in text else "after its locator in"
                found.append(f"{rec.id}: {field} {getattr(rec, field)!r} is not {where} {rec.source}")
    return found
