"""Public-opinion posts (舆情) that follow the complaint wave with a lag.

Each metering-and-billing complaint may be echoed online some days later
(the lag is a gamma delay); a calm background of posts runs all along. Wave
posts are mostly negative; background posts mostly neutral. Some texts
negate a complaint word ("没有乱收费") so a lexicon must handle negation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .complaints import BILLING, DAY, HOUR
from .rates import N_DAYS, Rates

PLATFORMS = ("weibo", "douyin", "wechat", "forum", "news", "other")
_PLATFORM_P = (0.35, 0.25, 0.2, 0.12, 0.05, 0.03)
LABELS = ("negative", "neutral", "positive")
_NEGATIVE = (
    "{town}燃气公司乱收费，这个月燃气费暴涨到{amount}元！",
    "天价燃气费！两个月没人抄表，估抄之后一次补缴{amount}元",
    "{town}这边多收的气费什么时候退钱？打了好几次热线都没人管",
    "燃气费又暴涨了，阶梯气价算法有问题，明显多收",
    "估抄估到家里没人住还要交钱，{town}的燃气公司太离谱",
)
_NEUTRAL = (
    "渝北区开展燃气服务质量专项行动，推行月抄、月清、月推",
    "{town}燃气公司发布抄表周期调整公告，请用户留意账单",
    "燃气阶梯气价怎么算？一图看懂居民用气收费标准",
    "区里通报燃气计费问题核查进展，符合条件的用户将分批退费",
    "这次核查说{town}没有乱收费，只是抄表时间调整",
)
_POSITIVE = (
    "多收的燃气费已经退回来了，{town}燃气公司处理很快，点赞",
    "现在每个月都有人上门抄表，账单清清楚楚",
)


def posts(tickets: pd.DataFrame, households: int, rates: Rates,
          rng: np.random.Generator) -> pd.DataFrame:
    """Posts with their true label (``label``: negative, neutral, positive)."""
    billing = tickets[tickets.category.isin(BILLING)]
    echo = rng.poisson(rates.posts_per_billing_complaint, len(billing))
    src = np.repeat(np.arange(len(billing)), echo)
    lag = rng.gamma(3.0, rates.post_lag_days / 3.0, len(src)) * DAY
    wave_t = billing.received.to_numpy()[src] + lag.astype(np.int64)
    wave_town = billing.town.to_numpy()[src]
    wave_ent = billing.enterprise.to_numpy()[src]

    weeks = N_DAYS / 7
    k = rng.poisson(rates.background_posts_per_10k_week * households / 1e4 * weeks)
    bg_t = rng.integers(0, N_DAYS * DAY, k)
    bg_town = rng.choice(tickets.town.to_numpy(), k) if len(tickets) else np.zeros(
        k, int)
    bg_ent = np.full(k, -1)

    wave = np.r_[np.ones(len(src), bool), np.zeros(k, bool)]
    t = np.r_[wave_t, bg_t]
    town = np.r_[wave_town, bg_town]
    ent = np.r_[wave_ent, bg_ent]
    u = rng.random(len(t))
    neg = np.where(wave, rates.wave_negative_share, rates.background_negative_share)
    label = np.where(u < neg, "negative",
                     np.where(u < neg + (1 - neg) * 0.8, "neutral", "positive"))
    frame = pd.DataFrame({"published": t, "label": label, "town": town,
                          "enterprise": ent, "wave": wave})
    frame = frame[frame.published < N_DAYS * DAY]
    frame = frame.sort_values("published", kind="stable", ignore_index=True)
    n = len(frame)
    frame["platform"] = np.array(PLATFORMS)[rng.choice(6, n, p=_PLATFORM_P)]
    frame["template"] = rng.integers(0, 100, n)
    frame["amount"] = rng.integers(300, 2500, n)
    heat = np.where(frame.label.eq("negative"), 1.2, 0.0) + np.where(frame.wave,
                                                                     0.5, 0.0)
    for col, scale in (("reposts", 1.0), ("comments", 1.5), ("likes", 3.0)):
        frame[col] = np.floor(rng.lognormal(heat + np.log(scale), 1.3, n)).astype(int)
    # a share of posts names no town or enterprise
    frame.loc[rng.random(n) < 0.4, "town"] = -1
    frame.loc[rng.random(n) < 0.5, "enterprise"] = -1
    frame["published"] = frame.published + rng.integers(0, 2 * HOUR, n)
    frame["published"] = np.minimum(frame.published, N_DAYS * DAY - 1)
    return frame


def post_texts(frame: pd.DataFrame, town_names: np.ndarray) -> np.ndarray:
    """The Chinese text of each post, from its label and template draw."""
    out = np.empty(len(frame), dtype=object)
    town = np.where(frame.town.to_numpy() >= 0,
                    town_names[np.maximum(frame.town.to_numpy(), 0)], "渝北")
    for label, pool in (("negative", _NEGATIVE), ("neutral", _NEUTRAL),
                        ("positive", _POSITIVE)):
        rows = np.flatnonzero(frame.label.to_numpy() == label)
        pick = frame.template.to_numpy()[rows] % len(pool)
        out[rows] = [pool[p].format(town=town[r], amount=frame.amount.iat[r])
                     for p, r in zip(pick, rows, strict=True)]
    return out
