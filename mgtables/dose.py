"""The dose check on the limits page: an amount, a form and whether the amount is the salt or elemental
magnesium in; the elemental magnesium and each adult upper limit with its scope, and whether the dose is under,
at or over it, out.

The elemental fraction of a salt is computed from data/supplement_forms.yaml: the magnesium atoms of its
composition times magnesium's atomic weight, over its molar mass (which the validator has checked against the
formula). `check` does the arithmetic and returns codes and values; `answer` words it. The page gets, per form,
the fraction and the worded parts, and per limit its value and texts, as JSON (`answers`); its script
(book/_static/dose-check.js) reads the reader's amount with the patterns written there (as `read_amount`, in the
edition's convention for decimals and thousands), multiplies it by the fraction, rounds it as `tenth` does and
compares it with the limits written there, so the only rule it carries is one multiplication and one comparison.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass

from babel.numbers import get_decimal_symbol, get_group_symbol

from .dataset import Dataset, derived, in_language, load
from .domain.ages import months
from .domain.reference import authority_names, limits
from .formatting import number
from .i18n import SOURCE_LANGUAGE, catalogue, text
from .schema import ATOMIC_WEIGHTS
from .validate import salt_form

BASES = ("salt", "elemental")
VERDICTS = ("under", "at", "over")
# The largest amount the check takes, in mg: 100 g a day is far beyond any supplement dose (a laxative dose of
# Epsom salt is 10-30 g), so a larger number is a typo or a unit mix-up, not a dose to compare.
MAX_AMOUNT_MG = 100_000
# What the reader may type, in the convention of the edition's language (babel's symbols: English 2,000.5, Dutch
# 2.000,5): first a number grouped by thousands, the first group without a leading zero, with an optional decimal
# part (grouped_pattern); else digits with at most one decimal sign, a point or a comma, either read as the
# decimal sign (AMOUNT_PATTERN). So "2.000" is 2000 in Dutch and 2 in English, "2,000" 2000 in English and 2 in
# Dutch, and "12,5" and "12.5" are 12.5 in both. A minus sign is read so that a negative amount can be refused
# as such. dose-check.js reads the amount with the same two patterns, which the page gets (answers).
AMOUNT_PATTERN = r"-?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)"


def grouped_pattern(lang: str = SOURCE_LANGUAGE) -> str:
    """A number grouped by thousands in the language's convention (2,000.5 or 2.000,5)."""
    group, decimal = re.escape(get_group_symbol(lang)), re.escape(get_decimal_symbol(lang))
    return rf"-?[1-9][0-9]{{0,2}}(?:{group}[0-9]{{3}})+(?:{decimal}[0-9]*)?"


