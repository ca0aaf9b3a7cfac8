"""Chapter 'Who says what': which source states which claim, where the sources contradict each
other, which of their numbers nothing backs, and how far each source can be trusted."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from ..dataset import Dataset
from ..domain.matching import reconcile
from ..domain.reference import authority_names, stage_increments
from ..domain.stances import STANCES, conflicts
from ..formatting import UNVERIFIED_MARK, stance_columns
from ..registry import register
from ..table import Table

PAGE = "book/claims"  # the page that shows this module's tables; they are numbered by position

SILENT = "\u2013"  # matrix cell of a source that does not mention the claim


# ---- the claim-by-source matrix --------------------------------------------------------------------

def themes(data: Dataset) -> list[str]:
    """Themes in the vocabulary's order (the order the chapter discusses them)."""
    return list(data.vocabulary["theme"])


def stance_matrix(claims: pd.DataFrame, keys: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """One row per claim key (in `keys` order), one column per source holding its stance or SILENT,
    and a column `records` with the ids of the claim records behind the row.

    A source has at most one record per key; a second one would hide a stance, so it is an error."""
    twice = claims[claims.duplicated(["claim", "source"], keep=False)]
    if not twice.empty:
        raise ValueError(f"more than one record per source and claim: {', '.join(twice['id'])}")
    stance = claims.pivot(index="claim", columns="source", values="stance")
    out = keys[["key", "theme", "en"]].reset_index(drop=True)
    for source in sources:
        said = stance[source].dropna().to_dict() if source in stance else {}
        out[source] = [said.get(key, SILENT) for key in out["key"]]
    records = claims.groupby("claim", sort=False)["id"].agg(", ".join)
    out["records"] = out["key"].map(records).fillna("")
    return out


def matrix(data: Dataset) -> pd.DataFrame:
    """The claim-by-source matrix of the dataset, grouped by theme."""
    keys = data.claim_keys.assign(order=data.claim_keys["theme"].map(themes(data).index))
    keys = keys.sort_values("order", kind="stable")
    return stance_matrix(data.claims, keys, list(data.sources["id"]))


@register("claim-matrix", position=2)
def matrix_table(data: Dataset, lang: str) -> Table:
    grid = matrix(data)
    sources = list(data.sources["id"])
    out = pd.DataFrame({"Theme": [data.label("theme", t) for t in grid["theme"]], "Claim": grid["en"]})
    for source in sources:
        out[source] = [v if v == SILENT else data.label("stance", v) for v in grid[source]]
    out["Claim records"] = grid["records"]
    out["Key"] = grid["key"]
    return Table("claim-matrix", f"Every claim of the dataset against every source, grouped by theme: what each "
                 f"source does with the claim ({SILENT} = silent, the source does not mention it).",
                 out, tuple(sources))


def theme_counts(data: Dataset) -> pd.DataFrame:
    """Claim records per theme and source, with the number of denials and qualifications per theme."""
    claims = data.claims.merge(data.claim_keys[["key", "theme"]], left_on="claim", right_on="key")
    counts = pd.crosstab(claims["theme"], claims["source"]).reindex(index=themes(data), columns=data.sources["id"],
                                                                    fill_value=0)
    stances = pd.crosstab(claims["theme"], claims["stance"]).reindex(index=themes(data), columns=list(STANCES),
                                                                     fill_value=0)
    counts["keys"] = data.claim_keys.groupby("theme").size().reindex(themes(data), fill_value=0)
    return counts.join(stances)


@register("claims-by-theme", position=1)
def theme_table(data: Dataset, lang: str) -> Table:
    counts = theme_counts(data)
    sources = list(data.sources["id"])
    out = pd.DataFrame({"Theme": [data.label("theme", t) for t in counts.index],
                        "Claim keys": counts["keys"].to_numpy()})
    for source in sources:
        out[source] = counts[source].to_numpy()
    out["Denials"] = counts["denies"].to_numpy()
    out["Qualifications"] = counts["qualifies"].to_numpy()
    return Table("claims-by-theme", "How many claims each source makes per theme, and how many of all the "
                 "theme's claim records deny or qualify a claim rather than assert it.", out, tuple(sources))


def theme_heatmap(data: Dataset):
    """Claim records per theme (rows) and source (columns), shaded by count; denials and
    qualifications written under the count."""
    counts = theme_counts(data)
    claims = data.claims.merge(data.claim_keys[["key", "theme"]], left_on="claim", right_on="key")
    sources = list(data.sources["id"])
    grid = counts[sources].to_numpy()
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(counts) + 1.6))
    image = ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0)
    dark = grid.max() * 0.6  # above this shade the text is written white
    for row, theme in enumerate(counts.index):
        for col, source in enumerate(sources):
            mine = claims[(claims["theme"] == theme) & (claims["source"] == source)]["stance"].value_counts()
            extra = ", ".join(f"{mine[s]} {s[0]}" for s in ("denies", "qualifies") if s in mine)
            text = f"{grid[row, col]}" + (f" ({extra})" if extra else "")
            ax.text(col, row, text, ha="center", va="center", fontsize=8,
                    color="white" if grid[row, col] > dark else "black")
    ax.set_xticks(range(len(sources)), sources, rotation=20, ha="right")
    ax.set_yticks(range(len(counts)), [data.label("theme", t) for t in counts.index])
    ax.tick_params(length=0)
    fig.colorbar(image, ax=ax, label="Claim records", fraction=0.04)
    ax.set_title("Claim records per theme and source (d = denies, q = qualifies)", fontsize=10)
    fig.tight_layout()
    return fig


