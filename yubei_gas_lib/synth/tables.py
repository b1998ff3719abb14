"""From the internal model to the contract's tables (canonical English).

Internal tables key households by position and time by day or second
indices; here they become the exports' strings: twelve-digit account
numbers, ``YYYY-MM-DD`` dates and ``YYYY-MM-DD HH:MM:SS`` timestamps. Arrow
arrays keep this fast for the full district.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import geography
from .district import District
from .population import household_ids, meter_ids
from .posts import post_texts
from .rates import START, to_datetime64
from .reading import READ_TYPES

_START_S = np.datetime64(START.isoformat(), "s")


def dates(days: np.ndarray, missing_below: int | None = 0) -> pa.Array:
    """Day indices as ``YYYY-MM-DD`` strings; below ``missing_below`` is missing.

    A period has a few hundred distinct days, so each is formatted once and
    looked up: formatting millions of dates one by one is the slow part.
    """
    days = np.asarray(days, dtype=np.int64)
    if len(days) == 0:
        return pa.array([], pa.string())
    lo, hi = int(days.min()), int(days.max())
    lookup = pa.array(to_datetime64(np.arange(lo, hi + 1)).astype(str))
    mask = None if missing_below is None else days < missing_below
    return pc.take(lookup, pa.array(days - lo, mask=mask))


def stamps(seconds: np.ndarray) -> pa.Array:
    """Second indices as ``YYYY-MM-DD HH:MM:SS`` strings; negative is missing."""
    seconds = np.asarray(seconds, dtype=np.int64)
    arr = pa.array(_START_S + seconds.astype("timedelta64[s]"), mask=seconds < 0)
    # the cast writes ISO dates and times separated by a space
    return arr.cast(pa.string())


def _take(values: np.ndarray, index: np.ndarray) -> pa.Array:
    """``values[index]`` as strings, null where ``index`` is negative."""
    index = np.asarray(index)
    return pc.take(pa.array(values), pa.array(index, mask=index < 0))


def _opt(values: np.ndarray, missing: np.ndarray) -> pa.Array:
    return pa.array(values, mask=np.asarray(missing))


def build(d: District) -> dict[str, pa.Table]:
    """Every table of the data contract, in load order."""
    pop = d.pop.frame
    hid = household_ids(len(pop))
    ents = d.enterprises.enterprise_id.to_numpy()
    codes = d.pop.town_codes
    out: dict[str, pa.Table] = {"enterprises": pa.Table.from_pandas(
        d.enterprises, preserve_index=False)}
    out["households"] = pa.table({
        "household_id": hid, "enterprise_id": _take(ents, pop.enterprise),
        "town_code": _take(codes, pop.town), "name": pop.name.to_numpy(),
        "phone": pop.phone.to_numpy(), "address": pop.address.to_numpy(),
        "persons": pop.persons.to_numpy(), "plan": pop.plan.to_numpy(),
        "meter_type": pop.meter_type.to_numpy(), "status": pop.status.to_numpy(),
        # accounts opened before the period have negative day indices
        "opened_on": dates(pop.opened_day.to_numpy(), missing_below=None),
        "lon": pop.lon.to_numpy(), "lat": pop.lat.to_numpy(),
    })
    r = d.readings
    out["readings"] = pa.table({
        "household_id": _take(hid, r.hh), "meter_id": _take(meter_ids(len(pop)), r.hh),
        "read_on": dates(r.day), "register_m3": r.register.to_numpy(),
        "read_type": _take(READ_TYPES, r.kind.to_numpy().astype(np.int64)),
    })
    b = d.bills
    out["bills"] = pa.table({
        "bill_id": bill_ids(len(b)), "household_id": _take(hid, b.hh),
        "period_start": dates(b.start), "period_end": dates(b.end),
        "volume_m3": b.volume.to_numpy(), "amount_yuan": b.amount.to_numpy(),
        "issued_on": dates(b.issued), "pushed_on": dates(b.pushed),
        "status": b.status.to_numpy(), "paid_on": dates(b.paid),
    })
    f = d.refunds
    out["refunds"] = pa.table({
        "refund_id": np.char.add("TF", (10**9 + np.arange(len(f))).astype(str)),
        "household_id": _take(hid, f.hh), "amount_yuan": f.amount.to_numpy(),
        "refunded_on": dates(f.day), "reason": f.reason.to_numpy(),
    })
    t = d.complaints
    tid = ticket_ids(len(t))
    out["complaints"] = pa.table({
        "ticket_id": tid, "received_at": stamps(t.received),
        "channel": t.channel.to_numpy(), "household_id": _take(hid, t.hh),
        "town_code": _take(codes, t.town), "enterprise_id": _take(ents, t.enterprise),
        "category": t.category.to_numpy(), "urgency": t.urgency.to_numpy(),
        "text": t.text.to_numpy(),
        "lon": _opt(t.lon.to_numpy(), t.lon.isna()),
        "lat": _opt(t.lat.to_numpy(), t.lat.isna()),
    })
    e = d.events
    out["complaint_events"] = pa.table({
        "ticket_id": _take(tid, e.ticket), "stage": e.stage.to_numpy(),
        "at": stamps(e["at"]), "score": _opt(e.score.to_numpy(), e.score < 0),
        "note": _opt(e.note.to_numpy(), e.note.eq("")),
    })
    s = d.service
    out["service_requests"] = pa.table({
        "request_id": np.char.add("SQ", (10**8 + np.arange(len(s))).astype(str)),
        "household_id": _take(hid, s.hh), "town_code": _take(codes, s.town),
        "enterprise_id": _take(ents, s.enterprise), "item": s.item.to_numpy(),
        "submitted_at": stamps(s.submitted), "completed_at": stamps(s.completed),
        "score": _opt(s.score.to_numpy(), s.score < 0),
    })
    p = d.posts
    names = geography.towns().town_name.to_numpy()
    out["opinion_posts"] = pa.table({
        "post_id": post_ids(len(p)), "published_at": stamps(p.published),
        "platform": p.platform.to_numpy(), "text": post_texts(p, names),
        "reposts": p.reposts.to_numpy(), "comments": p.comments.to_numpy(),
        "likes": p.likes.to_numpy(), "town_code": _take(codes, p.town),
        "enterprise_id": _take(ents, p.enterprise),
    })
    for name, frame in d.oversight.items():
        out[name] = _frame_table(frame)
    return out


def bill_ids(n: int) -> np.ndarray:
    return np.char.add("ZD", (10**10 + np.arange(n, dtype=np.int64)).astype(str))


def ticket_ids(n: int) -> np.ndarray:
    return np.char.add("GD", (10**8 + np.arange(n)).astype(str))


def post_ids(n: int) -> np.ndarray:
    return np.char.add("YQ", (10**7 + np.arange(n)).astype(str))


def _frame_table(frame: pd.DataFrame) -> pa.Table:
    cols = {}
    for name, col in frame.items():
        if pd.api.types.is_datetime64_any_dtype(col):
            cols[name] = pc.strftime(pa.array(col.to_numpy().astype("datetime64[D]"),
                                              mask=col.isna().to_numpy()),
                                     format="%Y-%m-%d")
        elif col.dtype == object or pd.api.types.is_string_dtype(col):
            cols[name] = _opt(col.to_numpy(dtype=object),
                              col.isna().to_numpy() | col.eq("").to_numpy())
        else:
            cols[name] = _opt(col.to_numpy(), col.isna().to_numpy())
    return pa.table(cols)


def truth_tables(d: District) -> dict[str, pa.Table]:
    """The ground truth: consumption, defects, overcharges, post labels."""
    from .billing import BILL_DEFECTS
    from .reading import defect_names

    pop = d.pop.frame
    hid = household_ids(len(pop))
    n, m = d.monthly_true.shape
    months = np.arange(np.datetime64("2022-09"), np.datetime64("2022-09") + m)
    out = {"consumption_monthly": pa.table({
        "household_id": _take(hid, np.repeat(np.arange(n), m)),
        "month": pc.strftime(pa.array(np.tile(months.astype("datetime64[D]"), n)),
                             format="%Y-%m"),
        "true_m3": np.round(d.monthly_true.ravel(), 3),
    })}
    r = d.readings[d.readings.defects != 0]
    out["reading_defects"] = pa.table({
        "household_id": _take(hid, r.hh),
        "meter_id": _take(meter_ids(len(pop)), r.hh), "read_on": dates(r.day),
        "defects": defect_names(r.defects.to_numpy()),
    })
    b = d.bills
    bid = bill_ids(len(b))
    names = np.full(len(b), "", dtype=object)
    for i, name in enumerate(BILL_DEFECTS):
        has = (b.defects.to_numpy() >> i) & 1 == 1
        names[has] = np.where(names[has] == "", name, names[has] + ";" + name)
    bad = names != ""
    out["bill_defects"] = pa.table({
        "bill_id": bid[bad], "household_id": _take(hid, b.hh.to_numpy()[bad]),
        "defects": names[bad]})
    o = d.overcharge
    out["overcharge"] = pa.table({
        "household_id": hid, "window_start": dates(o.window_start),
        "window_end": dates(o.window_end),
        "billed_volume_m3": np.round(o.billed_volume_m3.to_numpy(), 3),
        "billed_yuan": np.round(o.billed_yuan.to_numpy(), 2),
        "correct_yuan": _round_half_up(o.correct_yuan.to_numpy()),
        "refund_due_yuan": _round_half_up(o.refund_due_yuan.to_numpy()),
        "under_billed_yuan": _round_half_up(o.under_billed_yuan.to_numpy()),
        "refunded_yuan": np.round(o.refunded_yuan.to_numpy(), 2),
    })
    p = d.posts
    out["post_labels"] = pa.table({"post_id": post_ids(len(p)),
                                   "label": p.label.to_numpy()})
    return out


def _round_half_up(values: np.ndarray) -> np.ndarray:
    return np.floor(values * 100 + 0.5 + 1e-9) / 100
