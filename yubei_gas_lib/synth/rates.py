"""Every rate and date of the synthetic district, stated once.

The generator reads nothing else: each failure mode of the companies'
reading and billing practice, each share of the population and each time
constant lives in :class:`Rates`, so a test can check an observed rate
against the number that produced it. Figures marked *(report)* come from
the public investigation reports summarised in ``billing.md``; the others
are plausible assumptions, chosen so that an audit has something to find.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

START = dt.date(2022, 9, 1)
END = dt.date(2024, 10, 31)
# Chongqing (Shapingba station) 1991-2020 monthly mean temperatures, °C, Jan..Dec
CHONGQING_TEMPERATURE_C = (7.9, 10.4, 14.3, 19.1, 23.0, 25.8, 28.6, 28.6, 24.3,
                           19.0, 14.4, 9.5)


@dataclass(frozen=True)
class Tariff:
    """The reference tariff of ``billing.md`` (defaults), used for the truth."""

    standard: tuple[float, float] = (500.0, 660.0)
    heating_winter: tuple[float, float] = (1200.0, 2000.0)
    winter_months: tuple[int, ...] = (12, 1, 2)
    extra_per_person_m3: float = 70.0
    persons_included: int = 4
    price_other: tuple[float, float, float] = (2.039, 2.209, 2.559)
    price_winter: tuple[float, float, float] = (2.13, 2.30, 2.65)
    low_income: float = 1.96
    shared_meter: float = 2.089


@dataclass(frozen=True)
class Rates:
    """Shares, probabilities and dates that drive the generator.

    Probabilities are per household unless the name says per reading
    (``*_per_read``), per bill or per ticket.
    """

    # population
    enterprise_count: int = 4
    plan_shares: dict[str, float] = field(default_factory=lambda: {
        "standard": 0.86, "heating": 0.08, "low_income": 0.035, "shared_meter": 0.025})
    persons_shares: tuple[float, ...] = (0.16, 0.30, 0.27, 0.16, 0.07, 0.04)  # 1..6
    unoccupied_share: float = 0.05
    closed_share: float = 0.015
    opened_during_share: float = 0.06
    smart_meter_share: float = 0.12
    ic_card_share: float = 0.25
    urban_household_share: float = 0.88

    # consumption: m³ per day, household level lognormal spread
    base_daily_m3: float = 0.72
    base_sigma: float = 0.38
    water_heating_per_degree: float = 0.055  # extra share of base per °C below 20
    heating_m3_per_degree_day: float = 0.9   # heating plan, per °C below 16
    heating_sigma: float = 0.35
    month_noise_sigma: float = 0.10

    # bimonthly reading practice before the reform (per scheduled read)
    cycle_days: int = 61
    cycle_jitter_days: int = 3
    skip_per_read: float = 0.03            # no visit, no estimate: a 4-month cycle
    early_per_read: float = 0.022           # a visit moved early: 7 to 24 days
    late_per_read: float = 0.03             # a visit moved late: up to 83 days
    estimate_per_read: float = 0.13
    estimate_continue_per_read: float = 0.40  # after an estimate: chains
    estimate_empty_per_read: float = 0.55     # unoccupied homes are estimated
    zero_estimate_share: float = 0.20        # of estimates
    high_estimate_share: float = 0.10        # of estimates (above the cap)
    self_read_per_read: float = 0.05
    remote_estimate_per_read: float = 0.03
    misread_per_read: float = 0.006
    long_unread_share: float = 0.004         # runs of 3 to 5 estimated visits
    # worst gaps ~13 months, as in Longshan (report)
    max_unread_days: int = 330
    # the report: 7.54% of cycles under 25 or over 90 days (report)
    irregular_cycle_target: float = 0.0754

    # per enterprise: how often it estimates (a multiplier) and how well it
    # serves (0 poor .. 1 good); drives service times, disclosure, inspections
    enterprise_estimate_factor: tuple[float, ...] = (0.7, 1.0, 1.6, 1.2, 0.9)
    enterprise_quality: tuple[float, ...] = (0.85, 0.6, 0.3, 0.5, 0.7)

    # enterprises whose correction of an over-estimate is a negative bill;
    # the others bill zero and carry the excess forward
    credit_enterprises: tuple[int, ...] = (0, 2)

    # the monthly regime (月抄、月清、月推) by enterprise, spring 2024
    monthly_from: tuple[str, ...] = ("2024-03-01", "2024-04-01", "2024-05-01",
                                     "2024-06-01", "2024-05-15")
    monthly_estimate_per_read: float = 0.02
    monthly_self_per_read: float = 0.12
    double_bill_share: float = 0.012        # at the change of cycle
    void_reissue_per_bill: float = 0.004
    late_push_before: float = 0.45
    late_push_after: float = 0.04

    # suspension and refunds
    suspend_from: str = "2024-04-01"
    suspend_to: str = "2024-06-30"
    suspended_share: float = 0.35
    batch_release: tuple[str, ...] = ("2024-07-15", "2024-08-15", "2024-09-20")
    held_share_of_flagged: float = 0.25
    refund_from: str = "2024-06-01"
    refund_paid_share: float = 0.75
    refund_partial_share: float = 0.10
    paid_share: float = 0.92

    # complaints
    wave_peak: str = "2024-04-16"
    wave_rise_days: float = 42.0
    wave_fall_days: float = 28.0
    wave_start: str = "2023-11-01"
    billing_complaint_base: float = 0.004    # per household over the period
    billing_complaint_per_100_yuan: float = 0.05
    billing_complaint_per_jump: float = 0.01
    bill_jump_threshold: float = 3.0         # worst bill over the typical one
    wave_amplitude: float = 12.0              # peak intensity over the calm level
    background_per_household_year: float = 0.012
    escalation_share: float = 0.15           # hotline tickets followed up higher
    campaign_from: str = "2024-05-01"
    reopened_share: float = 0.04
    missing_stage_share: float = 0.06
    no_callback_before: float = 0.30
    no_callback_after: float = 0.03
    coordinates_share: float = 0.45

    # opinion posts
    posts_per_billing_complaint: float = 0.9
    post_lag_days: float = 12.0
    background_posts_per_10k_week: float = 1.5
    wave_negative_share: float = 0.70
    background_negative_share: float = 0.15

    # service requests per household and year
    service_per_household_year: dict[str, float] = field(default_factory=lambda: {
        "repair": 0.03, "relocate": 0.003, "transfer": 0.012, "emergency": 0.004,
        "install": 0.002, "connect": 0.002})

    tariff: Tariff = field(default_factory=Tariff)

    def monthly_from_day(self, enterprise: np.ndarray) -> np.ndarray:
        """Day index at which each enterprise's monthly regime starts."""
        starts = np.array([day_index(d) for d in self.monthly_from])
        return starts[enterprise]


DEFAULT_RATES = Rates()


def day_index(date: str | dt.date) -> int:
    """Days since :data:`START` (day 0 is 2022-09-01)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return (date - START).days


N_DAYS = day_index(END) + 1
_START64 = np.datetime64(START.isoformat(), "D")


def to_datetime64(days: np.ndarray) -> np.ndarray:
    """Day indices as ``datetime64[D]``."""
    return _START64 + np.asarray(days).astype("timedelta64[D]")


def day_months() -> np.ndarray:
    """Month index (0 = 2022-09) of every day of the period."""
    dates = to_datetime64(np.arange(N_DAYS))
    months = dates.astype("datetime64[M]")
    return (months - months[0]).astype(int)


def month_starts() -> np.ndarray:
    """Day index of the first day of each month, plus the day after the end."""
    months = np.arange(np.datetime64("2022-09"), np.datetime64("2024-12"))
    return (months.astype("datetime64[D]") - _START64).astype(int)


def calendar_month(days: np.ndarray) -> np.ndarray:
    """Calendar month 1..12 of day indices."""
    return to_datetime64(days).astype("datetime64[M]").astype(int) % 12 + 1
