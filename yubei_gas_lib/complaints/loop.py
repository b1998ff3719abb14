"""Checks of the closed loop's stage order: the data-quality findings.

The loop runs intake → review → dispatch → handling → reply → rating →
callback → closed (``contract.STAGE_ORDER``); ``reopened`` sends a ticket
back to handling, so after it the stages from handling on may come again.
A ticket whose stages break this order is not dropped from any measure: it
is listed here, for the data-quality briefing. Free text (``text``,
``note``) never enters a finding.
"""

from __future__ import annotations

import pandas as pd

from ..contract import STAGE_ORDER, STAGES, label_zh
from ..dataset import Dataset

FINDINGS = {
    "before_intake": "环节早于接诉",
    "closed_without_reply": "办结前无反馈",
    "out_of_order": "环节顺序颠倒",
}
FINDING_COLUMNS = ["ticket_id", "town_code", "enterprise_id", "finding",
                   "description"]

_RANK = {stage: i for i, stage in enumerate(STAGE_ORDER)}
# a reopening restarts the loop at handling
_RANK["reopened"] = _RANK["handling"]


def stage_findings(dataset: Dataset) -> pd.DataFrame:
    """Tickets whose loop breaks the stage order, one row per ticket and finding.

    Parameters
    ----------
    dataset
        Needs ``complaints`` and ``complaint_events``.

    Returns
    -------
    DataFrame
        ``ticket_id, town_code, enterprise_id, finding, description``:
        ``finding`` an id of :data:`FINDINGS`; ``description`` in Chinese,
        naming the stages and times involved (never free text).

    Notes
    -----
    - ``before_intake``: a stage stamped before the ticket's intake (its
      ``intake`` event; the receipt time when it has none).
    - ``closed_without_reply``: a closing with no reply before it.
    - ``out_of_order``: within one round of the loop (rounds are separated by
      reopenings), a stage stamped before a stage that precedes it in the
      order; stages stamped at the same instant are taken in loop order.
    """
    dataset.require("complaints", "complaint_events", command="complaints")
    tickets = dataset.complaints[["ticket_id", "town_code", "enterprise_id",
                                  "received_at"]]
    events = dataset.complaint_events[["ticket_id", "stage", "at"]]
    events = events.merge(tickets[["ticket_id", "received_at"]], on="ticket_id")
    events = events.assign(rank=events.stage.map(_RANK))
    events = events.sort_values(["ticket_id", "at", "rank"], kind="stable")

    found = pd.concat(
        [_before_intake(events), _closed_without_reply(events),
         _out_of_order(events)],
        ignore_index=True,
    )
    out = found.merge(tickets.drop(columns="received_at"), on="ticket_id")
    out = out.sort_values(["ticket_id", "finding"], kind="stable")
    return out[FINDING_COLUMNS].reset_index(drop=True)


def _zh(stage: str) -> str:
    return label_zh(STAGES, stage)


def _fmt(at: pd.Series) -> pd.Series:
    return at.dt.strftime("%Y-%m-%d %H:%M")


def _before_intake(events: pd.DataFrame) -> pd.DataFrame:
    intake = events[events.stage == "intake"].groupby("ticket_id")["at"].min()
    start = pd.Series(intake.reindex(events.ticket_id).to_numpy(), index=events.index)
    start = start.fillna(events.received_at)
    early = events[(events.stage != "intake") & (events["at"] < start)]
    early = early.assign(start=start[early.index]).drop_duplicates("ticket_id")
    text = ("「" + early.stage.map(_zh) + "」时间 " + _fmt(early["at"])
            + " 早于接诉时间 " + _fmt(early.start))
    return pd.DataFrame({"ticket_id": early.ticket_id, "finding": "before_intake",
                         "description": text})


def _closed_without_reply(events: pd.DataFrame) -> pd.DataFrame:
    first_reply = events[events.stage == "reply"].groupby("ticket_id")["at"].min()
    closes = events[events.stage == "closed"]
    replied = pd.Series(first_reply.reindex(closes.ticket_id).to_numpy(),
                        index=closes.index)
    bad = closes[~(replied <= closes["at"])].drop_duplicates("ticket_id")
    text = "办结时间 " + _fmt(bad["at"]) + " 之前没有「反馈」环节"
    return pd.DataFrame({"ticket_id": bad.ticket_id,
                         "finding": "closed_without_reply", "description": text})


def _out_of_order(events: pd.DataFrame) -> pd.DataFrame:
    rounds = (events.stage == "reopened").groupby(events.ticket_id).cumsum()
    key = [events.ticket_id, rounds]
    # the furthest stage reached so far in this round, before this event
    reached = events["rank"].groupby(key).cummax()
    before = reached.groupby(key).shift().fillna(-1)
    # an intake stamped late is already a before_intake finding
    bad = events[(events["rank"] < before) & (events.stage != "intake")]
    if bad.empty:
        return pd.DataFrame(columns=["ticket_id", "finding", "description"])
    # name the stage that was passed: the furthest one before the offender
    passed_rank = before[bad.index].astype(int)
    passed = passed_rank.map(lambda r: STAGE_ORDER[r])
    bad = bad.assign(passed=passed).drop_duplicates("ticket_id")
    text = ("「" + bad.stage.map(_zh) + "」时间 " + _fmt(bad["at"]) + " 晚于后续环节「"
            + bad.passed.map(_zh) + "」")
    return pd.DataFrame({"ticket_id": bad.ticket_id, "finding": "out_of_order",
                         "description": text})
