"""Synthetic personal data: names, mobile numbers and addresses.

Nothing here belongs to a real person: names are drawn from common surnames
and given-name characters, numbers are random, compounds are invented.
"""

from __future__ import annotations

import numpy as np

_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
                 "肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢傅钟谭廖")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力"
              "鹏飞宇浩然欣怡思雨晨阳俊杰婷雪梅琴云峰波海燕春林国庆志")
_COMPOUNDS = list("锦绣龙湖金科融创花园翠云天宫悦来礼嘉星光碧桂御景江山")
_SUFFIX = ("小区", "花园", "苑", "家园", "新村", "佳园")
_RURAL_SUFFIX = ("村", "社区", "场镇", "安置房")


def names(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` synthetic Chinese names of two or three characters."""
    surname = np.array(_SURNAMES)[rng.integers(0, len(_SURNAMES), n)]
    given = np.array(_GIVEN)
    first = given[rng.integers(0, len(given), n)]
    second = given[rng.integers(0, len(given), n)]
    three = rng.random(n) < 0.7
    out = np.char.add(surname, first)
    return np.where(three, np.char.add(out, second), out).astype(object)


def mobiles(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` mobile numbers of the form 1[3-9]xxxxxxxxx."""
    second = rng.integers(3, 10, n)
    rest = rng.integers(0, 10**9, n)
    number = 10**10 + second * 10**9 + rest
    return number.astype(str).astype(object)


def addresses(town_names: np.ndarray, urban: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
    """Addresses in each household's town: compound, building, unit, flat."""
    n = len(town_names)
    comp = np.array(_COMPOUNDS)
    stem = np.char.add(comp[rng.integers(0, len(comp), n)],
                       comp[rng.integers(0, len(comp), n)])
    suffix = np.where(urban, np.array(_SUFFIX)[rng.integers(0, len(_SUFFIX), n)],
                      np.array(_RURAL_SUFFIX)[rng.integers(0, len(_RURAL_SUFFIX), n)])
    building = rng.integers(1, 40, n).astype(str)
    unit = rng.integers(1, 5, n).astype(str)
    floor = rng.integers(1, 33, n)
    flat = (floor * 100 + rng.integers(1, 9, n)).astype(str)
    parts = [town_names.astype(str), stem, suffix, building, np.full(n, "栋"),
             unit, np.full(n, "单元"), flat, np.full(n, "号")]
    out = parts[0]
    for part in parts[1:]:
        out = np.char.add(out, part)
    return out.astype(object)
