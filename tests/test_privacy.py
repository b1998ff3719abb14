"""Masking of household ids."""

import pandas as pd

from yubei_gas_lib.privacy import mask_id


def test_mask_id_keeps_four_each_side_of_long_ids():
    assert mask_id("500112345678") == "5001****5678"
    assert mask_id("50011234567890") == "5001****7890"


def test_short_ids_stay_mostly_hidden():
    assert mask_id("ABCDEFGHI") == "ABC****GHI"
    assert mask_id("H001") == "H****1"
    assert mask_id("ab") == "****"
    assert mask_id("") == "****"


def test_missing_values_stay_missing():
    assert mask_id(None) is None
    assert mask_id(float("nan")) is None


def test_series_vectorised_keeps_index_and_agrees_with_scalar():
    ids = pd.Series(["500112345678", None, "ab", "ABCDEFGHI", "H001"],
                    index=[5, 6, 7, 8, 9])
    out = mask_id(ids)
    assert out.index.tolist() == [5, 6, 7, 8, 9]
    assert out.tolist() == [mask_id(v) for v in ids]


def test_numbers_are_masked_as_text():
    assert mask_id(500112345678) == "5001****5678"
