"""Getis-Ord Gi*: a planted cluster is found, a flat pattern gives nothing."""

import numpy as np
import pandas as pd
from libpysal.weights import lat2W

from yubei_gas_lib.geography import town_neighbours, town_polygons
from yubei_gas_lib.maps import gi_star


def test_planted_cluster_on_a_lattice():
    w = lat2W(7, 7)
    grid = np.ones((7, 7))
    grid[:3, :3] = 10.0        # a 3x3 block of high values in one corner
    rng = np.random.default_rng(0)
    y = pd.Series(grid.ravel() + rng.normal(0, 0.1, 49), index=w.id_order)
    out = gi_star(y, w, permutations=999, seed=7)
    centre = 1 * 7 + 1
    assert out.loc[centre, "hotspot"] == "hot" and out.loc[centre, "z"] > 1.96
    hot = set(out.index[out.hotspot == "hot"])
    assert hot <= {r * 7 + c for r in range(4) for c in range(4)}
    assert out.loc[6 * 7 + 6, "hotspot"] != "hot"


def test_flat_pattern_has_no_hotspot():
    w = lat2W(7, 7)
    out = gi_star(pd.Series(5.0, index=w.id_order), w)
    assert (out.hotspot == "none").all() and (out.p == 1).all()


def test_same_seed_same_answer():
    w = lat2W(5, 5)
    y = pd.Series(np.random.default_rng(1).random(25), index=w.id_order)
    a, b = gi_star(y, w, seed=3), gi_star(y, w, seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_planted_hotspot_among_the_towns():
    polygons = town_polygons()
    w = town_neighbours(polygons)
    centre = "500112012000"
    planted = {centre, *w.neighbors[centre]}
    rates = pd.Series(100.0, index=polygons.town_code)
    rates[list(planted)] = 400.0
    rates += np.random.default_rng(2).normal(0, 5, len(rates))
    out = gi_star(rates, w, permutations=999, seed=11)
    assert out.loc[centre, "hotspot"] == "hot"
    assert set(out.index[out.hotspot == "hot"]) <= planted | {
        n for t in planted for n in w.neighbors[t]}


def test_a_big_town_alone_is_not_a_hotspot_for_its_size():
    # rates, not counts: equal rates everywhere, whatever the town sizes
    polygons = town_polygons()
    w = town_neighbours(polygons)
    out = gi_star(pd.Series(37.5, index=polygons.town_code), w)
    assert (out.hotspot == "none").all()


def test_hotspot_table_lists_hot_towns_first():
    from yubei_gas_lib.maps import hotspot_table

    spots = pd.DataFrame({"z": [-2.5, 3.1, 0.2], "p": [0.01, 0.001, 0.6],
                          "hotspot": ["cold", "hot", "none"]},
                         index=pd.Index(["500112002000", "500112012000",
                                         "500112004000"], name="town_code"))
    figures = pd.DataFrame({"per_10k": [10.0, 90.0, 40.0]}, index=spots.index)
    table = hotspot_table(spots, figures)
    assert table.town.tolist() == ["龙山街道", "双龙湖街道"]
    assert table.label.tolist()[0].startswith("热点") and table.z[0] == "+3.10"