class DoseQueryError(ValueError):
    """A dose the check cannot answer: not a number, negative, absurdly large, or an unknown form or basis.
    str() gives the English message and message(lang) the message in another language."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(self.message(SOURCE_LANGUAGE))

    def message(self, lang: str = SOURCE_LANGUAGE) -> str:
        return text(self.key, lang, **{k: number(v, lang) if isinstance(v, int | float) else v
                                       for k, v in self.values.items()})


@dataclass(frozen=True)
class Limit:
    authority: str  # display name ("SCF 2001")
    value: float  # mg/day
    applies_to: str  # code of data/vocabulary.yaml applies_to
    verified: bool
    verdict: str  # under, at or over (VERDICTS)


@dataclass(frozen=True)
class DoseCheck:
    amount: float  # mg, as given
    form: str
    basis: str  # salt or elemental
    salt: str  # id of the assumed salt of the form
    fraction: float  # elemental magnesium per mg of the salt
    elemental_mg: float  # rounded to a tenth of a mg
    others: tuple[tuple[str, float], ...]  # for a salt amount: the form's other salts and their elemental mg
    limits: tuple[Limit, ...]

    @property
    def verdict(self) -> str:
        """over if the dose is over any limit, else at if at one, else under."""
        found = {lim.verdict for lim in self.limits}
        return next((v for v in reversed(VERDICTS) if v in found), "under")


def tenth(value: float) -> float:
    """A mass rounded to a tenth of a mg, half up (the page's script rounds the same way)."""
    return math.floor(value * 10 + 0.5) / 10


def fraction(salt: dict) -> float:
    """The elemental magnesium in one mg of the salt: Mg atoms x 24.305 / molar mass."""
    atoms = salt["composition"]["Mg"]
    return atoms * ATOMIC_WEIGHTS["Mg"] / salt["molar_mass_g_per_mol"]


@derived
def _salts_by_form(data: Dataset) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for rec in data.supplement_forms.to_dict("records"):
        found.setdefault(salt_form(rec["id"]), []).append(rec)
    return {form: sorted(recs, key=lambda rec: not rec["assumed"]) for form, recs in found.items()}


def salts(data: Dataset, form: str) -> list[dict]:
    """The salts of a form, the assumed one first, then in file order."""
    return list(_salts_by_form(data).get(form, []))


def forms(data: Dataset) -> list[str]:
    """Every form, in file order."""
    return list(_salts_by_form(data))


@derived
def adult_limit_rows(data: Dataset) -> list[dict]:
    """Each authority's upper limit for adults in the general population (as domain.reference.adult_limits),
    with its scope and whether it is verified, in register order."""
    age = months(data.parameter("adult_age"), "years")
    found = limits(data)
    found = found[(found["kind"] == "UL") & (found["life_stage"] == "general") & (found["from_m"] <= age)
                  & (age < found["to_m"])]
    rows = {rec["authority"]: rec for rec in found.to_dict("records")}
    return [{"authority": name, "value": float(rows[a]["value"]), "applies_to": rows[a]["applies_to"],
             "verified": bool(rows[a]["verified"])} for a, name in authority_names(data).items() if a in rows]


def read_amount(typed: str, lang: str = SOURCE_LANGUAGE) -> float:
    """The amount the reader typed, in mg, read in the convention of `lang` (see AMOUNT_PATTERN): a number
    grouped by thousands (2.000 in Dutch, 2,000 in English), or one with a decimal point or comma;
    DoseQueryError if it is no number."""
    typed = typed.strip() if isinstance(typed, str) else ""
    if re.fullmatch(grouped_pattern(lang), typed):
        return float(typed.replace(get_group_symbol(lang), "").replace(get_decimal_symbol(lang), "."))
    if not re.fullmatch(AMOUNT_PATTERN, typed):
        raise DoseQueryError("dose.error.not_a_number")
    return float(typed.replace(",", "."))


def check(amount: float, form: str, basis: str = "salt", data: Dataset | None = None) -> DoseCheck:
    """The dose check: `amount` mg of the form's assumed salt (basis 'salt') or of elemental magnesium (basis
    'elemental'), against each adult upper limit. Raises DoseQueryError for a dose it cannot answer."""
    data = data or load()
    if not isinstance(amount, int | float) or isinstance(amount, bool) or not math.isfinite(amount):
        raise DoseQueryError("dose.error.not_a_number")
    if amount < 0:
        raise DoseQueryError("dose.error.negative")
    if amount > MAX_AMOUNT_MG:
        raise DoseQueryError("dose.error.too_large", most=MAX_AMOUNT_MG)
    if basis not in BASES:
        raise DoseQueryError("dose.error.basis", basis=repr(basis))
    found = salts(data, form)
    if not found:
        raise DoseQueryError("dose.error.form", form=repr(form))
    assumed, *others = found
    share = fraction(assumed)
    mg = tenth(amount * share) if basis == "salt" else tenth(amount)
    other_mg = tuple((o["id"], tenth(amount * fraction(o))) for o in others) if basis == "salt" else ()
    checked = tuple(Limit(r["authority"], r["value"], r["applies_to"], r["verified"], _verdict(mg, r["value"]))
                    for r in adult_limit_rows(data))
    return DoseCheck(float(amount), form, basis, assumed["id"], share, mg, other_mg, checked)


def _verdict(mg: float, limit: float) -> str:
    return "under" if mg < limit else "at" if mg == limit else "over"


def mass(value: float, lang: str) -> str:
    """A mass rounded to a tenth (see tenth), with one decimal unless it is whole, in the language's decimal sign;
    without grouping, as the page's script writes it."""
    written = f"{tenth(value):.1f}".removesuffix(".0")
    return written.replace(".", get_decimal_symbol(lang))


def _salt_name(data: Dataset, salt_id: str, lang: str) -> str:
    rec = next(r for recs in _salts_by_form(data).values() for r in recs if r["id"] == salt_id)
    return rec[in_language("en", lang)]


def _form_name(data: Dataset, form: str, lang: str) -> str:
    rec = salts(data, form)[0]
    return rec[in_language("form_en", lang)]


def _assumed_text(salt: dict, lang: str) -> str:
    name = salt[in_language("en", lang)]
    return text("dose.answer.assumed", lang, salt=name, formula=salt["formula"],
                mass=f"{salt['molar_mass_g_per_mol']:.3f}".replace(".", get_decimal_symbol(lang)),
                percent=number(100 * fraction(salt), lang))


def _limit_texts(data: Dataset, row: dict, lang: str) -> dict[str, str]:
    """The sentence for each verdict on one limit, with the limit filled in and {mg} left for the dose."""
    values = {"authority": row["authority"], "limit": number(row["value"], lang),
              "scope": data.label("applies_to", row["applies_to"], lang), "mg": "{mg}"}
    keys = {"under": "dose.answer.limit_under", "at": "dose.answer.limit_at", "over": "dose.answer.limit_over"}
    unverified = "" if row["verified"] else " " + text("dose.answer.limit_unverified", lang)
    return {verdict: text(key, lang, **values) + unverified for verdict, key in keys.items()}


def _fill(template: str, **values: str) -> str:
    """Fill the {names} of a template as the page's script does (a plain replacement, no format specs)."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: values[m.group(1)], template)


def answer(found: DoseCheck, data: Dataset, lang: str = SOURCE_LANGUAGE) -> list[str]:
    """The check worded in `lang`: one paragraph each, as the page shows them."""
    mg = mass(found.elemental_mg, lang)
    summary = {"under": "dose.answer.summary_under", "at": "dose.answer.summary_at",
               "over": "dose.answer.summary_over"}[found.verdict]
    over = sum(lim.verdict == "over" for lim in found.limits)
    out = [_fill(text(summary, lang), count=str(over), total=str(len(found.limits)))]
    if found.basis == "salt":
        out.append(text("dose.answer.salt", lang, amount=mass(found.amount, lang),
                        form=_form_name(data, found.form, lang), mg=mg))
        salt = salts(data, found.form)[0]
        out.append(_assumed_text(salt, lang))
        if not salt["verified"]:
            out.append(text("dose.answer.unverified", lang))
        if found.others:
            items = [text("dose.answer.other_item", lang, salt=_salt_name(data, s, lang), mg=mass(v, lang))
                     for s, v in found.others]
            out.append(text("dose.answer.others", lang, others="; ".join(items)))
    else:
        out.append(text("dose.answer.elemental", lang, mg=mg, form=_form_name(data, found.form, lang)))
    rows = adult_limit_rows(data)
    for lim, row in zip(found.limits, rows, strict=True):
        out.append(_fill(_limit_texts(data, row, lang)[lim.verdict], mg=mg))
    out.append(text("dose.answer.scope", lang))
    return out


def answers(data: Dataset, lang: str = SOURCE_LANGUAGE) -> dict:
    """What the page needs to give every answer `answer(check(...))` gives: per form its fraction and worded
    parts, per limit its value and sentences, the templates and the refusals."""
    templates = catalogue(lang)
    per_form = []
    for form in forms(data):
        assumed, *others = salts(data, form)
        name = assumed[in_language("en", lang)]
        per_form.append({
            "form": form, "salt": name, "fraction": fraction(assumed), "assumed": _assumed_text(assumed, lang),
            "unverified": "" if assumed["verified"] else text("dose.answer.unverified", lang),
            "form_name": _form_name(data, form, lang),
            "others": [{"salt": o[in_language("en", lang)], "fraction": fraction(o)} for o in others],
        })
    return {
        "decimal": get_decimal_symbol(lang), "group": get_group_symbol(lang), "max_amount": MAX_AMOUNT_MG,
        "pattern": AMOUNT_PATTERN, "grouped": grouped_pattern(lang),
        "forms": per_form,
        "limits": [{"value": row["value"], "texts": _limit_texts(data, row, lang)} for row in adult_limit_rows(data)],
        "texts": {key.removeprefix("dose.answer."): templates[key] for key in (
            "dose.answer.summary_under", "dose.answer.summary_at", "dose.answer.summary_over", "dose.answer.salt",
            "dose.answer.elemental", "dose.answer.others", "dose.answer.other_item", "dose.answer.scope")},
        "messages": {"not_a_number": text("dose.error.not_a_number", lang),
                     "negative": text("dose.error.negative", lang),
                     "too_large": DoseQueryError("dose.error.too_large", most=MAX_AMOUNT_MG).message(lang)},
    }


def form_html(data: Dataset, lang: str = SOURCE_LANGUAGE) -> str:
    """The form, its answers as JSON, and the script that joins them."""
    def label(key: str) -> str:
        return html.escape(text(key, lang))

    payload = answers(data, lang)
    options = "".join(f'<option value="{html.escape(f["form"])}">{html.escape(f["form_name"])}</option>'
                      for f in payload["forms"])
    bases = "".join(f'<option value="{b}">{label(key)}</option>'
                    for b, key in (("salt", "dose.basis.salt"), ("elemental", "dose.basis.elemental")))
    # type="text" with a decimal keyboard, not type="number": see mgtables/lookup.py
    script_data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        '<form class="mg-lookup mg-dose" id="mg-dose-check" novalidate>'
        f'<p class="mg-lookup-fields"><label>{label("dose.amount")} '
        '<input name="amount" type="text" inputmode="decimal" autocomplete="off" size="7" required> mg</label> '
        f'<select name="basis" aria-label="{label("dose.basis")}">{bases}</select> '
        f'<label>{label("dose.form")} <select name="form">{options}</select></label> '
        f'<button type="submit">{label("dose.submit")}</button></p>'
        f'<noscript><p>{label("dose.noscript")}</p></noscript>'
        '<div class="mg-lookup-answer mg-dose-answer" role="status" aria-live="polite"></div>'
        f'<script type="application/json" class="mg-dose-data">{script_data}</script>'
        "</form>"
        '<script src="../_static/dose-check.js" defer></script>'
    )
