"""Chapter 'How much do you need?': reference intakes by authority, the lookup for one person,
and the articles' intake figures matched to the authority they agree with."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from .. import answers, figstyle
from ..dataset import Dataset, in_language
from ..domain import reference
from ..domain.ages import adult_band, band_units, bands, months
from ..domain.matching import intake_figures, reason_text, reconcile, verdict_text
from ..domain.reference import SEXES, STAGES, authority_names, intake, recommended, recommended_value
from ..escape import html_text
from ..formatting import UNVERIFIED_MARK, authority_name, kind_abbreviation, number, reference_value_columns
from ..i18n import SOURCE_LANGUAGE, counted, languages, text
from ..registry import register
from ..table import Table

PAGE = "book/intakes"  # the page that shows this module's tables; they are numbered by position


OPEN_BAND = {"months": "intakes.band.months_and_over", "years": "intakes.band.years_and_over"}
BAND = {"months": "intakes.band.months", "years": "intakes.band.years"}
# A language whose catalogue says its band style is "whole ages" writes a band of whole ages by its first and last
# age, both included (Dutch "2 t/m 4 jaar"), and a band of one year as that age ("18 jaar"); the others write it
# by its first age and its end, excluded ("2 to <5 years").
WHOLE_AGES = "whole ages"
THROUGH_BAND = {"months": "intakes.band.months_through", "years": "intakes.band.years_through"}
ONE_AGE_BAND = {"months": "intakes.band.one_month", "years": "intakes.band.one_year"}
UNITS = {"months": "intakes.unit.months", "years": "intakes.unit.years"}


def age_label(from_m: float, to_m: float, lang: str = SOURCE_LANGUAGE) -> str:
    """A harmonised band: months below two years, years above, in the band style of the language."""
    lo, hi, unit = band_units(from_m, to_m)
    if math.isinf(hi):
        return text(OPEN_BAND[unit], lang, low=number(lo, lang))
    if text("intakes.band.style", lang) == WHOLE_AGES and float(lo).is_integer() and float(hi).is_integer():
        if hi - lo == 1:
            return text(ONE_AGE_BAND[unit], lang, low=number(lo, lang))
        return text(THROUGH_BAND[unit], lang, low=number(lo, lang), high=number(hi - 1, lang))
    return text(BAND[unit], lang, low=number(lo, lang), high=number(hi, lang))


def _cell(rec, lang: str) -> str:
    mark = "" if rec.verified else UNVERIFIED_MARK
    cell = text("intakes.cell", lang, value=number(rec.value, lang), kind=kind_abbreviation(rec.kind, lang), mark=mark,
                band=getattr(rec, in_language("age_label", lang)))
    if rec.status != reference.CURRENT:
        cell = text("intakes.cell_status", lang, cell=cell, status=text(STATUS_WORDS[rec.status], lang))
    return cell


STATUS_WORDS = {"superseded": "intakes.status.superseded", "draft": "intakes.status.draft"}  # short, for a cell


def doubt_text(data: Dataset, rec, lang: str = SOURCE_LANGUAGE) -> str:
    """Why a reference value (a row of reference_values) is in doubt, in words: its status and whether it
    is verified, then what each place it was looked for shows (doubts); empty when it is not in doubt."""
    if not reference.in_doubt(rec):
        return ""
    parts = []
    if rec.status != reference.CURRENT:
        parts.append(text("intakes.doubt.status", lang, status=data.label("value_status", rec.status, lang)))
    if not rec.verified:
        parts.append(text("intakes.doubt.unverified", lang))
    parts += [text("intakes.doubt.item", lang, kind=data.label("evidence_kind", d["kind"], lang), where=d["where"],
                   shows=d["shows"]) for d in reference.doubts(data, rec.id, lang)]
    return " ".join(parts)


def doubts_html(data: Dataset, lang: str = SOURCE_LANGUAGE) -> str:
    """The values in doubt of the tables above, one click away each: a <details> per value whose summary
    names it (authority, kind, value, band, and why in short) and whose body lists every place it was
    looked for with what that copy shows, so a reader sees which copies disagree."""
    items = []
    for rec in data.reference_values.itertuples():
        if not reference.in_doubt(rec):
            continue
        short = []
        if rec.status != reference.CURRENT:
            short.append(data.label("value_status", rec.status, lang))
        if not rec.verified:
            short.append(text("intakes.doubt.unverified_short", lang))
        summary = text("intakes.doubt.summary", lang, authority=authority_name(data, rec.authority),
                       kind=kind_abbreviation(rec.kind, lang),
                       value=number(rec.value, lang), band=getattr(rec, in_language("age_label", lang)),
                       why="; ".join(short))
        found = "".join(
            f"<li>{html_text(data.label('evidence_kind', d['kind'], lang))}, {html_text(d['where'])}: "
            f"{html_text(d['shows'])}</li>" for d in reference.doubts(data, rec.id, lang))
        items.append(f'<details class="mg-doubt" id="doubt-{html_text(rec.id)}"><summary>{html_text(summary)}'
                     f" <code>{html_text(rec.id)}</code></summary>\n<ul>{found}</ul></details>")
    title = html_text(text("intakes.doubt.title", lang))
    return f'<div class="mg-doubts"><p><strong>{title}</strong></p>\n' + "\n".join(items) + "\n</div>"


def harmonised(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
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
                said = {a: "; ".join(_cell(r, lang) for r in recs.itertuples())
                        for a, recs in fits.groupby("authority", sort=False)}
                cells[sex] = {names[a]: said.get(a, "") for a in names}
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
    frame = harmonised(data, lang)
    out = pd.DataFrame({
        text("formatting.col.life_stage", lang): [data.label("life_stage", s, lang) for s in frame["stage"]],
        text("formatting.col.sex", lang): [data.label("sex", s, lang) for s in frame["sex"]],
        text("intakes.col.age", lang): [age_label(lo, hi, lang) for lo, hi in zip(frame["from_m"], frame["to_m"],
                                                                                 strict=True)],
    })
    for name in authority_names(data, recommending_only=True).values():
        out[name] = frame[name].to_numpy()
    return Table("intakes-by-authority", text("intakes.caption.by_authority", lang, mark=UNVERIFIED_MARK),
                 out, tuple(data.authorities["id"]), export_data=_tidy_intakes(data, frame, lang))


def _tidy_intakes(data: Dataset, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The same table for computing with: one row per harmonised band and authority's value, the value,
    its kind, the authority's own band and whether it was verified each in a column of its own."""
    values = recommended(data)
    names = authority_names(data, recommending_only=True)
    yes_no = {True: text("intakes.yes", lang), False: text("intakes.no", lang)}
    rows = []
    for band in frame.itertuples():
        sex = "female" if band.sex == "any" else band.sex
        fits = values[(values["life_stage"] == band.stage) & (values["from_m"] <= band.from_m)
                      & (values["to_m"] >= band.to_m) & values["sex"].isin([sex, "any"])]
        by_authority = {a: list(recs.itertuples()) for a, recs in fits.groupby("authority", sort=False)}
        for authority, name in names.items():
            for rec in by_authority.get(authority, []):
                rows.append({
                    text("formatting.col.life_stage", lang): data.label("life_stage", band.stage, lang),
                    text("formatting.col.sex", lang): data.label("sex", band.sex, lang),
                    text("intakes.col.age", lang): age_label(band.from_m, band.to_m, lang),
                    text("formatting.col.authority", lang): name,
                    text("formatting.col.kind", lang): kind_abbreviation(rec.kind, lang),
                    text("intakes.col.mg_per_day", lang): rec.value,
                    text("formatting.col.authority_band", lang): getattr(rec, in_language("age_label", lang)),
                    text("intakes.col.verified", lang): yes_no[bool(rec.verified)],
                })
    return pd.DataFrame(rows)


