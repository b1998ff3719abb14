"""Billing trends: degree days, monthly series, seasonal decomposition, ITS.

Analyses of the ``billing_trends`` briefing's second part; each takes a
:class:`~yubei_gas_lib.dataset.Dataset` (or a table from the audit) and
returns a table.
"""

from .models import (
    TERMS_ZH,
    ITSResult,
    interrupted_time_series,
    monthly_complaints,
    stl_decompose,
    weekly_complaints,
)
from .series import (
    monthly_billing,
    practice_rates,
    spread_by_month,
    unit_prices,
    year_over_year,
)
from .weather import (
    WeatherNormals,
    heating_degree_days,
    load_weather,
    weather_normalise,
)

__all__ = [
    "ITSResult",
    "TERMS_ZH",
    "WeatherNormals",
    "heating_degree_days",
    "interrupted_time_series",
    "load_weather",
    "monthly_billing",
    "monthly_complaints",
    "practice_rates",
    "spread_by_month",
    "stl_decompose",
    "unit_prices",
    "weather_normalise",
    "weekly_complaints",
    "year_over_year",
]
