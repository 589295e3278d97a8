"""Spans that state a number (qa.span_numbers): a long span holding one date is cut to it; a bare number takes its
unit; a sum given by another moves to the asked giver's."""

import pytest

from qa.settings import Settings
from qa.span_numbers import asked_givers, complete_unit, keep_bound, move_to_givers_sum, narrow_to_date


@pytest.mark.parametrize(("span", "answer"), [
    ("the visit, a joint technical mission of the two offices will travel to the region from 7 to 18 April 2025",
     "from 7 to 18 April 2025"),  # a range keeps its "from"
    ("a joint technical mission of the two offices will travel to the region on 7 April 2025", "7 April 2025"),
    ("from 7 to 18 April 2025", "from 7 to 18 April 2025"),  # short spans stay
])
def test_a_long_span_holding_one_date_narrows_to_it(span: str, answer: str) -> None:
    text = f"After the visit, {span}. It will report back."
    start = text.index(span)
    new_start, new_end = narrow_to_date(text, start, start + len(span), Settings().spacy_model)
    assert text[new_start:new_end] == answer


def test_a_long_span_holding_two_dates_stays() -> None:
    text = "The mission ran from 7 April 2025 to the end of the rainy season and again on 3 May 2026 in the north."
    span = text[text.index("from"):-1]
    start = text.index(span)
    assert narrow_to_date(text, start, start + len(span), Settings().spacy_model) == (start, start + len(span))


_STOCKPILE = "The ministers agreed to build a stockpile of 150,000 tonnes of maize. It cost US$6 million in 2025."


@pytest.mark.parametrize(("span", "answer"), [
    ("150,000", "150,000 tonnes"),  # the noun the number measures
    ("US$6 million", "US$6 million"),  # money: never
    ("150,000 tonnes", "150,000 tonnes"),  # not bare
])
def test_a_bare_number_takes_the_noun_it_measures(span: str, answer: str) -> None:
    start = _STOCKPILE.index(span)
    new_start, new_end = complete_unit(_STOCKPILE, start, start + len(span), Settings().spacy_model)
    assert _STOCKPILE[new_start:new_end] == answer


_FUND = ("The Fund starts with US$24 million, comprising US$10 million from the Republic of Uzbekistan, US$6 million "
         "from the Republic of Kazakhstan and US$8 million from the Asian Development Bank. The European Union will "
         "contribute EUR 30 million, the Government of Canada CAD 15 million and the Green Foundation EUR 12 million. "
         "Prices rose from $10 in May 2003 to $138 by July 2007.")


@pytest.mark.parametrize(("question", "span", "answer"), [
    ("How much is Kazakhstan contributing to the Fund?", "US$10 million", "US$6 million"),  # "from X" after it
    ("How much will Canada give?", "EUR 30 million", "CAD 15 million"),  # "X" before it, back to the comma
    ("How much is Kazakhstan contributing?", "US$6 million", "US$6 million"),  # its own sum already
    ("How much is Norway contributing?", "US$10 million", "US$10 million"),  # no sum of the asked giver: stays
    ("How much does the Fund start with?", "US$24 million", "US$24 million"),  # no giver named by it
    ("What was the price as of July 2007?", "$10", "$10"),  # a month after "by" is no giver
])
def test_a_sum_given_by_another_moves_to_the_asked_givers(question: str, span: str, answer: str) -> None:
    start = _FUND.index(span)
    new_start, new_end = move_to_givers_sum(_FUND, start, start + len(span), asked_givers(question))
    assert _FUND[new_start:new_end] == answer


_BOUNDS = ("More than 9 million people are threatened; members will protect at least 30 per cent of their waters, "
           "mobilise up to USD 600 million and serve about 40,000 households in 12 districts.")


@pytest.mark.parametrize(("part", "answer"), [
    ("9 million", "More than 9 million"),  # a bound states the fact
    ("30 per cent", "at least 30 per cent"),
    ("USD 600 million", "up to USD 600 million"),
    ("40,000 households", "40,000 households"),  # an approximation: SQuAD's golds mostly leave it out
    ("12 districts", "12 districts"),
    ("people", "people"),  # no number
])
def test_a_bounded_number_keeps_its_bound(part: str, answer: str) -> None:
    start = _BOUNDS.index(part)
    start, end = keep_bound(_BOUNDS, start, start + len(part))
    assert _BOUNDS[start:end] == answer