STANCE_COLOURS = {SILENT: "#eeeeee", "asserts": "#2c7bb6", "qualifies": "#fdae61", "denies": "#d7191c"}


def short_key(key: str) -> str:
    """A claim key without its theme prefix: the row label of the matrix figure. (The figure's text is
    drawn as paths, a few hundred bytes a word, so the full claim texts would make the page heavy.)"""
    return key.split(".", 1)[-1]


def matrix_heatmap(data: Dataset):
    """The claim matrix as a picture: one row per claim key (labelled by short_key), grouped by theme,
    one column per source, each cell coloured by the source's stance (grey when silent)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    grid = matrix(data)
    sources = list(data.sources["id"])
    codes = grid[sources].apply(lambda column: column.map(list(STANCE_COLOURS).index)).to_numpy()
    fig, ax = plt.subplots(figsize=(7.5, 0.125 * len(grid) + 1.4))
    ax.imshow(codes, cmap=ListedColormap(list(STANCE_COLOURS.values())), vmin=0, vmax=len(STANCE_COLOURS) - 1,
              aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(sources)), sources, rotation=30, ha="left", fontsize=7)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(grid)), [short_key(k) for k in grid["key"]], fontsize=6)
    ax.tick_params(length=0)
    starts = grid.index[grid["theme"] != grid["theme"].shift()]
    for start in starts[1:]:
        ax.axhline(start - 0.5, color="black", linewidth=0.8)
    ends = [*starts[1:], len(grid)]
    for start, end in zip(starts, ends, strict=True):
        ax.text(len(sources) - 0.4, (start + end - 1) / 2, data.label("theme", grid["theme"][start]),
                va="center", ha="left", fontsize=6.5)
    ax.set_xticks([x - 0.5 for x in range(1, len(sources))], minor=True)
    ax.grid(axis="x", which="minor", color="white", linewidth=1)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.legend(handles=[Patch(color=colour, label="silent" if stance == SILENT else data.label("stance", stance))
                       for stance, colour in STANCE_COLOURS.items()],
              loc="upper center", bbox_to_anchor=(0.5, 0), ncol=4, fontsize=7, frameon=False)
    fig.tight_layout()
    return fig


# ---- conflicts -------------------------------------------------------------------------------------

def _position(data: Dataset, authority: str, stage: str) -> str:
    found = stage_increments(data, authority, stage)
    if found.empty:
        return f"no separate value for {data.label('life_stage', stage)}"
    steps = sorted(set(found["increment"]))
    mark = "" if found["verified"].all() else UNVERIFIED_MARK
    if steps == [0]:
        return f"the same value as for other women{mark}"
    words = [f"{abs(s):g} mg/day {'more' if s > 0 else 'less'}" if s else "the same" for s in steps]
    return f"{' or '.join(words)} than for other women{mark}"


def stage_positions(data: Dataset, stage: str, authorities: list[str]) -> str:
    """What each authority's values say about women in `stage`, authorities with the same answer together."""
    names = authority_names(data)
    grouped: dict[str, list[str]] = {}
    for authority in authorities:
        grouped.setdefault(_position(data, authority, stage), []).append(names[authority])
    return " ".join(f"{', '.join(who)}: {what}." for what, who in grouped.items())


