"""Time limits of the complaint loop, and each ticket's timeline against them.

The limits come from ``params/service_standards.yaml``. Every working-day
limit follows the rule of :mod:`yubei_gas_lib.workdays`: due at the end of
the N-th working day after the day the clock starts. The clock of the reply
and of the closing starts at intake (the ticket's ``received_at``). The
loop puts the callback (回访) before the closing (办结), so the callback's
clock starts when the handling result reached the complainant: the last
reply of the ticket's final round (after its last reopening), or the
closing when there was no reply.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..contract import METERING_BILLING_CATEGORIES
from ..dataset import Dataset
from ..params import parse_model
from ..tariff import PARAMS_DIR
from ..workdays import add_working_days

DEFAULT_SERVICE_STANDARDS = PARAMS_DIR / "service_standards.yaml"

# Limits a ticket is held to, with the Chinese label users read.
LIMITS_ZH = {
    "reply": "首次反馈",
    "close": "办结",
    "callback": "回访",
}


class Limit(BaseModel):
    """One time limit: working days of the Chinese calendar, or clock hours."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    working_days: int | None = Field(default=None, ge=1)
    hours: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_unit(self) -> Limit:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("give exactly one of working_days or hours")
        return self

    def due(self, start: pd.Series) -> pd.Series:
        """The deadline of a clock started at each moment of ``start``."""
        if self.hours is not None:
            return start + pd.Timedelta(hours=self.hours)
        return add_working_days(start, self.working_days)

    @property
    def label_zh(self) -> str:
        if self.hours is not None:
            return f"{self.hours:g}小时"
        return f"{self.working_days}个工作日"


class ServiceStandards(BaseModel):
    """The limits of ``complaints.md``; defaults are the spec's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_reply: Limit = Limit(working_days=1)
    close_metering_billing: Limit = Limit(working_days=5)
    close_other: Limit = Limit(working_days=10)
    callback: Limit = Limit(working_days=1)
    emergency_on_site: Limit = Limit(hours=1)
    callback_coverage_target: float = Field(default=1.0, ge=0, le=1)
    repeat_window_days: int = Field(default=30, ge=1)
    escalation_window_days: int = Field(default=30, ge=1)


def load_service_standards(path: str | Path | None = None) -> ServiceStandards:
    """Read and check the time limits (``params/service_standards.yaml``).

    Raises
    ------
    ParameterError
        The file is missing, or a key is unknown, missing a unit or out of range.
    """
    path = Path(path) if path is not None else DEFAULT_SERVICE_STANDARDS
    return parse_model(ServiceStandards, path)


def as_of_end(as_of: dt.date | None, dataset: Dataset) -> pd.Timestamp:
    """The instant the as-of day ends; the dataset's own as-of, else its last event."""
    day = as_of or dataset.as_of
    if day is None:
        last = dataset.table("complaints").received_at.max()
        if dataset.has("complaint_events") and len(dataset.complaint_events):
            last = max(last, dataset.complaint_events["at"].max())
        day = pd.Timestamp(last).date()
    return pd.Timestamp(day) + pd.Timedelta(days=1)


