"""Shared-normalisation groups (qa/reader/groups.py) and the training plan (qa/reader/batches.py)."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from qa.reader.batches import training_plan
from qa.reader.data import Example
from qa.reader.groups import build_group_features, distractor_groups, group_loss

GOLD = "The treaty was signed in Lisbon in 2007 by the heads of government of the member states."
LOOKALIKE = "Heads of government met again to discuss how the treaty would be ratified by member states."
UNRELATED = "The river freezes in winter and floods every spring after the snow melts."
WITH_ANSWER = "Lisbon hosted the summit where the treaty text was finally agreed."


def _article() -> list[Example]:
    question = "Where was the treaty signed by the heads of government?"
    return [
        Example("q0", question, GOLD, "Lisbon", GOLD.index("Lisbon"), 0, 0),
        Example("q1", "When does the river flood?", UNRELATED, "every spring", UNRELATED.index("every spring"), 0, 1),
        Example("q2", "Who met again?", LOOKALIKE, "Heads of government", 0, 0, 2),
        Example("q3", "Which city hosted the summit?", WITH_ANSWER, "Lisbon", 0, 0, 3),
    ]


def test_group_is_the_question_then_its_lookalikes_without_the_answer() -> None:
    article = _article()
    groups = distractor_groups(article[:1], [article], ratio=1.0, size=3, rng=np.random.default_rng(0))
    assert len(groups) == 1
    gold, *distractors = groups[0]
    assert gold == article[0]
    assert [d.context for d in distractors] == [LOOKALIKE, UNRELATED]  # most question terms first
    assert all(d.answer_start is None and d.question == gold.question for d in distractors)
    assert all("lisbon" not in d.context.lower() for d in distractors)  # never really answerable


def test_group_share_and_size_are_respected() -> None:
    article = _article()
    groups = distractor_groups(article, [article], ratio=0.5, size=2, rng=np.random.default_rng(1))
    assert len(groups) == 2 and all(len(g) == 2 for g in groups)
    with pytest.raises(ValueError, match="size=1"):
        distractor_groups(article, [article], ratio=1.0, size=1, rng=np.random.default_rng(0))


def test_group_features_label_only_the_gold_window() -> None:
    from transformers import AutoTokenizer

    from qa.reader.features import base_model_path

    tok = AutoTokenizer.from_pretrained(base_model_path(), local_files_only=True)
    article = _article()
    groups = distractor_groups(article[:2], [article], ratio=1.0, size=3, rng=np.random.default_rng(0))
    feats = build_group_features(tok, groups, 384, 128)
    assert len(feats) == 2 and len(feats.features) == 6  # short passages: one window each
    for g, windows in enumerate(feats.windows):
        assert (feats.group_of[windows] == g).all()
        labelled = feats.features.start_positions[windows] > 0
        assert labelled.tolist() == [True, False, False]  # the gold passage comes first
    assert feats.lengths().tolist() == [max(len(feats.features.input_ids[w]) for w in ws) for ws in feats.windows]


def test_group_loss_of_one_window_is_the_usual_qa_loss() -> None:
    import torch

    torch.manual_seed(0)
    start, end = torch.randn(1, 12), torch.randn(1, 12)
    mask = torch.ones(1, 12, dtype=torch.long)
    mask[0, 10:] = 0  # padding takes no probability
    s_pos, e_pos = torch.tensor([3]), torch.tensor([5])
    usual = (torch.nn.functional.cross_entropy(start[:, :10], s_pos) +
             torch.nn.functional.cross_entropy(end[:, :10], e_pos)) / 2
    got = group_loss(start, end, mask, torch.tensor([0]), s_pos, e_pos, with_null=True)
    assert got.item() == pytest.approx(usual.item(), rel=1e-5)
    spans_only = (torch.nn.functional.cross_entropy(start[:, 1:10], s_pos - 1) +
                  torch.nn.functional.cross_entropy(end[:, 1:10], e_pos - 1)) / 2
    got = group_loss(start, end, mask, torch.tensor([0]), s_pos, e_pos)  # "no answer" takes no probability
    assert got.item() == pytest.approx(spans_only.item(), rel=1e-5)


def test_group_loss_penalises_a_distractor_that_outscores_the_answer() -> None:
    import torch

    start = torch.zeros(2, 8)
    end = torch.zeros(2, 8)
    start[0, 3] = end[0, 4] = 5.0  # the gold window's answer
    mask = torch.ones(2, 8, dtype=torch.long)
    args = (mask, torch.tensor([0, 0]), torch.tensor([3, 0]), torch.tensor([4, 0]))
    calm = group_loss(start, end, *args).item()
    start[1, 0] = end[1, 0] = 9.0  # the distractor's "no answer" score does not compete...
    assert group_loss(start, end, *args).item() == pytest.approx(calm)
    assert group_loss(start, end, *args, with_null=True).item() > calm + 1.0  # ...unless asked to
    start[1, 2] = end[1, 2] = 9.0  # a distractor span the per-window loss would never see
    assert group_loss(start, end, *args).item() > calm + 1.0


def test_training_plan_covers_windows_and_groups_once_in_a_seeded_order() -> None:
    rng = np.random.default_rng(0)
    lengths, group_lengths = rng.integers(20, 384, size=100), rng.integers(20, 384, size=30)
    plan = training_plan(lengths, group_lengths, 16, 4, seed=5)
    again = training_plan(lengths, group_lengths, 16, 4, seed=5)
    assert [(k, b.tolist()) for k, b in plan] == [(k, b.tolist()) for k, b in again]
    assert sorted(np.concatenate([b for k, b in plan if k == 0]).tolist()) == list(range(100))
    assert sorted(np.concatenate([b for k, b in plan if k == 1]).tolist()) == list(range(30))
    assert {k for k, _ in plan[:10]} == {0, 1}  # interleaved, not one kind after the other
    assert all(k == 0 for k, _ in training_plan(lengths, np.zeros(0, np.int64), 16, 4, seed=5))


def test_train_cli_reports_bad_values_as_one_line_per_flag() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "qa.reader.train", "--shared-norm-ratio", "2",
                           "--shared-norm-passages", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--shared-norm-ratio: Input should be less than or equal to 1" in done.stderr
    assert "--shared-norm-passages: Input should be greater than or equal to 2" in done.stderr
