"""Every parameter file checked before any kernel starts.

A wrong key found by a notebook halfway through a run wastes the run and
hides the cause in a traceback; found here, it stops the run at once with
the file and key named.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..assessment.catalogue import load_assessment_params
from ..audit.params import load_audit_params
from ..complaints.limits import load_service_standards
from ..maps.params import load_map_params
from ..milestones import load_milestone
from ..risk.params import load_risk_params
from ..risk.text import load_lexicon
from ..tariff import load_tariff
from ..trends.weather import load_weather

# file name under params/ -> the loader that validates it
PARAMETER_FILES: dict[str, Callable[[Path], object]] = {
    "tariff.yaml": load_tariff,
    "audit.yaml": load_audit_params,
    "service_standards.yaml": load_service_standards,
    "maps.yaml": load_map_params,
    "risk.yaml": load_risk_params,
    "lexicon.yaml": load_lexicon,
    "weather.yaml": load_weather,
    "assessment.yaml": load_assessment_params,
}


def check_parameters(params_dir: Path, milestones: list[str]) -> list[Path]:
    """Validate the milestones' files and every analysis parameter file.

    Returns the files checked; the first bad one raises
    :class:`~yubei_gas_lib.errors.ParameterError` naming file and key.
    """
    checked = []
    for milestone_id in milestones:
        load_milestone(params_dir, milestone_id)
        checked.append(params_dir / "milestones" / f"{milestone_id}.yaml")
    for name, loader in PARAMETER_FILES.items():
        loader(params_dir / name)
        checked.append(params_dir / name)
    return checked
