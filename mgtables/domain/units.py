"""Magnesium's molar mass, kept in this one place, and conversion between milligrams and millimoles.

The conversions also serve rates and concentrations (mg/day <-> mmol/day, mg/L <-> mmol/L): the
factor is the same. They accept a number, a numpy array or a pandas Series. in_mg brings an amount
in any of the dataset's units of mass, rate or concentration to milligrams.
"""

from __future__ import annotations

import numpy as np

from ..i18n import text

# Standard atomic weight of magnesium, in g/mol (= mg/mmol): the IUPAC conventional atomic weight
# 24.305 (IUPAC Commission on Isotopic Abundances and Atomic Weights, standard atomic weights 2013,
# which give magnesium the interval [24.304, 24.307] and this single value for everyday use).
MOLAR_MASS_MG = 24.305


def _amount(value, unit: str):
    if np.any(np.asarray(value) < 0):
        raise ValueError(text("units.error.negative", value=repr(value), unit=unit))
    return value


def mg_to_mmol(mg):
    """Millimoles of magnesium in `mg` milligrams."""
    return _amount(mg, "mg") / MOLAR_MASS_MG


def mmol_to_mg(mmol):
    """Milligrams of magnesium in `mmol` millimoles."""
    return _amount(mmol, "mmol") * MOLAR_MASS_MG


MASS_TO_MG = {"g": 1000.0, "mg": 1.0, "mg/day": 1.0, "mg/L": 1.0}
MMOL_UNITS = ("mmol/L", "mmol/day")


def in_mg(low: float, high: float, unit: str) -> tuple[float, float] | None:
    """A mass, rate or concentration in mg (per its own basis), or None for a unit that is not an amount."""
    if unit in MASS_TO_MG:
        return low * MASS_TO_MG[unit], high * MASS_TO_MG[unit]
    if unit in MMOL_UNITS:
        return mmol_to_mg(low), mmol_to_mg(high)
    return None
