"""Milestone runs: execute the notebooks, export briefings, write the index.

The run knows notebooks and files, not the domain: ``kernel`` makes sure the
suite's Jupyter kernel exists, ``execute`` runs one notebook with papermill
and checks every cell, ``export`` turns it into a self-contained HTML page,
``index`` lists every briefing, and ``runner`` puts them together.
"""

import logging

logger = logging.getLogger("yubei_gas_lib.run")
