"""Chapter 'In the body': how much of the magnesium eaten is absorbed, where the body keeps it, what
the blood holds and what leaves the body, and what helps or hinders it (nutrients and medicines)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
from babel.numbers import format_decimal

from .. import figstyle
from ..dataset import Dataset, in_language
from ..domain import units
from ..domain.stances import by_key, claims_of
from ..formatting import number, qualified, source_text, span, stance_columns
from ..i18n import SOURCE_LANGUAGE, counted, text
from ..registry import register
from ..table import Table

PAGE = "book/body"  # the page that shows this module's tables; they are numbered by position

ABSORPTION = "absorption"
BODY_TOPICS = ("body_store", "body_distribution", "serum_level", "serum_fraction", "excretion", "secretion")
# A percentage figure is a share of something another figure states: of the body's whole store, or
# of the serum concentration. The table turns the share into an amount with that base.
SHARE_OF = {"body_distribution": "body_store", "serum_fraction": "serum_level"}
# Qualifiers that make a figure a bound (a threshold), not a range a value normally lies in.
BOUNDS = ("at_least", "more_than", "up_to", "less_than")
# The basis of an amount, by unit (the 'Per' column), and of a share, by the topic of its base.
PER = {"g": "body.per.whole_body", "mg": "body.per.whole_body", "mg/day": "body.per.day", "mmol/day": "body.per.day",
       "mg/L": "body.per.litre_of_serum", "mmol/L": "body.per.litre_of_serum"}
SHARE_PER = {"body_store": "body.per.whole_body", "serum_level": "body.per.litre_of_serum"}
BASE_WORDS = {"body_store": "body.base.in_the_whole_body", "serum_level": "body.base.per_litre_of_serum"}

INTERACTION = "interaction"
# The interactions are the keys of the 'interaction' theme and every key about a medicine: the sources
# name some medicines as causes of loss (risk_loss), but they are drug interactions as much.
MEDICINE, NUTRIENT = "medicine", "nutrient"  # groups of claim_keys.yaml


# ---- absorption --------------------------------------------------------------------------------------

def absorption_figures(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    figs = data.figures[data.figures["topic"] == ABSORPTION]
    other = figs[figs["unit"] != "percent"]
    if not other.empty:
        raise ValueError(text("body.error.absorption_not_percent", lang, figures=", ".join(other["id"])))
    return figs.reset_index(drop=True)


def overlap(intervals) -> tuple[float, float] | None:
    """The range every interval contains (a single point if they only touch), or None."""
    intervals = list(intervals)
    if not intervals:
        return None
    low, high = max(lo for lo, _ in intervals), min(hi for _, hi in intervals)
    return (low, high) if low <= high else None


def spread(intervals, lang: str = SOURCE_LANGUAGE) -> tuple[float, float]:
    """From the lowest lower end to the highest upper end."""
    intervals = list(intervals)
    if not intervals:
        raise ValueError(text("body.error.no_intervals", lang))
    return min(lo for lo, _ in intervals), max(hi for _, hi in intervals)


def overlap_phrase(common: tuple[float, float] | None, lang: str = SOURCE_LANGUAGE) -> str:
    """The shared range in words, for the prose: none, a single value, or a range."""
    if common is None:
        return text("body.overlap.none", lang)
    if common[0] == common[1]:
        return text("body.overlap.value", lang, value=span(*common, lang))
    return text("body.overlap.range", lang, range=span(*common, lang))


def _intervals(figs: pd.DataFrame) -> list[tuple[float, float]]:
    return list(zip(figs["low"], figs["high"], strict=True))


def absorption_summary(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
    figs = absorption_figures(data, lang)
    intervals = _intervals(figs)
    common = overlap(intervals)
    lo, hi = spread(intervals, lang)
    widths = figs["high"] - figs["low"]
    mids = (figs["low"] + figs["high"]) / 2
    return {
        "n_figures": len(figs),
        "n_sources": figs["source"].nunique(),
        "n_distinct": len(set(intervals)),
        "overlap_phrase": overlap_phrase(common, lang),
        "overlap_low": common[0] if common else math.nan,
        "overlap_high": common[1] if common else math.nan,
        "spread_low": lo,
        "spread_high": hi,
        "spread_width": hi - lo,
        "widest": widths.max(),
        "midpoint_low": mids.min(),
        "midpoint_high": mids.max(),
    }


@register("absorption-figures", position=1)
def absorption_table(data: Dataset, lang: str) -> Table:
    figs = absorption_figures(data, lang)
    common = overlap(_intervals(figs))
    yes, no = text("body.yes", lang), text("body.no", lang)
    out = pd.DataFrame({
        text("body.col.figure", lang): figs["id"],
        text("body.col.source", lang): [source_text(data, f, lang) for f in figs.itertuples()],
        text("body.col.as_printed", lang): figs["as_written"],
        text("body.col.absorbed_percent", lang): [qualified(data, f.qualifier, span(f.low, f.high, lang), lang)
                                                  for f in figs.itertuples()],
        text("body.col.width_points", lang): [number(f.high - f.low, lang) for f in figs.itertuples()],
        text("body.col.contains_common_range", lang): [
            yes if common and f.low <= common[0] and common[1] <= f.high else no for f in figs.itertuples()],
        text("body.col.what_it_says", lang): figs[in_language("note", lang)],
    })
    return Table("absorption-figures", text("body.caption.absorption_figures", lang),
                 out, tuple(sorted(set(figs["source"]))),
                 detail_columns=(text("body.col.figure", lang),))


def absorption_figure(data: Dataset, lang: str = SOURCE_LANGUAGE):
    """Each absorption figure as a horizontal interval, labelled by its source's name and the figure as
    printed; the shared range and the full spread shaded and outlined."""
    figs = absorption_figures(data, lang).iloc[::-1].reset_index(drop=True)
    common = overlap(_intervals(figs))
    lo, hi = spread(_intervals(figs), lang)
    fig, ax = plt.subplots(figsize=(figstyle.WIDTH, figstyle.height(len(figs), 0.42, 1.9)))
    ax.axvspan(lo, hi, facecolor=figstyle.GREY, alpha=figstyle.TINT, label=text("body.figure.spread", lang))
    for edge in (lo, hi):
        ax.axvline(edge, color=figstyle.GREY, lw=1, ls="--")
    if common:
        if common[0] == common[1]:
            ax.axvline(common[0], color=figstyle.GREEN, lw=2.5, label=text("body.figure.common_value", lang))
        else:
            ax.axvspan(*common, facecolor=figstyle.GREEN, alpha=0.3, edgecolor="none",
                       label=text("body.figure.common_range", lang))
            for edge in common:
                ax.axvline(edge, color=figstyle.GREEN, lw=1.5)
    for y, f in enumerate(figs.itertuples()):
        ax.plot([f.low, f.high], [y, y], color=figstyle.BLUE, lw=5, solid_capstyle="butt")
        ax.plot([f.low, f.high], [y, y], "|", color=figstyle.BLACK, ms=12)
    ax.set_yticks(range(len(figs)), [figstyle.figure_row(f, lang) for f in figs.itertuples()])
    ax.set_xlim(0, 100)
    ax.set_xlabel(figstyle.wrap(text("body.figure.absorbed_axis", lang), 44))
    ax.grid(axis="x", alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=1, frameon=False)
    fig.tight_layout(rect=(0, 0.13, 1, 1))
    return fig


# ---- stores, serum, excretion -----------------------------------------------------------------------

def body_figures(data: Dataset) -> pd.DataFrame:
    figs = data.figures[data.figures["topic"].isin(BODY_TOPICS)].copy()
    figs["order"] = figs["topic"].map(BODY_TOPICS.index)
    return figs.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)


def base_range(data: Dataset, topic: str) -> tuple[tuple[float, float], list[str]] | None:
    """The amount a share refers to, in mg, and the figures it comes from: every figure of `topic`
    that gives an amount as a range (not a bound such as a deficiency threshold), spanned together."""
    figs = data.figures[(data.figures["topic"] == topic) & ~data.figures["qualifier"].isin(BOUNDS)]
    amounts = [(f.id, units.in_mg(f.low, f.high, f.unit)) for f in figs.itertuples()]
    amounts = [(fid, mg) for fid, mg in amounts if mg is not None]
    if not amounts:
        return None
    return spread(mg for _, mg in amounts), [fid for fid, _ in amounts]


def amounts(data: Dataset, fig, lang: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """mg and mmol of one figure, per its basis; a share is turned into an amount of its base."""
    derived = ""
    mg = units.in_mg(fig.low, fig.high, fig.unit)
    per = PER.get(fig.unit)
    if mg is None and fig.unit == "percent" and fig.topic in SHARE_OF:
        base = base_range(data, SHARE_OF[fig.topic])
        if base is not None:
            (blo, bhi), ids = base
            mg = fig.low / 100 * blo, fig.high / 100 * bhi
            per = SHARE_PER[SHARE_OF[fig.topic]]
            derived = text("body.derived", lang, share=span(fig.low, fig.high, lang), base=span(blo, bhi, lang),
                           where=text(BASE_WORDS[SHARE_OF[fig.topic]], lang), figures=", ".join(ids))
    if mg is None:
        return {"mg": "", "mmol": "", "per": "", "derived": ""}
    mmol = units.mg_to_mmol(mg[0]), units.mg_to_mmol(mg[1])
    return {"mg": qualified(data, fig.qualifier, span(*mg, lang), lang),
            "mmol": qualified(data, fig.qualifier, span(*mmol, lang), lang),
            "per": text(per, lang) if per else "", "derived": derived}


@register("magnesium-in-the-body", position=2)
def body_table(data: Dataset, lang: str) -> Table:
    figs = body_figures(data)
    rows = [amounts(data, f, lang) for f in figs.itertuples()]
    out = pd.DataFrame({
        text("body.col.topic", lang): [data.label("topic", t, lang) for t in figs["topic"]],
        text("body.col.what_it_says", lang): figs[in_language("note", lang)],
        text("body.col.as_printed", lang): figs["as_written"],
        text("body.col.value", lang): [
            qualified(data, f.qualifier, text("body.amount", lang, amount=span(f.low, f.high, lang),
                                              unit=data.label("unit", f.unit, lang)), lang)
            for f in figs.itertuples()],
        text("body.col.mg", lang): [r["mg"] for r in rows],
        text("body.col.mmol", lang): [r["mmol"] for r in rows],
        text("body.col.per", lang): [r["per"] for r in rows],
        text("body.col.computed_from", lang): [r["derived"] for r in rows],
        text("body.col.figure", lang): figs["id"],
        text("body.col.source", lang): [source_text(data, f, lang) for f in figs.itertuples()],
    })
    # the molar mass in full, with the language's decimal sign (formatting.number would round it)
    molar_mass = format_decimal(units.MOLAR_MASS_MG, locale=lang)
    return Table("magnesium-in-the-body", text("body.caption.magnesium_in_the_body", lang, molar_mass=molar_mass),
                 out, tuple(sorted(set(figs["source"]))),
                 detail_columns=(text("body.col.computed_from", lang), text("body.col.figure", lang)))


# The figures the prose quotes by name; the shares and ranges the table computes need no such choice.
PROSE_FIGURES = {"deficiency": "nutrinews2025-f17", "free": "nutrinews2025-f13", "protein_bound": "nutrinews2025-f14",
                 "excretion": "nutrinews2025-f15", "milk": "nutrinews2025-f16"}


def body_summary(data: Dataset) -> dict[str, float]:
    store = base_range(data, "body_store")[0]
    serum = base_range(data, "serum_level")[0]
    fig = data.figures.set_index("id").loc[list(PROSE_FIGURES.values())]
    fig.index = list(PROSE_FIGURES)
    largest = data.figures[data.figures["topic"] == "body_distribution"]["high"].max()
    return {
        "molar_mass": units.MOLAR_MASS_MG,
        "store_g_low": store[0] / 1000, "store_g_high": store[1] / 1000,
        "store_mmol_low": units.mg_to_mmol(store[0]), "store_mmol_high": units.mg_to_mmol(store[1]),
        "largest_share": largest,
        "serum_mmol_low": units.mg_to_mmol(serum[0]), "serum_mmol_high": units.mg_to_mmol(serum[1]),
        "serum_mg_low": serum[0], "serum_mg_high": serum[1],
        "deficiency_mmol": fig.loc["deficiency", "low"],
        "deficiency_mg": units.mmol_to_mg(fig.loc["deficiency", "low"]),
        "free_share": fig.loc["free", "low"], "protein_bound_share": fig.loc["protein_bound", "low"],
        "complexed_below": 100 - fig.loc["free", "low"] - fig.loc["protein_bound", "low"],
        "excretion_mg_low": units.mmol_to_mg(fig.loc["excretion", "low"]),
        "excretion_mg_high": units.mmol_to_mg(fig.loc["excretion", "high"]),
        "excretion_ratio": fig.loc["excretion", "high"] / fig.loc["excretion", "low"],
        "milk_mg": fig.loc["milk", "low"], "milk_mmol": units.mg_to_mmol(fig.loc["milk", "low"]),
    }


# ---- interactions ----------------------------------------------------------------------------------

def interaction_claims(data: Dataset) -> pd.DataFrame:
    return claims_of(data, themes=(INTERACTION,), groups=(MEDICINE,))


def interactions(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    keys = by_key(interaction_claims(data), lang)
    keys["group"] = keys["key"].map(data.claim_keys.set_index("key")["group"])
    keys["kind"] = [data.label("claim_group", g, lang) for g in keys["group"]]
    keys["wording"] = keys["key"].map(data.claim_keys.set_index("key")[in_language("en", lang)])
    keys["order"] = (keys["group"] != MEDICINE).astype(int)
    return (keys.sort_values(["order", "n_sources"], ascending=[True, False], kind="stable")
            .drop(columns="order").reset_index(drop=True))


def timing(data: Dataset, figure_ids: list[str], lang: str = SOURCE_LANGUAGE) -> str:
    figs = data.figures.set_index("id").loc[figure_ids]
    return text("body.list_separator", lang).join(
        text("body.timing", lang, amount=qualified(data, f.qualifier, span(f.low, f.high, lang), lang),
             unit=data.label("unit", f.unit, lang), note=getattr(f, in_language("note", lang)), figure=fid)
        for fid, f in zip(figure_ids, figs.itertuples(), strict=True))


@register("interactions", position=3)
def interactions_table(data: Dataset, lang: str) -> Table:
    keys = interactions(data, lang)
    out = pd.DataFrame({
        text("body.col.kind", lang): keys["kind"],
        text("body.col.claim", lang): keys["wording"],
        text("body.col.timing", lang): [timing(data, figs, lang) for figs in keys["figures"]],
        **stance_columns(keys, lang),
        text("body.col.agreement", lang): keys["agreement"],
        text("body.col.claims", lang): keys["claims"],
        text("body.col.key", lang): keys["key"],
    })
    sources = interaction_claims(data)["source"]
    return Table("interactions", text("body.caption.interactions", lang), out, tuple(sorted(set(sources))),
                 detail_columns=(text("body.col.claims", lang), text("body.col.key", lang)))


def interaction_summary(data: Dataset) -> dict[str, float]:
    keys = interactions(data)
    return {
        "n_interactions": len(keys),
        "n_medicine": int((keys["group"] == MEDICINE).sum()),
        "n_nutrient": int((keys["group"] == NUTRIENT).sum()),
        "n_conflicts": int(keys["conflict"].sum()),
        "n_timed": int((keys["figures"].map(len) > 0).sum()),
        "n_single_source": int((keys["n_sources"] == 1).sum()),
    }


def glue_values(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
    """The numbers (and the one phrase) the chapter's prose quotes, by glue name."""
    absorption = {f"absorption_{k}": v for k, v in absorption_summary(data, lang).items()}
    summary = interaction_summary(data)
    conflicts = counted(summary["n_conflicts"], "body.glue.conflicts_one", "body.glue.conflicts_many", lang,
                        none="body.glue.conflicts_none")
    return {**absorption, **body_summary(data), **summary, "conflicts_sentence": conflicts}
