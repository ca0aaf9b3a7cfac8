"""Chapter 'How much do you need?': reference intakes by authority, the lookup for one person,
and the articles' intake figures matched to the authority they agree with."""

from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import pandas as pd

from ..dataset import Dataset, derived, load
from ..formatting import authority_name
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
    return {a: authority_name(data, a) for a in data.authorities["id"] if a in keep}


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


def value_columns(data: Dataset, rv: pd.DataFrame) -> dict[str, list]:
    """The columns that say whose reference values these are and whom they are for."""
    names = authority_names(data)
    return {
        "Authority": [names[a] for a in rv["authority"]],
        "Kind": list(rv["kind"]),
        "Applies to": [data.label("applies_to", a) for a in rv["applies_to"]],
        "Sex": [data.label("sex", s) for s in rv["sex"]],
        "Age (authority's band)": list(rv["age_label"]),
        "Life stage": [data.label("life_stage", s) for s in rv["life_stage"]],
    }


@register("reference-values")
def reference_values_table(data: Dataset) -> Table:
    rv = data.reference_values
    out = pd.DataFrame({
        "Id": rv["id"],
        **value_columns(data, rv),
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
    if life_stage != "general":
        youngest = values[(values["life_stage"] == life_stage) & (values["from_m"] > 0)]["from_m"].min()
        if age_m < youngest:
            raise IntakeQueryError(f"no authority in the dataset gives {life_stage} values below "
                                   f"{youngest / 12:g} years")
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


# An intake figure that names no age is read as being about adults; one about pregnancy or
# lactation without an age, as being about women of child-bearing age.
ADULT_BAND_M = (18 * 12, math.inf)
CHILDBEARING_BAND_M = (18 * 12, 51 * 12)


def intake_figures(data: Dataset) -> pd.DataFrame:
    """The articles' daily-intake figures in mg/day, each with the population band it speaks of."""
    figs = data.figures[(data.figures["topic"] == "intake_recommendation") & (data.figures["unit"] == "mg/day")]
    rows = []
    for fig in figs.itertuples():
        stage = fig.life_stage if fig.life_stage in STAGES else "general"
        if pd.isna(fig.age_from) and pd.isna(fig.age_to):
            lo, hi = ADULT_BAND_M if stage == "general" else CHILDBEARING_BAND_M
        else:
            lo = 0.0 if pd.isna(fig.age_from) else months(fig.age_from, fig.age_unit)
            hi = math.inf if pd.isna(fig.age_to) else months(fig.age_to, fig.age_unit)
        sex = fig.sex if isinstance(fig.sex, str) else "any"
        rows.append({"figure": fig.id, "stage": stage, "sex": sex, "from_m": lo, "to_m": hi})
    return figs.drop(columns=["sex"]).reset_index(drop=True).join(pd.DataFrame(rows))


def _candidates(values: pd.DataFrame, fig) -> pd.DataFrame:
    sexes = ["female", "male", "any"] if fig.sex == "any" else [fig.sex, "any"]
    return values[(values["life_stage"] == fig.stage) & values["sex"].isin(sexes)
                  & (values["from_m"] < fig.to_m) & (values["to_m"] > fig.from_m)]


def _matches(fig, values: pd.Series) -> bool:
    found = set(values)
    if fig.qualifier == "at_least":
        return fig.low in found
    return fig.low in found and fig.high in found


def _describe(recs: pd.DataFrame, names: dict[str, str]) -> str:
    return "; ".join(f"{names[r.authority]} {r.kind} {r.value:g} ({r.age_label})" for r in recs.itertuples())


@derived
def reconcile(data: Dataset) -> pd.DataFrame:
    """Each article intake figure with the authorities it agrees with, a verdict and a reason."""
    values = recommended(data)
    names = authority_names(data)
    rows = []
    for fig in intake_figures(data).itertuples():
        cands = _candidates(values, fig)
        matching = [a for a, recs in cands.groupby("authority", sort=False) if _matches(fig, recs["value"])]
        named = fig.attributed_to if isinstance(fig.attributed_to, str) else None
        verdict, reason = _verdict(fig, cands, matching, named, names)
        unverified = [names[a] for a in matching
                      if not cands[cands["authority"] == a]["verified"].all()]
        if fig.sex == "any" and matching:
            reason += _one_sex_only(fig, cands, matching, data)
        if unverified:
            reason += f" The matching value of {', '.join(unverified)} is not verified."
        rows.append({"figure": fig.id, "source": fig.source, "as_written": fig.as_written,
                     "matches": ", ".join(names[a] for a in matching) or "none",
                     "verdict": verdict, "reason": reason.strip()})
    return pd.DataFrame(rows)


def _one_sex_only(fig, cands, matching, data: Dataset) -> str:
    """A note when a figure given for everyone matches an authority's value for one sex only."""
    fits = [sex for sex in SEXES
            if all(_matches(fig, cands[(cands["authority"] == a) & cands["sex"].isin([sex, "any"])]["value"])
                   for a in matching)]
    if len(fits) == 1:
        return f" It is given for everyone, but the authority's value holds only for sex: {data.label('sex', fits[0])}."
    return ""


def _verdict(fig, cands, matching, named, names) -> tuple[str, str]:
    kinds = sorted(set(cands[cands["authority"].isin(matching)]["kind"]))
    kind_note = ""
    if isinstance(fig.stated_kind, str) and kinds and fig.stated_kind not in kinds:
        kind_note = (f" The article calls it {fig.stated_kind}, but the authority's value is "
                     f"{' / '.join(kinds)}.")
    if named and named in matching:
        verdict = "agrees with the authority it names"
        return (verdict + "; mislabels the kind" if kind_note else verdict), kind_note
    if named and matching:
        return "matches another authority than it names", (
            f"Names {names[named]}, but the figure is {', '.join(names[a] for a in matching)}'s.{kind_note}")
    if named:
        return "disagrees with the authority it names", (
            f"{names[named]} gives: {_describe(cands[cands['authority'] == named], names) or 'no value'}.")
    if matching:
        return "matches", (f"Names no authority; the figure is {', '.join(names[a] for a in matching)}'s."
                           f"{kind_note}")
    nearest = (cands.assign(gap=(cands["value"] - (fig.low + fig.high) / 2).abs())
               .drop_duplicates(["authority", "kind", "value"]).nsmallest(2, "gap"))
    return "matches no authority", f"Nearest values: {_describe(nearest, names) or 'none for this group'}."


@register("intake-reconciliation")
def reconciliation_table(data: Dataset) -> Table:
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


# Example people for the chapter's lookup: (age, unit, sex, life stage), chosen to cross the
# authorities' different age cuts.
EXAMPLES = ((8, "months", "female", "general"), (15, "years", "male", "general"),
            (34, "years", "female", "lactation"), (75, "years", "male", "general"))


def example_lookups(data: Dataset) -> list[tuple[str, pd.DataFrame]]:
    out = []
    for age, unit, sex, stage in EXAMPLES:
        who = f"A {data.label('sex', sex)} aged {age} {unit}"
        if stage != "general":
            who += f", {data.label('life_stage', stage)}"
        out.append((who, intake(age, sex, stage, unit=unit, data=data)))
    return out


# Ages at which the book quotes adult values: one inside every authority's young-adult band, and one
# inside every authority's adult band (IOM cuts at 31 and 51, the others say 'adults') where the US
# values have stepped up.
YOUNG_ADULT, ADULT_AGE = 25, 40


def recommended_value(data: Dataset, authority: str, age: float, sex: str, stage: str = "general") -> float:
    """The authority's recommended intake (AI, RDA ...) in mg/day for a person, via the intake lookup."""
    found = intake(age, sex, stage, data=data)
    name = authority_names(data)[authority]
    rows = found[(found["Authority"] == name) & found["Kind"].isin(RECOMMENDED)]
    if rows.empty:
        raise IntakeQueryError(f"{name} gives no recommended intake for a {sex} aged {age:g} ({stage})")
    return float(rows["mg/day"].iloc[0])


def headline_values(data: Dataset) -> dict[str, float]:
    """The numbers the chapter's prose quotes, by glue name."""
    rec = reconcile(data)
    out = {
        "efsa_men": recommended_value(data, "efsa2015", ADULT_AGE, "male"),
        "efsa_women": recommended_value(data, "efsa2015", ADULT_AGE, "female"),
        "efsa_pregnant": recommended_value(data, "efsa2015", YOUNG_ADULT, "female", "pregnancy"),
        "efsa_lactating": recommended_value(data, "efsa2015", YOUNG_ADULT, "female", "lactation"),
        "iom_men_young": recommended_value(data, "iom1997", YOUNG_ADULT, "male"),
        "iom_men": recommended_value(data, "iom1997", ADULT_AGE, "male"),
        "iom_women_young": recommended_value(data, "iom1997", YOUNG_ADULT, "female"),
        "iom_women": recommended_value(data, "iom1997", ADULT_AGE, "female"),
        "iom_pregnant_young": recommended_value(data, "iom1997", YOUNG_ADULT, "female", "pregnancy"),
        "iom_lactating_young": recommended_value(data, "iom1997", YOUNG_ADULT, "female", "lactation"),
        "n_intake_figures": len(rec),
        "n_match_none": int((rec["matches"] == "none").sum()),
        "n_match_us_only": int((rec["matches"] == authority_names(data)["iom1997"]).sum()),
        "n_mislabelled": int(rec["verdict"].str.contains("mislabels").sum()),
        "n_authorities": len(authority_names(data, recommending_only=True)),
    }
    out["iom_pregnancy_extra"] = out["iom_pregnant_young"] - out["iom_women_young"]
    return out


@register("intake-examples")
def examples_table(data: Dataset) -> Table:
    frames = [found.assign(Person=who) for who, found in example_lookups(data)]
    out = pd.concat(frames, ignore_index=True)
    out = out[["Person", *[c for c in out.columns if c != "Person"]]]
    return Table("intake-examples", "What each authority gives for a few example people: recommended intakes "
                 "and upper limits (the limits concern supplements only).", out, tuple(data.authorities["id"]))
