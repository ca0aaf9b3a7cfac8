"""Chapter 'Too little, too much': upper limits against the advised doses, supplement forms, causes of
loss and risk groups; and the proof that every record of the chapter's topics and themes is in a table."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from test_body import missing_ids, shown_tables

import mgtables
from mgtables.chapters import limits
from mgtables.domain import matching, reference
from mgtables.i18n import text

DATA = mgtables.load()
PAGE = "book/limits"
# What the chapter must cover, as the issue names it (deliberately not read from the module).
FIGURE_TOPICS = ("supplement_dose", "upper_limit", "toxicity")
CLAIM_THEMES = ("supplement", "risk_loss", "older_people", "athletes", "stress", "pregnancy")
LIMIT_KINDS = ("UL", "NOAEL")


# ---- coverage --------------------------------------------------------------------------------------

def test_the_chapter_shows_its_tables():
    assert {t.id for t in shown_tables(PAGE)} == {"upper-limits", "doses-against-limits", "supplement-forms",
                                                  "losses-and-risk-groups"}


def test_every_figure_of_the_chapter_topics_is_in_a_table():
    ids = DATA.figures[DATA.figures["topic"].isin(FIGURE_TOPICS)]["id"]
    assert len(ids) > 0
    assert missing_ids(ids, shown_tables(PAGE)) == []


def test_every_claim_of_the_chapter_themes_is_in_a_table():
    claims = DATA.claims.merge(DATA.claim_keys, left_on="claim", right_on="key")
    ids = claims[claims["theme"].isin(CLAIM_THEMES)]["id"]
    assert set(claims[claims["id"].isin(ids)]["theme"]) == set(CLAIM_THEMES)
    assert missing_ids(ids, shown_tables(PAGE)) == []


def test_every_upper_limit_record_is_in_a_table():
    ids = DATA.reference_values[DATA.reference_values["kind"].isin(LIMIT_KINDS)]["id"]
    assert len(ids) > 0
    assert missing_ids(ids, shown_tables(PAGE)) == []


# ---- limits and doses ------------------------------------------------------------------------------

COMPARE = {
    "below": ((100, 150), matching.WITHIN),
    "up to the limit": ((100, 250), matching.WITHIN),
    "equal to the limit": ((250, 250), matching.WITHIN),
    "across the limit": ((100, 350), matching.PARTLY_ABOVE),
    "from the limit up": ((250, 350), matching.PARTLY_ABOVE),  # 250 itself is within
    "just above": ((251, 350), matching.ABOVE),
    "far above": ((2500, 2500), matching.ABOVE),
}


@pytest.mark.parametrize("case", COMPARE.values(), ids=COMPARE.keys())
def test_compare_with_a_limit(case):
    (low, high), expected = case
    assert matching.compare(low, high, 250) == expected
    assert expected in limits.DOSE_WORDS


def test_adult_limits_are_the_ul_the_intake_lookup_gives_an_adult():
    found = reference.intake(DATA.parameter("adult_age"), "female")
    uls = found[found["Kind"] == "UL"]
    adult = reference.adult_limits(DATA)
    assert adult == dict(zip(uls["Authority"], uls["mg/day"].astype(float), strict=True))
    assert len(adult) >= 2  # the EU and the US limit


def test_every_limit_concerns_supplements_only():
    table = limits.limits_table(DATA, "en").data
    assert set(table["Applies to"]) == {DATA.label("applies_to", "supplemental")}
    caption = limits.limits_table(DATA, "en").caption
    assert "supplements" in caption and "food" in caption


def test_advice_is_flagged_exactly_when_it_goes_above_an_adult_limit():
    adult = reference.adult_limits(DATA)
    table = limits.doses_table(DATA, "en").data.set_index("Figure")
    figs = DATA.figures[DATA.figures["topic"].isin(FIGURE_TOPICS)].set_index("id")
    for fid, fig in figs.iterrows():
        above = [name for name, limit in adult.items() if fig["high"] > limit]
        expected = ", ".join(above) if fig["topic"] == "supplement_dose" else ""
        assert table.loc[fid, "Advice above the limit of"] == expected, fid


def test_a_dose_above_every_limit_is_flagged_for_every_authority():
    figs = DATA.figures.copy()
    extra = figs[figs["topic"] == "supplement_dose"].iloc[0].copy()
    extra["id"], extra["low"], extra["high"] = "x-f99", 500.0, 600.0
    data = replace(DATA, figures=pd.concat([figs, extra.to_frame().T], ignore_index=True))
    row = limits.doses_table(data, "en").data.set_index("Figure").loc["x-f99"]
    assert row["Advice above the limit of"] == ", ".join(reference.adult_limits(DATA))


def test_stated_limits_are_checked_against_the_authority_they_cite():
    table = limits.doses_table(DATA, "en").data.set_index("Figure")
    values = reference.limits(DATA)
    for fig in DATA.figures[DATA.figures["topic"] == "upper_limit"].itertuples():
        if not isinstance(fig.attributed_to, str):
            continue
        own = values[values["authority"] == fig.attributed_to]["value"]
        verdict = "agrees with" if ((own >= fig.low) & (own <= fig.high)).any() else "differs from"
        assert table.loc[fig.id, "The authority it cites"].startswith(verdict), fig.id


def test_a_stated_noael_is_checked_against_the_authoritys_noael():
    table = limits.doses_table(DATA, "en").data.set_index("Figure")
    noaels = reference.limits(DATA).query("kind == 'NOAEL'")
    figs = DATA.figures[(DATA.figures["stated_kind"] == "NOAEL") & DATA.figures["attributed_to"].notna()]
    assert len(figs) > 0
    for fig in figs.itertuples():
        own = noaels[noaels["authority"] == fig.attributed_to]["value"]
        verdict = "agrees with" if ((own >= fig.low) & (own <= fig.high)).any() else "differs from"
        assert table.loc[fig.id, "The authority it cites"].startswith(verdict), fig.id
        assert "NOAEL" in table.loc[fig.id, "The authority it cites"]


def test_a_dose_from_the_limit_up_is_partly_above_it():
    # topvitamine2026-f15, 250-350 mg: 250 itself is within the SCF's 250.
    table = limits.doses_table(DATA, "en").data.set_index("Figure")
    assert table.loc["topvitamine2026-f15", reference.authority_names(DATA)["scf2001"]] == "partly above the limit"


def test_dose_figures_must_be_in_milligrams():
    figs = DATA.figures.copy()
    figs.loc[figs["topic"] == "toxicity", "unit"] = "mmol/day"
    with pytest.raises(ValueError, match="mg or mg/day"):
        limits.dose_figures(replace(DATA, figures=figs))


def test_glue_counts_of_advice_above_the_limits_agree_with_the_records():
    adult = reference.adult_limits(DATA)
    names = reference.authority_names(DATA)
    advice = DATA.figures[DATA.figures["topic"] == "supplement_dose"]
    values = limits.glue_values(DATA)
    assert values["n_advice_above_eu"] == int((advice["high"] > adult[names["scf2001"]]).sum())
    assert values["n_advice_above_us"] == int((advice["high"] > adult[names["iom1997"]]).sum())


def test_the_toxic_amount_is_no_level_without_harm():
    # A NOAEL is recorded under toxicity (the highest dose without harm), but toxic amounts start above the
    # other toxicity figures: with the NOAEL at 1 mg the toxic amount must not move.
    figs = DATA.figures.copy()
    toxic = figs[(figs["topic"] == "toxicity") & (figs["stated_kind"] != "NOAEL")]
    assert len(toxic) > 0
    values = limits.limits_summary(DATA)
    assert values["toxic_mg"] == toxic["low"].min()
    assert values["toxic_times_eu"] == toxic["low"].min() / reference.adult_limits(DATA)[
        reference.authority_names(DATA)["scf2001"]]
    figs.loc[figs["stated_kind"] == "NOAEL", ["low", "high"]] = 1.0
    assert limits.limits_summary(replace(DATA, figures=figs))["toxic_mg"] == values["toxic_mg"]


def test_doses_figure_draws_a_row_per_figure_and_a_line_per_adult_limit():
    fig = limits.doses_figure(DATA)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(limits.dose_figures(DATA))
    vertical = [line for line in ax.get_lines() if len(set(line.get_xdata())) == 1 and len(line.get_xdata()) == 2
                and list(line.get_ydata()) == [0, 1]]
    assert sorted(line.get_xdata()[0] for line in vertical) == sorted(reference.adult_limits(DATA).values())


# ---- supplement forms ------------------------------------------------------------------------------

FORM_OF = {
    "supplement.citrate": "citrate",
    "supplement.glycinate_gentle": "glycinate",
    "supplement.oxide_poorly_absorbed": "oxide",
    "supplement.split_doses": text(limits.ANY_FORM),
}


@pytest.mark.parametrize("key", FORM_OF, ids=FORM_OF.keys())
def test_form_of_a_key_is_the_form_it_names(key):
    form = DATA.claim_keys.set_index("key")["form"].loc[[key]]
    assert limits.form_names(DATA, form).iloc[0] == FORM_OF[key]


def test_every_form_is_the_subject_of_some_claim():
    keys = DATA.claim_keys[DATA.claim_keys["theme"] == "supplement"]
    assert set(keys["form"].dropna()) == set(DATA.vocabulary["supplement_form"])


def test_forms_table_lists_form_claims_before_general_advice():
    forms = list(limits.forms_table(DATA, "en").data["Form"])
    names = [DATA.label("supplement_form", f) for f in DATA.vocabulary["supplement_form"]]
    order = [(*names, text(limits.ANY_FORM)).index(f) for f in forms]
    assert order == sorted(order)


def test_agreement_counts_the_sources_of_each_supplement_claim():
    table = limits.forms_table(DATA, "en").data
    for claim, group in table.groupby("Claim"):
        n = group["Source"].nunique()
        assert set(group["Agreement"]) == {"one source only" if n == 1 else f"{n} sources agree"}, claim


# ---- causes of loss and risk groups ----------------------------------------------------------------

def test_risk_table_names_every_source_under_its_stance():
    table = limits.risk_table(DATA, "en").data.set_index("Key")
    claims = DATA.claims[DATA.claims["claim"].isin(table.index)]
    columns = {"asserts": "Stated by", "denies": "Denied by", "qualifies": "Qualified by"}
    for claim in claims.itertuples():
        assert claim.source in table.loc[claim.claim, columns[claim.stance]].split(", "), claim.id


def test_risk_figure_marks_every_cause_of_loss_claim():
    fig = limits.risk_figure(DATA)
    n_points = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    claims = DATA.claims.merge(DATA.claim_keys, left_on="claim", right_on="key")
    assert n_points == int((claims["theme"] == "risk_loss").sum())


# ---- languages -------------------------------------------------------------------------------------

def test_the_dutch_dose_table_words_the_verdicts_and_checks_in_dutch():
    table = limits.doses_table(DATA, "nl")
    verdicts = {"binnen de bovengrens", "deels boven de bovengrens", "boven de bovengrens"}
    for name in reference.adult_limits(DATA):
        assert set(table.data[name]) <= verdicts
    assert "mg/dag" in table.caption and "mg/day" not in table.caption
    checks = [c for c in table.data["Aangehaalde instantie"] if c]
    assert checks and all(c.startswith(("komt overeen met", "wijkt af van")) or "geen bovengrens" in c
                          for c in checks)
    assert any("," in v for v in table.data["mmol/dag"])  # a decimal comma


def test_the_dutch_forms_table_names_the_forms_in_dutch():
    forms = set(limits.forms_table(DATA, "nl").data["Vorm"])
    assert text(limits.ANY_FORM, "nl") in forms
    assert DATA.label("supplement_form", "citrate", "nl") in forms
