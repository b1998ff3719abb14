"""The service-standard parameters: defaults, shipped file and bad files."""

import pandas as pd
import pytest

from yubei_gas_lib.complaints import ServiceStandards, load_service_standards
from yubei_gas_lib.complaints.limits import Limit
from yubei_gas_lib.errors import ParameterError


def test_shipped_file_matches_the_spec_defaults():
    assert load_service_standards() == ServiceStandards()
    s = ServiceStandards()
    assert s.first_reply.working_days == 1 and s.close_other.working_days == 10
    assert s.emergency_on_site.hours == 1


def test_hours_limit_is_clock_time():
    start = pd.Series(pd.to_datetime(["2024-02-10 23:30"]))   # a holiday night
    assert Limit(hours=1).due(start).item() == pd.Timestamp("2024-02-11 00:30")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("first_reply: {working_days: 0}\n", "first_reply.working_days"),
        ("first_reply: {working_days: 1, hours: 2}\n", "first_reply"),
        ("close_other: {days: 10}\n", "close_other.days"),
        ("callback_coverage_target: 1.5\n", "callback_coverage_target"),
        ("repeat_window: 30\n", "repeat_window"),
    ],
)
def test_bad_file_names_file_and_key(tmp_path, text, key):
    path = tmp_path / "service_standards.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_service_standards(path)
    assert err.value.key == key and err.value.path == str(path)


def test_missing_file(tmp_path):
    with pytest.raises(ParameterError, match="文件不存在"):
        load_service_standards(tmp_path / "nope.yaml")
