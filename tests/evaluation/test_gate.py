"""The quality gate: the shipped system must keep the figures in eval/thresholds.toml.

The gate itself (``check_thresholds``) is unit-tested fast; the real check runs the seed
set through the real model over a copy of corpus/ (``pytest -m slow``), and fails naming
every metric that fell below its threshold, so a regression is visible at a glance.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.assistant import Assistant
from qa.errors import QAError
from qa.evaluation.dataset import load_eval_rows
from qa.evaluation.report import METRICS, check_thresholds, load_thresholds, summarise
from qa.evaluation.runner import evaluate
from qa.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "eval" / "seed.jsonl"
THRESHOLDS = ROOT / "eval" / "thresholds.toml"
CORPUS = ROOT / "corpus"


# --------------------------------------------------------------------------- the gate function


def test_thresholds_file_is_valid_and_gates_the_promised_metrics() -> None:
    thresholds = load_thresholds(THRESHOLDS)
    assert {"f1", "contains_gold", "citations_verbatim", "evidence_covered", "recall_at_5",
            "unanswerable_null", "answerable_answered"} <= set(thresholds)
    assert thresholds["citations_verbatim"] == 1.0
    assert all(0.0 <= value <= 1.0 for value in thresholds.values())


def test_check_thresholds_passes_when_every_figure_is_met() -> None:
    assert check_thresholds({"f1": 0.5, "recall_at_5": 1.0}, {"f1": 0.5, "recall_at_5": 1.0}) == []


def test_a_threshold_above_the_figure_is_reported_by_name() -> None:
    problems = check_thresholds({"f1": 0.61, "recall_at_5": 0.9, "mrr": 0.8},
                                {"f1": 0.65, "recall_at_5": 0.95, "mrr": 0.5})
    assert len(problems) == 2
    assert problems[0].startswith("f1 = 0.6100 is below the threshold 0.65")
    assert problems[1].startswith("recall_at_5 ")


def test_missing_figures_fail_and_latencies_are_maximums() -> None:
    problems = check_thresholds({"f1": None, "latency_p95_ms": 900.0}, {"f1": 0.1, "mrr": 0.1, "latency_p95_ms": 500})
    assert problems == ["f1: not measured (threshold 0.1)", "mrr: not measured (threshold 0.1)",
                        "latency_p95_ms = 900.0 is above the maximum 500"]
    assert check_thresholds({"latency_p95_ms": 400.0}, {"latency_p95_ms": 500}) == []


def test_load_thresholds_rejects_unknown_metrics(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("f1 = 0.5\nfl_score = 0.3\n", encoding="utf-8")
    with pytest.raises(QAError, match="unknown metric.*fl_score"):
        load_thresholds(path)
    path.write_text("f1 = 'high'\n", encoding="utf-8")
    with pytest.raises(QAError, match="must be numbers"):
        load_thresholds(path)
    assert set(METRICS) >= set(load_thresholds(THRESHOLDS))


# --------------------------------------------------------------------------- the real gate


@pytest.fixture(scope="session")
def seed_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The real model and reader over a private copy of corpus/ (the shared index/ is never touched)."""
    root = tmp_path_factory.mktemp("gate")
    shutil.copytree(CORPUS, root / "corpus")
    assistant = Assistant(Settings(corpus_dir=root / "corpus", index_dir=root / "index"))
    assistant.warm_up()
    yield assistant


@pytest.mark.slow
def test_seed_set_meets_thresholds(seed_assistant: Assistant) -> None:
    results = evaluate(seed_assistant, load_eval_rows(SEED), seed_assistant.settings.top_k)
    figures = summarise(results)
    problems = check_thresholds(figures, load_thresholds(THRESHOLDS))
    measured = ", ".join(f"{name}={figures[name]:.4f}" for name in load_thresholds(THRESHOLDS)
                         if figures[name] is not None)
    assert not problems, "quality gate failed:\n  " + "\n  ".join(problems) + f"\nmeasured: {measured}"
