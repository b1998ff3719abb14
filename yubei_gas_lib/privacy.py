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
