"""Every parameter file checked before any kernel starts.

A wrong key found by a notebook halfway through a run wastes the run and
hides the cause in a traceback; found here, it stops the run at once with
the file and key named.
"""

from __future__ import annotations

import importlib
from pathlib import Path

# file name under params/ -> (module, loader) that validates it; imported
# only when a run starts, so the command line stays quick to answer
PARAMETER_FILES: dict[str, tuple[str, str]] = {
    "tariff.yaml": ("yubei_gas_lib.tariff", "load_tariff"),
    "audit.yaml": ("yubei_gas_lib.audit.params", "load_audit_params"),
    "service_standards.yaml": ("yubei_gas_lib.complaints.limits",
                               "load_service_standards"),
    "maps.yaml": ("yubei_gas_lib.maps.params", "load_map_params"),
    "risk.yaml": ("yubei_gas_lib.risk.params", "load_risk_params"),
    "lexicon.yaml": ("yubei_gas_lib.risk.text", "load_lexicon"),
    "weather.yaml": ("yubei_gas_lib.trends.weather", "load_weather"),
    "assessment.yaml": ("yubei_gas_lib.assessment.catalogue",
                        "load_assessment_params"),
}


def check_parameters(params_dir: Path, milestones: list[str]) -> list[Path]:
    """Validate the milestones' files and every analysis parameter file.

    Returns the files checked; the first bad one raises
    :class:`~yubei_gas_lib.errors.ParameterError` naming file and key.
    """
    from ..milestones import load_milestone

    checked = []
    for milestone_id in milestones:
        load_milestone(params_dir, milestone_id)
        checked.append(params_dir / "milestones" / f"{milestone_id}.yaml")
    for name, (module, loader) in PARAMETER_FILES.items():
        getattr(importlib.import_module(module), loader)(params_dir / name)
        checked.append(params_dir / name)
    return checked