def authority_positions(data: Dataset, key: str, authorities: list[str]) -> str:
    """The listed authorities on a claim: their position where the claim concerns a life stage (its key's
    life_stage in claim_keys.yaml), else their names; empty when none is listed."""
    stage = data.claim_keys.set_index("key").loc[key, "life_stage"]
    if not isinstance(stage, str):
        names = authority_names(data)
        return ", ".join(names[a] for a in authorities) + "." if authorities else ""
    return stage_positions(data, stage, authorities)


def judged_conflicts(data: Dataset) -> pd.DataFrame:
    """The contested keys in the matrix's order, with their claim text, the authorities' positions
    and our verdict."""
    order = {key: i for i, key in enumerate(matrix(data)["key"])}
    found = conflicts(data.claims).sort_values("key", key=lambda k: k.map(order)).reset_index(drop=True)
    verdicts = data.claim_verdicts.set_index("key")
    missing = sorted(set(found["key"]) - set(verdicts.index))
    if missing:
        raise ValueError(f"no verdict in data/claim_verdicts.yaml for contested claim(s): {', '.join(missing)}")
    found["en"] = found["key"].map(data.claim_keys.set_index("key")["en"])
    found["authorities"] = [" ".join(filter(None, [authority_positions(data, k, verdicts.loc[k, "authorities"]),
                                                   verdicts.loc[k, "note"]])) for k in found["key"]]
    found["verdict"] = found["key"].map(verdicts["verdict"])
    return found


@register("claim-conflicts", position=3)
def conflicts_table(data: Dataset, lang: str) -> Table:
    found = judged_conflicts(data)
    out = pd.DataFrame({
        "Claim": found["en"],
        **stance_columns(found),
        "What the authorities say": found["authorities"],
        "Verdict": found["verdict"],
        "Claims": found["claims"],
        "Key": found["key"],
    })
    sources = sorted({s for col in STANCES for cell in found[col] for s in cell.split(", ") if s})
    return Table("claim-conflicts", "Every claim that one source asserts and another denies, with what the "
                 "authorities' reference values say and our verdict. "
                 f"{UNVERIFIED_MARK} = a value not verified against the authority's own document.",
                 out, tuple(sources))


# ---- numbers nothing backs -------------------------------------------------------------------------

UNBACKED_TOPICS = ("extra_need", "effect_size")  # numbers only a reference or an authority could back


def _extra_need_support(data: Dataset, fig) -> tuple[str, str]:
    """(support, reason) for an extra need: compared with what each authority adds for the life stage."""
    stage = fig.life_stage if isinstance(fig.life_stage, str) else None
    label = data.label("life_stage", stage) if stage else "a group"
    names = authority_names(data, recommending_only=True)
    adds = {a: set(stage_increments(data, a, stage)["increment"]) if stage else set() for a in names}
    if not any(adds.values()):
        return "none", f"No authority in the dataset sets a separate value for {label}."
    if fig.unit != "mg/day":
        return "none", f"The authorities set values for {label} in mg/day, not in {data.label('unit', fig.unit)}."
    said = f"For {label}: {stage_positions(data, stage, [a for a, v in adds.items() if v])}"
    both = [names[a] for a, v in adds.items() if {fig.low, fig.high} <= v]
    if both:
        return "full", f"{said} The figure is the extra of {', '.join(both)}."
    inside = [names[a] for a, v in adds.items() if any(fig.low <= x <= fig.high for x in v)]
    if inside:
        return "partial", f"{said} The range reaches beyond the extra of {', '.join(inside)}."
    return "none", f"{said} None adds as much."