@register("reference-values", position=4)
def reference_values_table(data: Dataset, lang: str) -> Table:
    rv = data.reference_values
    yes_no = {True: text("intakes.yes", lang), False: text("intakes.no", lang)}
    out = pd.DataFrame({
        text("intakes.col.id", lang): rv["id"],
        **reference_value_columns(data, rv, lang),
        text("intakes.col.mg_per_day", lang): rv["value"],
        text("intakes.col.where_in_document", lang): rv[in_language("table", lang)],
        text("intakes.col.verified", lang): [yes_no[bool(v)] for v in rv["verified"]],
        text("intakes.col.why_in_doubt", lang): [doubt_text(data, r, lang) for r in rv.itertuples()],
    })
    return Table("reference-values", text("intakes.caption.reference_values", lang), out,
                 tuple(data.authorities["id"]),
                 detail_columns=(text("intakes.col.id", lang), text("intakes.col.where_in_document", lang)))


PANELS = {"female": "intakes.figure.women", "male": "intakes.figure.men"}


def intake_figure(data: Dataset, lang: str = SOURCE_LANGUAGE):
    """Recommended intake against age, a step line per authority (its own colour and line style);
    panels for women and men, one above the other so the figure keeps its text size on a phone."""
    values = recommended(data)
    names = authority_names(data, recommending_only=True)
    horizon = 80 * 12
    empty = values.iloc[0:0]
    by_authority = dict(tuple(values.groupby("authority", sort=False)))
    fig, axes = plt.subplots(2, 1, figsize=(figstyle.WIDTH, 8.4), sharex=True, sharey=True)
    for ax, sex in zip(axes, SEXES, strict=True):
        for rank, (colour, style, authority) in enumerate(zip(figstyle.PALETTE * 2, figstyle.LINE_STYLES * 2,
                                                               names, strict=False)):
            mine = by_authority.get(authority, empty)
            mine = mine[mine["sex"].isin([sex, "any"])]
            general = mine[mine["life_stage"] == "general"].sort_values("from_m")
            width = 1.5 + 1.2 * (len(names) - 1 - rank)  # earlier authorities wider, so equal values stay visible
            for rec in general.itertuples():
                end = min(rec.to_m, horizon)
                ax.plot([rec.from_m / 12, end / 12], [rec.value, rec.value], color=colour, lw=width, ls=style,
                        solid_capstyle="butt",
                        label=names[authority] if rec.Index == general.index[0] else None)
            if sex == "female":
                for stage, marker in (("pregnancy", "^"), ("lactation", "s")):
                    for rec in mine[mine["life_stage"] == stage].itertuples():
                        lo, hi = max(rec.from_m, 18 * 12), min(rec.to_m, 50 * 12)
                        ax.plot([lo / 12, hi / 12], [rec.value, rec.value], color=colour, lw=1, ls=":",
                                marker=marker, markevery=[0])
        ax.set_title(text(PANELS[sex], lang))
        ax.set_ylabel(text("intakes.figure.intake", lang))
        ax.set_xlim(0, horizon / 12)
        ax.grid(alpha=0.3)
    axes[1].set_xlabel(text("intakes.figure.age", lang))
    axes[1].xaxis.set_tick_params(labelbottom=True)
    handles, labels = axes[1].get_legend_handles_labels()
    stage_handles = [plt.Line2D([], [], color=figstyle.GREY, ls=":", marker=m) for m in ("^", "s")]
    stage_labels = [text("intakes.figure.pregnancy", lang), text("intakes.figure.lactation", lang)]
    fig.legend(handles + stage_handles, [*labels, *stage_labels], loc="lower center", ncol=2,
               frameon=False, handlelength=3)
    fig.tight_layout(rect=(0, 0.14, 1, 1))
    return fig


