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


def test_small_towns_are_suppressed_in_tables_and_maps():
    import pandas as pd

    from yubei_gas_lib.complaints.tables import labelled
    from yubei_gas_lib.privacy import suppress_small
    from yubei_gas_lib.results.complaints import published_towns

    measures = pd.DataFrame(
        {"tickets": [2, 30], "households": [4.0, 1200.0], "per_10k": [5000.0, 250.0]},
        index=pd.Index(["500112012000", "500112144000"], name="town_code"))
    # 4 households: below 5, every figure blanked, the name kept
    frame, _ = labelled(measures, ["tickets", "per_10k"])
    assert frame.loc[0, "name"] == "龙山街道"
    assert frame.loc[0, ["tickets", "households", "per_10k"]].isna().all()
    assert frame.loc[1, "tickets"] == 30
    shown = published_towns(measures)
    assert pd.isna(shown.loc["500112012000", "per_10k"])
    assert shown.loc["500112144000", "per_10k"] == 250.0
    # exactly 5 households is published
    five = suppress_small(pd.DataFrame({"n": [5], "x": [1.0]}), "n")
    assert five.x.tolist() == [1.0]