def _behind_it(src) -> str:
    if src.n_references == 0:
        return "Nothing: the article lists no references."
    basis = "; a peer-reviewed publication stands behind the article" if src.peer_reviewed_basis else ""
    return f"Only the article's own list of {src.n_references} references{basis}."


def unbacked_figures(data: Dataset) -> pd.DataFrame:
    """Every extra need, effect size and intake figure that no authority (fully) backs, with why, and
    what stands behind it in its source."""
    sources = data.sources.set_index("id")
    figs = data.figures.set_index("id")
    rows = []
    for fig in data.figures[data.figures["topic"].isin(UNBACKED_TOPICS)].itertuples():
        if fig.topic == "extra_need":
            support, reason = _extra_need_support(data, fig)
        else:
            support, reason = "none", (f"An {data.label('topic', fig.topic)}: the authorities set intakes, "
                                       "so only a study could back it.")
        rows.append({"figure": fig.id, "support": support, "reason": reason})
    for rec in reconcile(data).itertuples():
        if rec.matches == "none":
            stage = figs.loc[rec.figure, "life_stage"]
            covered = set(data.reference_values["life_stage"])
            prefix = (f"No authority in the dataset sets a separate value for {data.label('life_stage', stage)}. "
                      if isinstance(stage, str) and stage not in covered else "")
            rows.append({"figure": rec.figure, "support": "none", "reason": prefix + rec.reason})
    out = pd.DataFrame(rows, columns=["figure", "support", "reason"])
    out = out[out["support"] != "full"].reset_index(drop=True)
    out["source"] = out["figure"].map(figs["source"])
    out["behind"] = [_behind_it(sources.loc[s]) for s in out["source"]]
    out["nothing_behind"] = (out["support"] == "none") & out["source"].map(sources["n_references"]).eq(0)
    return out


def _population(data: Dataset, fig) -> str:
    return data.label("life_stage", fig.life_stage) if isinstance(fig.life_stage, str) else "not stated"


@register("unbacked-figures", position=4)
def unbacked_table(data: Dataset, lang: str) -> Table:
    found = unbacked_figures(data)
    figs = data.figures.set_index("id").loc[found["figure"]]
    out = pd.DataFrame({
        "Figure": found["figure"],
        "Source": found["source"],
        "As printed": figs["as_written"].to_numpy(),
        "Topic": [data.label("topic", t) for t in figs["topic"]],
        "For": [_population(data, f) for f in figs.itertuples()],
        "Authority support": [data.label("authority_support", s) for s in found["support"]],
        "Why": found["reason"],
        "What stands behind it": found["behind"],
    })
    return Table("unbacked-figures", "The articles' numbers on extra needs, effects and daily intakes that no "
                 "authority in the dataset backs in full, why not, and what the article itself puts behind them. "
                 f"{UNVERIFIED_MARK} = a value not verified against the authority's own document.",
                 out, tuple(sorted(set(found["source"]))))


# ---- appraisal of the sources ----------------------------------------------------------------------

# The points per criterion are editorial parameters (data/parameters.yaml, rubric_*); each criterion
# reads the source register (data/sources.yaml).


@dataclass(frozen=True)
class Criterion:
    name: str
    reads: str  # the register fields it reads
    rule: str  # how the points are given, in words
    maximum: int
    score: Callable[[object], int]  # points of one register row


def _steps_rule(steps: list[tuple[int, int]]) -> str:
    return "; ".join(f"{p} for {n} or more" for n, p in steps if n) + f"; {steps[-1][1]} for none"


def _expertise_rule(data: Dataset, points: dict[str, int]) -> str:
    return "; ".join(f"{p} for {data.label('author_expertise', e)}" for e, p in points.items())


