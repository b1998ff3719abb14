"""Negative-post classification: jieba word segmentation plus a lexicon.

The lexicon (``params/lexicon.yaml``) lists negative and positive terms with
weights, and the negators that turn a term around. Every lexicon term is
added to the segmenter's dictionary, so that a phrase such as 天价燃气费 or
没人管 stays one token. A term preceded by a negator within a few tokens of
the same clause is flipped: a negated complaint (没有乱收费) counts for
nothing, a negated praise (不透明, 不及时) counts against. A rhetorical
question (难道不是乱收费吗) keeps its term as it is.

The classifier is measured on the labelled sample the suite ships
(``tests/data/labelled_posts.csv``); its precision and recall are printed by
its tests. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from ..params import parse_model
from ..tariff import PARAMS_DIR

DEFAULT_LEXICON = PARAMS_DIR / "lexicon.yaml"

# clause boundaries: a negator never reaches across these
_CLAUSE = re.compile(r"[，。！？；：,.!?;:…\s~、（）()【】\[\]「」“”\"]+")


class Lexicon(BaseModel):
    """The classifier's word lists; see ``params/lexicon.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    negative: dict[str, float] = Field(min_length=1)
    positive: dict[str, float] = Field(default_factory=dict)
    neutral: list[str] = Field(default_factory=list)
    negators: list[str] = Field(min_length=1)
    clause_negators: list[str] = Field(default_factory=list)
    rhetorical: list[str] = Field(default_factory=list)
    negation_window: int = Field(3, ge=1)
    threshold: float = Field(1.0, gt=0)
    path: str = Field(default="<memory>", exclude=True)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and check the lexicon (``params/lexicon.yaml`` by default)."""
    path = Path(path) if path is not None else DEFAULT_LEXICON
    return parse_model(Lexicon, path).model_copy(update={"path": str(path)})


@dataclass(frozen=True)
class Verdict:
    """One text's scores: the negative and positive weight that survived."""

    negative: float
    positive: float
    terms: tuple[str, ...]

    @property
    def net(self) -> float:
        return self.negative - self.positive


class PostClassifier:
    """Label posts negative or not from a :class:`Lexicon`.

    Examples
    --------
    >>> clf = PostClassifier(load_lexicon())
    >>> clf.is_negative(["天价燃气费，估抄太离谱", "这次核查没有发现乱收费"]).tolist()
    [True, False]
    """

    def __init__(self, lexicon: Lexicon) -> None:
        import jieba

        # a private segmenter, so the lexicon never changes jieba's global one
        jieba.setLogLevel(logging.WARNING)
        self.lexicon = lexicon
        self._tokenizer = jieba.Tokenizer()
        self._polarity: dict[str, float] = {}
        for term, weight in lexicon.negative.items():
            self._polarity[term] = float(weight)
        for term, weight in lexicon.positive.items():
            self._polarity[term] = -float(weight)
        words = [*self._polarity, *lexicon.neutral, *lexicon.negators,
                 *lexicon.clause_negators, *lexicon.rhetorical]
        for term in words:
            self._tokenizer.add_word(term, freq=10**7)
        self._negators = set(lexicon.negators)
        self._clause_negators = set(lexicon.clause_negators)

    def tokens(self, text: str) -> list[list[str]]:
        """The text's clauses, each a list of tokens."""
        return [self._tokenizer.lcut(clause, HMM=False)
                for clause in _CLAUSE.split(text or "") if clause]

    def verdict(self, text: str) -> Verdict:
        """Sum the polarity of the text's terms, negation applied."""
        negative = positive = 0.0
        hits = []
        for clause in self.tokens(text):
            rhetorical = self._rhetorical(clause)
            for i, token in enumerate(clause):
                weight = self._polarity.get(token)
                if weight is None:
                    continue
                if not rhetorical and self._negated(clause, i):
                    # a negated complaint is no complaint; a negated praise is one
                    if weight > 0:
                        hits.append(f"不{token}")
                        continue
                    weight = -weight
                hits.append(token)
                if weight > 0:
                    negative += weight
                else:
                    positive -= weight
        return Verdict(negative, positive, tuple(hits))

    def _negated(self, clause: list[str], i: int) -> bool:
        if any(t in self._clause_negators for t in clause[:i]):
            return True
        window = clause[max(0, i - self.lexicon.negation_window):i]
        return any(t in self._negators for t in window)

    def _rhetorical(self, clause: list[str]) -> bool:
        # 难道…, or a negated question (不是…吗): the complaint is asserted
        if any(t in self.lexicon.rhetorical for t in clause):
            return True
        return clause[-1] == "吗" and any(t in self._negators for t in clause)

    def classify(self, texts: Iterable[str]) -> pd.DataFrame:
        """One row per text: ``negative``, ``positive``, ``net``, ``is_negative``."""
        rows = [self.verdict(str(t) if isinstance(t, str) else "") for t in texts]
        frame = pd.DataFrame({
            "negative": [v.negative for v in rows],
            "positive": [v.positive for v in rows],
        })
        frame["net"] = frame["negative"] - frame["positive"]
        frame["is_negative"] = frame["net"] >= self.lexicon.threshold
        return frame

    def is_negative(self, texts: Iterable[str]) -> np.ndarray:
        """Whether each text is a negative post."""
        return self.classify(texts)["is_negative"].to_numpy(dtype=bool)


@functools.lru_cache(maxsize=4)
def _cached(path: str) -> PostClassifier:
    return PostClassifier(load_lexicon(path))


def default_classifier(path: str | Path | None = None) -> PostClassifier:
    """The classifier of ``path`` (the shipped lexicon by default), built once."""
    return _cached(str(Path(path) if path is not None else DEFAULT_LEXICON))


def precision_recall(predicted: np.ndarray, actual: np.ndarray) -> tuple[float, float]:
    """Precision and recall of ``predicted`` against ``actual`` (booleans)."""
    predicted = np.asarray(predicted, dtype=bool)
    actual = np.asarray(actual, dtype=bool)
    hit = int((predicted & actual).sum())
    precision = hit / predicted.sum() if predicted.any() else float("nan")
    recall = hit / actual.sum() if actual.any() else float("nan")
    return float(precision), float(recall)
