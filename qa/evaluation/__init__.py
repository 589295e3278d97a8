"""Evaluation: the hand-written seed set, SQuAD loading and the answer/retrieval metrics."""

from __future__ import annotations

from qa.evaluation.dataset import DatasetError, EvalRow, is_squad_file, load_eval_rows, load_squad
from qa.evaluation.metrics import (
    contains_gold,
    exact_match,
    normalize_answer,
    percentile,
    reciprocal_rank,
    spans_overlap,
    token_f1,
)

__all__ = [
    "DatasetError",
    "EvalRow",
    "contains_gold",
    "exact_match",
    "is_squad_file",
    "load_eval_rows",
    "load_squad",
    "normalize_answer",
    "percentile",
    "reciprocal_rank",
    "spans_overlap",
    "token_f1",
]
