"""The audit against the synthetic district's ground truth (data/truth).

The synthetic generator keeps, apart from the exports, what each household
should have paid under billing.md; the audit never reads it. Recall,
precision and the ratio of refund totals are printed (``pytest -s``) and
must each be at least 0.95.
"""

import numpy as np
import pandas as pd
import pytest

from yubei_gas_lib.audit import audit
from yubei_gas_lib.audit.rounding import money
from yubei_gas_lib.load import load_dataset
from yubei_gas_lib.synth import district, writer
from yubei_gas_lib.tariff import load_tariff

HOUSEHOLDS = 3000
SEED = 2024


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    root = tmp_path_factory.mktemp("district")
    writer.write(district.generate(HOUSEHOLDS, SEED), root / "raw", root / "truth",
                 "parquet", False)
    dataset = load_dataset(root / "raw", tables=["households", "readings", "bills",
                                                  "refunds"])
    result = audit(dataset, load_tariff())
    truth = pd.read_parquet(root / "truth" / "overcharge.parquet")
    return result.households.merge(truth, on="household_id", how="outer",
                                   suffixes=("", "_true"), indicator=True)


def test_every_household_is_scored(scored):
    assert (scored["_merge"] == "both").all()
    assert len(scored) == HOUSEHOLDS


def test_recall_precision_and_refund_ratio(scored):
    true_over = scored["refund_due_yuan_true"] > 1
    refunded = money(scored["refund_due_yuan"]) > 0
    recall = (true_over & refunded).sum() / true_over.sum()
    truly = scored["refund_due_yuan_true"] > 0
    precision = (refunded & truly).sum() / refunded.sum()
    ratio = (money(scored["refund_due_yuan"]).sum()
             / scored["refund_due_yuan_true"].sum())
    print(f"\nrecall {recall:.4f}  precision {precision:.4f}  "
          f"refund ratio {ratio:.4f}  ({true_over.sum()} truly overcharged "
          f"of {len(scored)})")
    assert recall >= 0.95 and precision >= 0.95
    assert 0.95 <= ratio <= 1 / 0.95


def test_correct_charge_agrees_to_the_fen(scored):
    # two honest implementations of billing.md agree to the fen
    diff = np.abs(money(scored["correct_yuan"]) - scored["correct_yuan_true"])
    assert (diff < 0.005).mean() >= 0.999, scored.loc[diff >= 0.005].head()
