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


# ---- ages and age bands (mgtables.domain.ages) --------------------------------------------------------

def test_age_bands_are_in_months_with_open_ends_as_zero_and_infinity():
    import math

    import pandas as pd

    from mgtables.domain import ages

    values = pd.DataFrame({"age_from": [None, 7, 1, 19], "age_to": [6, 12, None, None],
                           "age_unit": ["months", "months", "years", "years"]})
    out = ages.with_months(values)
    assert list(out["from_m"]) == [0.0, 7, 12, 228] and list(out["to_m"]) == [6, 12, math.inf, math.inf]
    assert "from_m" not in values  # a copy


def test_bands_cut_wherever_any_authority_cuts_and_pregnancy_only_where_named():
    import math

    import pandas as pd

    from mgtables.domain import ages

    values = pd.DataFrame({"from_m": [0.0, 12.0, 228.0], "to_m": [12.0, 228.0, math.inf]})
    assert ages.bands(values, "general") == [(0.0, 12.0), (12.0, 228.0), (228.0, math.inf)]
    assert ages.bands(values, "pregnancy") == [(12.0, 228.0)]  # no band below or above the ages named
    single = pd.DataFrame({"from_m": [0.0], "to_m": [math.inf]})
    assert ages.bands(single, "pregnancy") == [(0.0, math.inf)] and ages.bands(single, "general") == [(0.0, math.inf)]
    one_cut = pd.DataFrame({"from_m": [216.0], "to_m": [math.inf]})
    assert ages.bands(one_cut, "lactation") == [(0.0, math.inf)]


def test_a_band_reads_in_months_up_to_two_years_and_in_years_above():
    import math

    from mgtables.domain import ages

    assert ages.band_units(6, 24) == (6, 24, "months")
    assert ages.band_units(24, 36) == (2, 3, "years")
    assert ages.band_units(228, math.inf) == (19, math.inf, "years")


def test_a_figure_naming_no_age_is_read_as_the_parameters_say():
    import math

    import mgtables
    from mgtables.domain import ages

    data = mgtables.load()
    assert ages.adult_band(data) == (data.parameter("adults_from") * 12, math.inf)
    span = data.parameter("childbearing_ages")
    assert ages.childbearing_band(data) == (span["age_from"] * 12, span["age_to"] * 12)
