"""Spans that state a number (qa.span_numbers): a long span holding one date is cut to it; a bare number takes its unit."""

import pytest

from qa.settings import Settings
from qa.span_numbers import complete_unit, narrow_to_date


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
