"""Chapter 'How much do you need?': reference intakes by authority, the lookup for one person,
and the articles' intake figures matched to the authority they agree with."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from ..dataset import Dataset
from ..domain.ages import band_units, bands
from ..domain.matching import intake_figures, reconcile
from ..domain.reference import SEXES, STAGES, authority_names, intake, recommended, recommended_value
from ..formatting import UNVERIFIED_MARK, reference_value_columns
from ..registry import register
from ..table import Table

PAGE = "book/intakes"  # the page that shows this module's tables; they are numbered by position


def age_label(from_m: float, to_m: float) -> str:
    """A harmonised band: months below two years, years above."""
    lo, hi, unit = band_units(from_m, to_m)
    return f"{lo:g} {unit} and over" if math.isinf(hi) else f"{lo:g} to <{hi:g} {unit}"


def _cell(rec) -> str:
    mark = "" if rec.verified else UNVERIFIED_MARK
    return f"{rec.value:g} {rec.kind}{mark} ({rec.age_label})"


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
        for lo, hi in bands(staged, stage):
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


@register("intakes-by-authority", position=1)
def intakes_table(data: Dataset, lang: str) -> Table:
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
        out, tuple(data.authorities["id"]), export_data=_tidy_intakes(data, frame))


def _tidy_intakes(data: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """The same table for computing with: one row per harmonised band and authority's value, the value,
    its kind, the authority's own band and whether it was verified each in a column of its own."""
    values = recommended(data)
    names = authority_names(data, recommending_only=True)
    rows = []
    for band in frame.itertuples():
        sex = "female" if band.sex == "any" else band.sex
        fits = values[(values["life_stage"] == band.stage) & (values["from_m"] <= band.from_m)
                      & (values["to_m"] >= band.to_m) & values["sex"].isin([sex, "any"])]
        for authority, name in names.items():
            for rec in fits[fits["authority"] == authority].itertuples():
                rows.append({"Life stage": data.label("life_stage", band.stage), "Sex": data.label("sex", band.sex),
                             "Age": age_label(band.from_m, band.to_m), "Authority": name, "Kind": rec.kind,
                             "mg/day": rec.value, "Authority's band": rec.age_label,
                             "Verified": "yes" if rec.verified else "no"})
    return pd.DataFrame(rows)


@register("reference-values", position=4)
def reference_values_table(data: Dataset, lang: str) -> Table:
    rv = data.reference_values
    out = pd.DataFrame({
        "Id": rv["id"],
        **reference_value_columns(data, rv),
        "mg/day": rv["value"],
        "Where in the document": rv["table"],
        "Verified": ["yes" if v else "no" for v in rv["verified"]],
    })
    return Table("reference-values", "Every reference value in the dataset, as each authority sets it, "
                 "with where it stands in the authority's document and whether we could check it there.",
                 out, tuple(data.authorities["id"]))


def intake_figure(data: Dataset):
    """Recommended intake against age, a step line per authority; panels for women and men."""
    values = recommended(data)
    names = authority_names(data, recommending_only=True)
    horizon = 80 * 12
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    for ax, sex in zip(axes, SEXES, strict=True):
        for rank, (colour, authority) in enumerate(zip(plt.cm.tab10.colors, names, strict=False)):
            mine = values[(values["authority"] == authority) & values["sex"].isin([sex, "any"])]
            general = mine[mine["life_stage"] == "general"].sort_values("from_m")
            width = 2 + 2 * (len(names) - 1 - rank)  # earlier authorities wider, so equal values stay visible
            for rec in general.itertuples():
                end = min(rec.to_m, horizon)
                ax.plot([rec.from_m / 12, end / 12], [rec.value, rec.value], color=colour, lw=width,
                        solid_capstyle="butt",
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


@register("intake-reconciliation", position=2)
def reconciliation_table(data: Dataset, lang: str) -> Table:
    rec = reconcile(data)
    figs = intake_figures(data).set_index("id")
    out = pd.DataFrame({
        "Figure": rec["figure"],
        "Source": rec["source"],
        "As printed": rec["as_written"],
        "For": [_population(data, figs.loc[f]) for f in rec["figure"]],
        "Matches": rec["matches"],
        "Verdict": rec["verdict"],
        "Why": rec["reason"],
    })
    return Table("intake-reconciliation", "Every daily-intake figure of the articles, matched to the "
                 "authorities whose values it reproduces, with a verdict.", out, tuple(sorted(set(rec["source"]))))


def _population(data: Dataset, fig) -> str:
    parts = [data.label("sex", fig.sex)] if fig.sex != "any" else []
    if fig.stage != "general":
        parts.append(data.label("life_stage", fig.stage))
    parts.append(age_label(fig.from_m, fig.to_m))
    return ", ".join(parts)


def example_lookups(data: Dataset) -> list[tuple[str, pd.DataFrame]]:
    """The lookup for each example person of data/parameters.yaml."""
    out = []
    for person in data.parameter("example_people"):
        age, unit, sex, stage = person["age"], person["age_unit"], person["sex"], person["life_stage"]
        who = f"A {data.label('sex', sex)} aged {age} {unit}"
        if stage != "general":
            who += f", {data.label('life_stage', stage)}"
        out.append((who, intake(age, sex, stage, unit=unit, data=data)))
    return out


def headline_values(data: Dataset) -> dict[str, float]:
    """The numbers the chapter's prose quotes, by glue name. The prose compares the European (EFSA) and
    the US (IOM) values by name, so those two authorities are named here."""
    rec = reconcile(data)
    young, adult = data.parameter("young_adult_age"), data.parameter("adult_age")
    out = {
        "efsa_men": recommended_value(data, "efsa2015", adult, "male"),
        "efsa_women": recommended_value(data, "efsa2015", adult, "female"),
        "efsa_pregnant": recommended_value(data, "efsa2015", young, "female", "pregnancy"),
        "efsa_lactating": recommended_value(data, "efsa2015", young, "female", "lactation"),
        "iom_men_young": recommended_value(data, "iom1997", young, "male"),
        "iom_men": recommended_value(data, "iom1997", adult, "male"),
        "iom_women_young": recommended_value(data, "iom1997", young, "female"),
        "iom_women": recommended_value(data, "iom1997", adult, "female"),
        "iom_pregnant_young": recommended_value(data, "iom1997", young, "female", "pregnancy"),
        "iom_lactating_young": recommended_value(data, "iom1997", young, "female", "lactation"),
        "n_intake_figures": len(rec),
        "n_match_none": int((rec["matches"] == "none").sum()),
        "n_match_us_only": int((rec["matches"] == authority_names(data)["iom1997"]).sum()),
        "n_mislabelled": int(rec["verdict"].str.contains("mislabels").sum()),
        "n_authorities": len(authority_names(data, recommending_only=True)),
    }
    out["iom_pregnancy_extra"] = out["iom_pregnant_young"] - out["iom_women_young"]
    return out


@register("intake-examples", position=3)
def examples_table(data: Dataset, lang: str) -> Table:
    frames = [found.assign(Person=who) for who, found in example_lookups(data)]
    out = pd.concat(frames, ignore_index=True)
    out = out[["Person", *[c for c in out.columns if c != "Person"]]]
    return Table("intake-examples", "What each authority gives for a few example people: recommended intakes "
                 "and upper limits (the limits concern supplements only).", out, tuple(data.authorities["id"]))
