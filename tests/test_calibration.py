"""The calibrated confidence: a ranker fitted on every candidate, a threshold on each question's best."""

import json

import numpy as np
import pytest

from qa.calibration import FEATURES, Calibration, fit, pick_threshold


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
    assert calib.weights["gap"] > 0
    held_out = [g for g in _groups(1) if g[1]]
    firsts = [max(cands, key=lambda vc: calib.confidence(vc[0]))[1] for cands, _ in held_out]
    assert np.mean(firsts) > 0.95


def test_threshold_keeps_the_share_of_good_answers_answered() -> None:
    groups = _groups(2)
    calib = fit(groups, min_answered=0.95)
    tops = [max(calib.confidence(v) for v, _ in cands) for cands, ok in groups if ok]
    assert np.mean([t >= calib.threshold for t in tops]) >= 0.95
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
        assert 0.0 <= calib.threshold <= 1.0
        assert calib.fitted_on


def test_round_trip_through_json() -> None:
    calib = Calibration(weights={"reader": 1.5, "gap": 0.5}, bias=-1.0, threshold=0.4, fitted_on="x")
    data = json.loads(calib.to_json())
    assert data == {"weights": {"reader": 1.5, "gap": 0.5}, "bias": -1.0, "threshold": 0.4, "fitted_on": "x"}
    assert 0.0 < calib.confidence({"reader": 1.0, "gap": -1.0}) < 1.0
