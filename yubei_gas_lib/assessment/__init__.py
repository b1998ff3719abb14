"""Enterprise service-quality assessment (服务质量评价), enterprise-assessment.md.

Indicators from the data (each with its numerator and denominator) and from
self, third-party and industry evaluations are scored by breakpoints,
averaged within the seven tasks of the plan, and combined by source into one
score and grade. Entropy weights and random weight perturbations show how
far each rank depends on the weights chosen; indicators at their floor make
the rectification list (整改清单).
"""

from .catalogue import (
    GROUPS_ZH,
    SOURCES_ZH,
    TASKS_ZH,
    AssessmentParams,
    Indicator,
    load_assessment_params,
)
from .core import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_ZH,
    TASK_COLUMNS,
    Assessment,
    assess,
    score_values,
)
from .indicators import DATA_INDICATORS, indicator_values
from .rectification import (
    RECTIFICATION_ZH,
    rectification_list,
    rectification_status,
    score_changes,
)
from .scoring import breakpoint_score, effective_weights, grade
from .weights import entropy_weights, rank_bands, ranks

__all__ = [
    "Assessment", "AssessmentParams", "DATA_INDICATORS", "ENTERPRISE_COLUMNS",
    "ENTERPRISE_ZH", "GROUPS_ZH", "Indicator", "RECTIFICATION_ZH", "SOURCES_ZH",
    "TASKS_ZH", "TASK_COLUMNS", "assess", "breakpoint_score", "effective_weights",
    "entropy_weights", "grade", "indicator_values", "load_assessment_params",
    "rank_bands", "ranks", "rectification_list", "rectification_status",
    "score_changes", "score_values",
]
