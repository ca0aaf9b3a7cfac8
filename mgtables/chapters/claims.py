"""Chapter 'Who says what': which source states which claim, where the sources contradict each
other, which of their numbers nothing backs, and how far each source can be trusted."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from .. import answers, figstyle
from ..dataset import Dataset, derived, in_language, indexed
from ..domain.matching import reason_text, reconcile
from ..domain.reference import authority_names, stage_increments
from ..domain.stances import STANCES, conflicts
from ..formatting import UNVERIFIED_MARK, number, regulation, stance_columns
from ..i18n import SOURCE_LANGUAGE, counted, text
from ..registry import register
from ..table import Table

PAGE = "book/claims"  # the page that shows this module's tables; they are numbered by position

SILENT = "\u2013"  # matrix cell of a source that does not mention the claim


# ---- the claim-by-source matrix --------------------------------------------------------------------

def themes(data: Dataset) -> list[str]:
    """Themes in the vocabulary's order (the order the chapter discusses them)."""
    return list(data.vocabulary["theme"])


def stance_matrix(claims: pd.DataFrame, keys: pd.DataFrame, sources: list[str],
                  lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """One row per claim key (in `keys` order), one column per source holding its stance or SILENT,
    and a column `records` with the ids of the claim records behind the row.

    A source has at most one record per key; a second one would hide a stance, so it is an error."""
    twice = claims[claims.duplicated(["claim", "source"], keep=False)]
    if not twice.empty:
        raise ValueError(text("claims.error.two_records", lang, records=", ".join(twice["id"])))
    stance = claims.pivot(index="claim", columns="source", values="stance")
    out = keys[["key", "theme", "en"]].reset_index(drop=True)
    for source in sources:
        said = stance[source].dropna().to_dict() if source in stance else {}
        out[source] = [said.get(key, SILENT) for key in out["key"]]
    records = claims.groupby("claim", sort=False)["id"].agg(", ".join)
    out["records"] = out["key"].map(records).fillna("")
    return out


def matrix(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """The claim-by-source matrix of the dataset, grouped by theme."""
    keys = data.claim_keys.assign(order=data.claim_keys["theme"].map(themes(data).index))
    keys = keys.sort_values("order", kind="stable")
    grid = stance_matrix(data.claims, keys, list(data.sources["id"]), lang)
    grid["register_status"] = grid["key"].map(data.claim_keys.set_index("key")["register_status"])
    return grid


def claim_texts(data: Dataset, keys: pd.Series, lang: str) -> list[str]:
    """The wording of each claim key in `lang`."""
    wording = data.claim_keys.set_index("key")[in_language("en", lang)]
    return [wording[k] for k in keys]


@register("claim-matrix", position=2)
def matrix_table(data: Dataset, lang: str) -> Table:
    grid = matrix(data, lang)
    sources = list(data.sources["id"])
    out = pd.DataFrame({text("claims.col.theme", lang): [data.label("theme", t, lang) for t in grid["theme"]],
                        text("claims.col.claim", lang): claim_texts(data, grid["key"], lang)})
    for source in sources:
        out[source] = [v if v == SILENT else data.label("stance", v, lang) for v in grid[source]]
    out[text("claims.col.register_status", lang)] = [data.label("register_status", s, lang)
                                                     for s in grid["register_status"]]
    out[text("claims.col.register_entry", lang)] = [key_entry_text(data, k, lang) for k in grid["key"]]
    out[text("claims.col.register_note", lang)] = grid["key"].map(
        data.claim_keys.set_index("key")[in_language("register_note", lang)]).fillna("").to_numpy()
    out[text("claims.col.claim_records", lang)] = grid["records"]
    out[text("claims.col.key", lang)] = grid["key"]
    return Table("claim-matrix", text("claims.caption.matrix", lang, silent=SILENT), out, tuple(sources),
                 detail_columns=(text("claims.col.claim_records", lang), text("claims.col.key", lang)))


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
    out = pd.DataFrame({text("claims.col.theme", lang): [data.label("theme", t, lang) for t in counts.index],
                        text("claims.col.claim_keys", lang): counts["keys"].to_numpy()})
    for source in sources:
        out[source] = counts[source].to_numpy()
    out[text("claims.col.denials", lang)] = counts["denies"].to_numpy()
    out[text("claims.col.qualifications", lang)] = counts["qualifies"].to_numpy()
    return Table("claims-by-theme", text("claims.caption.by_theme", lang), out, tuple(sources))


# the stances a cell of the theme figure counts under its total, each by its initial in the figure's title
STANCE_INITIALS = {"denies": "claims.fig.denies_initial", "qualifies": "claims.fig.qualifies_initial"}


def theme_heatmap(data: Dataset, lang: str = SOURCE_LANGUAGE):
    """Claim records per theme (rows) and source (columns), shaded by count; denials and
    qualifications written under the count."""
    counts = theme_counts(data)
    claims = data.claims.merge(data.claim_keys[["key", "theme"]], left_on="claim", right_on="key")
    sources = list(data.sources["id"])
    grid = counts[sources].to_numpy()
    fig, ax = plt.subplots(figsize=(figstyle.WIDTH, figstyle.height(len(counts), 0.5, 2.4)))
    image = ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0)  # one hue, light to dark: no colour to tell apart
    dark = grid.max() * 0.55  # above this shade the text is written white
    stances = {cell: rows["stance"].value_counts() for cell, rows in claims.groupby(["theme", "source"], sort=False)}
    for row, theme in enumerate(counts.index):
        for col, source in enumerate(sources):
            mine = stances.get((theme, source), pd.Series(dtype=int))
            extra = ", ".join(f"{mine[s]}{text(key, lang)}" for s, key in STANCE_INITIALS.items() if s in mine)
            cell = f"{grid[row, col]}" + (f"\n({extra})" if extra else "")
            ax.text(col, row, cell, ha="center", va="center", linespacing=1.0,
                    color="white" if grid[row, col] > dark else "black")
    ax.set_xticks(range(len(sources)), [figstyle.wrap(figstyle.source_name(s, lang), 12) for s in sources],
                  rotation=90)
    ax.set_yticks(range(len(counts)), [figstyle.wrap(data.label("theme", t, lang), 22) for t in counts.index])
    ax.tick_params(length=0)
    fig.colorbar(image, ax=ax, label=text("claims.fig.claim_records", lang), location="bottom", fraction=0.03,
                 pad=0.2)
    ax.set_title(figstyle.wrap(text("claims.fig.theme_title", lang), 44))
    fig.tight_layout()
    return fig


# stance -> colour (Okabe-Ito, each at least 3:1 on white; silence is the white of the page, outlined)
STANCE_COLOURS = {SILENT: "#ffffff", "asserts": figstyle.BLUE, "qualifies": figstyle.PURPLE,
                  "denies": figstyle.VERMILLION}


def short_label(data: Dataset, key: str, lang: str = SOURCE_LANGUAGE, width: int = 31) -> str:
    """A claim in words, shortened to one line: the row label of the matrix figure."""
    claim = indexed(data, "claim_keys", "key").loc[key, in_language("en", lang)]
    return textwrap.shorten(claim, width, placeholder="…")


def row_label(data: Dataset, key: str, status: str, lang: str = SOURCE_LANGUAGE) -> str:
    """The matrix figure's row label: the claim in words, shortened, and the mark of its register status
    (REGISTER_MARKS)."""
    mark = REGISTER_MARKS[status]
    label = short_label(data, key, lang)
    return f"{label} {mark}" if mark else label


def matrix_heatmap(data: Dataset, lang: str = SOURCE_LANGUAGE):
    """The claim matrix as a picture: one row per claim key (its claim in words, shortened), under a
    heading row per theme, one column per source, each cell coloured by the source's stance (white when
    silent). Like the matrix table, it shows at most the first table_rows_shown keys (data/parameters.yaml),
    and then says above the matrix how many of how many, and that the table's CSV holds them all."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    whole = matrix(data, lang)
    grid = whole.head(data.parameter("table_rows_shown"))
    sources = list(data.sources["id"])
    codes = grid[sources].apply(lambda column: column.map(list(STANCE_COLOURS).index)).to_numpy(dtype=float)
    rows, labels, headings = [], [], []
    for position, (theme, start) in enumerate(zip(grid["theme"], range(len(grid)), strict=True)):
        if position == 0 or theme != grid["theme"].iloc[position - 1]:
            headings.append(len(rows))
            rows.append([np.nan] * len(sources))
            labels.append(data.label("theme", theme, lang).upper())
        rows.append(codes[start])
        labels.append(row_label(data, grid["key"].iloc[start], grid["register_status"].iloc[start], lang))
    cut = len(grid) < len(whole)
    note = 0.6 if cut else 0  # inches for the note of the keys left out, two lines above the matrix
    fig, ax = plt.subplots(figsize=(figstyle.WIDTH, figstyle.height(len(rows), 0.19, 1.6 + note)))
    ax.imshow(np.array(rows), cmap=ListedColormap(list(STANCE_COLOURS.values())), vmin=0,
              vmax=len(STANCE_COLOURS) - 1, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(sources)), [figstyle.wrap(figstyle.source_name(s, lang), 12) for s in sources],
                  rotation=90)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)), labels)
    for row in headings:
        ax.get_yticklabels()[row].set_fontweight("bold")
        if row:
            ax.axhline(row - 0.5, color=figstyle.BLACK, linewidth=0.8)
    ax.tick_params(length=0)
    ax.set_xticks([x - 0.5 for x in range(1, len(sources))], minor=True)
    ax.grid(axis="x", which="minor", color=figstyle.GREY, linewidth=0.5)
    for side in ax.spines.values():
        side.set_color(figstyle.GREY)
    ax.legend(handles=[Patch(facecolor=colour, edgecolor=figstyle.GREY,
                             label=text("claims.fig.silent", lang) if stance == SILENT
                             else data.label("stance", stance, lang))
                       for stance, colour in STANCE_COLOURS.items()],
              loc="upper center", bbox_to_anchor=(0.3, 0), ncol=2, frameon=False)
    if cut:
        counts = {"shown": format_decimal(len(grid), locale=lang), "total": format_decimal(len(whole), locale=lang)}
        top = 1 - 0.1 / fig.get_figheight()  # a tenth of an inch from the top, however tall the figure
        fig.suptitle(figstyle.wrap(text("claims.fig.keys_left_out", lang, **counts), 56), x=0.02, y=top,
                     ha="left", va="top", fontsize="medium")
    fig.tight_layout()
    return fig


# ---- conflicts -------------------------------------------------------------------------------------

def _step(increment: float, lang: str) -> str:
    """What an authority adds for a life stage, in words ('45 mg/day more', 'the same')."""
    if not increment:
        return text("claims.position.same", lang)
    key = "claims.position.more" if increment > 0 else "claims.position.less"
    return text(key, lang, amount=number(abs(increment), lang))


@derived  # each authority's position on a stage once: conflicts and extra needs ask for it again and again
def _position(data: Dataset, authority: str, stage: str, lang: str) -> str:
    found = stage_increments(data, authority, stage)
    if found.empty:
        return text("claims.position.no_value", lang, stage=data.label("life_stage", stage, lang))
    steps = sorted(set(found["increment"]))
    mark = "" if found["verified"].all() else UNVERIFIED_MARK
    if steps == [0]:
        return text("claims.position.same_value", lang, mark=mark)
    words = text("claims.position.or", lang).join(_step(s, lang) for s in steps)
    return text("claims.position.than_other_women", lang, steps=words, mark=mark)


def stage_positions(data: Dataset, stage: str, authorities: list[str], lang: str = SOURCE_LANGUAGE) -> str:
    """What each authority's values say about women in `stage`, authorities with the same answer together."""
    names = authority_names(data)
    grouped: dict[str, list[str]] = {}
    for authority in authorities:
        grouped.setdefault(_position(data, authority, stage, lang), []).append(names[authority])
    return " ".join(f"{', '.join(who)}: {what}." for what, who in grouped.items())


def authority_positions(data: Dataset, key: str, authorities: list[str], lang: str = SOURCE_LANGUAGE) -> str:
    """The listed authorities on a claim: their position where the claim concerns a life stage (its key's
    life_stage in claim_keys.yaml), else their names; empty when none is listed."""
    stage = indexed(data, "claim_keys", "key").loc[key, "life_stage"]
    if not isinstance(stage, str):
        names = authority_names(data)
        return ", ".join(names[a] for a in authorities) + "." if authorities else ""
    return stage_positions(data, stage, authorities, lang)


def judged_conflicts(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """The contested keys in the matrix's order, with their claim text (`en`, and `text` in `lang`), the
    authorities' positions and our verdict."""
    order = {key: i for i, key in enumerate(matrix(data, lang)["key"])}
    found = conflicts(data.claims).sort_values("key", key=lambda k: k.map(order)).reset_index(drop=True)
    verdicts = data.claim_verdicts.set_index("key")
    missing = sorted(set(found["key"]) - set(verdicts.index))
    if missing:
        raise ValueError(text("claims.error.no_verdict", lang, keys=", ".join(missing)))
    found["en"] = found["key"].map(data.claim_keys.set_index("key")["en"])
    found["text"] = claim_texts(data, found["key"], lang)
    found["authorities"] = [" ".join(filter(None, [authority_positions(data, k, verdicts.loc[k, "authorities"], lang),
                                                   verdicts.loc[k, in_language("note", lang)]])) for k in found["key"]]
    found["verdict"] = found["key"].map(verdicts[in_language("verdict", lang)])
    return found


@register("claim-conflicts", position=3)
def conflicts_table(data: Dataset, lang: str) -> Table:
    found = judged_conflicts(data, lang)
    out = pd.DataFrame({
        text("claims.col.claim", lang): found["text"],
        **stance_columns(found, lang),
        text("claims.col.authorities_say", lang): found["authorities"],
        text("claims.col.verdict", lang): found["verdict"],
        text("claims.col.register_says", lang): [register_says(data, k, lang) for k in found["key"]],
        text("claims.col.claims", lang): found["claims"],
        text("claims.col.key", lang): found["key"],
    })
    sources = sorted({s for col in STANCES for cell in found[col] for s in cell.split(", ") if s})
    return Table("claim-conflicts", text("claims.caption.conflicts", lang, mark=UNVERIFIED_MARK),
                 out, tuple(sources),
                 detail_columns=(text("claims.col.claims", lang), text("claims.col.key", lang)))


# ---- numbers nothing backs -------------------------------------------------------------------------

UNBACKED_TOPICS = ("extra_need", "effect_size")  # numbers only a reference or an authority could back


@derived
def _stage_adds(data: Dataset, stage: str) -> dict[str, set]:
    """What each recommending authority adds (mg/day) for women in `stage`, by authority: once per stage, not
    once per figure. Shared between callers: read it, do not change it."""
    names = authority_names(data, recommending_only=True)
    return {a: set(stage_increments(data, a, stage)["increment"]) for a in names}


@derived
def _adding_positions(data: Dataset, stage: str, lang: str) -> str:
    """stage_positions of the authorities that set a value for `stage`: the same for every extra need of it."""
    return stage_positions(data, stage, [a for a, v in _stage_adds(data, stage).items() if v], lang)


def _extra_need_support(data: Dataset, fig, lang: str = SOURCE_LANGUAGE) -> tuple[str, str]:
    """(support, reason) for an extra need: compared with what each authority adds for the life stage."""
    stage = fig.life_stage if isinstance(fig.life_stage, str) else None
    label = data.label("life_stage", stage, lang) if stage else text("claims.reason.a_group", lang)
    names = authority_names(data, recommending_only=True)
    adds = _stage_adds(data, stage) if stage else {}
    if not any(adds.values()):
        return "none", text("claims.reason.no_stage_value", lang, stage=label)
    if fig.unit != "mg/day":
        return "none", text("claims.reason.other_unit", lang, stage=label,
                            unit=data.label("unit", fig.unit, lang))
    said = text("claims.reason.for_stage", lang, stage=label, positions=_adding_positions(data, stage, lang))
    both = [names[a] for a, v in adds.items() if {fig.low, fig.high} <= v]
    if both:
        return "full", text("claims.reason.is_the_extra", lang, said=said, authorities=", ".join(both))
    inside = [names[a] for a, v in adds.items() if any(fig.low <= x <= fig.high for x in v)]
    if inside:
        return "partial", text("claims.reason.beyond_the_extra", lang, said=said, authorities=", ".join(inside))
    return "none", text("claims.reason.none_adds_as_much", lang, said=said)


def _backing(data: Dataset, items: list[dict], lang: str) -> str:
    """Why a figure counts as backed by a document that sets no intake value: each document, where and in
    what kind of copy it was read, marked where it is not verified."""
    return " ".join(text("claims.reason.backed_by", lang, document=item["document"], where=item["where"],
                         kind=data.label("evidence_kind", item["kind"], lang),
                         mark="" if item["verified"] else UNVERIFIED_MARK) for item in items)


def _behind_it(src, lang: str) -> str:
    if src.n_references == 0:
        return text("claims.behind.nothing", lang)
    if src.peer_reviewed_basis:
        return text("claims.behind.references_peer_reviewed", lang, n=src.n_references)
    return text("claims.behind.references", lang, n=src.n_references)


def unbacked_figures(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """Every extra need, effect size and intake figure that no authority (fully) backs, with why (or the
    document that backs it without being an intake authority, figures.yaml backed_by), and what stands
    behind it in its source (for an unmatched intake figure, the reason of its reconciliation)."""
    sources = data.sources.set_index("id")
    figs = data.figures.set_index("id")
    rows = []
    for fig in data.figures[data.figures["topic"].isin(UNBACKED_TOPICS)].itertuples():
        if fig.topic == "extra_need":
            support, reason = _extra_need_support(data, fig, lang)
        else:
            support, reason = "none", text("claims.reason.needs_a_study", lang,
                                           topic=data.label("topic", fig.topic, lang))
        if support != "full" and isinstance(fig.backed_by, list) and fig.backed_by:
            support, reason = "document", _backing(data, fig.backed_by, lang)
        rows.append({"figure": fig.id, "support": support, "reason": reason})
    covered = set(data.reference_values["life_stage"])
    for rec in reconcile(data).itertuples():
        if not rec.matching:
            stage = figs.loc[rec.figure, "life_stage"]
            prefix = (text("claims.reason.no_stage_value", lang,
                           stage=data.label("life_stage", stage, lang)) + " "
                      if isinstance(stage, str) and stage not in covered else "")
            rows.append({"figure": rec.figure, "support": "none", "reason": prefix + reason_text(data, rec, lang)})
    out = pd.DataFrame(rows, columns=["figure", "support", "reason"])
    out = out[out["support"] != "full"].reset_index(drop=True)
    out["source"] = out["figure"].map(figs["source"])
    out["behind"] = [_behind_it(sources.loc[s], lang) for s in out["source"]]
    out["nothing_behind"] = (out["support"] == "none") & out["source"].map(sources["n_references"]).eq(0)
    return out


def _population(data: Dataset, fig, lang: str) -> str:
    if isinstance(fig.life_stage, str):
        return data.label("life_stage", fig.life_stage, lang)
    return text("claims.population.not_stated", lang)


@register("unbacked-figures", position=4)
def unbacked_table(data: Dataset, lang: str) -> Table:
    found = unbacked_figures(data, lang)
    figs = data.figures.set_index("id").loc[found["figure"]]
    out = pd.DataFrame({
        text("claims.col.figure", lang): found["figure"],
        text("claims.col.source", lang): found["source"],
        text("claims.col.as_printed", lang): figs["as_written"].to_numpy(),
        text("claims.col.topic", lang): [data.label("topic", t, lang) for t in figs["topic"]],
        text("claims.col.for", lang): [_population(data, f, lang) for f in figs.itertuples()],
        text("claims.col.authority_support", lang): [data.label("authority_support", s, lang)
                                                     for s in found["support"]],
        text("claims.col.why", lang): found["reason"],
        text("claims.col.behind_it", lang): found["behind"],
    })
    return Table("unbacked-figures", text("claims.caption.unbacked", lang, mark=UNVERIFIED_MARK),
                 out, tuple(sorted(set(found["source"]))),
                 detail_columns=(text("claims.col.figure", lang),))


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


def _steps_rule(steps: list[tuple[int, int]], lang: str) -> str:
    return "; ".join([*(text("claims.rule.references_step", lang, points=p, n=n) for n, p in steps if n),
                      text("claims.rule.references_none", lang, points=steps[-1][1])])


def _expertise_rule(data: Dataset, points: dict[str, int], lang: str) -> str:
    return "; ".join(text("claims.rule.expertise_step", lang, points=p,
                          expertise=data.label("author_expertise", e, lang)) for e, p in points.items())


def rubric(data: Dataset, lang: str = SOURCE_LANGUAGE) -> tuple[Criterion, ...]:
    """The criteria, named and their rules worded in `lang`."""
    peer_review = data.parameter("rubric_peer_review_points")
    steps = [(step["at_least"], step["points"]) for step in data.parameter("rubric_reference_steps")]
    expertise = {step["expertise"]: step["points"] for step in data.parameter("rubric_expertise_points")}
    no_interest = data.parameter("rubric_no_interest_points")
    date = data.parameter("rubric_date_points")
    return (
        Criterion(text("claims.criterion.peer_review", lang), "peer_reviewed_basis",
                  text("claims.rule.peer_review", lang, points=peer_review),
                  peer_review, lambda s: peer_review if s.peer_reviewed_basis else 0),
        Criterion(text("claims.criterion.references", lang), "n_references", _steps_rule(steps, lang),
                  steps[0][1], lambda s: next(p for n, p in steps if s.n_references >= n)),
        Criterion(text("claims.criterion.expertise", lang), "author_expertise",
                  _expertise_rule(data, expertise, lang), max(expertise.values()),
                  lambda s: expertise[s.author_expertise]),
        Criterion(text("claims.criterion.commercial_interest", lang), "commercial_interests",
                  text("claims.rule.commercial_interest", lang, points=no_interest),
                  no_interest, lambda s: max(0, no_interest - len(s.commercial_interests))),
        Criterion(text("claims.criterion.date", lang), "published, references_consulted, last_reviewed",
                  text("claims.rule.date", lang, points=date), 2 * date,
                  lambda s: date * (_stated(s.published) or _stated(s.references_consulted))
                  + date * _stated(s.last_reviewed)),
    )


def _stated(date) -> bool:
    return date is not None and not (isinstance(date, float) and math.isnan(date))


@register("appraisal-rubric", position=5)
def rubric_table(data: Dataset, lang: str) -> Table:
    criteria = rubric(data, lang)
    out = pd.DataFrame({
        text("claims.col.criterion", lang): [c.name for c in criteria],
        text("claims.col.register_field", lang): [c.reads for c in criteria],
        text("claims.col.points", lang): [c.rule for c in criteria],
        text("claims.col.maximum", lang): [c.maximum for c in criteria],
    })
    return Table("appraisal-rubric", text("claims.caption.rubric", lang), out, (),
                 detail_columns=(text("claims.col.register_field", lang),))


def scores(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """Points per criterion (a column per criterion, named in `lang`) and in total for each source, best
    first (ties in register order)."""
    criteria = rubric(data, lang)
    rows = [{"source": s.id, **{c.name: c.score(s) for c in criteria}} for s in data.sources.itertuples()]
    out = pd.DataFrame(rows)
    out["total"] = out[[c.name for c in criteria]].sum(axis=1)
    return out.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


@register("source-appraisal", position=6)
def appraisal_table(data: Dataset, lang: str) -> Table:
    found = scores(data, lang)
    maximum = sum(c.maximum for c in rubric(data))
    out = found.rename(columns={"source": text("claims.col.source", lang),
                                "total": text("claims.col.score", lang)})
    return Table("source-appraisal", text("claims.caption.appraisal", lang, maximum=maximum),
                 out, tuple(found["source"]))


# ---- the EU register of health claims ---------------------------------------------------------------

# The register statuses of a claim key (data/vocabulary.yaml register_status) in the order the tables count
# them, each with the mark the matrix figure puts after the key (none for a key that is no health claim).
REGISTER_MARKS = {"authorised": "\u2713", "beyond_authorised": "+", "not_authorised": "\u2717",
                  "never_assessed": "?", "not_a_health_claim": ""}
HEALTH_CLAIM_STATUSES = ("authorised", "beyond_authorised", "not_authorised", "never_assessed")
# The stances by which a source makes a claim its own; a denial rejects the claim and is counted apart.
MAKES = ("asserts", "qualifies")
NOT_AUTHORISED = "not_authorised"


def entry_text(data: Dataset, entry: str, lang: str = SOURCE_LANGUAGE) -> str:
    """A register entry as the tables cite it: its wording (as the register gives it in the language), its EFSA IDs and
    whether it was verified in the regulation or EFSA's opinion itself."""
    row = indexed(data, "health_claims").loc[entry]
    checked = text("claims.register.verified" if row["verified"] else "claims.register.unverified", lang)
    return text("claims.register.entry", lang, wording=row[in_language("wording", lang)],
                ids=", ".join(str(i) for i in row["efsa_ids"]), checked=checked)


def key_entry_text(data: Dataset, key: str, lang: str = SOURCE_LANGUAGE) -> str:
    """The entry a key's register status rests on, cited, or a dash when the status rests on none."""
    entry = indexed(data, "claim_keys", "key").loc[key, "register_entry"]
    return entry_text(data, entry, lang) if isinstance(entry, str) else SILENT


def register_says(data: Dataset, key: str, lang: str = SOURCE_LANGUAGE) -> str:
    """What the register says about a key in one sentence: its status and the entry it rests on."""
    row = indexed(data, "claim_keys", "key").loc[key]
    status = row["register_status"]
    if status == "not_a_health_claim":
        return text("claims.register.silent", lang)
    if status == "never_assessed":
        return text("claims.register.no_entry", lang)
    return text("claims.register.status_entry", lang, status=data.label("register_status", status, lang),
                entry=entry_text(data, row["register_entry"], lang))


def register_records(data: Dataset) -> pd.DataFrame:
    """Every claim record with the register status of its key."""
    status = data.claim_keys.set_index("key")["register_status"]
    return data.claims.assign(register_status=data.claims["claim"].map(status))


def register_counts(data: Dataset) -> pd.DataFrame:
    """Per source (register order): the claims it makes (asserts or qualifies) by register status, the
    health claims among them, and the claims it denies (not counted under a status)."""
    records = register_records(data)
    made = records[records["stance"].isin(MAKES)]
    sources = list(data.sources["id"])
    out = pd.crosstab(made["source"], made["register_status"]).reindex(index=sources, columns=list(REGISTER_MARKS),
                                                                      fill_value=0)
    out["made"] = out[list(REGISTER_MARKS)].sum(axis=1)
    out["health_claims"] = out[list(HEALTH_CLAIM_STATUSES)].sum(axis=1)
    out["denied"] = records[~records["stance"].isin(MAKES)].groupby("source").size().reindex(sources, fill_value=0)
    return out


def _interests(data: Dataset, interests, lang: str) -> str:
    if not len(interests):
        return text("claims.register.no_interest", lang)
    return ", ".join(data.label("commercial_interest", i, lang) for i in interests)


def status_header(data: Dataset, status: str, lang: str = SOURCE_LANGUAGE) -> str:
    """A register status as a column header: its label with a capital."""
    label = data.label("register_status", status, lang)
    return label[:1].upper() + label[1:]


@register("register-by-source", position=7)
def register_by_source_table(data: Dataset, lang: str) -> Table:
    counts = register_counts(data)
    sources = data.sources.set_index("id")
    out = pd.DataFrame({
        text("claims.col.source", lang): counts.index,
        text("claims.col.commercial_interests", lang): [_interests(data, sources.loc[s, "commercial_interests"], lang)
                                                        for s in counts.index],
        text("claims.col.claims_made", lang): counts["made"].to_numpy(),
    })
    for status in REGISTER_MARKS:  # a header, with a capital as the others ("Toegestaan", not "toegestaan")
        out[status_header(data, status, lang)] = counts[status].to_numpy()
    out[text("claims.col.health_claims", lang)] = counts["health_claims"].to_numpy()
    out[text("claims.col.denied", lang)] = counts["denied"].to_numpy()
    return Table("register-by-source", text("claims.caption.register_by_source", lang), out, tuple(counts.index))


def commercial_not_authorised(data: Dataset) -> pd.DataFrame:
    """The claims that a source with a commercial interest makes and that EFSA assessed and the EU did not
    authorise, by source (register order) and in the matrix's order of keys."""
    commercial = data.sources[data.sources["commercial_interests"].map(len) > 0]["id"]
    records = register_records(data)
    found = records[records["source"].isin(commercial) & records["stance"].isin(MAKES)
                    & (records["register_status"] == NOT_AUTHORISED)]
    order = {key: i for i, key in enumerate(matrix(data)["key"])}
    sources = {s: i for i, s in enumerate(data.sources["id"])}
    return found.assign(o_source=found["source"].map(sources), o_key=found["claim"].map(order)) \
        .sort_values(["o_source", "o_key"]).drop(columns=["o_source", "o_key"]).reset_index(drop=True)


@register("commercial-not-authorised", position=8)
def commercial_table(data: Dataset, lang: str) -> Table:
    found = commercial_not_authorised(data)
    sources = data.sources.set_index("id")
    out = pd.DataFrame({
        text("claims.col.source", lang): found["source"],
        text("claims.col.source_kind", lang): [sources.loc[s, in_language("kind", lang)] for s in found["source"]],
        text("claims.col.sells", lang): [_interests(data, sources.loc[s, "commercial_interests"], lang)
                                         for s in found["source"]],
        text("claims.col.claim", lang): claim_texts(data, found["claim"], lang),
        text("claims.col.stance", lang): [data.label("stance", s, lang) for s in found["stance"]],
        text("claims.col.register_entry", lang): [key_entry_text(data, k, lang) for k in found["claim"]],
        text("claims.col.record", lang): found["id"],
        text("claims.col.key", lang): found["claim"],
    })
    return Table("commercial-not-authorised", text("claims.caption.commercial", lang), out,
                 tuple(dict.fromkeys(found["source"])),
                 detail_columns=(text("claims.col.record", lang), text("claims.col.key", lang)))


# ---- the numbers the prose quotes ------------------------------------------------------------------

def glue_values(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, object]:
    grid = matrix(data, lang)
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
        "n_by_document": int((unbacked["support"] == "document").sum()),
        "max_score": sum(c.maximum for c in rubric(data)),
        "main_denier": deniers.index[0] if len(deniers) else text("claims.glue.no_source", lang),
        "n_denied_by_main": int(deniers.iloc[0]) if len(deniers) else 0,
        "best_sources": best_sources(ranked, lang),
        "best_score": int(ranked["total"].iloc[0]),
        "worst_source": figstyle.source_name(ranked["source"].iloc[-1], lang),
        "worst_score": int(ranked["total"].iloc[-1]),
        **register_glue(data, lang),
    }


def best_sources(ranked: pd.DataFrame, lang: str = SOURCE_LANGUAGE) -> str:
    """Who scores highest, in words: every source with the top score, since a tie named as one winner would
    rank by register order what the rubric does not rank."""
    top = [figstyle.source_name(s, lang) for s in ranked[ranked["total"] == ranked["total"].iloc[0]]["source"]]
    if len(top) == 1:
        return text("claims.glue.best_one", lang, source=top[0])
    return text("claims.glue.best_tied", lang, sources=", ".join(top[:-1]), last=top[-1])


def register_glue(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, object]:
    """The register's numbers for the prose: keys per status, the marks of the matrix figure, the health
    claims of each source and the commercial sources' not-authorised claims."""
    keys = data.claim_keys["register_status"].value_counts()
    counts = register_counts(data)
    found = commercial_not_authorised(data)
    entries = data.health_claims
    out: dict[str, object] = {f"n_keys_{s}": int(keys.get(s, 0)) for s in REGISTER_MARKS}
    out |= {
        "n_health_claim_keys": int(sum(keys.get(s, 0) for s in HEALTH_CLAIM_STATUSES)),
        "n_entries": len(entries),
        "n_entries_authorised": int((entries["status"] == "authorised").sum()),
        "n_entries_not_authorised": int((entries["status"] == NOT_AUTHORISED).sum()),
        "n_entries_verified": int(entries["verified"].sum()),
        # the clause with the count, so that a sentence agrees with it ("er 0 gelezen" reads as machine output)
        "entries_verified_clause": counted(int(entries["verified"].sum()), "claims.glue.verified_one",
                                           "claims.glue.verified_many", lang, none="claims.glue.verified_none"),
        "register_regulation": regulation(entries[entries["status"] == "authorised"]["regulation"].iloc[0], lang),
        "register_marks": "; ".join(f"{m} {data.label('register_status', s, lang)}"
                                    for s, m in REGISTER_MARKS.items() if m),
        "n_commercial_not_authorised": len(found),
        "n_commercial_sources_not_authorised": found["source"].nunique(),
        "n_denied_not_counted": int(counts["denied"].sum()),
    }
    for source, row in counts.iterrows():
        out |= {f"{source}-health_claims": int(row["health_claims"]), f"{source}-authorised": int(row["authorised"]),
                f"{source}-not_authorised": int(row[NOT_AUTHORISED])}
    return out


# ---- the answer the chapter opens with ------------------------------------------------------------------

REGISTER = "claims.html#what-the-eu-register-allows"


def answer(data: Dataset) -> answers.Answer:
    """Which claims hold up: the articles' health claims by their status in the EU register (in doubt while
    the register entries are not verified in the regulation itself), the conflicts and the numbers with
    nothing behind them, and the sources' scores on the rubric."""
    glued = glue_values(data)
    ranked = scores(data)
    # every source with the top score: a tie named as one winner would rank what the rubric does not
    best = answers.Listing(tuple(answers.Name("source", s)
                                 for s in ranked[ranked["total"] == ranked["total"].iloc[0]]["source"]))
    # one mark for the register's reading: its entries come from copies until read in the regulation itself
    doubt = answers.Doubt("unverified", REGISTER) if glued["n_entries_verified"] < glued["n_entries"] else None

    def register_count(name, doubt=None):
        return answers.Figure(glued[name], REGISTER, doubt)

    appraisal = "claims.html#source-appraisal"
    return answers.Answer(
        chapter="claims.html", question="claims.answer.question",
        lead=answers.Phrase("claims.answer.lead", {
            "health": answers.Figure(glued["n_health_claim_keys"], REGISTER),
            "authorised": register_count("n_keys_authorised", doubt),
            "beyond": register_count("n_keys_beyond_authorised"), "rejected": register_count("n_keys_not_authorised"),
            "unassessed": register_count("n_keys_never_assessed")}),
        closing=(answers.Phrase("claims.answer.conflicts", {
                     "n": answers.Figure(glued["n_conflicts"], "claims.html#claim-conflicts"),
                     "unbacked": answers.Figure(glued["n_nothing_behind"], "claims.html#unbacked-figures")}),
                 answers.Phrase("claims.answer.trust", {
                     "best": best,
                     "best_score": answers.Figure(glued["best_score"], appraisal),
                     "max": answers.Figure(glued["max_score"], appraisal),
                     "worst": answers.Name("source", glued["worst_source"]),
                     "worst_score": answers.Figure(glued["worst_score"], appraisal)})),
        brief=answers.Phrase("claims.answer.brief", {
            "authorised": register_count("n_keys_authorised", doubt),
            "health": answers.Figure(glued["n_health_claim_keys"], REGISTER),
            "best": best}),
    )
