"""Property: whatever the rows hold, rows read = rows kept + rows quarantined."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yubei_gas_lib.load import load_dataset
from yubei_gas_lib.quality import reconciles

ids = st.sampled_from(["H1", "H2", "H3", "H9", "", "h 1"])
dates = st.sampled_from(["2024-01-05", "2024/2/5", "45300", "2024-13-01", "", "x",
                         "2030-01-01"])
numbers = st.sampled_from(["0", "12.5", "-3", "abc", "", "1e3"])
kinds = st.sampled_from(["actual", "估抄", "remote", "self", "guess", ""])
reading_rows = st.lists(st.tuples(ids, st.sampled_from(["M1", "M2", "M3"]), dates,
                                  numbers, kinds), max_size=25)
household_rows = st.lists(st.tuples(ids, st.sampled_from(["E1", "E2", ""]),
                                    st.sampled_from(["500112012000", "123"]),
                                    st.sampled_from(["standard", "采暖", "shop"])),
                          max_size=6)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(households=household_rows, readings=reading_rows)
def test_every_row_is_kept_or_quarantined(households, readings):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "enterprises.csv").write_text("enterprise_id,name\nE1,甲\n")
        (folder / "households.csv").write_text(
            "household_id,enterprise_id,town_code,plan\n"
            + "".join(",".join(r) + "\n" for r in households))
        (folder / "readings.csv").write_text(
            "household_id,meter_id,read_on,register_m3,read_type\n"
            + "".join(",".join(r) + "\n" for r in readings))
        dataset = load_dataset(folder, as_of=dt.date(2025, 1, 1))
        assert reconciles(dataset)
        kept_readings = set(dataset.readings.index)
        bad_readings = set(dataset.quarantine.query("table == 'readings'").row)
        assert kept_readings.isdisjoint(bad_readings)
        assert kept_readings | bad_readings == set(range(2, len(readings) + 2))