def rubric(data: Dataset) -> tuple[Criterion, ...]:
    peer_review = data.parameter("rubric_peer_review_points")
    steps = [(step["at_least"], step["points"]) for step in data.parameter("rubric_reference_steps")]
    expertise = {step["expertise"]: step["points"] for step in data.parameter("rubric_expertise_points")}
    no_interest = data.parameter("rubric_no_interest_points")
    date = data.parameter("rubric_date_points")
    return (
        Criterion("Peer review behind it", "peer_reviewed_basis",
                  f"{peer_review} if a peer-reviewed publication stands behind the page, else 0",
                  peer_review, lambda s: peer_review if s.peer_reviewed_basis else 0),
        Criterion("References given", "n_references", _steps_rule(steps), steps[0][1],
                  lambda s: next(p for n, p in steps if s.n_references >= n)),
        Criterion("Author expertise", "author_expertise", _expertise_rule(data, expertise), max(expertise.values()),
                  lambda s: expertise[s.author_expertise]),
        Criterion("Commercial interest", "commercial_interests",
                  f"{no_interest} if the page shows none; one less for each interest it shows, down to 0",
                  no_interest, lambda s: max(0, no_interest - len(s.commercial_interests))),
        Criterion("Date and review", "published, references_consulted, last_reviewed",
                  f"{date} if it states when it was written or its references consulted; {date} "
                  "more if it states when it was last reviewed", 2 * date,
                  lambda s: date * (_stated(s.published) or _stated(s.references_consulted))
                  + date * _stated(s.last_reviewed)),
    )


def _stated(date) -> bool:
    return date is not None and not (isinstance(date, float) and math.isnan(date))


@register("appraisal-rubric", position=5)
def rubric_table(data: Dataset, lang: str) -> Table:
    criteria = rubric(data)
    out = pd.DataFrame({
        "Criterion": [c.name for c in criteria],
        "Register field": [c.reads for c in criteria],
        "Points": [c.rule for c in criteria],
        "Maximum": [c.maximum for c in criteria],
    })
    return Table("appraisal-rubric", "The rubric the sources are scored on: each criterion, the field of the source "
                 "register it reads, and how many points it gives.", out, ())


def scores(data: Dataset) -> pd.DataFrame:
    """Points per criterion and in total for each source, best first (ties in register order)."""
    criteria = rubric(data)
    rows = [{"source": s.id, **{c.name: c.score(s) for c in criteria}} for s in data.sources.itertuples()]
    out = pd.DataFrame(rows)
    out["total"] = out[[c.name for c in criteria]].sum(axis=1)
    return out.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


@register("source-appraisal", position=6)
def appraisal_table(data: Dataset, lang: str) -> Table:
    found = scores(data)
    maximum = sum(c.maximum for c in rubric(data))
    out = found.rename(columns={"source": "Source", "total": "Score"})
    return Table("source-appraisal", f"Each source scored on the rubric (out of {maximum}), best first.",
                 out, tuple(found["source"]))


# ---- the numbers the prose quotes ------------------------------------------------------------------

def glue_values(data: Dataset) -> dict[str, object]:
    grid = matrix(data)
    sources = list(data.sources["id"])
    speaking = (grid[sources] != SILENT).sum(axis=1)
    found = conflicts(data.claims)
    unbacked = unbacked_figures(data)
    ranked = scores(data)
    stances = data.claims["stance"].value_counts()
    deniers = pd.Series([s for cell in found["denies"] for s in cell.split(", ")]).value_counts()
    return {
        "n_claims": len(data.claims),
        "n_keys": len(grid),
        "n_themes": len(themes(data)),
        "n_sources": len(sources),
        "n_single_source": int((speaking == 1).sum()),
        "n_all_sources": int((speaking == len(sources)).sum()),
        "n_denials": int(stances.get("denies", 0)),
        "n_qualifications": int(stances.get("qualifies", 0)),
        "n_conflicts": len(found),
        "n_unbacked": len(unbacked),
        "n_nothing_behind": int(unbacked["nothing_behind"].sum()),
        "n_partial": int((unbacked["support"] == "partial").sum()),
        "max_score": sum(c.maximum for c in rubric(data)),
        "main_denier": deniers.index[0] if len(deniers) else "none",
        "n_denied_by_main": int(deniers.iloc[0]) if len(deniers) else 0,
        "best_source": ranked["source"].iloc[0],
        "best_score": int(ranked["total"].iloc[0]),
        "worst_source": ranked["source"].iloc[-1],
        "worst_score": int(ranked["total"].iloc[-1]),
    }
