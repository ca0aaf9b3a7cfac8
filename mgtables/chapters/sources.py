"""Chapter 'The sources': the register of the articles and what each contributes."""

from __future__ import annotations

import pandas as pd

from ..bibliography import day_text
from ..dataset import Dataset, in_language
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


def glue_values(data: Dataset, lang: str) -> dict[str, int]:
    """The counts the chapter's prose quotes (the same in every language: whole numbers)."""
    counts = contributions(data)
    return {"n_sources": len(data.sources), "n_figures": int(counts["figures"].sum()),
            "n_claims": int(counts["claims"].sum())}


def _interests(data: Dataset, codes: list[str], lang: str) -> str:
    return "; ".join(data.label("commercial_interest", c, lang) for c in codes) or text("sources.none_stated", lang)


@register("sources", position=1)
def sources_table(data: Dataset, lang: str) -> Table:
    counts = contributions(data)
    src = data.sources
    frame = pd.DataFrame({
        text("sources.col.id", lang): src["id"],
        text("sources.col.title_en", lang): src[in_language("title_en", lang)],
        text("sources.col.site", lang): src[in_language("site", lang)],
        text("sources.col.author", lang): src[in_language("author", lang)],
        text("sources.col.date", lang): [day_text(p or r or c, lang) if (p or r or c) else "" for p, r, c in
                                          zip(src["published"], src["last_reviewed"], src["references_consulted"],
                                              strict=True)],
        text("sources.col.kind", lang): src[in_language("kind", lang)],
        text("sources.col.commercial_interests", lang): [_interests(data, c, lang)
                                                          for c in src["commercial_interests"]],
        text("sources.col.references", lang): src["n_references"],
        text("sources.col.figures_recorded", lang): counts["figures"].to_numpy(),
        text("sources.col.claims_recorded", lang): counts["claims"].to_numpy(),
    })
    # the id is the record's (the reader has the title and site); it shows with the details
    return Table("sources", text("sources.caption.sources", lang), frame, tuple(src["id"]),
                 detail_columns=(text("sources.col.id", lang),))


@register("source-notes", position=2)
def source_notes(data: Dataset, lang: str) -> Table:
    src = data.sources
    frame = pd.DataFrame({
        text("sources.col.id", lang): src["id"],
        text("sources.col.original_title", lang): src["title"],
        text("sources.col.based_on", lang): src["based_on"].fillna(""),
        text("sources.col.our_summary", lang): src[in_language("note", lang)],
        text("sources.col.missing_from_capture", lang): ["; ".join(gaps) or text("sources.nothing_known", lang)
                                                          for gaps in src[in_language("capture_gaps", lang)]],
    })
    return Table("source-notes", text("sources.caption.notes", lang), frame, tuple(src["id"]),
                 detail_columns=(text("sources.col.id", lang),))
