"""How the sources stand on each claim: who asserts, denies or qualifies it, whether it is contested
(one source asserts what another denies) and how far the sources agree. One place for the chapters
that compare claims (body, limits, claims)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dataset import Dataset
from ..i18n import SOURCE_LANGUAGE, text

STANCES = ("asserts", "denies", "qualifies")


def claims_of(data: Dataset, themes=(), groups=()) -> pd.DataFrame:
    """The claims whose key is of one of the themes or of one of the groups (claim_keys.yaml 'group'),
    with their key's fields (theme, English text, group ...)."""
    claims = data.claims.merge(data.claim_keys, left_on="claim", right_on="key", how="left")
    return claims[claims["theme"].isin(themes) | claims["group"].isin(groups)].reset_index(drop=True)


@dataclass(frozen=True)
class Agreement:
    """How the sources stand on one claim, as a code with its values (agreement_text words it):
    `code` one of AGREEMENT_CODES, `n_sources` the number of sources that agree (code 'agree'), and
    `qualified_by` the sources that qualify the claim (not counted for code 'single')."""
    code: str
    n_sources: int = 0
    qualified_by: tuple[str, ...] = ()


# code -> key of its text
AGREEMENT_TEXTS = {
    "conflict": "stances.agreement.conflict",  # one asserts, another denies
    "agree": "stances.agreement.agree",  # two or more assert, or two or more deny
    "single": "stances.agreement.single",  # one source only
    "one_asserts": "stances.agreement.one_asserts",  # one asserts, the others only qualify
    "one_denies": "stances.agreement.one_denies",  # one denies, the others only qualify
    "none_outright": "stances.agreement.none_outright",  # every source qualifies
}
AGREEMENT_CODES = tuple(AGREEMENT_TEXTS)


def agreement(stances: dict[str, str]) -> Agreement:
    """How the sources stand on one claim: a conflict (one asserts, another denies), agreement or a lone voice.
    `stances` maps each source to its stance."""
    asserting = [s for s, st in stances.items() if st == "asserts"]
    denying = [s for s, st in stances.items() if st == "denies"]
    qualifying = tuple(s for s, st in stances.items() if st == "qualifies")
    if asserting and denying:
        return Agreement("conflict", qualified_by=qualifying)
    if len(asserting) > 1 or len(denying) > 1:
        return Agreement("agree", max(len(asserting), len(denying)), qualifying)
    if len(stances) == 1:
        return Agreement("single")
    if asserting or denying:
        return Agreement("one_asserts" if asserting else "one_denies", qualified_by=qualifying)
    return Agreement("none_outright", qualified_by=qualifying)


def agreement_text(found: Agreement, lang: str = SOURCE_LANGUAGE) -> str:
    """An agreement in words ('2 sources agree; qualified by c')."""
    said = text(AGREEMENT_TEXTS[found.code], lang, n=found.n_sources)
    if not found.qualified_by:
        return said
    return text("stances.agreement.qualified", lang, agreement=said, sources=", ".join(found.qualified_by))


def by_key(claims: pd.DataFrame, lang: str = SOURCE_LANGUAGE) -> pd.DataFrame:
    """One row per claim key, in order of first appearance: the sources by stance, the claim ids, the
    figures the claims rest on, agreement and whether it is contested. `claims` needs the columns
    claim, source, stance and id; theme, en and nl (from claims_of) and figures are carried when present.
    The agreement is given as its code (`agreement_code`, an Agreement) and in words in `lang` (`agreement`)."""
    carried = [column for column in ("theme", "en", "nl") if column in claims]
    groups: dict[str, list[dict]] = {}  # records by key, in one pass: a frame filtered per key costs as its size
    for rec in claims.to_dict("records"):
        groups.setdefault(rec["claim"], []).append(rec)
    rows = []
    for key, group in groups.items():
        stances = {r["source"]: r["stance"] for r in group}
        found = agreement(stances)
        rows.append({
            "key": key,
            **{column: group[0][column] for column in carried},
            **{stance: ", ".join(r["source"] for r in group if r["stance"] == stance) for stance in STANCES},
            "n_sources": len(stances),
            "conflict": "asserts" in stances.values() and "denies" in stances.values(),
            "agreement_code": found,
            "agreement": agreement_text(found, lang),
            "claims": ", ".join(r["id"] for r in group),
            "figures": sorted({f for r in group if isinstance(r.get("figures"), list) for f in r["figures"]}),
        })
    return pd.DataFrame(rows, columns=["key", "theme", "en", "nl", *STANCES, "n_sources", "conflict",
                                       "agreement_code", "agreement", "claims", "figures"])


def conflicts(claims: pd.DataFrame) -> pd.DataFrame:
    """The contested keys (one source asserts the claim and another denies it), as rows of by_key."""
    keys = by_key(claims)
    return keys[keys["conflict"]].reset_index(drop=True)