@register("intake-reconciliation", position=2)
def reconciliation_table(data: Dataset, lang: str) -> Table:
    rec = reconcile(data)
    figs = intake_figures(data).set_index("id")
    names = authority_names(data)
    out = pd.DataFrame({
        text("intakes.col.figure", lang): rec["figure"],
        text("intakes.col.source", lang): rec["source"],
        text("intakes.col.as_printed", lang): rec["as_written"],
        text("intakes.col.population", lang): [_population(data, figs.loc[f], lang) for f in rec["figure"]],
        text("intakes.col.matches", lang): [", ".join(names[a] for a in m) or text("intakes.matches_none", lang)
                                            for m in rec["matching"]],
        text("intakes.col.verdict", lang): [verdict_text(r, lang) for r in rec.itertuples()],
        text("intakes.col.why", lang): [reason_text(data, r, lang) for r in rec.itertuples()],
    })
    return Table("intake-reconciliation", text("intakes.caption.reconciliation", lang), out,
                 tuple(sorted(set(rec["source"]))),
                 detail_columns=(text("intakes.col.figure", lang),))


def _population(data: Dataset, fig, lang: str) -> str:
    parts = [data.label("sex", fig.sex, lang)] if fig.sex != "any" else []
    if fig.stage != "general":
        parts.append(data.label("life_stage", fig.stage, lang))
    parts.append(age_label(fig.from_m, fig.to_m, lang))
    return ", ".join(parts)


