"""Chapter 'Too little, too much': the upper limits for supplemental magnesium against every dose the
articles advise, the supplement forms they recommend, and the causes of loss and risk groups they name."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
from babel.numbers import format_decimal

from .. import answers, figstyle
from ..dataset import Dataset, in_language
from ..domain import reference, units
from ..domain.matching import ABOVE, AGREES, NO_LIMIT, PARTLY_ABOVE, WITHIN, compare, stated_limit_check
from ..domain.reference import adult_limits, authority_names, limits
from ..domain.stances import by_key, claims_of
from ..formatting import number, qualified, reference_value_columns, source_text, span, stance_columns
from ..i18n import SOURCE_LANGUAGE, counted, languages, text
from ..registry import register
from ..table import Table

PAGE = "book/limits"  # the page that shows this module's tables; they are numbered by position

DOSE_TOPICS = ("supplement_dose", "upper_limit", "toxicity")
# The articles' doses name no age or group; they are read as advice for adults, and compared with the
# limits at the adult age (reference.adult_limits).
DOSE_WORDS = {WITHIN: "limits.dose.within", PARTLY_ABOVE: "limits.dose.partly_above", ABOVE: "limits.dose.above"}
SUPPLEMENT = "supplement"
ANY_FORM = "limits.any_form"  # the Form column of a key with general advice on supplements
LOSS_THEME = "risk_loss"  # causes of loss; the other risk themes are groups at risk
RISK_THEMES = (LOSS_THEME, "older_people", "athletes", "stress", "pregnancy")


# ---- upper limits ----------------------------------------------------------------------------------

@register("upper-limits", position=1)
def limits_table(data: Dataset, lang: str) -> Table:
    found = limits(data)
    yes, no = text("limits.yes", lang), text("limits.no", lang)
    out = pd.DataFrame({
        **reference_value_columns(data, found, lang),
        text("limits.col.mg_per_day", lang): found["value"],
        text("limits.col.mmol_per_day", lang): [number(units.mg_to_mmol(v), lang) for v in found["value"]],
        text("limits.col.verified", lang): [yes if v else no for v in found["verified"]],
        text("limits.col.id", lang): found["id"],
    })
    return Table("upper-limits", text("limits.caption.upper_limits", lang), out, tuple(sorted(set(found["authority"]))),
                 detail_columns=(text("limits.col.id", lang),))


def dose_figures(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """The articles' supplement doses, the limits they state and the toxic amounts, in mg (a day)."""
    figs = data.figures[data.figures["topic"].isin(DOSE_TOPICS)].copy()
    wrong = figs[~figs["unit"].isin(["mg", "mg/day"])]
    if not wrong.empty:
        raise ValueError(text("limits.error.dose_unit", lang, figures=", ".join(wrong["id"])))
    figs["order"] = figs["topic"].map(DOSE_TOPICS.index)
    return figs.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)


def _g(value: float, lang: str) -> str:
    """A number as Python's general format writes it ('250', '0.5': no grouping, no rounding to three
    figures), with the language's decimal sign."""
    return format_decimal(value, format="0.######", locale=lang)


def authority_check(data: Dataset, fig, lang: str = SOURCE_LANGUAGE) -> str:
    """For a stated limit that names an authority: whether that authority has a limit of the figure's value."""
    checked = stated_limit_check(data, fig)
    if checked is None:
        return ""
    verdict, found = checked
    name = authority_names(data)[fig.attributed_to]
    if verdict == NO_LIMIT:
        return text("limits.check.no_limit", lang, authority=name)
    given = text("limits.list_separator", lang).join(
        text("limits.check.value", lang, kind=k, value=_g(v, lang)) for k, v in zip(found["kind"], found["value"],
                                                                                     strict=True))
    key = "limits.check.agrees" if verdict == AGREES else "limits.check.differs"
    return text(key, lang, authority=name, values=given)


