"""The opinion-risk scores of a milestone, and the targets they answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import MissingTableError
from ..milestones import metric
from ..risk import RiskParams, default_classifier, load_risk_params
from ..risk.backtest import backtest
from ..risk.drivers import DISTRICT
from ..risk.score import risk_scores
from . import builder


@dataclass(frozen=True)
class RiskResults:
    """Weekly scores per area, the backtest, and the parameters used."""

    scores: pd.DataFrame
    backtest: pd.DataFrame
    params: RiskParams

    def last_week(self) -> pd.DataFrame:
        """Every area's row of the latest week."""
        return self.scores[self.scores["week"].eq(self.scores["week"].max())]


@builder("risk")
def build_risk(session: Any) -> RiskResults:
    """Score every town and the district, week by week, up to the as-of date."""
    params = load_risk_params(session.params_dir / "risk.yaml")
    classifier = default_classifier(session.params_dir / "lexicon.yaml")
    timeline = bill_flags = refunds_due = None
    try:
        timeline = session.result("complaints").timeline
    except MissingTableError:
        pass  # the backlog driver is then missing, and shown as such
    try:
        audited = session.result("audit")
        bill_flags = audited.bill_flags
        refunds_due = audited.households.set_index("household_id")["refund_due_yuan"]
    except MissingTableError:
        pass
    scores = risk_scores(session.data, params, classifier, timeline=timeline,
                         bill_flags=bill_flags, refunds_due=refunds_due)
    return RiskResults(scores, backtest(scores, params), params)


def _risk_of(session: Any) -> RiskResults:
    if session is None:
        raise MissingTableError("complaints", "opinion_posts", command="risk")
    return session.result("risk")


@metric("risk_district_score")
def risk_district_score(dataset, session) -> float:
    """The district's opinion-risk score (0-100) in the as-of week."""
    last = _risk_of(session).last_week()
    return float(last.loc[last["area"].eq(DISTRICT), "score"].iloc[0])


@metric("risk_towns_orange")
def risk_towns_orange(dataset, session) -> float:
    """Towns at 橙 or 红 in the as-of week."""
    result = _risk_of(session)
    last = result.last_week()
    top = set(result.params.level_names()[:2])
    return float((last["area"].ne(DISTRICT) & last["level"].isin(top)).sum())
