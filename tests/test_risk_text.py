"""The negative-post classifier on the labelled sample the suite ships."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from yubei_gas_lib.risk.text import default_classifier, precision_recall

SAMPLE = Path(__file__).parent / "data" / "labelled_posts.csv"


@pytest.fixture(scope="module")
def classifier():
    return default_classifier()


def test_precision_and_recall_on_the_labelled_sample(classifier):
    sample = pd.read_csv(SAMPLE)
    assert len(sample) >= 300
    assert set(sample["label"]) == {"negative", "neutral", "positive"}
    predicted = classifier.is_negative(sample["text"])
    precision, recall = precision_recall(predicted, sample["label"].eq("negative"))
    print(f"\nnegative-post classifier on {len(sample)} labelled posts: "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.85
    assert recall >= 0.85


@pytest.mark.parametrize("text, negative", [
    ("这次核查没有乱收费，只是抄表日期变了", False),     # negated complaint
    ("燃气公司并未多收，请大家放心", False),
    ("经核实不存在估抄多收的情况", False),               # clause-wide negation
    ("燃气公司乱收费，太离谱", True),
    ("收费一点都不透明", True),                          # negated praise
    ("客服回复不及时", True),
    ("难道这不是乱收费吗", True),                        # rhetorical question
    ("说没有多收，这不是糊弄人吗", True),
    ("多收的气费已经退回来了，点赞", False),             # complaint resolved
])
def test_negation_cases(classifier, text, negative):
    assert bool(classifier.is_negative([text])[0]) is negative


def test_segmentation_keeps_lexicon_phrases_whole(classifier):
    tokens = [t for clause in classifier.tokens("天价燃气费！没人管") for t in clause]
    assert "天价燃气费" in tokens and "没人管" in tokens


def test_empty_and_missing_texts_are_not_negative(classifier):
    assert classifier.is_negative(["", None]).tolist() == [False, False]
