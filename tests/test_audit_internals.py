"""Helpers that make the audit fast must not change what it computes."""

import numpy as np

from yubei_gas_lib.audit.allocation import sort_order
from yubei_gas_lib.audit.rates import _distinct


def test_packed_sort_is_lexsort_with_ties():
    rng = np.random.default_rng(7)
    hh = rng.integers(-1, 50, 5000)
    meter = rng.integers(0, 7, 5000)
    day = rng.integers(19000, 19100, 5000)
    assert (sort_order(hh, meter, day) == np.lexsort((day, meter, hh))).all()


def test_sort_too_wide_to_pack_falls_back_to_lexsort():
    nat = np.iinfo(np.int64).min
    day = np.array([5, nat, 3, 5, 2])
    hh = np.array([1, 1, 0, 0, 1])
    assert (sort_order(hh, day) == np.lexsort((day, hh))).all()
    assert len(sort_order(np.zeros(0, int), np.zeros(0, int))) == 0


def test_distinct_cells_by_table_and_by_hash():
    cells = np.array([4, 1, 4, 9, 1, 0])
    assert sorted(_distinct(cells, 10)) == [0, 1, 4, 9]
    assert sorted(_distinct(cells, 10**9)) == [0, 1, 4, 9]
