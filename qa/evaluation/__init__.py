"""Evaluation: the hand-written seed set, SQuAD loading, the metrics, the runner and the quality gate."""

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
from qa.evaluation.report import check_thresholds, load_thresholds, run_to_dict, summarise
from qa.evaluation.runner import EvalRun, QuestionResult, evaluate, in_split, load_dataset, run_eval

__all__ = [
    "DatasetError",
    "EvalRow",
    "EvalRun",
    "QuestionResult",
    "check_thresholds",
    "contains_gold",
    "evaluate",
    "exact_match",
    "in_split",
    "is_squad_file",
    "load_dataset",
    "load_eval_rows",
    "load_squad",
    "load_thresholds",
    "normalize_answer",
    "percentile",
    "reciprocal_rank",
    "run_eval",
    "run_to_dict",
    "spans_overlap",
    "summarise",
    "token_f1",
]
