"""Half-up rounding of money and volumes, applied only when results are written.

Binary floats cannot hold most decimal fractions (``1.005`` is stored as
``1.00499999...``), so a plain ``round`` would round some halves down. Adding
a guard far below the unit (1e-9 of a fen) before flooring restores the
decimal intent without moving any value that is not a half.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_GUARD = 1e-9


def round_half_up(values, digits: int):
    """Round half away from zero to ``digits`` decimals.

    Examples
    --------
    >>> float(round_half_up(1.005, 2)), float(round_half_up(-2.0005, 3))
    (1.01, -2.001)
    """
    scale = 10.0**digits
    arr = np.asarray(values, dtype=float)
    out = np.sign(arr) * np.floor(np.abs(arr) * scale + 0.5 + _GUARD) / scale
    out = out + 0.0  # no negative zeros in written files
    if isinstance(values, pd.Series):
        return pd.Series(out, index=values.index, name=values.name)
    return out if out.ndim else float(out)


def money(values):
    """Yuan to the fen (0.01), half up."""
    return round_half_up(values, 2)


def volume(values):
    """Cubic metres to the litre (0.001 m³), half up."""
    return round_half_up(values, 3)
