"""Bootstrap intervals: they hold the figure, they shrink with more questions, they are repeatable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.evaluation.intervals import bootstrap_interval
from qa.evaluation.report import intervals, summarise
from tests.evaluation.test_runner import _result


def test_an_interval_holds_the_mean_and_is_repeatable() -> None:
    values = [1.0] * 30 + [0.0] * 20
    low, high = bootstrap_interval([values])
    assert low < 0.6 < high
    assert 0.4 < low and high < 0.8
    assert bootstrap_interval([values]) == (low, high)


def test_more_questions_give_a_narrower_interval() -> None:
    small = bootstrap_interval([[1.0, 0.0] * 20])
    large = bootstrap_interval([[1.0, 0.0] * 500])
    assert small is not None and large is not None
    assert large[1] - large[0] < (small[1] - small[0]) / 3


def test_constant_values_and_empty_sets() -> None:
    assert bootstrap_interval([[1.0] * 7]) == (1.0, 1.0)
    assert bootstrap_interval([[], []]) is None
    # strata are resampled on their own: a stratum of ones and one of zeros never mix
    assert bootstrap_interval([[1.0] * 3, [0.0]]) == (0.75, 0.75)


@pytest.mark.parametrize(("kwargs", "message"), [({"level": 1.0}, "level"), ({"resamples": 0}, "resamples")])
def test_bad_arguments_are_named(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bootstrap_interval([[1.0]], **kwargs)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=40))
def test_the_interval_lies_within_the_values(values: list[float]) -> None:
    interval = bootstrap_interval([values], resamples=200)
    assert interval is not None
    assert min(values) - 1e-9 <= interval[0] <= interval[1] <= max(values) + 1e-9


def test_every_per_question_figure_gets_an_interval_around_it() -> None:
    results = [_result("a", True, "gold", 1.0, rank=1, covered=True),
               _result("b", True, "other", 0.2, rank=3, covered=False),
               _result("c", True, None, 0.0),
               _result("d", False, None, 1.0),
               _result("e", False, "oops", 0.0)]
    figures, cis = summarise(results), intervals(results)
    assert set(cis) >= {"f1", "exact_match", "unanswerable_null", "abstention_accuracy", "mrr"}
    for name, ci in cis.items():
        assert ci is not None and ci[0] - 1e-9 <= figures[name] <= ci[1] + 1e-9, name
    # only answerable questions: no interval for the abstention on unanswerable ones
    assert intervals(results[:3])["unanswerable_null"] is None
