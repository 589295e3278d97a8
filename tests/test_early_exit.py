"""The learned early exit: its signals, its fitted rule and the threshold that must lose nothing."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest

from qa.calibration import Calibration
from qa.early_exit import EXIT_FEATURES, ExitExample, ExitRule, _best_threshold, exit_features, fit_exit_rule, outcome
from qa.reader.model import ReaderSpan
from qa.schemas import Chunk, RetrievedChunk


TEXT = "The festival opens in Lisbon on 12 May. Tickets cost 15 euros at the gate."


def _retrieved(dense: float, lexical: float, text: str = TEXT) -> RetrievedChunk:
    chunk = Chunk(chunk_id=0, doc_id="d", start=0, end=len(text), text=text)
    return RetrievedChunk(chunk=chunk, score=dense, dense_score=dense, lexical_score=lexical)


def test_signals_come_from_the_top_passage_and_the_retrieval_gap() -> None:
    spans = [ReaderSpan(0, TEXT.index("Lisbon"), TEXT.index("Lisbon") + 6, 7.0, 1.0),
             ReaderSpan(0, TEXT.index("15 euros"), TEXT.index("15 euros") + 8, 9.0, 5.0)]
    values = exit_features("How much do tickets cost?", spans, [_retrieved(0.8, 10.0), _retrieved(0.5, 3.0)])
    assert values == pytest.approx({"margin": 6.0, "reader": 9.0, "dense": 0.8, "lexical": math.log1p(10.0),
                                    "dense_gap": 0.3, "lexical_gap": math.log1p(10.0) - math.log1p(3.0),
                                    "coverage": 1.0})  # the best span's sentence holds "tickets" and "cost"
    assert set(values) == set(EXIT_FEATURES)
    other = exit_features("When does the festival open?", spans, [_retrieved(0.8, 10.0), _retrieved(0.5, 3.0)])
    assert other is not None and other["coverage"] == 0.0


def test_nothing_to_decide_without_a_span_or_a_second_passage() -> None:
    assert exit_features("Where?", [], [_retrieved(0.8, 1.0), _retrieved(0.5, 1.0)]) is None
    assert exit_features("Where?", [ReaderSpan(0, 0, 3, 7.0, 1.0)], [_retrieved(0.8, 1.0)]) is None
    assert not ExitRule(dict.fromkeys(EXIT_FEATURES, 0.0), bias=30.0, threshold=0.5).stop(None)


def test_the_rule_survives_the_calibration_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("qa.calibration.DATA_DIR", tmp_path)
    rule = ExitRule({"margin": 0.5, "lexical_gap": 1.5}, bias=-2.0, threshold=0.97, fitted_on="x", stop_rate=0.6)
    (tmp_path / "with.json").write_text(Calibration(early_exit=rule).to_json())
    (tmp_path / "without.json").write_text(Calibration().to_json())
    assert Calibration.load("with").early_exit == rule
    assert Calibration.load("without").early_exit is None
    assert "early_exit" not in json.loads(Calibration().to_json())


def test_the_trained_reader_ships_a_rule_over_known_signals() -> None:
    rule = Calibration.load("trained").early_exit
    assert rule is not None and set(rule.weights) == set(EXIT_FEATURES)
    assert 0.5 < rule.threshold <= 1.0 and rule.fitted_on


def test_outcome_judges_answering_and_abstaining() -> None:
    calib = Calibration(weights={"reader": 1.0}, bias=0.0, threshold=0.5)
    right = ([({"reader": 5.0}, 1.0), ({"reader": 1.0}, 0.0)], True)
    assert outcome(calib, right) == (1.0, True)
    assert outcome(calib, ([({"reader": -5.0}, 1.0)], True)) == (0.0, False)  # abstained on an answerable one
    assert outcome(calib, ([({"reader": -5.0}, 0.0)], False)) == (0.0, True)  # abstained rightly
    assert outcome(calib, ([], False)) == (0.0, True)


def test_the_threshold_keeps_the_stops_that_gain_most_without_losing_decisions() -> None:
    probs = np.array([0.99, 0.98, 0.97, 0.96, 0.95])
    f1 = np.array([0.0, 0.5, 0.0, -1.0, 0.0])  # the 0.96 stop loses more than the others gained
    assert _best_threshold(probs, f1, np.zeros(5, dtype=int)) == 0.97
    assert _best_threshold(probs, np.zeros(5), np.array([-1, 0, 0, 0, 0])) == 1.0  # never stop
    assert _best_threshold(probs, np.zeros(5), np.zeros(5, dtype=int)) == 0.95
    recovered = np.array([-0.5, 1.0, 0.0, -2.0])  # an early loss that the next stop more than makes up for
    assert _best_threshold(np.array([0.99, 0.98, 0.97, 0.96]), recovered, np.zeros(4, dtype=int)) == 0.97
    tied = np.array([0.99, 0.97, 0.97, 0.95])
    assert _best_threshold(tied, np.array([0.0, 0.0, -1.0, 0.0]), np.zeros(4, dtype=int)) == 0.99


def test_fitting_learns_to_stop_when_the_top_passage_clearly_answers() -> None:
    """Made-up questions: a clear top-passage answer keeps the full read's answer; a weak one loses it."""
    calib = Calibration(weights={"reader": 1.0}, bias=0.0, threshold=0.5)
    rng = random.Random(3)
    examples = []
    for _ in range(200):
        margin = rng.uniform(-5, 10)
        signals = dict.fromkeys(EXIT_FEATURES, 0.0) | {"margin": margin, "reader": margin + rng.uniform(0, 2)}
        full = ([({"reader": 3.0}, 1.0)], True)
        first = full if margin > 4 else ([({"reader": 3.0}, 0.0)], True)
        examples.append(ExitExample(signals, full, first))
    rule = fit_exit_rule(examples, calib, fitted_on="made up")
    strong = dict.fromkeys(EXIT_FEATURES, 0.0) | {"margin": 9.0, "reader": 10.0}
    weak = dict.fromkeys(EXIT_FEATURES, 0.0) | {"margin": 0.0, "reader": 1.0}
    assert rule.stop(strong) and not rule.stop(weak)
    assert 0.0 < rule.stop_rate < 0.5 and rule.fitted_on == "made up"


def test_fitting_needs_enough_questions() -> None:
    few = [ExitExample(dict.fromkeys(EXIT_FEATURES, 1.0), ([], False), ([], False))] * 5
    with pytest.raises(ValueError, match="at least 20 questions"):
        fit_exit_rule(few, Calibration())
