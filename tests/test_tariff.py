"""The tariff file: defaults of billing.md, and clear errors for broken files."""

import copy

import pytest
import yaml

from yubei_gas_lib.errors import ParameterError
from yubei_gas_lib.tariff import DEFAULT_TARIFF, load_tariff, tariff_from_dict

RAW = yaml.safe_load(DEFAULT_TARIFF.read_text(encoding="utf-8"))


def broken(edit):
    raw = copy.deepcopy(RAW)
    edit(raw)
    return raw


def test_defaults_are_the_spec_figures():
    t = load_tariff()
    assert t.plans["standard"].buckets[0].thresholds_m3 == (500, 660)
    heating = {b.name: b for b in t.plans["heating"].buckets}
    assert heating["heating_season"].months == [12, 1, 2]
    assert heating["heating_season"].thresholds_m3 == (1200, 2000)
    assert (t.persons_included, t.extra_per_person_m3, t.default_persons) == (4, 70, 3)
    assert t.tier_prices(0, 6) == (2.039, 2.209, 2.559)
    assert t.tier_prices(0, 1) == (2.13, 2.30, 2.65)
    assert t.prices[0].flat_yuan == {"low_income": 1.96, "shared_meter": 2.089}
    assert str(t.prices[0].valid_from) == "2016-09-01" and t.prices[0].valid_to is None
    assert t.path.endswith("tariff.yaml")


def test_bucket_without_months():
    raw = broken(lambda r: r["plans"]["standard"]["buckets"][0].update(months=[]))
    with pytest.raises(ParameterError) as err:
        tariff_from_dict(raw, "t.yaml")
    assert err.value.key == "plans.standard.buckets.0.months"
    assert "t.yaml" in err.value.zh and "t.yaml" in err.value.en


def test_month_in_two_buckets_or_none():
    raw = broken(lambda r: r["plans"]["heating"]["buckets"][1]["months"].append(1))
    with pytest.raises(ParameterError, match="covered twice"):
        tariff_from_dict(raw)
    raw = broken(lambda r: r["plans"]["heating"]["buckets"][1]["months"].remove(5))
    with pytest.raises(ParameterError, match="not covered: \\[5\\]"):
        tariff_from_dict(raw)


def two_rows(first_to, second_from):
    def edit(r):
        row = copy.deepcopy(r["prices"][0])
        r["prices"][0]["valid_to"] = first_to
        row["valid_from"] = second_from
        r["prices"].append(row)
    return broken(edit)


def test_price_rows_contiguous_overlapping_and_gaps():
    ok = tariff_from_dict(two_rows("2023-06-30", "2023-07-01"))
    assert len(ok.prices) == 2
    with pytest.raises(ParameterError, match="overlaps") as err:
        tariff_from_dict(two_rows("2023-07-01", "2023-07-01"))
    assert err.value.key == "prices.1" and "重叠" in err.value.zh
    with pytest.raises(ParameterError, match="gap in dates") as err:
        tariff_from_dict(two_rows("2023-06-29", "2023-07-01"))
    assert "空档" in err.value.zh


def test_other_mistakes_name_their_key():
    cases = [
        (lambda r: r["prices"][0]["seasons"][0]["tiers_yuan"].pop(),
         "prices.0.seasons"),
        (lambda r: r["prices"][0]["flat_yuan"].pop("low_income"),
         "prices.0.flat_yuan.low_income"),
        (lambda r: r.update(colour="red"), "colour"),
        (lambda r: r["plans"]["standard"]["buckets"][0].update(
            thresholds_m3=[700, 600]), "plans.standard.buckets.0.thresholds_m3"),
        (lambda r: r["prices"][0]["seasons"][1].update(months=[12, 1, 13]),
         "prices.0.seasons.1.months"),
    ]
    for edit, key in cases:
        with pytest.raises(ParameterError) as err:
            tariff_from_dict(broken(edit), "t.yaml")
        assert err.value.key.startswith(key), (key, err.value.key)


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        load_tariff(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("plans: [unclosed", encoding="utf-8")
    with pytest.raises(ParameterError, match="not valid YAML"):
        load_tariff(bad)


def test_price_row_lookup_by_day():
    import pandas as pd

    t = tariff_from_dict(two_rows("2023-06-30", "2023-07-01"))
    days = pd.to_datetime(["2016-08-31", "2016-09-01", "2023-06-30", "2023-07-01"])
    assert t.row_index(days).tolist() == [-1, 0, 0, 1]
