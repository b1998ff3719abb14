"""Opinion risk (舆情风险): drivers, negative-post classifier, score, backtest.

See ``opinion-risk.md``: six drivers per town-week and for the district, each
mapped to 0-100 by fixed breakpoints, a weighted score, four levels.
"""

from .params import DRIVERS, DRIVERS_ZH, RiskParams, load_risk_params
from .text import Lexicon, PostClassifier, default_classifier, load_lexicon

__all__ = [
    "DRIVERS",
    "DRIVERS_ZH",
    "Lexicon",
    "PostClassifier",
    "RiskParams",
    "default_classifier",
    "load_lexicon",
    "load_risk_params",
]
