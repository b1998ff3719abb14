"""Masking of identifiers for anything a person reads (briefings, batch lists)."""

from __future__ import annotations

import pandas as pd

MASK = "****"


def _keep(length: int) -> int:
    # keep at most 4 characters each side and never more than a third of the
    # id on either side, so that short ids stay mostly hidden
    return min(4, length // 3)


def mask_id(value: str | pd.Series | None) -> str | pd.Series | None:
    """Hide the middle of an id: ``500112341234`` becomes ``5001****1234``.

    Parameters
    ----------
    value
        One id or a Series of ids; missing values stay missing.

    Returns
    -------
    str or pandas.Series
        The masked id(s). Ids of 12 characters or more keep their first and
        last 4 characters; shorter ones keep a third of their length on each
        side (``ABCDEFGHI`` → ``ABC****GHI``); ids under 3 characters become
        ``****``.

    Examples
    --------
    >>> mask_id("500112345678")
    '5001****5678'
    >>> mask_id(pd.Series(["500112345678", None])).tolist()
    ['5001****5678', None]
    """
    if isinstance(value, pd.Series):
        return _mask_series(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    k = _keep(len(text))
    return text[:k] + MASK + (text[-k:] if k else "")


def _mask_series(values: pd.Series) -> pd.Series:
    # one vectorised pass per distinct kept length (at most five)
    out = pd.Series([None] * len(values), index=values.index, dtype=object)
    present = values.notna()
    text = values[present].astype(str)
    keep = text.str.len().map(_keep)
    for k in keep.unique():
        part = text[keep == k]
        tail = part.str[-k:] if k else ""
        out[part.index] = (part.str[:k] + MASK + tail).astype(object)
    return out


MIN_HOUSEHOLDS = 5


def suppress_small(frame: pd.DataFrame, count: str, keep: list[str] | tuple = (),
                   minimum: int = MIN_HOUSEHOLDS) -> pd.DataFrame:
    """Blank the figures of rows built from fewer than ``minimum`` households.

    Parameters
    ----------
    frame
        A table of figures, one row per group (a town, an enterprise).
    count
        The column holding how many households each row is built from.
    keep
        Columns that name the row (codes, labels) and stay visible.
    minimum
        Rows below it have every other column set to missing; 5 by default,
        as the briefing rules ask.

    Examples
    --------
    >>> t = pd.DataFrame({"town": ["A", "B"], "households": [3, 40],
    ...                   "refund": [12.5, 300.0]})
    >>> suppress_small(t, "households", ["town"]).refund.tolist()
    [None, 300.0]
    """
    out = frame.copy()
    small = out[count] < minimum
    figures = [c for c in out.columns if c not in set(keep)]
    out[figures] = out[figures].astype(object)
    out.loc[small, figures] = None
    return out
