"""Chapter 'How much do you need?': reference intakes by authority, the lookup for one person,
and the articles' intake figures matched to the authority they agree with."""

from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import pandas as pd

from ..dataset import Dataset, load
from ..registry import register
from ..table import Table
from ..validate import months

RECOMMENDED = ("AI", "RDA", "ADH", "RI")
STAGES = ("general", "pregnancy", "lactation")
SEXES = ("female", "male")
OLDEST_YEARS = 125  # beyond the oldest recorded human: no table can speak for such an age
UNVERIFIED_MARK = "*"


class IntakeQueryError(ValueError):
    """A question the reference tables cannot answer: impossible or unknown input."""


def with_months(values: pd.DataFrame) -> pd.DataFrame:
    """Reference values with their age band in months: [from_m, to_m), open ends as 0 and infinity."""
    out = values.copy()
    out["from_m"] = [0.0 if pd.isna(a) else months(a, u) for a, u in zip(out["age_from"], out["age_unit"],
                                                                             strict=True)]
    out["to_m"] = [math.inf if pd.isna(b) else months(b, u) for b, u in zip(out["age_to"], out["age_unit"],
                                                                                strict=True)]
    return out


def recommended(data: Dataset) -> pd.DataFrame:
    """The recommended-intake values (not upper limits), with their bands in months."""
    return with_months(data.reference_values[data.reference_values["kind"].isin(RECOMMENDED)])


def authority_names(data: Dataset, recommending_only: bool = False) -> dict[str, str]:
    """Display names by authority id, in register order; optionally only those that recommend intakes."""
    keep = set(recommended(data)["authority"]) if recommending_only else set(data.authorities["id"])
    return {a.id: f"{a.short} {a.year}" for a in data.authorities.itertuples() if a.id in keep}


def age_label(from_m: float, to_m: float) -> str:
    """A harmonised band: months below two years, years above."""
    if to_m <= 24:
        return f"{from_m:g} to <{to_m:g} months"
    lo = f"{from_m / 12:g}"
    return f"{lo} years and over" if math.isinf(to_m) else f"{lo} to <{to_m / 12:g} years"


def _cell(rec) -> str:
    mark = "" if rec.verified else UNVERIFIED_MARK
    return f"{rec.value:g} {rec.kind}{mark} ({rec.age_label})"


def _bands(values: pd.DataFrame, stage: str) -> list[tuple[float, float]]:
    cuts = sorted({c for c in pd.concat([values["from_m"], values["to_m"]]) if not math.isinf(c)})
    if stage != "general":  # no ages outside those some authority names for pregnancy or lactation
        cuts = [c for c in cuts if c > 0] or [0.0]
        return list(itertools.pairwise(cuts)) or [(0.0, math.inf)]
    return list(zip(cuts, [*cuts[1:], math.inf], strict=True))


def harmonised(data: Dataset) -> pd.DataFrame:
    """One row per life stage, sex and harmonised age band; one column per authority.

    Bands are cut wherever any authority cuts; rows that read the same for both sexes, or for
    neighbouring bands, are merged so the table stays as short as the authorities allow.
    """
    values = recommended(data)
    names = authority_names(data, recommending_only=True)
    rows = []
    for stage in STAGES:
        staged = values[values["life_stage"] == stage]
        for lo, hi in _bands(staged, stage):
            cells = {}
            for sex in SEXES:
                fits = staged[(staged["from_m"] <= lo) & (staged["to_m"] >= hi) & staged["sex"].isin([sex, "any"])]
                cells[sex] = {names[a]: "; ".join(_cell(r) for r in fits[fits["authority"] == a].itertuples())
                              for a in names}
            sexes = [("any", cells["female"])] if cells["female"] == cells["male"] else list(cells.items())
            if stage != "general":
                sexes = [("female", cells["female"])]
            for sex, row in sexes:
                if any(row.values()):
                    rows.append({"stage": stage, "sex": sex, "from_m": lo, "to_m": hi, **row})
    frame = _merge_neighbours(pd.DataFrame(rows), list(names.values()))
    return frame


