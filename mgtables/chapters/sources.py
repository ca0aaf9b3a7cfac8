"""Chapter 'The sources': the register of the articles and what each contributes."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from ..registry import register
from ..table import Table

PAGE = "book/sources"  # the page that shows this module's tables; they are numbered by position


def contributions(data: Dataset) -> pd.DataFrame:
    """Per source: how many figure and claim records it contributes."""
    figures = data.figures.groupby("source").size()
    claims = data.claims.groupby("source").size()
    out = pd.DataFrame({"figures": figures, "claims": claims}).reindex(data.sources["id"])
    return out.fillna(0).astype(int)


def _interests(data: Dataset, codes: list[str]) -> str:
    return "; ".join(data.label("commercial_interest", c) for c in codes) or "none stated"


@register("sources", position=1)
def sources_table(data: Dataset, lang: str) -> Table:
    counts = contributions(data)
    src = data.sources
    frame = pd.DataFrame({
        "Id": src["id"],
        "Title (English)": src["title_en"],
        "Site": src["site"],
        "Author": src["author"],
        "Date": [str(p or r or c or "") for p, r, c in
                 zip(src["published"], src["last_reviewed"], src["references_consulted"], strict=True)],
        "Kind": src["kind"],
        "Commercial interests": [_interests(data, c) for c in src["commercial_interests"]],
        "References": src["n_references"],
        "Figures recorded": counts["figures"].to_numpy(),
        "Claims recorded": counts["claims"].to_numpy(),
    })
    return Table("sources", "The source articles: what each is, its interests, and what it contributes "
                 "to the dataset.", frame, tuple(src["id"]))


@register("source-notes", position=2)
def source_notes(data: Dataset, lang: str) -> Table:
    src = data.sources
    frame = pd.DataFrame({
        "Id": src["id"],
        "Original title": src["title"],
        "Based on": src["based_on"].fillna(""),
        "Our summary": src["note"],
        "Missing from the capture": ["; ".join(gaps) or "nothing known" for gaps in src["capture_gaps"]],
    })
    return Table("source-notes", "What each article is, in our words, and what its text capture lacks.",
                 frame, tuple(src["id"]))
