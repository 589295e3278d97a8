"""The calibrated confidence: a ranker fitted on every candidate, a threshold on each question's best."""

import json

import numpy as np
import pytest

from qa.calibration import FEATURES, Calibration, fit, fit_ranker, pick_threshold


def _groups(seed: int, n: int = 120) -> list:
    """Questions whose correct candidate has the best 'gap' but not always the best 'dense'.

    A rule fitted only on whichever candidate came first would never see the losers; the
    ranker sees them all and must learn that 'gap' separates right from wrong.
    """
    rng = np.random.default_rng(seed)
    groups = []
    for q in range(n):
        answerable = q % 4 != 0
        cands = []
        for c in range(5):
            correct = answerable and c == 0
            gap = 0.0 if correct else -rng.uniform(0.5, 4.0)
            values = {name: 0.0 for name in FEATURES}
            values.update(gap=gap if answerable else -rng.uniform(0.5, 4.0), dense=rng.uniform(0, 1),
                          reader=rng.normal(3.0 if answerable else 0.0, 1.0))
            cands.append((values, correct))
        groups.append((cands, answerable))
    return groups


def test_the_fitted_ranker_puts_the_correct_candidate_first() -> None:
    calib = fit(_groups(0), fitted_on="synthetic")
    assert calib.rank_weights["gap"] > 0
    held_out = [g for g in _groups(1) if g[1]]
    firsts = [max(cands, key=lambda vc: calib.rank_score(vc[0]))[1] for cands, _ in held_out]
    assert np.mean(firsts) > 0.95


def test_the_ranker_learns_from_near_misses_weighted_by_f1() -> None:
    """Targets follow token F1: a half-right span outranks a wrong one even with no exact answer."""
    rng = np.random.default_rng(4)
    groups = []
    for _ in range(60):
        cands = []
        for gain in (0.0, 0.6, 0.0, 0.9):
            values = {name: 0.0 for name in FEATURES}
            values.update(coverage=gain + rng.normal(0, 0.05), dense=rng.uniform(0, 1))
            cands.append((values, gain))
        groups.append((cands, True))
    weights = fit_ranker(groups)
    assert weights["coverage"] > 0 and abs(weights["dense"]) < weights["coverage"]


def test_the_ranker_needs_an_answerable_question_with_a_right_candidate() -> None:
    values = {name: 0.0 for name in FEATURES}
    with pytest.raises(ValueError, match="answerable questions with a correct candidate"):
        fit_ranker([([(values, 0.0), (values, 0.2)], True), ([(values, 1.0), (values, 0.0)], False)])


def test_ranker_orders_and_confidence_decides() -> None:
    calib = Calibration(weights={"reader": 1.0}, bias=-2.0, rank_weights={"coverage": 1.0})
    (rank_a, conf_a), (rank_b, conf_b) = calib.scored([{"reader": 5.0, "coverage": 0.1},
                                                        {"reader": 1.0, "coverage": 0.9}])
    assert rank_b > rank_a and conf_a > conf_b  # two models, two questions


def test_threshold_keeps_the_share_of_good_answers_answered() -> None:
    groups = _groups(2)
    calib = fit(groups, min_answered=0.95)
    tops = []
    for cands, _ in groups:
        scores = calib.scored([v for v, _ in cands])
        top = max(range(len(cands)), key=lambda i: scores[i][0])
        if cands[top][1]:  # the questions whose top candidate is right must stay answered
            tops.append(scores[top][1])
    assert tops and np.mean([t >= calib.threshold for t in tops]) >= 0.95
    assert 0.0 <= calib.threshold <= 1.0


def test_threshold_rises_when_answering_everything_is_not_required() -> None:
    groups = _groups(3)
    calib = fit(groups, min_answered=0.0)
    strict = pick_threshold(calib, groups, min_answered=1.0)
    assert strict <= calib.threshold


def test_fit_refuses_data_without_both_outcomes() -> None:
    only_wrong = [([({name: 0.0 for name in FEATURES}, False)], False) for _ in range(5)]
    with pytest.raises(ValueError, match="both correct and incorrect"):
        fit(only_wrong)
    with pytest.raises(ValueError, match="at least one question"):
        fit([([], True)])


def test_shipped_calibrations_load_and_name_known_features() -> None:
    for reader in ("trained", "heuristic"):
        calib = Calibration.load(reader)
        assert set(calib.weights) <= set(FEATURES), reader
        assert set(calib.rank_weights) <= set(FEATURES), reader
        assert 0.0 <= calib.threshold <= 1.0
        assert calib.fitted_on


def test_round_trip_through_json() -> None:
    calib = Calibration(weights={"reader": 1.5, "gap": 0.5}, bias=-1.0, threshold=0.4, fitted_on="x")
    data = json.loads(calib.to_json())
    assert data == {"weights": {"reader": 1.5, "gap": 0.5}, "bias": -1.0, "threshold": 0.4, "rank_weights": {},
                    "fitted_on": "x"}
    assert 0.0 < calib.confidence({"reader": 1.0, "gap": -1.0}) < 1.0


def test_old_calibrations_without_a_ranker_rank_by_confidence(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("qa.calibration.DATA_DIR", tmp_path)
    (tmp_path / "old.json").write_text(json.dumps({"weights": {"reader": 1.0}, "bias": 0.0, "threshold": 0.5}))
    calib = Calibration.load("old")
    assert calib.rank_weights == {}
    assert calib.rank_score({"reader": 2.0}) == pytest.approx(calib.confidence({"reader": 2.0}))


def test_the_sentence_signal_informs_the_confidence_but_not_the_ranking() -> None:
    calib = fit(_groups(5))
    assert "sentence_sim" in calib.weights and "sentence_sim" not in calib.rank_weights
    assert "sentence_sim" not in fit_ranker(_groups(6))
