"""The chapter 'Who says what': the claim matrix holds every claim record, the conflicts are exactly
those in the data and each has a verdict, unbacked numbers are found with their reason, and the
source scores follow the rubric."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from conftest import with_parameter

import mgtables
from mgtables.chapters import claims
from mgtables.domain import matching, reference

DATA = mgtables.load()
SOURCES = list(DATA.sources["id"])
MATRIX = claims.matrix(DATA)


# ---- the matrix ------------------------------------------------------------------------------------

@pytest.mark.parametrize("rec", list(DATA.claims.itertuples()), ids=lambda r: r.id)
def test_every_claim_record_is_in_the_matrix(rec):
    row = MATRIX[MATRIX["key"] == rec.claim]
    assert len(row) == 1
    assert row[rec.source].iloc[0] == rec.stance
    assert rec.id in row["records"].iloc[0].split(", ")


def test_matrix_has_one_row_per_key_and_nothing_but_the_records():
    assert sorted(MATRIX["key"]) == sorted(DATA.claim_keys["key"])
    stated = (MATRIX[SOURCES] != claims.SILENT).to_numpy().sum()
    assert stated == len(DATA.claims)


def test_published_matrix_shows_stance_labels_and_silence():
    table = mgtables.table("claim-matrix").data
    for rec in DATA.claims.sample(20, random_state=1).itertuples():
        row = table[table["Key"] == rec.claim]
        assert row[rec.source].iloc[0] == DATA.label("stance", rec.stance)
    silent = MATRIX.melt(id_vars="key", value_vars=SOURCES).query("value == @claims.SILENT")
    key, source = silent.iloc[0][["key", "variable"]]
    assert table[table["Key"] == key][source].iloc[0] == claims.SILENT


def test_matrix_is_grouped_by_theme_in_vocabulary_order():
    order = [claims.themes(DATA).index(t) for t in MATRIX["theme"]]
    assert order == sorted(order)


def _claims(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "source", "claim", "stance"])


KEYS = pd.DataFrame({"key": ["a.x", "a.y"], "theme": ["a", "a"], "en": ["X", "Y"]})


def test_hand_made_matrix_marks_silence_and_unknown_sources():
    found = claims.stance_matrix(_claims(("s1-c1", "s1", "a.x", "denies")), KEYS, ["s1", "s2"])
    assert list(found["s1"]) == ["denies", claims.SILENT]
    assert list(found["s2"]) == [claims.SILENT, claims.SILENT]
    assert list(found["records"]) == ["s1-c1", ""]


def test_two_records_of_one_source_on_one_key_are_refused():
    twice = _claims(("s1-c1", "s1", "a.x", "asserts"), ("s1-c2", "s1", "a.x", "denies"))
    with pytest.raises(ValueError, match="s1-c1, s1-c2"):
        claims.stance_matrix(twice, KEYS, ["s1"])


def test_theme_counts_add_up_to_the_records():
    counts = claims.theme_counts(DATA)
    assert counts[SOURCES].to_numpy().sum() == len(DATA.claims)
    assert counts["denies"].sum() == (DATA.claims["stance"] == "denies").sum()
    assert counts["keys"].sum() == len(DATA.claim_keys)


def test_matrix_figure_colours_every_cell_by_the_stance_of_its_record():
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    fig = claims.matrix_heatmap(DATA)
    image = fig.axes[0].images[0]
    cells = image.get_array()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)
    rows = [i for i in range(cells.shape[0]) if not cells.mask[i].all()]  # the theme heading rows hold no cells
    colours = [to_hex(c) for c in image.cmap(image.norm(cells[rows]))[..., :3].reshape(-1, 3)]
    said = DATA.claims.set_index(["claim", "source"])["stance"]
    expected = [claims.STANCE_COLOURS[said.get((key, source), claims.SILENT)]
                for key in MATRIX["key"] for source in SOURCES]
    assert colours == expected
    status = DATA.claim_keys.set_index("key")["register_status"]
    assert [labels[i] for i in rows] == [claims.row_label(DATA, k, status[k]) for k in MATRIX["key"]]
    assert len(labels) - len(rows) == MATRIX["theme"].nunique()


def test_row_label_marks_the_register_status_and_leaves_non_health_claims_bare():
    mark = claims.REGISTER_MARKS["authorised"]
    energy = claims.short_label(DATA, "function_benefit.energy_atp")
    assert claims.row_label(DATA, "function_benefit.energy_atp", "authorised") == f"{energy} {mark}"
    assert claims.row_label(DATA, "risk_loss.ppi", "not_a_health_claim") == claims.short_label(DATA, "risk_loss.ppi")
    assert set(claims.REGISTER_MARKS) == set(DATA.vocabulary["register_status"])
    marks = [m for m in claims.REGISTER_MARKS.values() if m]
    assert len(set(marks)) == len(marks)


def test_short_label_is_the_claim_in_words_on_one_line():
    key = MATRIX["key"].iloc[0]
    label = claims.short_label(DATA, key)
    assert len(label) <= 31 and "\n" not in label
    assert DATA.claim_keys.set_index("key").loc[key, "en"].startswith(label.rstrip("…").rstrip())


# ---- conflicts -------------------------------------------------------------------------------------

def _expected_conflicts() -> set[str]:
    stances = DATA.claims.groupby("claim")["stance"].agg(set)
    return {key for key, found in stances.items() if {"asserts", "denies"} <= found}


def test_every_conflict_has_a_verdict_and_every_verdict_a_conflict():
    assert set(DATA.claim_verdicts["key"]) == _expected_conflicts()


def test_a_conflict_without_verdict_stops_the_chapter():
    partial = replace(DATA, claim_verdicts=DATA.claim_verdicts.iloc[1:])
    with pytest.raises(ValueError, match=DATA.claim_verdicts["key"].iloc[0]):
        claims.judged_conflicts(partial)


def test_verdicts_are_our_own_words_not_the_paraphrases():
    paraphrases = set(DATA.claims["paraphrase"])
    for verdict in DATA.claim_verdicts["verdict"]:
        assert not any(p in verdict for p in paraphrases)


def test_the_authorities_are_placed_on_the_life_stage_of_the_key():
    name = reference.authority_names(DATA)["efsa2015"]
    assert claims.authority_positions(DATA, "pregnancy.higher_need", ["efsa2015"]).startswith(f"{name}: ")
    without = replace(DATA, claim_keys=DATA.claim_keys.assign(life_stage=None))
    assert claims.authority_positions(without, "pregnancy.higher_need", ["efsa2015"]) == f"{name}."


def _women_value(authority: str, stage: str, age: float) -> float:
    rv = reference.intake(age, "female", stage, data=DATA)
    name = reference.authority_names(DATA)[authority]
    return rv[(rv["Authority"] == name) & rv["Kind"].isin(reference.RECOMMENDED)]["mg/day"].iloc[0]


@pytest.mark.parametrize("stage", ["pregnancy", "lactation"])
@pytest.mark.parametrize("authority", ["efsa2015", "iom1997"])
def test_stage_increment_is_the_difference_the_lookup_gives(authority, stage):
    age = DATA.parameter("young_adult_age")
    expected = _women_value(authority, stage, age) - _women_value(authority, "general", age)
    assert expected in set(reference.stage_increments(DATA, authority, stage)["increment"])


def test_no_increment_for_a_stage_without_values():
    assert reference.stage_increments(DATA, "efsa2015", "athletes").empty
    assert "no separate value for athletes" in claims.authority_positions(DATA, "athletes.sweat_loss",
                                                                           ["efsa2015"])


# ---- numbers nothing backs -------------------------------------------------------------------------

UNBACKED = claims.unbacked_figures(DATA)


def test_unbacked_figures_cover_every_candidate_but_the_fully_backed():
    topics = DATA.figures[DATA.figures["topic"].isin(claims.UNBACKED_TOPICS)]["id"]
    found = matching.reconcile(DATA)
    unmatched = found[found["matching"].map(len) == 0]["figure"]
    assert set(UNBACKED["figure"]) <= set(topics) | set(unmatched)
    assert set(unmatched) <= set(UNBACKED["figure"])
    assert "full" not in set(UNBACKED["support"])


def test_nothing_behind_means_a_source_without_references():
    refs = DATA.sources.set_index("id")["n_references"]
    for rec in UNBACKED.itertuples():
        assert rec.nothing_behind == (rec.support == "none" and refs[rec.source] == 0)
        assert ("no references" in rec.behind) == (refs[rec.source] == 0)


def test_a_figure_a_document_backs_shows_the_document_instead_of_none():
    backed = [f for f in DATA.figures.itertuples() if isinstance(f.backed_by, list) and f.backed_by
              and f.topic in claims.UNBACKED_TOPICS]
    assert backed, "no figure of the unbacked topics has a backing document"
    shown = UNBACKED.set_index("figure")
    for fig in backed:
        assert shown.loc[fig.id, "support"] == "document"
        assert fig.backed_by[0]["document"] in shown.loc[fig.id, "reason"]
        assert not shown.loc[fig.id, "nothing_behind"]
    bare = DATA.figures.assign(backed_by=None)
    without = claims.unbacked_figures(replace(DATA, figures=bare)).set_index("figure")
    assert {without.loc[fig.id, "support"] for fig in backed} == {"none"}


def test_an_unverified_backing_document_is_marked():
    item = {"document": "A regulator's note", "where": "section 2", "kind": "secondary_copy", "verified": False}
    assert claims._backing(DATA, [item], "en").endswith("*.")
    assert not claims._backing(DATA, [{**item, "verified": True}], "en").endswith("*.")


def _figure(**fields):
    base = {"id": "x-f01", "source": "x", "topic": "extra_need", "low": 40.0, "high": 40.0, "unit": "mg/day",
            "life_stage": "pregnancy"}
    return pd.Series({**base, **fields})


def test_an_extra_need_an_authority_sets_is_fully_backed():
    iom = set(reference.stage_increments(DATA, "iom1997", "pregnancy")["increment"])
    step = max(iom)
    support, reason = claims._extra_need_support(DATA, _figure(low=step, high=step))
    assert support == "full" and "IOM" in reason


def test_an_extra_need_beyond_every_authority_is_not_backed():
    support, reason = claims._extra_need_support(DATA, _figure(low=1000.0, high=2000.0))
    assert support == "none" and "None adds as much" in reason


def test_an_extra_need_for_a_group_no_authority_covers_says_so():
    support, reason = claims._extra_need_support(DATA, _figure(life_stage="chronic_stress", unit="percent"))
    assert support == "none"
    assert DATA.label("life_stage", "chronic_stress") in reason


# ---- appraisal -------------------------------------------------------------------------------------

SCORES = claims.scores(DATA).set_index("source")
CRITERIA = {c.name: c for c in claims.rubric(DATA)}
EXPERTISE_POINTS = {step["expertise"]: step["points"] for step in DATA.parameter("rubric_expertise_points")}


def test_every_source_is_scored_within_the_rubric():
    assert sorted(SCORES.index) == sorted(SOURCES)
    for name, criterion in CRITERIA.items():
        assert SCORES[name].between(0, criterion.maximum).all(), name
    assert (SCORES["total"] == SCORES[list(CRITERIA)].sum(axis=1)).all()


def test_scores_follow_the_register():
    src = DATA.sources.set_index("id")
    for source, row in SCORES.iterrows():
        reg = src.loc[source]
        assert (row["Peer review behind it"] > 0) == reg["peer_reviewed_basis"]
        assert (row["References given"] > 0) == (reg["n_references"] > 0)
        no_interest = DATA.parameter("rubric_no_interest_points")
        assert (row["Commercial interest"] == no_interest) == (not reg["commercial_interests"])
        assert row["Author expertise"] == EXPERTISE_POINTS[reg["author_expertise"]]


def test_every_expertise_term_has_points():
    assert set(EXPERTISE_POINTS) == set(DATA.vocabulary["author_expertise"])


def test_the_rubric_follows_its_parameters():
    steps = [{"at_least": 5, "points": 3}, {"at_least": 0, "points": 1}]
    data = with_parameter(DATA, "rubric_reference_steps", steps)
    criterion = {c.name: c for c in claims.rubric(data)}["References given"]
    assert criterion.maximum == 3
    assert criterion.rule == "3 for 5 or more; 1 for none"


def test_a_better_register_entry_never_scores_lower():
    worst = DATA.sources.iloc[[-1]].assign(peer_reviewed_basis=False, n_references=0, commercial_interests=[[]],
                                           author_expertise="not_stated")
    better = worst.assign(peer_reviewed_basis=True, n_references=50, author_expertise="academic_researcher")
    low = sum(c.score(next(worst.itertuples())) for c in CRITERIA.values())
    high = sum(c.score(next(better.itertuples())) for c in CRITERIA.values())
    assert high > low


def test_rubric_table_states_every_criterion_and_the_maximum():
    table = mgtables.table("appraisal-rubric").data
    assert list(table["Criterion"]) == list(CRITERIA)
    caption = mgtables.table("source-appraisal").caption
    assert f"out of {table['Maximum'].sum()}" in caption


def test_scores_are_best_first():
    assert list(claims.scores(DATA)["total"]) == sorted(SCORES["total"], reverse=True)


# ---- in Dutch --------------------------------------------------------------------------------------

def _dutch(table_id: str):
    return mgtables.registry.get(table_id, lang="nl")


def test_dutch_matrix_shows_dutch_wording_and_stance_labels():
    table = _dutch("claim-matrix").data
    wording = DATA.claim_keys.set_index("key")["nl"]
    assert list(table["Bewering"]) == [wording[k] for k in table["Sleutel"]]
    rec = DATA.claims.iloc[0]
    assert table[table["Sleutel"] == rec.claim][rec.source].iloc[0] == DATA.label("stance", rec.stance, "nl")


def test_dutch_tables_have_the_same_shape_and_other_headers():
    for table_id in ("claims-by-theme", "claim-matrix", "claim-conflicts", "unbacked-figures", "appraisal-rubric",
                     "source-appraisal"):
        english, dutch = mgtables.table(table_id), _dutch(table_id)
        assert dutch.data.shape == english.data.shape, table_id
        assert dutch.caption != english.caption, table_id
        assert set(dutch.data.columns) - set(SOURCES) != set(english.data.columns) - set(SOURCES), table_id


def test_positions_in_dutch_use_mg_per_dag_and_the_dutch_life_stage():
    said = claims.authority_positions(DATA, "pregnancy.higher_need", ["iom1997"], "nl")
    assert "mg/dag meer dan voor andere vrouwen" in said
    assert "geen aparte waarde voor sporters" in claims.authority_positions(DATA, "athletes.sweat_loss",
                                                                              ["efsa2015"], "nl")


def test_the_rubric_in_dutch():
    steps = [{"at_least": 5, "points": 3}, {"at_least": 0, "points": 1}]
    data = with_parameter(DATA, "rubric_reference_steps", steps)
    names = [c.name for c in claims.rubric(data, "nl")]
    assert names[1] == "Literatuurverwijzingen"  # as the register of the sources names the same column
    assert claims.rubric(data, "nl")[1].rule == "3 bij 5 of meer; 1 zonder referenties"
    assert list(claims.scores(DATA, "nl").columns[1:-1]) == names


def test_a_data_error_in_dutch():
    twice = _claims(("s1-c1", "s1", "a.x", "asserts"), ("s1-c2", "s1", "a.x", "denies"))
    with pytest.raises(ValueError, match="meer dan één record per bron en bewering: s1-c1, s1-c2"):
        claims.stance_matrix(twice, KEYS, ["s1"], "nl")


# ---- the EU register -------------------------------------------------------------------------------

KEY_ROWS = DATA.claim_keys.set_index("key")
ENTRY_ROWS = DATA.health_claims.set_index("id")


def test_matrix_table_shows_every_status_with_its_entry_and_whether_it_is_verified():
    from mgtables.i18n import text

    table = mgtables.table("claim-matrix").data
    for row in table.itertuples(index=False):
        cells = dict(zip(table.columns, row, strict=True))
        key = cells["Key"]
        assert cells["EU register"] == DATA.label("register_status", KEY_ROWS.loc[key, "register_status"])
        entry = KEY_ROWS.loc[key, "register_entry"]
        cited = cells["Register entry it rests on"]
        if not isinstance(entry, str):
            assert cited == claims.SILENT
            continue
        assert ENTRY_ROWS.loc[entry, "wording"] in cited
        assert all(str(i) in cited for i in ENTRY_ROWS.loc[entry, "efsa_ids"])
        checked = "claims.register.verified" if ENTRY_ROWS.loc[entry, "verified"] else "claims.register.unverified"
        assert cited.endswith(f"; {text(checked)})")


def test_a_verified_entry_is_cited_as_verified():
    entries = DATA.health_claims.assign(verified=DATA.health_claims["id"] == "eu432-mg-energy")
    data = replace(DATA, health_claims=entries)
    assert claims.entry_text(data, "eu432-mg-energy").endswith("; verified)")
    assert "unverified" in claims.entry_text(data, "eu432-mg-fatigue")


def test_every_conflict_row_says_what_the_register_says():
    table = mgtables.table("claim-conflicts").data
    for key, said in zip(table["Key"], table["What the EU register says"], strict=True):
        assert said == claims.register_says(DATA, key)
        status = KEY_ROWS.loc[key, "register_status"]
        if isinstance(KEY_ROWS.loc[key, "register_entry"], str):
            assert said.startswith(DATA.label("register_status", status))
            assert ENTRY_ROWS.loc[KEY_ROWS.loc[key, "register_entry"], "wording"] in said


def test_register_counts_add_up_to_each_sources_records():
    counts = claims.register_counts(DATA)
    records = DATA.claims.assign(status=DATA.claims["claim"].map(KEY_ROWS["register_status"]))
    for source in SOURCES:
        mine = records[records["source"] == source]
        made = mine[mine["stance"].isin(claims.MAKES)]
        assert counts.loc[source, "made"] + counts.loc[source, "denied"] == len(mine)
        for status in claims.REGISTER_MARKS:
            assert counts.loc[source, status] == (made["status"] == status).sum()
        assert counts.loc[source, "health_claims"] == (made["status"] != "not_a_health_claim").sum()


def test_the_table_per_source_shows_the_counts():
    table = mgtables.table("register-by-source").data.set_index("Source")
    counts = claims.register_counts(DATA)
    for status in claims.REGISTER_MARKS:
        assert list(table[claims.status_header(DATA, status)]) == list(counts[status])
    assert list(table["Health claims among them"]) == list(counts["health_claims"])


def test_commercial_table_holds_exactly_the_not_authorised_claims_of_sources_with_an_interest():
    found = claims.commercial_not_authorised(DATA)
    sources = DATA.sources.set_index("id")
    expected = {r.id for r in DATA.claims.itertuples()
                if len(sources.loc[r.source, "commercial_interests"]) and r.stance in claims.MAKES
                and KEY_ROWS.loc[r.claim, "register_status"] == "not_authorised"}
    assert set(found["id"]) == expected and len(found) == len(expected)
    table = mgtables.table("commercial-not-authorised").data
    for source, sells in zip(table["Source"], table["What it has to sell (source register)"], strict=True):
        for interest in sources.loc[source, "commercial_interests"]:
            assert DATA.label("commercial_interest", interest) in sells


def test_register_glue_counts_the_keys_and_the_entries():
    glue = claims.glue_values(DATA)
    assert sum(glue[f"n_keys_{s}"] for s in claims.REGISTER_MARKS) == len(DATA.claim_keys)
    assert glue["n_entries"] == glue["n_entries_authorised"] + glue["n_entries_not_authorised"]
    assert glue["n_commercial_not_authorised"] == len(claims.commercial_not_authorised(DATA))


@pytest.mark.parametrize("table_id", ["register-by-source", "commercial-not-authorised"])
def test_dutch_register_tables_have_the_same_shape(table_id):
    en, nl = mgtables.table(table_id).data, mgtables.table(table_id, lang="nl").data
    assert en.shape == nl.shape
    assert list(en.columns) != list(nl.columns)



def test_the_matrix_figure_shows_the_keys_the_table_shows_and_says_how_many_are_left_out():
    import matplotlib.pyplot as plt

    from mgtables.i18n import text

    whole = claims.matrix_heatmap(DATA)
    assert whole._suptitle is None  # every key fits: no note
    plt.close(whole)
    few = with_parameter(DATA, "table_rows_shown", 5)
    fig = claims.matrix_heatmap(few, "nl")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    note = fig._suptitle.get_text().replace("\n", " ")
    plt.close(fig)
    keys = list(claims.matrix(few)["key"].head(5))
    status = DATA.claim_keys.set_index("key")["register_status"]
    assert [label for label in labels if not label.isupper()] == [claims.row_label(few, k, status[k], "nl")
                                                                  for k in keys]
    assert note == text("claims.fig.keys_left_out", "nl", shown="5", total=str(len(MATRIX)))
