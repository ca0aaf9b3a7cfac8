"""How the sources stand on each claim: who asserts, denies or qualifies it, whether it is contested
(one source asserts what another denies) and how far the sources agree. One place for the chapters
that compare claims (body, limits, claims)."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset

STANCES = ("asserts", "denies", "qualifies")


def claims_of(data: Dataset, themes=(), groups=()) -> pd.DataFrame:
    """The claims whose key is of one of the themes or of one of the groups (claim_keys.yaml 'group'),
    with their key's fields (theme, English text, group ...)."""
    claims = data.claims.merge(data.claim_keys, left_on="claim", right_on="key", how="left")
    return claims[claims["theme"].isin(themes) | claims["group"].isin(groups)].reset_index(drop=True)


def agreement(stances: dict[str, str]) -> str:
    """How the sources stand on one claim: a conflict (one asserts, another denies), agreement or a lone voice.
    `stances` maps each source to its stance."""
    asserting = [s for s, st in stances.items() if st == "asserts"]
    denying = [s for s, st in stances.items() if st == "denies"]
    qualifying = [s for s, st in stances.items() if st == "qualifies"]
    if asserting and denying:
        verdict = "conflict"
    elif len(asserting) > 1 or len(denying) > 1:
        verdict = f"{max(len(asserting), len(denying))} sources agree"
    elif len(stances) == 1:
        verdict = "one source only"
    elif asserting or denying:
        verdict = f"one source {'asserts' if asserting else 'denies'} it"
    else:
        verdict = "no source asserts it outright"
    if qualifying and verdict != "one source only":
        verdict += f"; qualified by {', '.join(qualifying)}"
    return verdict


def by_key(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim key, in order of first appearance: the sources by stance, the claim ids, the
    figures the claims rest on, agreement and whether it is contested. `claims` needs the columns
    claim, source, stance and id; theme and en (from claims_of) and figures are carried when present."""
    rows = []
    for key, group in claims.groupby("claim", sort=False):
        stances = dict(zip(group["source"], group["stance"], strict=True))
        figures = group.get("figures", [])
        rows.append({
            "key": key,
            **{column: group[column].iloc[0] for column in ("theme", "en") if column in group},
            **{stance: ", ".join(group[group["stance"] == stance]["source"]) for stance in STANCES},
            "n_sources": len(stances),
            "conflict": "asserts" in stances.values() and "denies" in stances.values(),
            "agreement": agreement(stances),
            "claims": ", ".join(group["id"]),
            "figures": sorted({f for figs in figures if isinstance(figs, list) for f in figs}),
        })
    return pd.DataFrame(rows, columns=["key", "theme", "en", *STANCES, "n_sources", "conflict", "agreement",
                                       "claims", "figures"])


def conflicts(claims: pd.DataFrame) -> pd.DataFrame:
    """The contested keys (one source asserts the claim and another denies it), as rows of by_key."""
    keys = by_key(claims)
    return keys[keys["conflict"]].reset_index(drop=True)
