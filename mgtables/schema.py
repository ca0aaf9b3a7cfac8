"""The schema of data/: one declaration per file, read by the validator and the data dictionary page.

A field's `vocab` names a list in data/vocabulary.yaml; its `ref` names the collection whose ids it
must match. Keeping both here, in one place, is what lets the data dictionary never drift from the
rules that are enforced.

Every number has a range and every text a length limit: the data are edited by hand, and a value out
of range (a portion of 0 g, a year to come, 1e308 mg) is a typo to report, not a value to draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .i18n import text


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # str, int, number, bool, date, list, record, records, any
    doc: str
    required: bool = True
    nullable: bool = False
    vocab: str | None = None
    ref: str | None = None
    fields: tuple[Field, ...] = ()  # sub-fields of a record or of each item of records
    minimum: float | None = None  # numbers (and each number of a list): the lowest value allowed
    maximum: float | None = None  # numbers (and each number of a list): the highest value allowed
    above_minimum: bool = False  # numbers: the minimum itself is not allowed (a portion of 0 g)
    max_length: int = 5000  # texts: at most this many characters
    url: bool = False  # texts: an address; only the schemes of escape.URL_SCHEMES
    pattern: str | None = None  # texts: the whole text matches this regular expression
    not_future: bool = False  # dates, and years as whole numbers: not after today
    each_term: str | None = None  # records: the sub-field that names every term of its vocabulary once
    # A text a reader sees (in a table, a figure, the lookup, the dose check or the prose): the field that
    # holds its Dutch text, which the validator requires wherever the English text is given. See shown().
    dutch: str | None = None
    translates: str | None = None  # the shown field whose Dutch text this one holds (see shown())

    @property
    def each_term_vocab(self) -> str | None:
        """The vocabulary every term of which the records name once (see each_term)."""
        return next((sub.vocab for sub in self.fields if sub.name == self.each_term), None)


# Every id and key: lower-case letters and digits, in parts joined by one '.', '_' or '-'. No spaces,
# capitals or invisible characters, which would make two ids look the same and differ.
ID_PATTERN = r"[a-z0-9]+(?:[._-][a-z0-9]+)*"
ID_MAX_LENGTH = 60
# An EU act as the data name it, by its English title: formatting.regulation writes it in the reader's language.
REGULATION_PATTERN = r"Regulation \((EU|EC)\) No (\d+/\d+)"
# A salt's formula as chemistry writes it, parts joined by " . " (water of crystallisation) or " = " (the summed
# formula): the dose check shows it in every language, so no words (an English "anhydrous ...") go in it.
FORMULA_PATTERN = r"[A-Z][A-Za-z0-9()]*(?: [.=] [A-Z0-9][A-Za-z0-9()]*)*"
# Texts that label a figure's axis: longer ones leave tight_layout no room, and the notebook fails with a
# warning that names no record (foods at 100 characters, claims at 130).
NAME_MAX_LENGTH = 60
CLAIM_MAX_LENGTH = 110
MAX_AGE = 1440  # months: 120 years


@dataclass(frozen=True)
class Collection:
    name: str
    file: str
    doc: str
    fields: tuple[Field, ...]
    key: str = "id"
    checks: tuple[str, ...] = field(default=())  # names of cross-field rules, see validate.RULES
    # A file of named values (parameters.yaml): each record's `value` is checked against the Field
    # named like the record's key, and every Field declared here must have its record.
    values: tuple[Field, ...] = ()
    # Records the book's code reads by id: without one a table cannot be built (rule required_ids).
    required_ids: tuple[str, ...] = ()


def _f(name, kind, doc, **kw):
    return Field(name, kind, doc, **kw)


def _optional(name, kind, doc, **kw):
    return Field(name, kind, doc, required=False, **kw)


# The labelling values mgtables.chapters.foods reads by id: the NRV, and the conditions of the nutrition
# claims 'source of' and 'high in' for other foods (False) and for beverages (True).
SOURCE_OF, HIGH_IN = "source_of", "high_in"
LABELLING_NRV = "eu-nrv"
LABELLING_CONDITIONS = {False: {SOURCE_OF: "eu-source-of-food", HIGH_IN: "eu-high-food"},
                        True: {SOURCE_OF: "eu-source-of-beverage", HIGH_IN: "eu-high-beverage"}}

DUTCH_SUFFIX = "_nl"


def _shown(name, kind, doc, *, required=True, **kw) -> tuple[Field, Field]:
    """A text a reader sees, and beside it in the same record its Dutch text, `<name>_nl` (a list of texts:
    a list of as many Dutch texts). The Dutch field is declared optional; the validator requires it wherever
    the English text is given, so one rule covers required and optional texts alike."""
    dutch = name + DUTCH_SUFFIX
    return (Field(name, kind, doc, required=required, dutch=dutch, **kw),
            Field(dutch, kind, text("schema.dutch_of", name=name), required=False, translates=name, **kw))


LOCATOR = _f("locator", "str", "The section heading the statement stands under, exactly as printed.")
AGE = (
    _optional("age_from", "number", "Lower age bound, inclusive.", nullable=True, minimum=0, maximum=MAX_AGE),
    _optional("age_to", "number", "Upper age bound, exclusive (completed age); null = no upper bound.",
              nullable=True, minimum=0, maximum=MAX_AGE),
    _optional("age_unit", "str", "Unit of the age bounds.", vocab="age_unit"),
)
VERIFIED = _f("verified", "bool", "True only if the value was seen in the cited reference itself.")

# Where a reference value (or a register entry) was read: one item per document or page looked at. A reference
# value's items are shown (the intakes chapter lists them under each value in doubt), so theirs carry Dutch texts.
def _evidence(shown: bool) -> Field:
    def described(name, doc):
        return _shown(name, "str", doc) if shown else (_f(name, "str", doc),)

    return _f("evidence", "records", "Every place the value was looked for, with what each shows. verified: true "
              "needs an item of kind authority_document or issuing_body_page; a registered source is never one.",
              fields=(
                  *described("where", "The document or page, and the place in it (table, section, page), where it "
                             "was read."),
                  _optional("address", "str", "Address, or title, of the stored copy that was read.", nullable=True),
                  _optional("corpus", "str", "The search corpus the stored copy was found in."),
                  _f("kind", "str", "What kind of copy it is: the authority's own document, the issuing body's own "
                     "page, or a secondary copy of something else.", vocab="evidence_kind"),
                  _optional("copy_of", "str", "What a secondary copy copies (required for a secondary copy).",
                            nullable=True),
                  _optional("copies_source", "str", "The registered source (data/sources.yaml) the page copies, "
                            "where it copies one; such a page is never evidence for a value that a figure of that "
                            "source is judged against.", ref="sources"),
                  *described("shows", "What the copy shows of the value, in our own words."),
              ))


EVIDENCE = _evidence(shown=False)
SHOWN_EVIDENCE = _evidence(shown=True)
# A document that backs a figure without being an intake authority (a regulator's safety communication, say):
# what it is and where it was read, as for a reference value's evidence.
BACKING_ITEM = (
    _f("document", "str", "The document: its issuer, title and date."),
    _f("where", "str", "The place in it where the figure was read (section, paragraph, table)."),
    _optional("address", "str", "Address, or title, of the stored copy that was read.", nullable=True),
    _optional("corpus", "str", "The search corpus the stored copy was found in."),
    _f("kind", "str", "What kind of copy was read: the issuing body's own document or page, or a secondary copy "
       "of something else.", vocab="evidence_kind"),
    _optional("copy_of", "str", "What a secondary copy copies (required for a secondary copy).", nullable=True),
    _f("verified", "bool", "True only if the figure was seen in the document itself or on the issuing body's own "
       "page."),
    _f("shows", "str", "What the document says of the figure, in our own words."),
)
BACKED_BY = _optional("backed_by", "records", "Documents that back the figure without being an intake authority, "
                      "each with where it was read. A registered source, or a page that copies one, never backs a "
                      "figure; verified: true needs the issuing body's own document or page.", fields=BACKING_ITEM)
# A household portion of the Netherlands or Belgium (foods.yaml portions_nl). Its weight is read in a reference
# like any value, so it carries its evidence; verified: true needs the issuing body's own page or table.
DUTCH_PORTION = (
    _f("term", "str", "The Dutch household word for the portion (een snee, een handje ...).",
       max_length=NAME_MAX_LENGTH),
    _f("en", "str", "The portion in English.", max_length=NAME_MAX_LENGTH),
    _f("grams", "number", "Weight of the portion in grams, of the food in the state named by state.", minimum=0,
       above_minimum=True, maximum=5000),
    _optional("state", "str", "The state of the food the weight is of, where it is not that of the primary row: a "
              "spoonful of cooked spinach is weighed cooked. The food's first row in that state is used.",
              vocab="state"),
    *_shown("reference", "str", "The reference the weight comes from, in short, as the tables print it."),
    VERIFIED,
    *_shown("why_unverified", "str", "Why the weight is not verified, as the reader is told; required when "
            "verified is false.", required=False),
    EVIDENCE,
    _optional("note", "str", "Remarks."),
)
# The fields of each term of data/vocabulary.yaml (a mapping vocabulary -> term -> these fields).
VOCABULARY_TERM = (
    _f("en", "str", "English label."),
    _f("nl", "str", "Dutch label."),
    _optional("rule", "str", "When the term applies (stances, register statuses): the rule the records are coded "
              "by."),
)

COMPOSITION = (
    _f("reference", "str", "Composition table the value comes from (usda_sr28 = USDA SR28, May 2016)."),
    _optional("ndb_no", "str", "USDA SR28 food code (NDB number), when the reference is usda_sr28."),
    _f("description", "str", "The table's own description of the food."),
    _f("state", "str", "Raw, cooked, dry ... as the table describes the food.", vocab="state"),
    _f("mg_per_100g", "number", "Magnesium, mg per 100 g edible portion.", minimum=0, maximum=100_000),
    _optional("kcal_per_100g", "number", "Energy, kcal per 100 g.", nullable=True, minimum=0, maximum=1000),
    VERIFIED,
    _optional("note", "str", "Why this row was chosen."),
)

# The groups of claim keys, by theme: (the groups a key of the theme may name, whether it must name
# one). Where a chapter sorts a theme's keys by group, the group is required, so that a new key
# cannot fall into a default group unseen.
CLAIM_GROUPS = {
    "interaction": (("medicine", "nutrient"), True),
    "supplement": (("supplement_form", "supplement_advice"), True),
    "risk_loss": (("medicine",), False),  # a cause of loss that is a medicine is also an interaction
}

# Register statuses of a claim key that rest on a register entry (claim_keys.yaml register_entry), with the status
# that entry must have: an authorised claim, or one EFSA assessed and the EU did not authorise.
REGISTER_CITED = {"authorised": "authorised", "beyond_authorised": "authorised", "not_authorised": "not_authorised"}

PARAMETERS = (
    _f("food_figure_tolerance", "number", "How far a food figure may lie from the composition table's value, in "
       "percent of it, and still agree with it.", minimum=0),
    _f("adult_age", "number", "The age in years at which the book quotes and compares adults' values.", minimum=18),
    _f("young_adult_age", "number", "The age in years at which the book quotes young adults' values.", minimum=18),
    _f("adults_from", "number", "The age in years from which an intake figure that names no age is taken to be "
       "about adults.", minimum=0),
    _f("childbearing_ages", "record", "The ages in years that a figure or value for pregnancy or lactation naming "
       "no age is taken to be about.", fields=(
           _f("age_from", "number", "Lower bound, inclusive.", minimum=0),
           _f("age_to", "number", "Upper bound, exclusive.", minimum=0),
       )),
    _f("ranking_person", "record", "The person whose recommended intake the food rankings and the water table "
       "take shares of.", fields=(
           _f("authority", "str", "Authority whose recommended intake is used.", ref="authorities"),
           _f("sex", "str", "Sex.", vocab="sex"),
           _f("age", "number", "Age in years.", minimum=0),
       )),
    _f("portion_intake_authorities", "records", "The authorities whose adult intakes the table of portions needed "
       "to reach the intake divides by.", fields=(
           _f("authority", "str", "Authority.", ref="authorities"),
           *_shown("label", "str", "Its name in the table's column headers ('Women, <label>')."),
       )),
    _f("example_people", "records", "The example people the intake chapter looks up.", fields=(
        _f("age", "number", "Age.", minimum=0),
        _f("age_unit", "str", "Unit of the age.", vocab="age_unit"),
        _f("sex", "str", "Sex.", vocab="sex"),
        _f("life_stage", "str", "Life stage.", vocab="life_stage"),
    )),
    _f("answer_ages", "record", "The ages in years of the child and the older person the intakes chapter's short "
       "answer gives values for.", fields=(
           _f("child", "number", "A child's age.", minimum=0, maximum=17),
           _f("older", "number", "An older person's age.", minimum=18),
       )),
    _f("water_volumes", "list", "Daily volumes of drinking water in litres that the water table works out.",
       minimum=0),
    _f("top_foods_named", "int", "How many foods the prose names at the head of each ranking.", minimum=1),
    _f("dutch_portions_first", "bool", "Whether the per-portion ranking, the intake shares and the portions "
       "needed to reach the intake take a food's Dutch/Belgian household portion, where it has one, before its US "
       "measure (the tables show both)."),
    _f("typical_portion_words", "list", "Portion words in order of preference: a food's typical portion is its "
       "first verified portion named by one of them."),
    _f("rubric_peer_review_points", "int", "Appraisal: points for a peer-reviewed publication behind the page.",
       minimum=0),
    _f("rubric_reference_steps", "records", "Appraisal: points by the number of references a source lists; the "
       "steps go down from the most references to none.", fields=(
           _f("at_least", "int", "References at least.", minimum=0),
           _f("points", "int", "Points given.", minimum=0),
       )),
    _f("rubric_expertise_points", "records", "Appraisal: points by the author's expertise, one step per term.",
       fields=(
           _f("expertise", "str", "Author expertise.", vocab="author_expertise"),
           _f("points", "int", "Points given.", minimum=0),
       ), each_term="expertise"),
    _f("rubric_no_interest_points", "int", "Appraisal: points for a page that shows no commercial interest; one is "
       "lost per interest shown.", minimum=0),
    _f("rubric_date_points", "int", "Appraisal: points for stating when the text was written (or its references "
       "consulted), and as many again for a review date.", minimum=0),
    _f("table_rows_shown", "int", "How many rows a table shows at most on its page: a longer one shows its first "
       "rows, says how many are left out and links its CSV, which holds them all.", minimum=1),
)

SCHEMA: tuple[Collection, ...] = (
    Collection(
        "sources", "sources.yaml", "The register of the five source articles.",
        (
            _f("id", "str", "Short stable id, cited by every figure and claim."),
            _f("file", "str", "File name of the plain-text capture in ../shared/sources/."),
            _f("title", "str", "Original (Dutch) title."),
            _f("title_en", "str", "English translation of the title.", dutch="title"),
            *_shown("site", "str", "Site or publisher."),
            *_shown("author", "str", "Author as the page states it."),
            _f("author_expertise", "str", "What the page shows of the author's expertise.",
               vocab="author_expertise"),
            _f("published", "date", "Publication date as stated.", nullable=True, not_future=True),
            _f("last_reviewed", "date", "Last-reviewed date as stated.", nullable=True, not_future=True),
            _f("references_consulted", "date", "Date its references were consulted, as stated.",
               nullable=True, not_future=True),
            _f("url", "str", "The article's address: as its capture states it or, where the capture states none, the "
               "address of a stored copy of the same page (url_found says where it was found); null where none "
               "was found.", nullable=True, url=True),
            _optional("url_found", "str", "Where the address was found, when the capture does not state it: the "
                      "search corpus and what shows the stored copy to be this article; or, where none was found, "
                      "what was searched."),
            _f("based_on", "str", "The publication a summary is based on, as the page names it.",
               nullable=True),
            _f("language", "str", "Language code."),
            *_shown("kind", "str", "What kind of text it is."),
            _f("peer_reviewed_basis", "bool", "Whether a peer-reviewed publication stands behind it."),
            _f("commercial_interests", "list", "Commercial interests visible on the page.",
               vocab="commercial_interest"),
            _f("n_references", "int", "Number of references it lists.", minimum=0, maximum=10_000),
            *_shown("capture_gaps", "list", "What the text capture is missing."),
            *_shown("note", "str", "Our own summary."),
        ),
        checks=("dates",),
    ),
    Collection(
        "authorities", "authorities.yaml", "The authorities' documents the reference values come from.",
        (
            _f("id", "str", "Short stable id."),
            _f("body", "str", "Issuing body."),
            _f("short", "str", "Short name for tables."),
            _f("region", "str", "Where the values apply."),
            _f("title", "str", "Title of the document."),
            _f("language", "str", "Language code of the document (its title and citation are in it)."),
            _f("citation", "str", "Bibliographic citation."),
            _f("year", "int", "Year of the document.", minimum=1900, not_future=True),
            _optional("url", "str", "Address or DOI of the document, as seen.", nullable=True, url=True),
            _optional("note", "str", "Remarks."),
        ),
    ),
    Collection(
        "reference_values", "reference_values.yaml", "Each authority's values, one per age band, sex and stage.",
        (
            _f("id", "str", "Stable id."),
            _f("authority", "str", "Authority document.", ref="authorities"),
            _f("kind", "str", "Kind of value.", vocab="kind"),
            _f("applies_to", "str", "Whether it concerns all intake or supplements only.", vocab="applies_to"),
            _f("sex", "str", "Sex.", vocab="sex"),
            *AGE,
            *_shown("age_label", "str", "The age band as the authority writes it (its bounds, its words); in Dutch "
                    "the same band in Dutch words (the authority's own where its document is Dutch)."),
            _f("life_stage", "str", "Life stage.", vocab="life_stage"),
            _f("value", "number", "The value.", minimum=0, maximum=100_000),
            _f("unit", "str", "Unit.", vocab="unit"),
            *_shown("table", "str", "Where in the document the value stands."),
            _f("checked", "str", "Where the value was read when it was checked."),
            VERIFIED,
            _f("status", "str", "Whether the value is the authority's current one, replaced by a later one, or not "
               "established.", vocab="value_status"),
            SHOWN_EVIDENCE,
            _optional("note", "str", "Remarks."),
        ),
        checks=("age_band", "no_overlap", "evidence", "no_circular_evidence"),
    ),
    Collection(
        "foods", "foods.yaml", "Foods the sources name, with composition and portion weights.",
        (
            _f("id", "str", "Stable English id."),
            _f("en", "str", "English name.", max_length=NAME_MAX_LENGTH, dutch="nl"),
            _f("nl", "str", "Dutch name, as the sources write it.", max_length=NAME_MAX_LENGTH),
            _f("group", "str", "Food group.", vocab="food_group"),
            _f("composition", "record", "The reference composition row.", fields=COMPOSITION),
            _optional("alternatives", "records", "Other rows of the same food (another state).",
                      fields=COMPOSITION),
            _optional("density_g_per_ml", "number", "Grams per millilitre, for portions in ml.", minimum=0,
                      above_minimum=True, maximum=3),
            *_shown("density_reference", "str", "Reference for the density.", required=False),
            _optional("portions", "records", "Weights of the portions the sources use.", fields=(
                _f("term", "str", "Portion word as the sources use it (Dutch), or a standard one.",
                   max_length=NAME_MAX_LENGTH),
                _f("en", "str", "English name of the portion.", max_length=NAME_MAX_LENGTH),
                _optional("nl", "str", "The portion as the Dutch tables name it, with the US measure it stands for, "
                          "so that one measure reads the same under every portion word.", max_length=NAME_MAX_LENGTH),
                _f("grams", "number", "Weight of the portion in grams.", minimum=0, above_minimum=True,
                   maximum=5000),
                *_shown("reference", "str", "Where the weight comes from."),
                VERIFIED,
                _optional("note", "str", "Why this weight stands for the portion."),
            )),
            _optional("portions_nl", "records", "Household portions a Dutch or Belgian reader uses (een snee, een "
                      "handje, een opscheplepel, een glas), each with the reference its weight comes from; the first "
                      "is the food's Dutch portion in the tables.", fields=DUTCH_PORTION),
            _optional("no_portion_reason", "str", "Why the food has no portion at all (neither a US measure nor a "
                      "Dutch/Belgian one); required exactly when it has none."),
        ),
        checks=("density_pair", "food_portions"),
    ),
    Collection(
        "figures", "figures.yaml", "Every quantitative statement of the sources, one record each.",
        (
            _f("id", "str", "Stable id: <source>-fNN."),
            _f("source", "str", "Source article.", ref="sources"),
            LOCATOR,
            _f("as_written", "str", "The figure exactly as the source prints it (a short string)."),
            _f("topic", "str", "What the figure is about.", vocab="topic"),
            _optional("qualifier", "str", "about, at least, more than, up to ...", vocab="qualifier"),
            _f("low", "number", "Lower (or single) value.", minimum=0, maximum=1_000_000),
            _f("high", "number", "Upper value; equal to low for a single value.", minimum=0, maximum=1_000_000),
            _f("unit", "str", "Unit of low and high.", vocab="unit"),
            _optional("sex", "str", "Sex of the population it is for.", vocab="sex"),
            *AGE,
            _optional("life_stage", "str", "Life stage of the population it is for.", vocab="life_stage"),
            _optional("foods", "list", "Foods it is about.", ref="foods"),
            _optional("portion", "str", "The portion as the source names it."),
            _optional("portion_amount", "number", "Numeric portion amount, where the source states one.", minimum=0,
                      above_minimum=True, maximum=5000),
            _optional("portion_unit", "str", "Unit of portion_amount (g or ml)."),
            _optional("state", "str", "State of the food, where the source states it.", vocab="state"),
            _optional("attributed_to", "str", "Authority the source attributes the figure to.",
                      ref="authorities"),
            _optional("stated_kind", "str", "The kind of value the source says it is, where it names one.",
                      vocab="kind"),
            *_shown("note", "str", "What the figure says, in our own words."),
            BACKED_BY,
        ),
        checks=("low_high", "age_band", "portion_pair", "ml_density", "backing"),
    ),
    Collection(
        "claim_keys", "claim_keys.yaml", "Normalised claims shared across sources.",
        (
            _f("key", "str", "Normalised claim key, <theme>.<name>."),
            _f("theme", "str", "Theme of the claim.", vocab="theme"),
            _f("en", "str", "The claim in English.", max_length=CLAIM_MAX_LENGTH, dutch="nl"),
            _f("nl", "str", "The claim in Dutch."),
            _optional("group", "str", "What the claim is about, where a chapter sorts a theme's keys by it; "
                      + "; ".join(f"{'required' if required else 'allowed'} for {theme} keys: {' or '.join(groups)}"
                                  for theme, (groups, required) in CLAIM_GROUPS.items())
                      + "; no other theme takes one.", vocab="claim_group"),
            _optional("form", "str", "The supplement form the claim is about; given exactly when the group is "
                      "supplement_form.", vocab="supplement_form"),
            _optional("life_stage", "str", "The life stage or group the claim is about, where an authority could "
                      "set a value of its own for it (the conflicts table then gives each authority's).",
                      vocab="life_stage"),
            _f("register_status", "str", "What the EU register of health claims says about making this claim for "
               "magnesium on a food (the rules are in data/vocabulary.yaml, register_status).",
               vocab="register_status"),
            _optional("register_entry", "str", "The register entry (health_claims.yaml) the status rests on: "
                      "required for " + ", ".join(REGISTER_CITED) + "; none for the other statuses.",
                      ref="health_claims"),
            *_shown("register_note", "str", "Why the key has that status, in our own words; '(a judgement)' "
                    "where the mapping needed interpretation.", required=False),
        ),
        key="key",
        checks=("key_theme", "claim_group", "register_entry"),
    ),
    Collection(
        "health_claims", "health_claims.yaml",
        "The EU register of health claims for magnesium: the authorised claims (Regulation (EU) No 432/2012) and "
        "the claims EFSA assessed that were not authorised, as far as the articles' claims touch them.",
        (
            _f("id", "str", "Stable id: eu432-mg-<function> for an authorised claim, efsa-mg-<effect> for another."),
            _f("status", "str", "Whether the claim is authorised.", vocab="health_claim_status"),
            *_shown("wording", "str", "An authorised claim: its wording exactly as the register gives it (in Dutch: as "
                    "the Dutch text of the regulation gives it); another: the health relationship as EFSA named it."),
            _optional("claimed_effects", "list", "The claimed effects as EFSA listed them, where they were read."),
            _f("conditions", "str", "Conditions of use, exactly as the register gives them (authorised claims only).",
               nullable=True),
            _f("regulation", "str", "The regulation that authorises the claim (authorised claims only).",
               nullable=True, pattern=REGULATION_PATTERN),
            _f("efsa_ids", "list", "The EFSA IDs of the submitted claims the entry rests on.", minimum=1),
            _f("opinion", "str", "The EFSA opinion(s) that assessed them."),
            _f("conclusion", "str", "What EFSA concluded, in our own words, and whether that was read or inferred."),
            VERIFIED,
            EVIDENCE,
            _optional("note", "str", "Remarks."),
        ),
        checks=("evidence", "no_circular_evidence", "health_claim_fields"),
    ),
    Collection(
        "claims", "claims.yaml", "Each qualitative claim of each source.",
        (
            _f("id", "str", "Stable id: <source>-cNN."),
            _f("source", "str", "Source article.", ref="sources"),
            _f("claim", "str", "Normalised claim.", ref="claim_keys"),
            _f("stance", "str", "What the source does with the claim.", vocab="stance"),
            LOCATOR,
            _f("cue", "str", "A short keyword phrase as printed, to find the place in the source."),
            *_shown("paraphrase", "str", "What the source says, in our own words."),
            _optional("figures", "list", "Figure records the claim rests on.", ref="figures"),
        ),
        checks=("contested_verdict",),
    ),
    Collection(
        "claim_verdicts", "claim_verdicts.yaml",
        "Our verdict on each claim the sources contradict each other on (one asserts, another denies).",
        (
            _f("key", "str", "The contested claim.", ref="claim_keys"),
            *_shown("verdict", "str", "Our verdict, in our own words."),
            _f("authorities", "list", "Authorities whose reference values bear on the claim; empty when none does.",
               ref="authorities"),
            *_shown("note", "str", "What those authorities do about the claim, or why none of them settles it."),
        ),
        key="key",
    ),
    Collection(
        "labelling_values", "labelling_values.yaml",
        "The EU labelling values for magnesium, cited: the nutrient reference value (Regulation (EU) No 1169/2011, "
        "Annex XIII) and the amounts a food needs for the nutrition claims 'source of' and 'high' (Regulation (EC) "
        "No 1924/2006).",
        (
            _f("id", "str", "Stable id: eu-<what>[-<food kind>]."),
            _f("kind", "str", "What the value is.", vocab="labelling_kind"),
            _optional("claim", "str", "The nutrition claim, exactly as the regulation's Annex names it."),
            _optional("condition", "str", "The condition the regulation sets, in our own words."),
            _optional("applies_to", "str", "The foods the value holds for (beverages, other foods)."),
            _optional("percent_nrv", "number", "The value as a percentage of the nutrient reference value; the "
                      "validator checks value = percent_nrv x NRV / 100.", minimum=0),
            _f("value", "number", "The value in mg (for a threshold: the amount per `per`).", minimum=0),
            _f("unit", "str", "Unit of the value.", vocab="unit"),
            _f("per", "str", "What the amount is per (a day, 100 g or 100 ml, 100 ml)."),
            _f("regulation", "str", "The regulation that sets it.", pattern=REGULATION_PATTERN),
            _f("annex", "str", "Where in the regulation."),
            VERIFIED,
            EVIDENCE,
            _f("note", "str", "Why it is (un)verified, and remarks."),
        ),
        checks=("evidence", "no_circular_evidence", "labelling_arithmetic", "required_ids"),
        required_ids=(LABELLING_NRV, *(i for ids in LABELLING_CONDITIONS.values() for i in ids.values())),
    ),
    Collection(
        "parameters", "parameters.yaml",
        "The editorial choices the tables rest on (a tolerance, reference ages and people, the appraisal's "
        "points ...), each made once, with why.",
        (
            _f("id", "str", "Name of the parameter."),
            _f("value", "any", "The value; its type and rule are the parameter's own, listed as <id>.value."),
            _f("unit", "str", "Unit of the value; null when the value is not a quantity.", nullable=True),
            _f("note", "str", "Why this value was chosen."),
        ),
        checks=("thresholds:rubric_reference_steps", "people_have_values"),
        values=PARAMETERS,
    ),
)

RECOMMENDED_KINDS = ("AI", "RDA", "ADH", "RI")  # the kinds of reference value that recommend an intake

# Standard atomic weights (abridged conventional values, as research/supplement_forms.yaml uses them), by element:
# the validator recomputes every molar mass of data/supplement_forms.yaml from them, and mgtables.dose takes
# magnesium's for the elemental fraction. Water of crystallisation is 2 H + 1 O.
ATOMIC_WEIGHTS = {"Mg": 24.305, "C": 12.011, "H": 1.008, "O": 15.999, "N": 14.007, "Cl": 35.45, "S": 32.06,
                  "P": 30.974}
WATER = {"H": 2, "O": 1}
MOLAR_MASS_TOLERANCE = 0.01  # g/mol: the stated molar mass may differ from the recomputed one by rounding only

SCHEMA = (*SCHEMA, Collection(
    "supplement_forms", "supplement_forms.yaml",
    "Magnesium supplement salts for the dose check: formula, water of crystallisation and molar mass with their "
    "reference, grouped by the form a label names; the elemental-magnesium fraction is computed from them.",
    (
        _f("id", "str", "Stable id of the salt: <form>[-<hydrate or variant>]; the part before the first '-' is "
           "the form a label names (oxide, citrate ...), shared by the salts it can mean."),
        _f("assumed", "bool", "The salt the dose check takes when the reader names only the form: exactly one per "
           "form."),
        _optional("form_en", "str", "The form's name in English, as the dose check offers it: on the assumed salt "
                  "only.", max_length=NAME_MAX_LENGTH, dutch="form_nl"),
        _optional("form_nl", "str", "The form's name in Dutch: on the assumed salt only.", max_length=NAME_MAX_LENGTH),
        _f("en", "str", "The salt's name in English, with its hydrate.", max_length=120, dutch="nl"),
        _f("nl", "str", "The salt's name in Dutch, with its hydrate.", max_length=120),
        _f("formula", "str", "The formula as written in chemistry (with its water of crystallisation), and nothing "
           "else: other hydrates and their fractions go in the note.", max_length=120, pattern=FORMULA_PATTERN),
        _f("composition", "record", "The elements of the anhydrous formula unit with their counts; magnesium "
           "required.", fields=(
               _f("Mg", "int", "Magnesium atoms.", minimum=1, maximum=100),
               *(_optional(e, "int", f"{e} atoms.", minimum=1, maximum=200) for e in ATOMIC_WEIGHTS if e != "Mg"),
           )),
        _f("water", "int", "Molecules of water of crystallisation per formula unit.", minimum=0, maximum=24),
        _f("hydration", "str", "The hydration state, in words (anhydrous, nonahydrate ...)."),
        _f("molar_mass_g_per_mol", "number", "Molar mass of the salt as sold (with its water), g/mol; the validator "
           "recomputes it from composition and water with schema.ATOMIC_WEIGHTS "
           f"(tolerance {MOLAR_MASS_TOLERANCE} g/mol).", minimum=0, above_minimum=True, maximum=5000),
        _f("verified", "bool", "True only if the formula was read in a reference text (pharmacopoeia monograph, "
           "JECFA specification, Merck Index text, statutory specification), often in a copy (copy_of)."),
        _optional("why_unverified", "str", "What was and was not read; required when verified is false."),
        _f("reference", "records", "Where the formula or the molar mass was read: at least one place.", fields=(
            _f("where", "str", "The document and the place in it, with what it shows."),
            _optional("address", "str", "Address, or title, of the stored copy that was read.", nullable=True),
            _optional("corpus", "str", "The search corpus the stored copy was found in."),
            _optional("copy_of", "str", "What the copy reproduces, when it is a copy.", nullable=True),
        )),
        _optional("note", "str", "Remarks: purity, other hydrates, labels that mean another salt."),
    ),
    checks=("formula_mass", "formula_evidence", "assumed_salt"),
),)
GLOSSARY = Collection(
    "glossary", "glossary.yaml",
    "The terms of the book in English with the Dutch term it uses for each, as the Dutch and Belgian authorities "
    "(Voedingscentrum, Gezondheidsraad, HGR) or the EU's Dutch texts word them, and where the Dutch term was read.",
    (
        _f("id", "str", "Stable id of the concept."),
        _f("en", "str", "The term as the book uses it in English.", dutch="nl"),
        _f("nl", "str", "The Dutch term the book uses for it."),
        _optional("en_forms", "list", "English wordings of the book that name the concept (tests/test_glossary.py: "
                  "a Dutch text beside an English one naming it uses one of nl_forms)."),
        _optional("nl_forms", "list", "The Dutch forms that count as the term: plural, abbreviation, a shorter form."),
        _optional("avoid", "list", "Dutch wordings for the concept that the book does not use (an informal word, "
                  "another country's term)."),
        *_shown("definition", "str", "What the term means, in our own words."),
        _f("verified", "bool", "True only if the Dutch term was read in use on the issuing body's own page or in the "
           "official legal text (an item of kind authority_document or issuing_body_page)."),
        _optional("why_unverified", "str", "What was and was not read; required when verified is false."),
        _f("where_read", "records", "Every place the Dutch term was read.", fields=(
            _f("where", "str", "The page or document, and the place in it, with what it shows."),
            _optional("address", "str", "Address, or title, of the stored copy that was read.", nullable=True),
            _optional("corpus", "str", "The search corpus the stored copy was found in."),
            _f("kind", "str", "What kind of copy it is.", vocab="evidence_kind"),
        )),
    ),
    checks=("glossary_evidence",),
)
SCHEMA = (*SCHEMA, GLOSSARY)
BY_NAME = {c.name: c for c in SCHEMA}


def _shown_fields(fields: tuple[Field, ...]):
    for f in fields:
        if f.dutch:
            yield f
        yield from _shown_fields(f.fields)


def _dutch_names() -> dict[str, str]:
    """Each shown field's name -> the name of its Dutch field. One name has one Dutch field throughout the
    schema (every `note` has its `note_nl`), so a chapter can ask for a text by name in any frame."""
    found: dict[str, set[str]] = {}
    for f in (f for c in SCHEMA for f in _shown_fields((*c.fields, *(c.values or ())))):
        found.setdefault(f.name, set()).add(f.dutch)
    clash = {name: sorted(dutch) for name, dutch in found.items() if len(dutch) > 1}
    if clash:
        raise ValueError(f"a shown field name with more than one Dutch field: {clash}")
    return {name: dutch.pop() for name, dutch in found.items()}


DUTCH = _dutch_names()


def documented(collection: Collection):
    """Every field of a collection as the data dictionary lists it, (path, field): a sub-field under its
    record's path (evidence[].where), a named value as <name>.value with its own type and rule."""
    def walk(fields: tuple[Field, ...], prefix: str = ""):
        for f in fields:
            yield prefix + f.name, f
            yield from walk(f.fields, prefix + f.name + ("[]." if f.kind == "records" else "."))

    yield from walk(collection.fields)
    for f in collection.values:
        yield from walk((replace(f, name="value"),), f"{f.name}.")


def doc_key(collection: Collection, path: str) -> str:
    """The key of a field's description in the catalogues of the other languages (mgtables/locale/<lang>/
    schema.po): the file and the field, 'schema.reference_values.evidence.where'. The English description is
    the field's doc here; a Dutch text field's description follows by rule from its shown field's name."""
    return f"schema.{collection.file.removesuffix('.yaml')}.{path.replace('[]', '')}"


def source_texts() -> dict[str, str]:
    """Key -> English description of every field a catalogue of another language translates (not the
    Dutch text fields: their description is schema.dutch_of with the shown field's name)."""
    return {doc_key(c, path): f.doc for c in SCHEMA for path, f in documented(c) if not f.translates}
