"""Conversion between milligrams and millimoles of magnesium, through the one molar mass."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mgtables.domain import units


def test_one_millimole_weighs_the_molar_mass_in_milligrams():
    assert units.mmol_to_mg(1) == units.MOLAR_MASS_MG
    assert units.mg_to_mmol(units.MOLAR_MASS_MG) == pytest.approx(1)


def test_molar_mass_lies_in_the_iupac_interval():
    assert 24.304 <= units.MOLAR_MASS_MG <= 24.307


@pytest.mark.parametrize("mg", [0, 0.5, 25, 250, 28000])
def test_round_trip_gives_the_amount_back(mg):
    assert units.mmol_to_mg(units.mg_to_mmol(mg)) == pytest.approx(mg)


def test_conversion_is_proportional():
    assert units.mg_to_mmol(500) == pytest.approx(2 * units.mg_to_mmol(250))


def test_arrays_and_series_convert_element_by_element():
    series = pd.Series([0.0, 250.0, 350.0])
    assert list(units.mg_to_mmol(series)) == pytest.approx([units.mg_to_mmol(v) for v in series])
    assert units.mmol_to_mg(np.array([1.0, 2.0])).tolist() == pytest.approx([units.MOLAR_MASS_MG,
                                                                              2 * units.MOLAR_MASS_MG])


@pytest.mark.parametrize("convert", [units.mg_to_mmol, units.mmol_to_mg])
@pytest.mark.parametrize("value", [-1, np.array([1.0, -0.1])])
def test_negative_amounts_are_refused(convert, value):
    with pytest.raises(ValueError, match="cannot be negative"):
        convert(value)


@pytest.mark.parametrize(("amount", "unit", "expected"), [
    ((25.0, 28.0), "g", (25000.0, 28000.0)),
    ((2.0, 3.0), "mg/L", (2.0, 3.0)),
    ((1.0, 2.0), "mmol/L", (units.MOLAR_MASS_MG, 2 * units.MOLAR_MASS_MG)),
    ((30.0, 40.0), "percent", None),
])
def test_in_mg_brings_masses_rates_and_concentrations_to_milligrams(amount, unit, expected):
    assert units.in_mg(*amount, unit) == (pytest.approx(expected) if expected else None)
