"""Ages and age bands: an age in months, a band as [from, to) in months with open ends as 0 and
infinity, bands cut wherever any authority cuts, and the ages a figure that names none is read as."""

from __future__ import annotations

import itertools
import math

import pandas as pd

from ..dataset import Dataset
from ..validate import months  # the validator compares age bands too, so the conversion sits below


def with_months(values: pd.DataFrame) -> pd.DataFrame:
    """Reference values with their age band in months: [from_m, to_m), open ends as 0 and infinity."""
    out = values.copy()
    out["from_m"] = [0.0 if pd.isna(a) else months(a, u) for a, u in zip(out["age_from"], out["age_unit"],
                                                                             strict=True)]
    out["to_m"] = [math.inf if pd.isna(b) else months(b, u) for b, u in zip(out["age_to"], out["age_unit"],
                                                                                strict=True)]
    return out


def bands(values: pd.DataFrame, stage: str) -> list[tuple[float, float]]:
    """Bands cut wherever any of `values` (with_months) cuts, for one life stage."""
    cuts = sorted({c for c in pd.concat([values["from_m"], values["to_m"]]) if not math.isinf(c)})
    if stage != "general":  # no ages outside those some authority names for pregnancy or lactation
        cuts = [c for c in cuts if c > 0] or [0.0]
        return list(itertools.pairwise(cuts)) or [(0.0, math.inf)]
    return list(zip(cuts, [*cuts[1:], math.inf], strict=True))


def band_units(from_m: float, to_m: float) -> tuple[float, float, str]:
    """A band in the unit it reads best in: months below two years, years above; (from, to, unit)."""
    if to_m <= 24:
        return from_m, to_m, "months"
    return from_m / 12, to_m / 12, "years"


def adult_band(data: Dataset) -> tuple[float, float]:
    """The band in months an intake figure that names no age is read as being about: adults."""
    return months(data.parameter("adults_from"), "years"), math.inf


def childbearing_band(data: Dataset) -> tuple[float, float]:
    """The band in months a figure or value for pregnancy or lactation naming no age is read as being about."""
    ages = data.parameter("childbearing_ages")
    return months(ages["age_from"], "years"), months(ages["age_to"], "years")