# Who a person is, by sex and by whether they have reached the age the authorities' adult bands begin at:
# an eight-month-old girl is no woman ("een vrouw van 8 maanden" reads as machine output).
PERSONS = {("female", False): "intakes.person.girl", ("male", False): "intakes.person.boy",
           ("any", False): "intakes.person.child", ("female", True): "intakes.person.woman",
           ("male", True): "intakes.person.man", ("any", True): "intakes.person.adult"}


def person_word(data: Dataset, age: float, unit: str, sex: str, lang: str = SOURCE_LANGUAGE) -> str:
    """The noun for a person of `age` `unit` and `sex` (a vocabulary `sex` term): girl or woman, boy or man."""
    return text(PERSONS[sex, months(age, unit) >= adult_band(data)[0]], lang)


def example_lookups(data: Dataset, lang: str = SOURCE_LANGUAGE) -> list[tuple[str, pd.DataFrame]]:
    """The lookup for each example person of data/parameters.yaml."""
    out = []
    for person in data.parameter("example_people"):
        age, unit, sex, stage = person["age"], person["age_unit"], person["sex"], person["life_stage"]
        values = {"person": person_word(data, age, unit, sex, lang), "age": number(age, lang),
                  "unit": text(UNITS[unit], lang)}
        who = (text("intakes.person", lang, **values) if stage == "general" else
               text("intakes.person_in_stage", lang, **values, stage=data.label("life_stage", stage, lang)))
        out.append((who, intake(age, sex, stage, unit=unit, data=data, lang=lang)))
    return out


def headline_values(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
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
        "n_match_none": int((rec["matching"].map(len) == 0).sum()),
        "n_match_us_only": int(rec["matching"].map(lambda m: m == ("iom1997",)).sum()),
        # Every figure whose Why column says it calls the value by another kind, whatever its verdict.
        "n_mislabelled": int(rec["stated_kind"].map(lambda k: isinstance(k, str)).sum()),
        "n_not_dutch_norm": int(rec["verdict"].isin(["superseded_as_dutch", "foreign_as_dutch"]).sum()),
        "n_superseded_as_dutch": int((rec["verdict"] == "superseded_as_dutch").sum()),
        "n_partly": int((rec["partial"].map(len) > 0).sum()),
        "n_authorities": len(authority_names(data, recommending_only=True)),
    }
    out["iom_pregnancy_extra"] = out["iom_pregnant_young"] - out["iom_women_young"]
    # the count in brackets after "the Why column says so", agreeing with its noun ("1 figures" read as output)
    out["partly_figures"] = counted(out["n_partly"], "intakes.glue.partly_one", "intakes.glue.partly_many", lang)
    return out


@register("intake-examples", position=3)
def examples_table(data: Dataset, lang: str) -> Table:
    person = text("intakes.col.person", lang)
    frames = [found.assign(**{person: who}) for who, found in example_lookups(data, lang)]
    out = pd.concat(frames, ignore_index=True)
    out = out[[person, *[c for c in out.columns if c != person]]]
    return Table("intake-examples", text("intakes.caption.examples", lang), out, tuple(data.authorities["id"]))