def _merge_neighbours(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    merged: list[dict] = []
    for row in frame.to_dict("records"):
        last = merged[-1] if merged else None
        if (last and last["stage"] == row["stage"] and last["sex"] == row["sex"] and last["to_m"] == row["from_m"]
                and all(last[c] == row[c] for c in columns)):
            last["to_m"] = row["to_m"]
        else:
            merged.append(row)
    return pd.DataFrame(merged)


@register("intakes-by-authority")
def intakes_table(data: Dataset) -> Table:
    frame = harmonised(data)
    out = pd.DataFrame({
        "Life stage": [data.label("life_stage", s) for s in frame["stage"]],
        "Sex": [data.label("sex", s) for s in frame["sex"]],
        "Age": [age_label(lo, hi) for lo, hi in zip(frame["from_m"], frame["to_m"], strict=True)],
    })
    for name in authority_names(data, recommending_only=True).values():
        out[name] = frame[name].to_numpy()
    return Table(
        "intakes-by-authority",
        "Recommended magnesium intake in mg/day by authority, on age bands harmonised across authorities; "
        "each cell names the kind of value and the authority's own band. "
        f"{UNVERIFIED_MARK} = not verified against the authority's own document.",
        out, tuple(data.authorities["id"]))


@register("reference-values")
def reference_values_table(data: Dataset) -> Table:
    rv = data.reference_values
    names = authority_names(data)
    out = pd.DataFrame({
        "Id": rv["id"],
        "Authority": [names[a] for a in rv["authority"]],
        "Kind": rv["kind"],
        "Applies to": [data.label("applies_to", a) for a in rv["applies_to"]],
        "Sex": [data.label("sex", s) for s in rv["sex"]],
        "Age (authority's band)": rv["age_label"],
        "Life stage": [data.label("life_stage", s) for s in rv["life_stage"]],
        "mg/day": rv["value"],
        "Where in the document": rv["table"],
        "Verified": ["yes" if v else "no" for v in rv["verified"]],
    })
    return Table("reference-values", "Every reference value in the dataset, as each authority sets it, "
                 "with where it stands in the authority's document and whether we could check it there.",
                 out, tuple(data.authorities["id"]))


def intake(age: float, sex: str, life_stage: str = "general", unit: str = "years",
           data: Dataset | None = None) -> pd.DataFrame:
    """Every authority's values for one person: recommended intakes and upper limits.

    `age` is in `unit` ('years' or 'months'); `sex` is 'female' or 'male'; `life_stage` is 'general',
    'pregnancy' or 'lactation'. Raises IntakeQueryError for input no table can answer.
    """
    data = data or load()
    if unit not in ("years", "months"):
        raise IntakeQueryError(f"unknown age unit {unit!r}: use 'years' or 'months'")
    if not isinstance(age, int | float) or isinstance(age, bool) or math.isnan(age):
        raise IntakeQueryError(f"age must be a number, got {age!r}")
    if age < 0:
        raise IntakeQueryError(f"age cannot be negative, got {age:g} {unit}")
    if sex not in SEXES:
        raise IntakeQueryError(f"unknown sex {sex!r}: use 'female' or 'male'")
    if life_stage not in STAGES:
        raise IntakeQueryError(f"unknown life stage {life_stage!r}: use one of {', '.join(STAGES)}")
    if life_stage != "general" and sex == "male":
        raise IntakeQueryError(f"{life_stage} applies to women only; for a man use life_stage='general'")
    age_m = months(age, unit)
    if age_m > OLDEST_YEARS * 12:
        raise IntakeQueryError(f"age {age:g} {unit} is beyond every table (no one has lived past "
                               f"{OLDEST_YEARS} years)")
    values = with_months(data.reference_values)
    fits = values[(values["from_m"] <= age_m) & (age_m < values["to_m"]) & values["sex"].isin([sex, "any"])
                  & (values["life_stage"] == life_stage)]
    if fits.empty:
        raise IntakeQueryError(f"no authority in the dataset gives a value for a {sex} aged {age:g} {unit} "
                               f"({life_stage})")
    names = authority_names(data)
    return pd.DataFrame({
        "Authority": [names[a] for a in fits["authority"]],
        "Kind": fits["kind"],
        "mg/day": fits["value"],
        "Authority's band": fits["age_label"],
        "Applies to": [data.label("applies_to", a) for a in fits["applies_to"]],
        "Verified": ["yes" if v else "no" for v in fits["verified"]],
    }).sort_values(["Kind", "Authority"], key=lambda s: s.map(_kind_order) if s.name == "Kind" else s,
                   kind="stable").reset_index(drop=True)


def _kind_order(kind: str) -> int:
    return (*RECOMMENDED, "UL", "NOAEL").index(kind)


def intake_figure(data: Dataset):
    """Recommended intake against age, a step line per authority; panels for women and men."""
    values = recommended(data)
    names = authority_names(data, recommending_only=True)
    horizon = 80 * 12
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    for ax, sex in zip(axes, SEXES, strict=True):
        for colour, authority in zip(plt.cm.tab10.colors, names, strict=False):
            mine = values[(values["authority"] == authority) & values["sex"].isin([sex, "any"])]
            general = mine[mine["life_stage"] == "general"].sort_values("from_m")
            for rec in general.itertuples():
                end = min(rec.to_m, horizon)
                ax.plot([rec.from_m / 12, end / 12], [rec.value, rec.value], color=colour, lw=2,
                        label=names[authority] if rec.Index == general.index[0] else None)
            if sex == "female":
                for stage, marker in (("pregnancy", "^"), ("lactation", "s")):
                    for rec in mine[mine["life_stage"] == stage].itertuples():
                        lo, hi = max(rec.from_m, 18 * 12), min(rec.to_m, 50 * 12)
                        ax.plot([lo / 12, hi / 12], [rec.value, rec.value], color=colour, lw=1, ls=":",
                                marker=marker, markevery=[0])
        ax.set_title({"female": "Women and girls", "male": "Men and boys"}[sex])
        ax.set_xlabel("Age (years)")
        ax.set_xlim(0, horizon / 12)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("Recommended intake (mg/day)")
    handles, labels = axes[1].get_legend_handles_labels()
    stage_handles = [plt.Line2D([], [], color="grey", ls=":", marker=m) for m in ("^", "s")]
    fig.legend(handles + stage_handles, [*labels, "pregnancy", "lactation"], loc="lower center", ncol=7,
               frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig
