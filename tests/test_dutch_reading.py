"""What a native Dutch reader of the built edition still found (issue 17, the second reading): dates in ISO form,
the 'Id' header, age bands written several ways, food names capitalised inside a sentence, 'uren' after a number,
English comments in the notebook code a reader can open, the book's umbrella term. Each test looks at what the
Dutch edition shows (its tables, the texts glued into its prose, its HTML blocks), not at the catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import mgtables
from mgtables import registry

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
ISO_DATE = re.compile(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w/-])")  # not inside an address or a file name


@pytest.fixture(scope="module")
def data():
    return mgtables.load()


@pytest.fixture(scope="module")
def dutch_tables(data):
    return registry.all_tables(data, "nl")


def _cells(table) -> list[str]:
    return [str(v) for column in table.data.columns for v in table.data[column]]


def _glued(data, lang: str) -> dict[str, str]:
    """Every text a chapter glues into its prose in `lang`, by chapter and name."""
    from mgtables.chapters import body, claims, foods, intakes, limits, sources

    chapters = {"body": body.glue_values, "claims": claims.glue_values, "foods": foods.glue_values,
                "intakes": intakes.headline_values, "limits": limits.glue_values, "sources": sources.glue_values}
    return {f"{chapter} {name}": str(value) for chapter, values in chapters.items()
            for name, value in values(data, lang).items()}


def _blocks(data, lang: str) -> dict[str, str]:
    """The HTML blocks the notebooks show beside the tables (lists, forms), in `lang`."""
    from mgtables import dose, lookup
    from mgtables.chapters import catalogue, intakes

    return {"doubts": intakes.doubts_html(data, lang), "lookup": lookup.form_html(data, lang),
            "dose": dose.form_html(data, lang), "catalogue": catalogue.index_html(data, lang),
            "dataset links": catalogue.dataset_links_html(data, lang)}


def test_no_dutch_table_caption_cell_glued_text_or_block_shows_an_iso_date(data, dutch_tables):
    found = [f"{t.id}: {cell!r}" for t in dutch_tables for cell in [t.caption, *_cells(t)] if ISO_DATE.search(cell)]
    found += [f"{where}: {value!r}" for where, value in (_glued(data, "nl") | _blocks(data, "nl")).items()
              if ISO_DATE.search(re.sub(r'(href|src|data-[\w-]+)="[^"]*"', "", value))]
    assert not found, "\n".join(found)


def test_the_english_edition_keeps_its_iso_dates(data):
    """The English register of the sources still dates each article in ISO 8601: the check above sees a date."""
    english = registry.get("sources", data, "en")
    assert any(ISO_DATE.search(cell) for cell in _cells(english))


def test_no_dutch_table_has_an_id_header_spelled_id(dutch_tables):
    headers = {(t.id, str(c)) for t in dutch_tables for c in t.data.columns}
    assert not {h for h in headers if h[1].split(" (")[0] == "Id"}
    assert any(c == "ID" for _, c in headers)  # the record's id column is there, written as Dutch writes it


# A Dutch age band: one age, or the first and last age (both included), or an age and over or under; each in
# maanden or jaar, spelled out; optionally after whom it is about ("vrouwen van 14 jaar en ouder").
DUTCH_BAND = re.compile(r"^(?:[a-z]+ van |volwassenen en kinderen vanaf )?"
                        r"(?:\d+ t/m \d+|\d+(?: (?:maanden|jaar) en (?:ouder|jonger))?|\d+)"
                        r"(?: (?:maanden|jaar))?$")


def _band_labels(data) -> dict[str, str]:
    """Every age band label the Dutch edition writes: its own bands (the age column of the intake tables and
    the bands of the articles' figures) and the authorities' bands in Dutch words."""
    from mgtables.chapters.intakes import age_label
    from mgtables.domain.matching import intake_figures

    labels = {f"reference_values.yaml {r.id}": r.age_label_nl for r in data.reference_values.itertuples()
              if isinstance(r.age_label_nl, str)}
    table = registry.get("intakes-by-authority", data, "nl")
    labels |= {f"intakes-by-authority row {i}": v for i, v in enumerate(table.data["Leeftijd"])}
    bands = intake_figures(data)
    labels |= {f"figure {f.id}": age_label(f.from_m, f.to_m, "nl") for f in bands.itertuples()}
    return labels


def test_every_dutch_age_band_with_a_number_is_written_one_way(data):
    labels = _band_labels(data)
    assert len(labels) > 60
    wrong = {where: label for where, label in labels.items()
             if re.search(r"\d", label) and not DUTCH_BAND.match(label)}
    assert not wrong, wrong


@pytest.mark.parametrize("label", ["0 tot <6 maanden", "(0 t/m 6 mnd)", "6-11 maanden", "7\N{EN DASH}11 maanden",
                                   "18 tot <19 jaar", "1 tot < 3 jaar", "≤ 18 jaar", "> 70 jaar"])
def test_the_band_pattern_refuses_each_form_the_reader_found(label):
    assert not DUTCH_BAND.match(label)


@pytest.mark.parametrize(("from_m", "to_m", "dutch"), [
    (0, 6, "0 t/m 5 maanden"), (6, 7, "6 maanden"), (12, 24, "12 t/m 23 maanden"), (216, 228, "18 jaar"),
    (228, 372, "19 t/m 30 jaar"), (852, float("inf"), "71 jaar en ouder"),
])
def test_a_band_of_whole_ages_is_written_by_its_first_and_last_age(from_m, to_m, dutch):
    from mgtables.chapters.intakes import age_label

    assert age_label(from_m, to_m, "nl") == dutch
    assert "<" in age_label(from_m, to_m, "en") or "over" in age_label(from_m, to_m, "en")  # English unchanged


def test_food_names_inside_a_dutch_sentence_are_lower_case(data):
    """The listings of foods glued into the Dutch prose (the leaders per basis, the richest portion)."""
    from mgtables.chapters import foods

    glued = foods.glue_values(data, "nl")
    names = set(data.foods["nl"])
    texts = {k: v for k, v in glued.items() if isinstance(v, str) and (k.startswith("top_") or k.endswith("_food")
                                                                       or k.endswith("_foods"))}
    assert len(texts) >= 5
    capitalised = {k: v for k, v in texts.items() if any(n in v for n in names)}
    assert not capitalised, capitalised
    assert all(v[:1].islower() for v in texts.values()), texts


def test_no_dutch_table_cell_writes_uren_or_jaren_after_a_number(dutch_tables):
    found = [f"{t.id}: {cell!r}" for t in dutch_tables for cell in _cells(t)
             if re.search(r"\d\s*(?:[-\N{EN DASH}]\s*\d+\s*)?(?:uren|jaren)\b", cell)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("n", "dutch"), [(1, "één cijfer"), (3, "3 cijfers")])
def test_the_count_of_partly_matching_figures_agrees_with_its_noun(n, dutch):
    from mgtables.i18n import counted

    assert counted(n, "intakes.glue.partly_one", "intakes.glue.partly_many", "nl") == dutch


def test_the_glued_count_of_partly_matching_figures_is_a_phrase(data):
    glued = _glued(data, "nl")["intakes partly_figures"]
    assert re.fullmatch(r"één cijfer|\d+ cijfers", glued) and glued != "1 cijfers"


def test_no_notebook_cell_a_reader_can_open_holds_a_code_comment():
    """The pages hide the code of a cell behind a button (hide-input) but show it on a click, in English on the
    Dutch page too; only a cell whose code the page leaves out (remove-input, remove-cell) may keep a comment."""
    found = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            tags = set(cell.get("metadata", {}).get("tags", []))
            if cell["cell_type"] != "code" or tags & {"remove-input", "remove-cell"}:
                continue
            found += [f"{path.name} cell {i}: {line.strip()}" for line in "".join(cell["source"]).splitlines()
                      if line.lstrip().startswith("#")]
    assert not found, "\n".join(found)


def test_the_book_s_umbrella_term_in_dutch_is_the_authorities_word(data):
    """'Voedingsnorm' (the Gezondheidsraad's advisory reports, the Voedingscentrum); the self-made 'aanbevolen
    inname' is left only as the name of the Nordic kind RI."""
    term = data.glossary.set_index("id").loc["recommended_intake"]
    assert term["nl"] == "voedingsnorm" and term["verified"]
    shown = [t.caption for t in registry.all_tables(data, "nl")] + list(_glued(data, "nl").values())
    from mgtables.i18n import catalogue

    shown += list(catalogue("nl").values())
    loose = [s for s in shown if re.search(r"aanbevolen (?:magnesium)?innames?(?! \((?:RI|Noordse))", s, re.I)]
    assert not loose, loose


def test_a_usda_row_in_a_dutch_cell_is_labelled_as_the_usda_s_english_name(data):
    table = registry.get("food-figures", data, "nl")
    column = next(c for c in table.data.columns if c.startswith("Rij in de samenstellingstabel"))
    rows = [str(v) for v in table.data[column] if str(v)]
    opening = "\N{LEFT SINGLE QUOTATION MARK}"
    assert rows and all("Engelse naam bij USDA" in r and r.startswith(opening) for r in rows), rows[:3]


def test_the_women_only_message_speaks_the_form_s_words(data):
    from mgtables.domain import reference
    from mgtables.domain.reference import IntakeQueryError

    with pytest.raises(IntakeQueryError) as caught:
        reference.intake(30, "male", "lactation")
    dutch = caught.value.message("nl")
    assert dutch[:1].isupper() and "=" not in dutch and "'general'" not in dutch


def test_a_year_limit_in_the_data_dictionary_is_written_as_a_year(data):
    for lang in ("nl", "en"):
        rules = " ".join(str(v) for v in registry.get("data-dictionary", data, lang).data.iloc[:, -1])
        rules += " ".join(str(v) for c in registry.get("data-dictionary", data, lang).data.columns
                          for v in registry.get("data-dictionary", data, lang).data[c])
        assert "1900" in rules and "1.900" not in rules and "1,900" not in rules, lang


def test_two_unverified_authorities_make_a_plural_sentence(data):
    """The Why column of the figures matched to more than one unchecked authority ("de waarde van HGR 2016,
    Gezondheidsraad 2018 is" read as a translation)."""
    from mgtables.domain.matching import reason_text, reconcile

    rows = [r for r in reconcile(data).itertuples() if len(r.unverified) >= 2]
    assert rows
    for r in rows:
        dutch = reason_text(data, r, "nl")
        assert re.search(r"De overeenkomende waarden van [^.]+ en [^.]+ zijn niet gecontroleerd\.", dutch), dutch


def test_the_source_that_denies_most_is_named_not_given_by_id(data):
    from mgtables.chapters import limits

    for lang in ("nl", "en"):
        named = limits.glue_values(data, lang)["most_denying_source"]
        assert named not in set(data.sources["id"]), named


@pytest.mark.parametrize(("n", "total", "dutch", "english"), [
    (2, 2, "ze hebben allebei", "both have"), (3, 3, "ze hebben allemaal", "all of them have"),
    (1, 3, "één daarvan heeft", "one of those has"), (2, 3, "2 daarvan hebben", "2 of those have"),
    (0, 2, "geen enkele daarvan heeft", "none of those has"),
])
def test_a_share_of_the_articles_reads_as_a_writer_puts_it(n, total, dutch, english):
    from mgtables.chapters.limits import _share_clause

    assert (_share_clause(n, total, "nl"), _share_clause(n, total, "en")) == (dutch, english)