# ---- the answer the chapter opens with ------------------------------------------------------------------

TABLE = "intakes.html#intakes-by-authority"


def _values_for(data: Dataset, age: float, sex: str, stage: str) -> answers.Listing:
    """Every authority's current recommended intake for a person, grouped by value ('300 mg a day by A and
    B; 320 mg by C'), each authority with the doubt of its value. Superseded values are left out: they are
    no authority's answer any more (the table shows them)."""
    found = reference.lookup(age, sex, stage, data=data)
    found = found[found["kind"].isin(reference.RECOMMENDED) & (found["status"] != "superseded")]
    groups: dict[float, list] = {}
    for rec in found.itertuples():
        groups.setdefault(float(rec.value), []).append(answers.Name("authority", rec.authority,
                                                                     answers.value_doubt(rec)))
    return answers.Listing(tuple(answers.Phrase("intakes.answer.value_by", {
        "value": answers.Figure(value, TABLE), "authorities": answers.Listing(tuple(names))})
        for value, names in groups.items()), kind="groups")


def _either_sex(data: Dataset, key_same: str, key_by_sex: str, age: float) -> answers.Phrase:
    """One phrase for an age at which the values for both sexes read the same, else one naming each."""
    women, men = (_values_for(data, age, sex, "general") for sex in SEXES)
    if women == men:
        return answers.Phrase(key_same, {"age": answers.Plain(age), "values": women})
    return answers.Phrase(key_by_sex, {"age": answers.Plain(age), "women": women, "men": men})


def answer(data: Dataset) -> answers.Answer:
    """How much magnesium a person needs, for the readers who ask most: adult women and men, pregnancy,
    breastfeeding, a child and an older person (ages: data/parameters.yaml), by every authority."""
    adult, young = data.parameter("adult_age"), data.parameter("young_adult_age")
    ages = data.parameter("answer_ages")
    efsa, iom = "efsa2015", "iom1997"  # the brief sets the European value beside the US one, by name

    def one(authority, sex):
        found = reference.lookup(adult, sex, data=data)
        rec = next(found[(found["authority"] == authority) & found["kind"].isin(reference.RECOMMENDED)].itertuples())
        return answers.Figure(float(rec.value), TABLE, answers.value_doubt(rec))

    return answers.Answer(
        chapter="intakes.html", question="intakes.answer.question",
        lead=answers.Phrase("intakes.answer.lead"),
        points=(
            answers.Phrase("intakes.answer.woman", {"age": answers.Plain(adult),
                                                    "values": _values_for(data, adult, "female", "general")}),
            answers.Phrase("intakes.answer.man", {"values": _values_for(data, adult, "male", "general")}),
            answers.Phrase("intakes.answer.pregnancy", {"age": answers.Plain(young),
                                                        "values": _values_for(data, young, "female", "pregnancy")}),
            answers.Phrase("intakes.answer.lactation", {"values": _values_for(data, young, "female", "lactation")}),
            _either_sex(data, "intakes.answer.child", "intakes.answer.child_by_sex", ages["child"]),
            _either_sex(data, "intakes.answer.older", "intakes.answer.older_by_sex", ages["older"]),
        ),
        closing=(answers.Phrase("intakes.answer.closing"),),
        brief=answers.Phrase("intakes.answer.brief", {
            "women": one(efsa, "female"), "men": one(efsa, "male"), "efsa": answers.Name("authority", efsa),
            "us_women": one(iom, "female"), "us_men": one(iom, "male"), "us": answers.Name("authority", iom)}),
    )


def search_terms(data: Dataset) -> list[str]:
    """The words to find the lookup by in the search box: the life stages and the recommended intake, in
    English and Dutch (data/vocabulary.yaml)."""
    labels = [("life_stage", "pregnancy"), ("life_stage", "lactation"), ("topic", "intake_recommendation")]
    return [data.label(vocab, term, lang) for vocab, term in labels for lang in languages()]
