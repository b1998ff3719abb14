"""Data indicators: each a numerator and a denominator per enterprise.

An indicator is never stored as a bare rate. Each function below returns the
count (or sum) it divides and what it divides by, so that a briefing can
show "45 of 52 tickets" behind "86.5%" and a reader can check it against the
rows. Flows (tickets, bills, requests) are counted over a window that ends
at the as-of date; stocks (the backlog, refunds due) at the as-of date.

Every rate is a share or a rate per household, never a raw count, because
enterprises differ more than tenfold in size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..contract import METERING_BILLING_CATEGORIES, SERVICE_ITEMS
from ..dataset import Dataset
from ..errors import MissingTableError

Pair = tuple[pd.Series, pd.Series]


@dataclass(frozen=True)
class DataIndicator:
    """How one data indicator is computed and what its two numbers mean."""

    compute: Callable[[Context, int], Pair]
    numerator_zh: str
    denominator_zh: str
    # value = scale(window_days) * numerator / denominator
    scale: Callable[[int], float] = lambda days: 1.0


DATA_INDICATORS: dict[str, DataIndicator] = {}


def data_indicator(name: str, numerator_zh: str, denominator_zh: str,
                   scale: Callable[[int], float] | None = None):
    """Register the function computing the data indicator ``name``."""

    def register(fn: Callable[[Context, int], Pair]):
        DATA_INDICATORS[name] = DataIndicator(fn, numerator_zh, denominator_zh,
                                              scale or (lambda days: 1.0))
        return fn

    return register


class Context:
    """The tables and shared results the indicators read, computed on demand."""

    def __init__(self, dataset: Dataset, params: Any, as_of: dt.date,
                 audit: Any = None, timeline: pd.DataFrame | None = None) -> None:
        self.dataset = dataset
        self.params = params
        self.as_of = as_of
        self.end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
        self._audit = audit
        self._timeline = timeline

    def since(self, days: int) -> pd.Timestamp:
        """The start of a window of ``days`` days that ends with the as-of day."""
        return self.end - pd.Timedelta(days=days)

    @cached_property
    def enterprises(self) -> pd.Index:
        return pd.Index(sorted(self.dataset.table("enterprises").enterprise_id),
                        name="enterprise_id")

    @cached_property
    def households(self) -> pd.Series:
        """Households per enterprise, closed accounts left out."""
        homes = self.dataset.table("households")
        if "status" in homes:
            homes = homes[homes.status.ne("closed")]
        return self.per(homes.groupby("enterprise_id").size())

    @cached_property
    def owner(self) -> pd.Series:
        homes = self.dataset.table("households")
        return homes.set_index("household_id").enterprise_id

    @property
    def audit(self) -> Any:
        if self._audit is None:
            from ..audit import audit
            from ..tariff import load_tariff

            self._audit = audit(self.dataset, load_tariff(None))
        return self._audit

    @property
    def timeline(self) -> pd.DataFrame:
        if self._timeline is None:
            from ..complaints import ticket_timeline

            self._timeline = ticket_timeline(self.dataset, as_of=self.as_of)
        return self._timeline

    def per(self, values: pd.Series) -> pd.Series:
        """``values`` for every enterprise, zero where it had none."""
        return values.reindex(self.enterprises, fill_value=0).astype(float)


def _count(frame: pd.DataFrame, mask: pd.Series | np.ndarray | None = None,
           ctx: Context | None = None) -> pd.Series:
    rows = frame if mask is None else frame[np.asarray(mask, dtype=bool)]
    return ctx.per(rows.groupby("enterprise_id").size())


def _per_10k_year(days: int) -> float:
    return 1e4 * 365 / days


# task 1: complaints -------------------------------------------------------

def _tickets(ctx: Context, days: int) -> pd.DataFrame:
    t = ctx.timeline
    return t[t.received_at >= ctx.since(days)]


@data_indicator("complaints_per_10k", "窗口内投诉工单（件）", "户数（户）",
                scale=_per_10k_year)
def _complaints_per_10k(ctx: Context, days: int) -> Pair:
    return _count(_tickets(ctx, days), ctx=ctx), ctx.households


@data_indicator("metering_close_on_time", "计量收费类按时办结（件）",
                "计量收费类已知结果工单（件）")
def _metering_close_on_time(ctx: Context, days: int) -> Pair:
    t = _tickets(ctx, days)
    t = t[t.category.isin(METERING_BILLING_CATEGORIES) & t.close_on_time.notna()]
    return _count(t, t.close_on_time.astype(bool), ctx), _count(t, ctx=ctx)


@data_indicator("callback_coverage", "已回访办结工单（件）", "办结工单（件）")
def _callback_coverage(ctx: Context, days: int) -> Pair:
    t = _tickets(ctx, days)
    t = t[~t.is_open]
    return _count(t, t.callback_at.notna(), ctx), _count(t, ctx=ctx)


@data_indicator("satisfaction", "评价4–5分工单（件）", "有评价工单（件）")
def _satisfaction(ctx: Context, days: int) -> Pair:
    t = _tickets(ctx, days)
    t = t[t.rating.notna()]
    return _count(t, t.rating >= 4, ctx), _count(t, ctx=ctx)


@data_indicator("overdue_backlog_per_10k", "超时未办结工单（件）", "户数（户）",
                scale=lambda days: 1e4)
def _overdue_backlog(ctx: Context, days: int) -> Pair:
    t = ctx.timeline
    return _count(t, t.overdue_open, ctx), ctx.households


# task 2: billing clean-up and resumption ---------------------------------

def _held_bills(ctx: Context) -> pd.DataFrame:
    """Non-void bills issued by the as-of day that were held back (暂停).

    The bill table keeps each bill's latest status, not its status on the
    as-of day; a held bill shows either as still ``suspended`` or as pushed
    long after it was issued, on the day it was released.
    """
    bills = ctx.dataset.table("bills")
    bills = bills[bills.status.ne("void")]
    pushed = (bills.pushed_on if "pushed_on" in bills
              else pd.Series(pd.NaT, index=bills.index))
    late = (pushed - bills.issued_on).dt.days > ctx.params.held_after_days
    held = bills[bills.status.eq("suspended") | late].copy()
    held["released"] = held.status.ne("suspended") & (
        pushed.reindex(held.index) < ctx.end)
    held["enterprise_id"] = held.household_id.map(ctx.owner)
    return held


@data_indicator("flagged_dealt_with", "已处置的有标记户（户）", "有标记户（户）")
def _flagged_dealt_with(ctx: Context, days: int) -> Pair:
    h = ctx.audit.households
    h = h[h["flags"].fillna("") != ""]
    held = _held_bills(ctx)
    still_held = h.household_id.isin(held.household_id[~held.released])
    dealt = (h.outstanding_yuan.round(2) <= 0) & ~still_held
    return _count(h, dealt, ctx), _count(h, ctx=ctx)


@data_indicator("refund_completion", "已退金额（元）", "应退金额（元）")
def _refund_completion(ctx: Context, days: int) -> Pair:
    h = ctx.audit.households
    paid = (h.refund_due_yuan - h.outstanding_yuan).clip(lower=0)
    return (ctx.per(paid.groupby(h.enterprise_id).sum()),
            ctx.per(h.refund_due_yuan.groupby(h.enterprise_id).sum()))


@data_indicator("held_bills_released", "已发布的暂停账单（张）", "暂停过的账单（张）")
def _held_bills_released(ctx: Context, days: int) -> Pair:
    held = _held_bills(ctx)
    return _count(held, held.released, ctx), _count(held, ctx=ctx)


# task 3: monthly reading, settlement and push -----------------------------

def _months(ctx: Context, days: int) -> pd.DataFrame:
    """月抄月清月推 counts of the whole calendar months inside the window."""
    rates = ctx.audit.monthly_rates
    month_end = rates.month + pd.offsets.MonthEnd(0)
    inside = (rates.month >= ctx.since(days)) & (month_end < ctx.end)
    return rates[inside]


def _month_pair(num: str, den: str) -> Callable[[Context, int], Pair]:
    def compute(ctx: Context, days: int) -> Pair:
        r = _months(ctx, days).groupby("enterprise_id")[[num, den]].sum()
        return ctx.per(r[num]), ctx.per(r[den])

    return compute


data_indicator("monthly_read_rate", "有实抄（远传、自报）读数的户月", "在册户月")(
    _month_pair("households_read", "households_active"))
data_indicator("monthly_settle_rate", "按期出账的账单（张）", "账单（张）")(
    _month_pair("bills_settled", "bills"))
data_indicator("monthly_push_rate", "按时推送的账单（张）", "账单（张）")(
    _month_pair("bills_pushed", "bills"))
data_indicator("estimate_share", "估抄读数（次）", "读数（次）")(
    _month_pair("readings_estimated", "readings"))


@data_indicator("irregular_cycle_share", "抄表周期不规范的账单（张）",
                "窗口内出账账单（张）")
def _irregular_cycle_share(ctx: Context, days: int) -> Pair:
    b = ctx.audit.bill_flags
    b = b[b.scope.ne("void") & (b.issued_on >= ctx.since(days))].copy()
    b["enterprise_id"] = b.household_id.map(ctx.owner)
    return _count(b, b.cycle_irregular, ctx), _count(b, ctx=ctx)


# task 4: service items ----------------------------------------------------

@data_indicator("service_guides", "已公开办事指南的服务事项（项）",
                "应有办事指南的服务事项（项）")
def _service_guides(ctx: Context, days: int) -> Pair:
    # the disclosure table does not say which service item a guide covers;
    # a guide published on enough channels is taken to cover all six
    d = ctx.dataset.table("disclosures")
    d = d[d["item"].eq("service_guide")]
    channels = ctx.per(d.groupby("enterprise_id").channel.nunique())
    covered = (channels >= ctx.params.guide_min_channels) * len(SERVICE_ITEMS)
    return covered.astype(float), ctx.per(pd.Series(dtype=float)) + len(SERVICE_ITEMS)


def _requests(ctx: Context, days: int) -> pd.DataFrame:
    r = ctx.dataset.table("service_requests")
    return r[r.submitted_at >= ctx.since(days)]


@data_indicator("service_on_time", "按时办结的服务申请（件）",
                "已知结果的服务申请（件）")
def _service_on_time(ctx: Context, days: int) -> Pair:
    r = _requests(ctx, days)
    hours = r["item"].map(ctx.params.service_limit_hours)
    due = r.submitted_at + pd.to_timedelta(hours, unit="h")
    done = r.completed_at if "completed_at" in r else pd.Series(pd.NaT, index=r.index)
    done = done.where(done < ctx.end)
    known = hours.notna() & (done.notna() | (due < ctx.end))
    on_time = known & done.notna() & (done <= due)
    return _count(r, on_time, ctx), _count(r, known, ctx)


@data_indicator("service_rating", "服务评分合计（分）", "有评分的服务申请（件）")
def _service_rating(ctx: Context, days: int) -> Pair:
    r = _requests(ctx, days)
    if "score" not in r:
        return ctx.per(pd.Series(dtype=float)), ctx.per(pd.Series(dtype=float))
    r = r[r.score.notna()]
    return ctx.per(r.groupby("enterprise_id").score.sum()), _count(r, ctx=ctx)


# task 5: disclosure -------------------------------------------------------

@data_indicator("disclosure_coverage", "已公开的事项×渠道（项）",
                "应公开的事项×渠道（项）")
def _disclosure_coverage(ctx: Context, days: int) -> Pair:
    p = ctx.params
    d = ctx.dataset.table("disclosures")
    wanted = d["item"].isin(p.required_disclosures)
    d = d[wanted & d.channel.isin(p.disclosure_channels)]
    pairs = d.drop_duplicates(["enterprise_id", "item", "channel"])
    required = len(p.required_disclosures) * len(p.disclosure_channels)
    return _count(pairs, ctx=ctx), ctx.per(pd.Series(dtype=float)) + required


# task 7: enforcement ------------------------------------------------------

def _cases(ctx: Context, days: int) -> pd.DataFrame:
    c = ctx.dataset.table("inspections")
    c = c[c.opened_on >= ctx.since(days)].copy()
    finding = c.finding if "finding" in c else pd.Series("", index=c.index)
    c["found"] = finding.fillna("").str.strip().ne("")
    return c


@data_indicator("violation_share", "发现问题的检查（件）", "检查执法案件（件）")
def _violation_share(ctx: Context, days: int) -> Pair:
    c = _cases(ctx, days)
    return _count(c, c.found, ctx), _count(c, ctx=ctx)


@data_indicator("rectified_on_time", "按期整改的问题（件）",
                "已到期或已整改的问题（件）")
def _rectified_on_time(ctx: Context, days: int) -> Pair:
    c = _cases(ctx, days)
    c = c[c.found]
    due = c.opened_on + pd.Timedelta(days=ctx.params.rectify_days)
    fixed = (c.rectified_on if "rectified_on" in c
             else pd.Series(pd.NaT, index=c.index))
    # the cut keeps a case by its opening; a later rectification is not known yet
    fixed = fixed.where(fixed < ctx.end)
    known = fixed.notna() | (due < ctx.end)
    return _count(c, fixed.notna() & (fixed <= due), ctx), _count(c, known, ctx)


# the table of all indicators ---------------------------------------------

INDICATOR_COLUMNS = ["enterprise_id", "indicator", "numerator", "denominator",
                     "value", "numerator_zh", "denominator_zh", "note_zh"]


def indicator_values(dataset: Dataset, params: Any, as_of: dt.date | None = None,
                     audit: Any = None, timeline: pd.DataFrame | None = None,
                     ) -> pd.DataFrame:
    """Every catalogue indicator's value per enterprise, with what it divides.

    Parameters
    ----------
    dataset
        The milestone's data, already cut at ``as_of``; needs ``enterprises``.
    params
        The :class:`~.catalogue.AssessmentParams`.
    as_of
        The day the assessment speaks for; default the dataset's as-of date.
    audit, timeline
        The audit of ``dataset`` and its complaint timeline when already
        computed; computed here (default tariff and limits) when None.

    Returns
    -------
    DataFrame
        One row per enterprise and indicator (:data:`INDICATOR_COLUMNS`).
        ``value`` is missing when the denominator is zero or the table is
        absent, with the reason in ``note_zh``. For an evaluation indicator
        the numerator is the latest score and the denominator 1.
    """
    as_of = as_of or dataset.as_of or _last_day(dataset)
    ctx = Context(dataset, params, as_of, audit, timeline)
    frames = []
    for item in params.indicators:
        days = item.window_days or params.window_days
        if item.source == "data":
            frames.append(_data_rows(ctx, item.id, days))
        else:
            frames.append(_evaluation_rows(ctx, item.id, item.source))
    return pd.concat(frames, ignore_index=True)[INDICATOR_COLUMNS]


def _data_rows(ctx: Context, name: str, days: int) -> pd.DataFrame:
    spec = DATA_INDICATORS[name]
    try:
        num, den = spec.compute(ctx, days)
        note = ""
    except MissingTableError as exc:
        num = den = pd.Series(np.nan, index=ctx.enterprises)
        note = exc.zh
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (num / den * spec.scale(days)).where(den > 0)
    notes = np.where(value.notna(), "", note or "分母为零，无法计算（缺失）")
    return pd.DataFrame({
        "enterprise_id": ctx.enterprises, "indicator": name,
        "numerator": num.to_numpy(), "denominator": den.to_numpy(),
        "value": value.to_numpy(), "numerator_zh": spec.numerator_zh,
        "denominator_zh": spec.denominator_zh, "note_zh": notes,
    })


def _evaluation_rows(ctx: Context, name: str, source: str) -> pd.DataFrame:
    """The latest score of an evaluation indicator by the as-of date."""
    ev = (ctx.dataset.table("evaluations") if ctx.dataset.has("evaluations")
          else pd.DataFrame(columns=["enterprise_id", "source", "indicator",
                                     "score", "evaluated_on"]))
    ev = ev[ev.indicator.eq(name) & ev.source.eq(source)
            & (ev.evaluated_on < ctx.end)]
    latest = ev.sort_values("evaluated_on", kind="stable").groupby(
        "enterprise_id").last().reindex(ctx.enterprises)
    when = latest.evaluated_on.dt.strftime("%Y-%m-%d").fillna("")
    return pd.DataFrame({
        "enterprise_id": ctx.enterprises, "indicator": name,
        "numerator": latest.score.to_numpy(dtype=float),
        "denominator": np.where(latest.score.notna(), 1.0, np.nan),
        "value": latest.score.to_numpy(dtype=float),
        "numerator_zh": "最近一次评价得分", "denominator_zh": "—",
        "note_zh": np.where(latest.score.notna(), "评价日期 " + when,
                            "截至评价日无该项评价（缺失）"),
    })


def _last_day(dataset: Dataset) -> dt.date:
    from ..present import data_period

    return data_period(dataset)[1].date()