def assessed_doses(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    figs = dose_figures(data, lang)
    adult = adult_limits(data)
    lowest = min(adult.values())
    rows = []
    for fig in figs.itertuples():
        verdicts = {name: compare(fig.low, fig.high, limit) for name, limit in adult.items()}
        above = [name for name, v in verdicts.items() if v != WITHIN]
        rows.append({"id": fig.id, **verdicts, "flag": ", ".join(above) if fig.topic == "supplement_dose" else "",
                     "above_any": bool(above), "times_lowest": span(fig.low / lowest, fig.high / lowest, lang)})
    return figs.merge(pd.DataFrame(rows), on="id")


@register("doses-against-limits", position=2)
def doses_table(data: Dataset, lang: str) -> Table:
    figs = assessed_doses(data, lang)
    adult = adult_limits(data)
    words = {code: text(key, lang) for code, key in DOSE_WORDS.items()}
    out = pd.DataFrame({
        text("limits.col.figure", lang): figs["id"],
        text("limits.col.source", lang): [source_text(data, f, lang) for f in figs.itertuples()],
        text("limits.col.what_it_is", lang): [data.label("topic", t, lang) for t in figs["topic"]],
        text("limits.col.as_printed", lang): figs["as_written"],
        text("limits.col.mg_per_day", lang): [qualified(data, f.qualifier, span(f.low, f.high, lang), lang)
                                              for f in figs.itertuples()],
        text("limits.col.mmol_per_day", lang): [
            qualified(data, f.qualifier, span(units.mg_to_mmol(f.low), units.mg_to_mmol(f.high), lang), lang)
            for f in figs.itertuples()],
        **{name: figs[name].map(words) for name in adult},
        text("limits.col.times_lowest_limit", lang): figs["times_lowest"],
        text("limits.col.advice_above_limit_of", lang): figs["flag"],
        text("limits.col.authority_it_cites", lang): [authority_check(data, f, lang) for f in figs.itertuples()],
        text("limits.col.what_it_says", lang): figs[in_language("note", lang)],
    })
    stated = text("limits.list_separator", lang).join(
        text("limits.authority_limit", lang, authority=name, value=_g(limit, lang)) for name, limit in adult.items())
    return Table("doses-against-limits", text("limits.caption.doses_against_limits", lang, limits=stated),
                 out, tuple(sorted(set(figs["source"]))),
                 detail_columns=(text("limits.col.figure", lang),))


OPEN_END = 1.6  # how far to the right an open-ended amount ("more than ...") is drawn, as a factor


def doses_figure(data: Dataset, lang: str = SOURCE_LANGUAGE):
    """Doses as horizontal bars on a log scale, the adult limits as vertical lines, and the toxic amount."""
    figs = assessed_doses(data, lang).iloc[::-1].reset_index(drop=True)
    adult = adult_limits(data)
    lowest = min(adult.values())
    colours = {"supplement_dose": figstyle.BLUE, "upper_limit": figstyle.GREEN, "toxicity": figstyle.PURPLE}
    fig, ax = plt.subplots(figsize=(figstyle.WIDTH, figstyle.height(len(figs), 0.45, 3.0)))
    for y, f in enumerate(figs.itertuples()):
        colour = colours[f.topic]
        if f.qualifier == "more_than":
            ax.annotate("", xy=(f.high * OPEN_END, y), xytext=(f.low, y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 3})
        elif f.low == f.high:
            ax.plot([f.low], [y], "o", color=colour, ms=9)
        else:
            ax.plot([f.low, f.high], [y, y], color=colour, lw=7, solid_capstyle="butt")
        if f.topic == "supplement_dose" and f.high > lowest:
            ax.plot([max(f.low, lowest), f.high], [y, y], color=figstyle.VERMILLION, lw=2.5,
                    solid_capstyle="butt")
            ax.text(f.high * 1.08, y, figstyle.wrap(text("limits.figure.above_limit", lang, authorities=f.flag), 16),
                    va="center", color=figstyle.VERMILLION)
    for (name, limit), style in zip(adult.items(), ("--", ":", "-."), strict=False):
        ax.axvline(limit, color="black", ls=style, lw=1.2,
                   label=text("limits.figure.adult_ul", lang, authority=name, value=_g(limit, lang)))
    ax.set_xscale("log")
    ax.set_xlim(figs["low"].min() / 1.5, figs["high"].max() * OPEN_END * 1.5)
    ticks = sorted({*figs["low"], *figs["high"], *adult.values()})
    ax.set_xticks(ticks, [_g(t, lang) for t in ticks], rotation=90)
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.set_yticks(range(len(figs)), [figstyle.figure_row(f, lang) for f in figs.itertuples()])
    ax.set_ylim(-0.6, len(figs) - 0.4)
    ax.set_xlabel(text("limits.figure.dose_axis", lang))
    ax.grid(axis="x", alpha=0.3)
    handles = [plt.Line2D([], [], color=c, lw=6, label=data.label("topic", t, lang)) for t, c in colours.items()]
    handles.append(plt.Line2D([], [], color=figstyle.VERMILLION, lw=2.5,
                              label=text("limits.figure.advice_above", lang)))
    fig.legend(handles=handles + ax.get_legend_handles_labels()[0], loc="lower center", ncol=1, frameon=False)
    fig.tight_layout(rect=(0, 0.25, 1, 1))
    return fig


def limits_summary(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
    figs = assessed_doses(data, lang)
    advice = figs[figs["topic"] == "supplement_dose"]
    adult = adult_limits(data)
    found = limits(data)
    names = authority_names(data)
    # The prose sets the European limit (SCF) beside the US one (IOM) by name.
    eu, us = names["scf2001"], names["iom1997"]
    # A NOAEL is recorded under toxicity (nutrinews2025-f18) but is the highest dose without harm, not a toxic
    # amount: the prose's "toxic amounts start above" counts only the other toxicity figures.
    toxic = figs[(figs["topic"] == "toxicity") & (figs["stated_kind"] != "NOAEL")]
    us_ul = found[(found["authority"] == "iom1997") & (found["kind"] == "UL")]
    us_children = us_ul[us_ul["value"] < adult[us]]  # the young children's limits, below the adults' one
    supplemental = int((found["applies_to"] == "supplemental").sum())
    above_us = int((advice[us] != WITHIN).sum())
    return {
        "eu_ul": adult[eu], "us_ul": adult[us],
        "eu_ul_mmol": units.mg_to_mmol(adult[eu]), "us_ul_mmol": units.mg_to_mmol(adult[us]),
        "eu_from_age": found[(found["authority"] == "scf2001") & (found["kind"] == "UL")
                             & (found["life_stage"] == "general")]["from_m"].min() / 12,
        "us_child_ul_low": us_children["value"].min(), "us_child_ul_high": us_children["value"].max(),
        "n_limits": len(found),
        "n_limits_supplemental": int((found["applies_to"] == "supplemental").sum()),
        "n_advice": len(advice),
        "n_advice_above_eu": int((advice[eu] != WITHIN).sum()),
        "n_advice_above_us": int((advice[us] != WITHIN).sum()),
        "advice_max": advice["high"].max(),
        "n_ul_authorities": found.loc[found["kind"] == "UL", "authority"].nunique(),
        "n_toxicity_sources": toxic["source"].nunique(),
        "toxic_mg": toxic["low"].min(),
        "toxic_times_eu": toxic["low"].min() / adult[eu],
        # the same counts as clauses that read as written, not as "of the 18, 18" and "0 above"
        "supplemental_share": text("limits.glue.all_supplemental" if len(found) == supplemental
                                   else "limits.glue.some_supplemental", lang, n=supplemental, total=len(found)),
        "advice_above_us_count": counted(above_us, "limits.glue.count_one", "limits.glue.count_many", lang,
                                         none="limits.glue.count_none"),
    }


# ---- supplement forms --------------------------------------------------------------------------------

def form_names(data: Dataset, forms: pd.Series, lang: str = SOURCE_LANGUAGE) -> pd.Series:
    """The supplement form of each claim key, by name (claim_keys.yaml 'form'), or the text of ANY_FORM
    for a key with advice on supplements in general."""
    any_form = text(ANY_FORM, lang)
    return forms.map(lambda f: data.label("supplement_form", f, lang) if isinstance(f, str) else any_form)


def supplement_claims(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """The supplement claims in the order of their form, with the form's name ('form') and whether they
    name one ('named_form')."""
    claims = claims_of(data, themes=(SUPPLEMENT,))
    keys = by_key(claims, lang).set_index("key")
    order = list(data.vocabulary["supplement_form"])
    claims["order"] = claims["form"].map(lambda f: order.index(f) if isinstance(f, str) else len(order))
    claims["named_form"] = claims["form"].map(lambda f: isinstance(f, str))
    claims["form"] = form_names(data, claims["form"], lang)
    claims["wording"] = claims["claim"].map(data.claim_keys.set_index("key")[in_language("en", lang)])
    claims["agreement"] = claims["claim"].map(keys["agreement"])
    claims["n_sources"] = claims["claim"].map(keys["n_sources"])
    return (claims.sort_values(["order", "n_sources", "claim"], ascending=[True, False, True], kind="stable")
            .reset_index(drop=True))


@register("supplement-forms", position=3)
def forms_table(data: Dataset, lang: str) -> Table:
    claims = supplement_claims(data, lang)
    out = pd.DataFrame({
        text("limits.col.form", lang): claims["form"],
        text("limits.col.claim", lang): claims["wording"],
        text("limits.col.source", lang): claims["source"],
        text("limits.col.stance", lang): [data.label("stance", s, lang) for s in claims["stance"]],
        text("limits.col.what_the_source_says", lang): claims[in_language("paraphrase", lang)],
        text("limits.col.agreement", lang): claims["agreement"],
        text("limits.col.id", lang): claims["id"],
    })
    return Table("supplement-forms", text("limits.caption.supplement_forms", lang),
                 out, tuple(sorted(set(claims["source"]))),
                 detail_columns=(text("limits.col.id", lang),))


def _share_clause(n: int, total: int, lang: str) -> str:
    """How many of `total` have something, as the start of a clause: 'both have', 'all of them have', '1 of
    those has', '3 of those have', 'none of those has'."""
    if n == 0:
        return text("limits.glue.share_none", lang)
    if n == total:
        return text("limits.glue.share_both" if n == 2 else "limits.glue.share_all", lang)
    return counted(n, "limits.glue.share_one", "limits.glue.share_many", lang)


def forms_summary(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
    claims = supplement_claims(data, lang)
    keys = by_key(claims_of(data, themes=(SUPPLEMENT,)))
    keys["form"] = keys["key"].map(data.claim_keys.set_index("key")["form"])
    named = keys[keys["form"].notna()]
    form_sources = sorted(set(claims[claims["named_form"]]["source"]))
    commercial = int(data.sources.set_index("id").loc[form_sources, "commercial_interests"].map(bool).sum())
    return {
        "n_forms_named": named["form"].nunique(),
        "n_form_claims": len(named),
        "n_form_claims_shared": int((named["n_sources"] > 1).sum()),
        "n_sources_on_forms": len(form_sources),
        "n_form_sources_commercial": commercial,
        # "and 2 of those have" read as output where they are both: the count as the clause a writer would use
        "form_sources_commercial": _share_clause(commercial, len(form_sources), lang),
        "n_advice_keys": int(keys["form"].isna().sum()),
        "n_advice_shared": int((keys["form"].isna() & (keys["n_sources"] > 1)).sum()),
        "n_supplement_conflicts": int(keys["conflict"].sum()),
    }


# ---- causes of loss and risk groups -----------------------------------------------------------------

def risk_claims(data: Dataset, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    keys = by_key(claims_of(data, themes=RISK_THEMES), lang)
    keys["order"] = keys["theme"].map(RISK_THEMES.index)
    return (keys.sort_values(["order", "n_sources"], ascending=[True, False], kind="stable")
            .drop(columns="order").reset_index(drop=True))


@register("losses-and-risk-groups", position=4)
def risk_table(data: Dataset, lang: str) -> Table:
    keys = risk_claims(data, lang)
    out = pd.DataFrame({
        text("limits.col.theme", lang): [data.label("theme", t, lang) for t in keys["theme"]],
        text("limits.col.claim", lang): keys["key"].map(data.claim_keys.set_index("key")[in_language("en", lang)]),
        **stance_columns(keys, lang),
        text("limits.col.agreement", lang): keys["agreement"],
        text("limits.col.claims", lang): keys["claims"],
        text("limits.col.key", lang): keys["key"],
    })
    sources = claims_of(data, themes=RISK_THEMES)["source"]
    return Table("losses-and-risk-groups", text("limits.caption.losses_and_risk_groups", lang), out,
                 tuple(sorted(set(sources))),
                 detail_columns=(text("limits.col.claims", lang), text("limits.col.key", lang)))


STANCE_MARKERS = {"asserts": ("o", figstyle.BLUE), "qualifies": ("D", figstyle.PURPLE),
                  "denies": ("X", figstyle.VERMILLION)}


def risk_figure(data: Dataset, lang: str = SOURCE_LANGUAGE):
    """Which source names which cause of loss: a grid of claims against sources, marked by stance."""
    claims = claims_of(data, themes=(LOSS_THEME,))
    keys = risk_claims(data)
    keys = keys[keys["theme"] == LOSS_THEME].iloc[::-1].reset_index(drop=True)
    sources = list(data.sources["id"])
    row = {k: y for y, k in enumerate(keys["key"])}
    column = {s: x for x, s in enumerate(sources)}
    fig, ax = plt.subplots(figsize=(figstyle.WIDTH, figstyle.height(len(keys), 0.56, 2.6)))
    for stance, (marker, colour) in STANCE_MARKERS.items():
        mine = claims[claims["stance"] == stance]
        ax.scatter([column[s] for s in mine["source"]], [row[k] for k in mine["claim"]], marker=marker,
                   color=colour, s=70, label=data.label("stance", stance, lang), zorder=3)
    claims_in_words = keys["key"].map(data.claim_keys.set_index("key")[in_language("en", lang)])
    ax.set_yticks(range(len(keys)), [figstyle.wrap(c, 32) for c in claims_in_words])
    ax.set_xticks(range(len(sources)), [figstyle.wrap(figstyle.source_name(s, lang), 12) for s in sources],
                  rotation=90)
    ax.set_xlim(-0.5, len(sources) - 0.5)
    ax.set_ylim(-0.7, len(keys) - 0.3)
    ax.grid(alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def risk_summary(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
    keys = risk_claims(data)
    losses = keys[keys["theme"] == LOSS_THEME]
    denials = claims_of(data, themes=RISK_THEMES).query("stance == 'denies'")["source"].value_counts()
    return {
        "most_denying_source": figstyle.source_name(denials.index[0], lang) if len(denials)
        else text("limits.no_source", lang),
        "n_denials_by_it": int(denials.iloc[0]) if len(denials) else 0,
        "n_denials": int(denials.sum()),
        "n_causes": len(losses),
        "n_causes_single": int((losses["n_sources"] == 1).sum()),
        "n_causes_most_named": int((losses["n_sources"] == losses["n_sources"].max()).sum()),
        "most_named_sources": int(losses["n_sources"].max()),
        "n_risk_claims": len(keys),
        "n_risk_conflicts": int(keys["conflict"].sum()),
        "n_groups": keys.loc[keys["theme"] != LOSS_THEME, "theme"].nunique(),
    }


def glue_values(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict[str, float]:
    """The numbers the chapter's prose quotes, by glue name."""
    return {**limits_summary(data, lang), **forms_summary(data, lang), **risk_summary(data, lang)}


# ---- the answer the chapter opens with ------------------------------------------------------------------

LIMITS_TABLE = "limits.html#upper-limits"


def answer(data: Dataset) -> answers.Answer:
    """The largest safe supplement dose for an adult: each authority's upper limit at the adult age, the
    lowest of them, what the limits count, and how many of the articles' doses go above the European one."""
    adult = data.parameter("adult_age")
    found = reference.lookup(adult, "female", data=data)
    uls = found[found["kind"] == "UL"].sort_values("value", kind="stable")

    def limit(rec):
        return answers.Figure(float(rec.value), LIMITS_TABLE, answers.value_doubt(rec), unit="mg")

    lowest = next(uls.itertuples())
    summary = limits_summary(data)
    eu = "scf2001"  # the advice is counted against the European limit by name, as in the chapter's prose
    doses = "limits.html#doses-against-limits"
    return answers.Answer(
        chapter="limits.html", question="limits.answer.question",
        lead=answers.Phrase("limits.answer.lead", {"limits": answers.Listing(tuple(
            answers.Phrase("limits.answer.limit", {"value": limit(r),
                                                   "authority": answers.Name("authority", r.authority)})
            for r in uls.itertuples()))}),
        closing=(answers.Phrase("limits.answer.lowest", {"value": limit(lowest),
                                                         "authority": answers.Name("authority", lowest.authority)}),
                 answers.Phrase("limits.answer.scope"),
                 answers.Phrase("limits.answer.advice", {
                     "above": answers.Figure(summary["n_advice_above_eu"], doses),
                     "n": answers.Figure(summary["n_advice"], doses), "authority": answers.Name("authority", eu)})),
        brief=answers.Phrase("limits.answer.brief", {"value": limit(lowest),
                                                     "authority": answers.Name("authority", lowest.authority)}),
    )


def limit_terms(data: Dataset) -> list[str]:
    """The words to find the upper limits by: the vocabulary's upper limit, supplement dose and toxicity, in
    English and Dutch."""
    return [data.label("topic", t, lang) for t in ("upper_limit", "supplement_dose", "toxicity")
            for lang in languages()]


def form_terms(data: Dataset) -> list[str]:
    """The words to find the dose check by: each supplement form's name in English and Dutch, and the name
    without 'magnesium' ('citraat', 'bisglycinaat'), which a reader may search alone."""
    named = data.supplement_forms.dropna(subset=["form_en"])
    names = [n for column in ("form_en", "form_nl") for n in named[column]]
    bare = [part.removeprefix("magnesium").strip(" -") for n in names for part in re.split(r" or | of ", n)]
    return names + [b for b in bare if b]
