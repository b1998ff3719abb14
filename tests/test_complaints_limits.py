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


def test_emergency_on_site_within_one_clock_hour():
    import datetime as dt

    from yubei_gas_lib.complaints.limits import emergency_response
    from yubei_gas_lib.dataset import Dataset

    requests = pd.DataFrame({
        "request_id": ["R1", "R2", "R3", "R4"],
        "town_code": "500112012000", "enterprise_id": "E1",
        "item": ["emergency", "emergency", "emergency", "repair"],
        "submitted_at": pd.to_datetime(["2024-02-10 23:30", "2024-03-01 08:00",
                                        "2024-03-31 23:50", "2024-03-01 08:00"]),
        "completed_at": pd.to_datetime(["2024-02-11 00:20", "2024-03-01 09:30",
                                        None, None]),
    })
    ds = Dataset({"service_requests": requests}, quarantine=pd.DataFrame())
    out = emergency_response(ds, as_of=dt.date(2024, 3, 31))
    assert out.request_id.tolist() == ["R1", "R2", "R3"]
    assert out.hours.tolist()[:2] == [50 / 60, 1.5]
    # R3: its hour runs past the end of the as-of day, so not known yet
    assert out.on_time.tolist()[:2] == [True, False] and pd.isna(out.on_time[2])
