"""Metrics: official SQuAD behaviour on known examples, plus properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.evaluation.metrics import (
    contains_gold,
    exact_match,
    normalize_answer,
    percentile,
    reciprocal_rank,
    spans_overlap,
    token_f1,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The Quick, brown fox!", "quick brown fox"),
        ("  Mr.   Lee  Chul ", "mr lee chul"),
        ("ROK-UNODC", "rokunodc"),
        ("an apple a day", "apple day"),
        ("theory", "theory"),  # articles only as whole words
        ("", ""),
    ],
)
def test_normalize_answer(raw: str, expected: str) -> None:
    assert normalize_answer(raw) == expected


def test_exact_match_known_squad_examples() -> None:
    assert exact_match("Denver Broncos", ["Denver Broncos", "Denver Broncos"]) == 1.0
    assert exact_match("the Denver Broncos.", ["Denver Broncos"]) == 1.0
    assert exact_match("Broncos", ["Denver Broncos"]) == 0.0
    assert exact_match("Seoul", ["Vienna", "seoul"]) == 1.0
    assert exact_match(None, ["Seoul"]) == 0.0


def test_token_f1_known_squad_examples() -> None:
    gold = "Levi's Stadium in the San Francisco Bay Area at Santa Clara, California"
    # 3 of the prediction's 3 tokens are among the gold's 11 (after dropping "the").
    assert token_f1("Santa Clara, California", [gold]) == pytest.approx(2 * (3 / 11) / (1 + 3 / 11))
    assert token_f1("Normandy, France", ["France"]) == pytest.approx(2 / 3)
    assert token_f1("France", ["Normandy, France", "France"]) == 1.0  # max over golds
    assert token_f1("Vienna", ["Seoul"]) == 0.0
    assert token_f1(None, ["Seoul"]) == 0.0
    assert token_f1("", ["Seoul"]) == 0.0


def test_unanswerable_rules() -> None:
    for metric in (exact_match, token_f1):
        assert metric(None, []) == 1.0
        assert metric("", []) == 1.0
        assert metric("  ", []) == 1.0
        assert metric("Seoul", []) == 0.0
        assert metric(None, [""]) == 1.0  # golds that normalise to nothing: unanswerable (SQuAD v2)
    assert contains_gold(None, []) is True
    assert contains_gold("Seoul", []) is False


def test_contains_gold_respects_token_boundaries() -> None:
    assert contains_gold("held in Seoul on January 23, 2026", ["Seoul"])
    assert contains_gold("established in 1997.", ["1997"])
    assert contains_gold("The Mekong Region", ["the mekong region"])
    assert not contains_gold("19970", ["1997"])
    assert not contains_gold("Seoulite", ["Seoul"])
    assert not contains_gold(None, ["Seoul"])
    assert contains_gold("Lee Chul and Candice Welsch", ["nobody", "Candice Welsch"])


def test_spans_overlap() -> None:
    assert spans_overlap(0, 5, 4, 10)
    assert spans_overlap(4, 10, 0, 5)
    assert spans_overlap(0, 10, 3, 4)  # containment
    assert not spans_overlap(0, 5, 5, 10)  # touching, half-open
    assert not spans_overlap(3, 3, 0, 10)  # empty span
    with pytest.raises(ValueError):
        spans_overlap(5, 4, 0, 10)


def test_percentile() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([4, 1, 3, 2], 0) == 1.0
    assert percentile([1, 2, 3, 4], 100) == 4.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([0, 10], 95) == pytest.approx(9.5)
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_reciprocal_rank() -> None:
    assert reciprocal_rank([True, False]) == 1.0
    assert reciprocal_rank([False, False, True]) == pytest.approx(1 / 3)
    assert reciprocal_rank([False, False]) == 0.0
    assert reciprocal_rank([]) == 0.0


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(pred=st.one_of(st.none(), _text), golds=st.lists(_text, max_size=4))
def test_scores_are_bounded(pred: str | None, golds: list[str]) -> None:
    f1 = token_f1(pred, golds)
    em = exact_match(pred, golds)
    assert 0.0 <= f1 <= 1.0
    assert em in (0.0, 1.0)
    assert f1 >= em
    if em == 1.0:
        assert contains_gold(pred, golds)


@given(x=_text)
def test_prediction_equal_to_gold_scores_one(x: str) -> None:
    assert token_f1(x, [x]) == 1.0
    assert exact_match(x, [x]) == 1.0
    assert contains_gold(x, [x])


@given(values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30), q=st.floats(0, 100))
def test_percentile_matches_numpy(values: list[float], q: float) -> None:
    np = pytest.importorskip("numpy")
    assert math.isclose(percentile(values, q), float(np.percentile(values, q)), rel_tol=1e-9, abs_tol=1e-6)
