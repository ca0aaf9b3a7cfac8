"""Chapter 'In the body': how much of the magnesium eaten is absorbed, where the body keeps it, what
the blood holds and what leaves the body, and what helps or hinders it (nutrients and medicines)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from ..dataset import Dataset
from ..domain import units
from ..domain.stances import by_key, claims_of
from ..formatting import figure_label, number, qualified, source_text, span, stance_columns
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
PER = {"g": "whole body", "mg": "whole body", "mg/day": "day", "mmol/day": "day", "mg/L": "litre of serum",
       "mmol/L": "litre of serum"}
SHARE_PER = {"body_store": "whole body", "serum_level": "litre of serum"}
BASE_WORDS = {"body_store": "in the whole body", "serum_level": "per litre of serum"}

INTERACTION = "interaction"
# The interactions are the keys of the 'interaction' theme and every key about a medicine: the sources
# name some medicines as causes of loss (risk_loss), but they are drug interactions as much.
MEDICINE, NUTRIENT = "medicine", "nutrient"  # groups of claim_keys.yaml


# ---- absorption --------------------------------------------------------------------------------------

def absorption_figures(data: Dataset) -> pd.DataFrame:
    figs = data.figures[data.figures["topic"] == ABSORPTION]
    other = figs[figs["unit"] != "percent"]
    if not other.empty:
        raise ValueError(f"absorption figures must be percentages: {', '.join(other['id'])}")
    return figs.reset_index(drop=True)


def overlap(intervals) -> tuple[float, float] | None:
    """The range every interval contains (a single point if they only touch), or None."""
    intervals = list(intervals)
    if not intervals:
        return None
    low, high = max(lo for lo, _ in intervals), min(hi for _, hi in intervals)
    return (low, high) if low <= high else None


def spread(intervals) -> tuple[float, float]:
    """From the lowest lower end to the highest upper end."""
    intervals = list(intervals)
    if not intervals:
        raise ValueError("no intervals")
    return min(lo for lo, _ in intervals), max(hi for _, hi in intervals)


def overlap_phrase(common: tuple[float, float] | None) -> str:
    """The shared range in words, for the prose: none, a single value, or a range."""
    if common is None:
        return "no value at all"
    if common[0] == common[1]:
        return f"a single value, {span(*common)} %"
    return f"only the range {span(*common)} %"


def _intervals(figs: pd.DataFrame) -> list[tuple[float, float]]:
    return list(zip(figs["low"], figs["high"], strict=True))


def absorption_summary(data: Dataset) -> dict[str, float]:
    figs = absorption_figures(data)
    intervals = _intervals(figs)
    common = overlap(intervals)
    lo, hi = spread(intervals)
    widths = figs["high"] - figs["low"]
    mids = (figs["low"] + figs["high"]) / 2
    return {
        "n_figures": len(figs),
        "n_sources": figs["source"].nunique(),
        "n_distinct": len(set(intervals)),
        "overlap_phrase": overlap_phrase(common),
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
    figs = absorption_figures(data)
    common = overlap(_intervals(figs))
    out = pd.DataFrame({
        "Figure": figs["id"],
        "Source": [source_text(data, f) for f in figs.itertuples()],
        "As printed": figs["as_written"],
        "Absorbed (%)": [qualified(data, f.qualifier, span(f.low, f.high)) for f in figs.itertuples()],
        "Width (percentage points)": [number(f.high - f.low) for f in figs.itertuples()],
        "Contains the common range": ["yes" if common and f.low <= common[0] and common[1] <= f.high else "no"
                                      for f in figs.itertuples()],
        "What it says": figs["note"],
    })
    return Table("absorption-figures", "Every figure the articles give for the share of dietary magnesium "
                 "that is absorbed, as an interval, and whether it contains the range all of them share.",
                 out, tuple(sorted(set(figs["source"]))))


def absorption_figure(data: Dataset):
    """Each absorption figure as a horizontal interval; the shared range and the full spread shaded."""
    figs = absorption_figures(data).iloc[::-1].reset_index(drop=True)
    common = overlap(_intervals(figs))
    lo, hi = spread(_intervals(figs))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(figs) + 1.6))
    ax.axvspan(lo, hi, color="0.92", label="spread of all figures")
    if common:
        if common[0] == common[1]:
            ax.axvline(common[0], color="tab:green", lw=2.5, label="value every figure contains")
        else:
            ax.axvspan(*common, color="tab:green", alpha=0.3, label="range every figure contains")
    for y, f in enumerate(figs.itertuples()):
        ax.plot([f.low, f.high], [y, y], color="tab:blue", lw=5, solid_capstyle="butt")
        ax.plot([f.low, f.high], [y, y], "|", color="black", ms=12)
    ax.set_yticks(range(len(figs)), [figure_label(f) for f in figs.itertuples()])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of dietary magnesium absorbed (%)")
    ax.grid(axis="x", alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
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


def amounts(data: Dataset, fig) -> dict[str, str]:
    """mg and mmol of one figure, per its basis; a share is turned into an amount of its base."""
    derived = ""
    mg = units.in_mg(fig.low, fig.high, fig.unit)
    per = PER.get(fig.unit, "")
    if mg is None and fig.unit == "percent" and fig.topic in SHARE_OF:
        base = base_range(data, SHARE_OF[fig.topic])
        if base is not None:
            (blo, bhi), ids = base
            mg = fig.low / 100 * blo, fig.high / 100 * bhi
            per = SHARE_PER[SHARE_OF[fig.topic]]
            derived = (f"{span(fig.low, fig.high)} % of {span(blo, bhi)} mg {BASE_WORDS[SHARE_OF[fig.topic]]} "
                       f"({', '.join(ids)})")
    if mg is None:
        return {"mg": "", "mmol": "", "per": "", "derived": ""}
    mmol = units.mg_to_mmol(mg[0]), units.mg_to_mmol(mg[1])
    return {"mg": qualified(data, fig.qualifier, span(*mg)), "mmol": qualified(data, fig.qualifier, span(*mmol)),
            "per": per, "derived": derived}


@register("magnesium-in-the-body", position=2)
def body_table(data: Dataset, lang: str) -> Table:
    figs = body_figures(data)
    rows = [amounts(data, f) for f in figs.itertuples()]
    out = pd.DataFrame({
        "Topic": [data.label("topic", t) for t in figs["topic"]],
        "What it says": figs["note"],
        "As printed": figs["as_written"],
        "Value": [qualified(data, f.qualifier, f"{span(f.low, f.high)} {data.label('unit', f.unit)}")
                  for f in figs.itertuples()],
        "mg": [r["mg"] for r in rows],
        "mmol": [r["mmol"] for r in rows],
        "Per": [r["per"] for r in rows],
        "Computed from": [r["derived"] for r in rows],
        "Figure": figs["id"],
        "Source": [source_text(data, f) for f in figs.itertuples()],
    })
    return Table("magnesium-in-the-body", "How much magnesium the body holds and where, the serum range and "
                 "deficiency threshold, the free and bound shares in serum, excretion and secretion into breast "
                 f"milk, in mg and mmol (1 mmol = {units.MOLAR_MASS_MG} mg); a share is turned into an amount "
                 "of the figure it is a share of.", out, tuple(sorted(set(figs["source"]))))


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


def interactions(data: Dataset) -> pd.DataFrame:
    keys = by_key(interaction_claims(data))
    keys["group"] = keys["key"].map(data.claim_keys.set_index("key")["group"])
    keys["kind"] = [data.label("claim_group", g) for g in keys["group"]]
    keys["order"] = (keys["group"] != MEDICINE).astype(int)
    return (keys.sort_values(["order", "n_sources"], ascending=[True, False], kind="stable")
            .drop(columns="order").reset_index(drop=True))


def timing(data: Dataset, figure_ids: list[str]) -> str:
    figs = data.figures.set_index("id").loc[figure_ids]
    return "; ".join(f"{qualified(data, f.qualifier, span(f.low, f.high))} {data.label('unit', f.unit)}: "
                     f"{f.note} ({fid})" for fid, f in zip(figure_ids, figs.itertuples(), strict=True))


@register("interactions", position=3)
def interactions_table(data: Dataset, lang: str) -> Table:
    keys = interactions(data)
    out = pd.DataFrame({
        "Kind": keys["kind"],
        "Claim": keys["en"],
        "Timing": [timing(data, figs) for figs in keys["figures"]],
        **stance_columns(keys),
        "Agreement": keys["agreement"],
        "Claims": keys["claims"],
        "Key": keys["key"],
    })
    sources = interaction_claims(data)["source"]
    return Table("interactions", "Every interaction of magnesium with a medicine or a nutrient that the articles "
                 "name, with the dose interval they advise, which sources state it, and where they conflict "
                 "(one source asserts what another denies).", out, tuple(sorted(set(sources))))


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


def glue_values(data: Dataset) -> dict[str, float]:
    """The numbers the chapter's prose quotes, by glue name."""
    absorption = {f"absorption_{k}": v for k, v in absorption_summary(data).items()}
    return {**absorption, **body_summary(data), **interaction_summary(data)}