def ticket_timeline(
    dataset: Dataset,
    standards: ServiceStandards | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """One row per ticket: when each step happened, when it was due, whether late.

    Parameters
    ----------
    dataset
        Needs ``complaints``; ``complaint_events`` when present.
    standards
        The limits; the shipped defaults when None.
    as_of
        Tickets received and events stamped after the end of this day are
        left out. Defaults to the dataset's as-of date, else its last event.

    Returns
    -------
    DataFrame
        The ticket's own columns, without ``text``, plus ``replied_at`` (first
        reply), ``closed_at`` (the final closing: none if a reopening came
        after it), ``final_reply_at`` (last reply of the final round),
        ``callback_at`` (first callback of the final round),
        ``rating`` (last score rated), ``reopened`` (count), ``is_open``,
        ``{reply,close,callback}_due`` and ``{reply,close,callback}_on_time``:
        True or False once the outcome is known (the step done, or its
        deadline passed by the as-of instant), missing while it is not.
    """
    standards = standards or ServiceStandards()
    dataset.require("complaints", command="complaints")
    end = as_of_end(as_of, dataset)
    tickets = dataset.complaints
    tickets = tickets[tickets.received_at < end].drop(columns="text", errors="ignore")
    events = _events(dataset, end)

    # the steps, each the first or last of its stage per ticket
    steps = _steps(events, tickets.ticket_id)
    out = tickets.merge(steps, on="ticket_id", how="left")
    out["reopened"] = out.reopened.fillna(0).astype(int)
    out["is_open"] = out.closed_at.isna()

    # deadlines: metering-and-billing complaints close sooner
    metering = out.category.isin(METERING_BILLING_CATEGORIES)
    out["reply_due"] = standards.first_reply.due(out.received_at)
    out["close_due"] = standards.close_other.due(out.received_at).where(
        ~metering, standards.close_metering_billing.due(out.received_at)
    )
    callback_start = out.final_reply_at.fillna(out.closed_at)
    out["callback_due"] = standards.callback.due(callback_start)
    for step, done in (("reply", "replied_at"), ("close", "closed_at"),
                       ("callback", "callback_at")):
        out[f"{step}_on_time"] = _on_time(out[done], out[f"{step}_due"], end)
    out["reply_hours"] = (out.replied_at - out.received_at) / pd.Timedelta(hours=1)
    out["close_hours"] = (out.closed_at - out.received_at) / pd.Timedelta(hours=1)
    out["overdue_open"] = out.is_open & (out.close_due < end)
    return out


def _events(dataset: Dataset, end: pd.Timestamp) -> pd.DataFrame:
    columns = ["ticket_id", "stage", "at", "score"]
    if not dataset.has("complaint_events"):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    events = dataset.complaint_events
    events = events[events["at"] < end]
    if "score" not in events:
        events = events.assign(score=np.nan)
    return events[columns].sort_values(["ticket_id", "at"], kind="stable")


def _steps(events: pd.DataFrame, ticket_ids: pd.Series) -> pd.DataFrame:
    """First reply, final closing, last round's reply and callback, rating, reopens."""
    last_reopen = events[events.stage == "reopened"].groupby("ticket_id")["at"].max()
    closes = events[events.stage == "closed"]
    last_close = closes.groupby("ticket_id")["at"].max()
    # a closing followed by a reopening no longer closes the ticket
    final_close = last_close[~(last_reopen.reindex(last_close.index) > last_close)]
    # the final round: events at or after the last reopening
    round_start = last_reopen.reindex(events.ticket_id).to_numpy()
    final = events[~(events["at"].to_numpy() < round_start)]
    callbacks = final[final.stage == "callback"]
    ratings = events[(events.stage == "rating") & events.score.notna()]
    steps = pd.DataFrame(index=pd.Index(ticket_ids.unique(), name="ticket_id"))
    replies = events[events.stage == "reply"]
    steps["replied_at"] = replies.groupby("ticket_id")["at"].min()
    steps["closed_at"] = final_close
    steps["final_reply_at"] = final[final.stage == "reply"].groupby("ticket_id")[
        "at"].max()
    steps["callback_at"] = callbacks.groupby("ticket_id")["at"].min()
    steps["rating"] = ratings.groupby("ticket_id").score.last().astype(float)
    steps["reopened"] = events[events.stage == "reopened"].groupby("ticket_id").size()
    for col in ("replied_at", "closed_at", "final_reply_at", "callback_at"):
        steps[col] = pd.to_datetime(steps[col])
    return steps.reset_index()


def _on_time(done: pd.Series, due: pd.Series, end: pd.Timestamp) -> pd.Series:
    """True/False once known: done by the deadline, or late (done or not)."""
    known = done.notna() | (due < end)
    on_time = done.notna() & (done <= due)
    return on_time.astype("boolean").where(known, pd.NA)


def overdue_open_tickets(timeline: pd.DataFrame, town_code: str | None = None,
                         ) -> pd.DataFrame:
    """Open tickets past their closing limit, oldest deadline first.

    Ids are as in the data: mask them (``privacy.mask_id``) before showing.
    """
    rows = timeline[timeline.overdue_open]
    if town_code is not None:
        rows = rows[rows.town_code == town_code]
    columns = ["ticket_id", "household_id", "town_code", "enterprise_id",
               "category", "channel", "received_at", "close_due"]
    rows = rows.reindex(columns=columns)
    return rows.sort_values(["close_due", "ticket_id"]).reset_index(drop=True)


def emergency_response(
    dataset: Dataset,
    standards: ServiceStandards | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Emergency requests (抢修) against the on-site limit, one row per request.

    The contract records no arrival time, so the completion of an
    ``emergency`` service request stands for being on site: the time the
    enterprise itself reports the call-out as done.

    Returns
    -------
    DataFrame
        ``request_id, town_code, enterprise_id, submitted_at, completed_at,
        due, hours, on_time`` (True/False once known, missing while the
        limit has not run out).
    """
    standards = standards or ServiceStandards()
    dataset.require("service_requests", command="complaints")
    requests = dataset.service_requests
    end = as_of_end(as_of, dataset) if as_of or dataset.as_of else (
        requests.submitted_at.max() + pd.Timedelta(days=1))
    rows = requests[(requests["item"] == "emergency") & (requests.submitted_at < end)]
    completed = rows.completed_at.where(rows.completed_at < end)
    out = rows[["request_id", "town_code", "enterprise_id", "submitted_at"]].copy()
    out["completed_at"] = completed
    out["due"] = standards.emergency_on_site.due(rows.submitted_at)
    out["hours"] = (completed - rows.submitted_at) / pd.Timedelta(hours=1)
    out["on_time"] = _on_time(completed, out.due, end)
    return out.reset_index(drop=True)
