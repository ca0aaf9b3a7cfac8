"""The intake lookup in the page: age, sex and life stage in; every authority's values out, the same
answer as `mgtables intake`. The build writes every answer the lookup can give, per age band, sex and
life stage, into the page as JSON; the page's script (book/_static/intake-lookup.js) only finds the band
and shows what is written there, so it implements none of the rules. Without JavaScript the form says so.
"""

from __future__ import annotations

import html
import itertools
import json
import math

from .dataset import Dataset
from .domain.ages import with_months
from .domain.reference import OLDEST_YEARS, SEXES, STAGES, IntakeQueryError, intake
from .i18n import SOURCE_LANGUAGE, text


def _cuts(data: Dataset) -> list[float]:
    """Every age, in months, at which some authority's value begins or ends."""
    values = with_months(data.reference_values)
    ends = set(values["from_m"]) | {m for m in values["to_m"] if not math.isinf(m)}
    return [*sorted({0.0, *ends} - {OLDEST_YEARS * 12.0}), OLDEST_YEARS * 12.0]


def _answer(data: Dataset, age_m: float, sex: str, stage: str, lang: str) -> dict:
    try:
        found = intake(age_m, sex, stage, unit="months", data=data, lang=lang)
    except IntakeQueryError as exc:
        return {"error": exc.message(lang)}
    return {"rows": [[_cell(v) for v in row] for row in found.itertuples(index=False)]}


def _cell(value):
    return value.item() if hasattr(value, "item") else value


def answers(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict:
    """Every answer of the lookup: for each sex and life stage, the age bands [from_m, to_m) in months over
    which the answer stays the same, with the answer (a table, or the reason there is none)."""
    bands: list[dict] = []
    columns = [str(c) for c in intake(OLDEST_YEARS / 2, SEXES[0], data=data, lang=lang).columns]
    for sex, stage in itertools.product(SEXES, STAGES):
        for lo, hi in itertools.pairwise(_cuts(data)):
            answer = _answer(data, lo, sex, stage, lang)
            last = bands[-1] if bands else None
            if last and (last["sex"], last["stage"], last["to_m"], last["answer"]) == (sex, stage, lo, answer):
                last["to_m"] = hi
            else:
                bands.append({"sex": sex, "stage": stage, "from_m": lo, "to_m": hi, "answer": answer})
    return {"oldest_months": OLDEST_YEARS * 12, "columns": columns, "bands": bands, "messages": {
        "not_a_number": text("lookup.error.not_a_number", lang),
        "negative": text("lookup.error.negative", lang),
        "too_old": text("lookup.error.too_old", lang, years=OLDEST_YEARS),
    }}


def form_html(data: Dataset, lang: str = SOURCE_LANGUAGE) -> str:
    """The form, its answers as JSON, and the script that joins them."""
    def label(key: str) -> str:
        return html.escape(text(key, lang))

    def options(values, vocab):
        return "".join(f'<option value="{v}">{html.escape(data.label(vocab, v, lang))}</option>' for v in values)

    # type="text" with a decimal keyboard, not type="number": a number field drops what it cannot parse
    # (so the reader would not learn why) and refuses the Dutch decimal comma in some browsers.
    payload = json.dumps(answers(data, lang), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        '<form class="mg-lookup" id="mg-intake-lookup" novalidate>'
        f'<p class="mg-lookup-fields"><label>{label("lookup.age")} '
        '<input name="age" type="text" inputmode="decimal" autocomplete="off" size="6" required></label> '
        f'<select name="unit" aria-label="{label("lookup.unit")}">'
        f'<option value="years">{label("lookup.years")}</option>'
        f'<option value="months">{label("lookup.months")}</option></select> '
        f'<label>{label("lookup.sex")} <select name="sex">{options(SEXES, "sex")}</select></label> '
        f'<label>{label("lookup.stage")} <select name="stage">{options(STAGES, "life_stage")}</select></label> '
        f'<button type="submit">{label("lookup.submit")}</button></p>'
        f'<noscript><p>{label("lookup.noscript")}</p></noscript>'
        '<div class="mg-lookup-answer" role="status" aria-live="polite"></div>'
        f'<script type="application/json" class="mg-lookup-data">{payload}</script>'
        "</form>"
        '<script src="../_static/intake-lookup.js" defer></script>'
    )
