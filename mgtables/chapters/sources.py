"""Chapter 'The sources': the register of the articles and what each contributes."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from ..i18n import text
from ..registry import register
from ..table import Table

PAGE = "book/sources"  # the page that shows this module's tables; they are numbered by position


def contributions(data: Dataset) -> pd.DataFrame:
    """Per source: how many figure and claim records it contributes."""
    figures = data.figures.groupby("source").size()
    claims = data.claims.groupby("source").size()
    out = pd.DataFrame({"figures": figures, "claims": claims}).reindex(data.sources["id"])
    return out.fillna(0).astype(int)


def _interests(data: Dataset, codes: list[str], lang: str) -> str:
    return "; ".join(data.label("commercial_interest", c, lang) for c in codes) or text("articles.none_stated", lang)


@register("sources", position=1)
def sources_table(data: Dataset, lang: str) -> Table:
    counts = contributions(data)
    src = data.sources
    frame = pd.DataFrame({
        text("articles.col.id", lang): src["id"],
        text("articles.col.title_en", lang): src["title_en"],
        text("articles.col.site", lang): src["site"],
        text("articles.col.author", lang): src["author"],
        text("articles.col.date", lang): [str(p or r or c or "") for p, r, c in
                                          zip(src["published"], src["last_reviewed"], src["references_consulted"],
                                              strict=True)],
        text("articles.col.kind", lang): src["kind"],
        text("articles.col.commercial_interests", lang): [_interests(data, c, lang)
                                                          for c in src["commercial_interests"]],
        text("articles.col.references", lang): src["n_references"],
        text("articles.col.figures_recorded", lang): counts["figures"].to_numpy(),
        text("articles.col.claims_recorded", lang): counts["claims"].to_numpy(),
    })
    return Table("sources", text("articles.caption.sources", lang), frame, tuple(src["id"]))


@register("source-notes", position=2)
def source_notes(data: Dataset, lang: str) -> Table:
    src = data.sources
    frame = pd.DataFrame({
        text("articles.col.id", lang): src["id"],
        text("articles.col.original_title", lang): src["title"],
        text("articles.col.based_on", lang): src["based_on"].fillna(""),
        text("articles.col.our_summary", lang): src["note"],
        text("articles.col.missing_from_capture", lang): ["; ".join(gaps) or text("articles.nothing_known", lang)
                                                          for gaps in src["capture_gaps"]],
    })
    return Table("source-notes", text("articles.caption.notes", lang), frame, tuple(src["id"]))
