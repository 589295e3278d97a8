"""Answer measures (qa.answer_measure): a year is no count, a sum no term, a part no larger than its whole."""

import pytest

from qa.answer_measure import counts_not_a_year, states_other_measure, within_asked_whole


_BY_2032 = "Members will protect 30 per cent of their waters through marine protected areas by 2032."


@pytest.mark.parametrize(("question", "sentence", "part", "fits"), [
    ("How many marine protected areas do members have?", _BY_2032, "2032", False),  # "by 2032": when, not how many
    ("How much was pledged?", "Pledges were made in March 2026.", "2026", False),
    ("How many stores did it run?", "It ran 1452 stores in 1930.", "1452", True),  # a count that looks like a year
    ("How many people came?", "A crowd of 1000 came.", "1000", True),
    ("How long has it been protected?", "It has been protected since 1998.", "1998", True),  # not a count question
    ("How many areas?", _BY_2032, "30 per cent", True),
])
def test_a_year_is_no_count(question: str, sentence: str, part: str, fits: bool) -> None:
    start = sentence.index(part)
    assert counts_not_a_year(question, sentence, start, start + len(part)) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("What is the repayment term of the loan?", "USD 50 million", False),
    ("What interest rate will the loans carry?", "USD 600 million", False),
    ("What is the daily production capacity of the desalination plant?", "EUR 40 million", False),
    ("What is the repayment term of the loan?", "25 years", True),
    ("What was the flat rate for unlimited calls?", "$10 per month", True),  # a rate in money is per unit
    ("What was the size of the endowment?", "$9 million", True),  # a size can be a sum's
    ("How much is the loan?", "USD 50 million", True),  # money asked for
])
def test_a_sum_of_money_is_no_other_measure(question: str, answer: str, fits: bool) -> None:
    sentence = f"The figure is {answer}, the bank said."
    start = sentence.index(answer)
    assert states_other_measure(question, sentence, start, start + len(answer)) is fits


def test_the_currency_may_stand_before_the_span() -> None:
    sentence = "The bank approved a USD 275 million loan with a maturity of 25 years."
    start = sentence.index("275 million")
    assert not states_other_measure("What is the repayment term of the loan?", sentence, start, start + 11)
    start = sentence.index("25 years")
    assert states_other_measure("What is the repayment term of the loan?", sentence, start, start + 8)


@pytest.mark.parametrize(("answer", "fits"), [
    ("USD 275 million", False),  # larger than the grant the question names
    ("USD 2 million", True),
    ("40 per cent", True),  # a share
    ("half", True),  # no figure
])
def test_a_part_is_no_larger_than_the_whole_asked_about(answer: str, fits: bool) -> None:
    assert within_asked_whole("How much of the USD 12 million grant is earmarked for the pilot?", answer) is fits
    assert within_asked_whole("How much will the pilot receive?", answer)  # no whole named
