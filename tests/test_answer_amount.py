"""Answer amounts: a number, sum or share of the wrong kind is passed over (qa.answer_amount)."""

import pytest

from qa.answer_amount import (COUNTED_SIMILARITY, asked_count_noun, counted_noun, counts_asked_things, same_currency,
                              states_a_value, states_money, states_quantity, states_share, sum_is_givers,
                              sums_not_counts)
from qa.embedding import SentenceTransformerEmbedder
from qa.settings import Settings


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("How many participants attended?", "Among other Korean participants", False),
    ("How many projects?", "two", True),
    ("How much funding?", "USD 4.5 million", True),
    ("How many staff does it employ?", "virtually all", True),  # a quantifier is a quantity
    ("How long was the wood submerged?", "over a year", True),  # a duration answers "how long"
    ("How long did the dialogue last?", "the dialogue", False),
    ("How many scam centers?", "over a year", False),  # a unit of time is no count
    ("How long did the dialogue last?", "01/23/2026", False),  # a calendar day is a point, not a span
    ("How long did the talks last?", "23 January 2026", False),
    ("How many delegates came?", "on March 3", False),
    ("How long did the dialogue last?", "00:52 UTC", False),  # a time of day too
    ("How many people are attending the summit?", "21 to 23 October 2024", False),  # days too
    ("How many people attended?", "3–5 June", False),
    ("How long did the race take?", "2:03:59", True),  # ... but not a bare clock reading
    ("How long has the Faroe church been independent?", "since 2007", True),  # a year may count from
    ("How long did the dialogue last?", "1997", False),  # a year is a point in time too
    ("How many members joined?", "1997", True),  # ... but may be a count
    ("Who co-chaired the dialogue?", "Mr. Lee Chul", True),  # other questions always pass
])
def test_states_quantity_wants_a_number_for_how_many(question: str, answer: str, fits: bool) -> None:
    assert states_quantity(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("How much did the 2023 pilot cost?", "25", False),  # a count
    ("How much will Norway contribute?", "18 months", False),  # a duration
    ("What was the total budget of the workshop?", "five-day", False),
    ("What is the annual budget of the working group?", "twice a year", False),  # a frequency
    ("What is the budget for the baseline survey?", "January 2027", False),  # a date
    ("How much is Canada contributing?", "USD 12.4 million", True),
    ("How much of the EUR 850,000 came from Sweden?", "610", False),  # a sum named in the question
    ("How much did the ticket cost?", "free", True),  # words pass
    ("What was the total value of the contracts?", "6,500 people", False),  # a count of other things
    ("How much did a jewel case cost?", "30 cents", True),
    ("What is the budget of the fund?", "NOK 45 million", True),
    ("In millions of dollars, how much did the state pay?", "759", True),  # the question names the unit
    ("How many health posts were solarised?", "25", True),  # other questions always pass
    ("How much time do people spend on it each day?", "15 minutes", True),  # time, not money
])
def test_states_money_wants_a_sum_for_how_much_it_cost(question: str, answer: str, fits: bool) -> None:
    assert states_money(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("What share of the replenishment target do the pledges cover?", "USD 2.5 billion", False),  # the whole
    ("What share of the replenishment target do the pledges cover?", "74 per cent", True),
    ("What share of the spending will go to counselling?", "one in every three dollars", True),
    ("What percentage of the budget was spent?", "EUR 12 million of the EUR 40 million", True),
    ("How much did the pilot cost?", "USD 2.5 billion", True),  # not a share question
])
def test_states_share_turns_away_a_bare_sum(question: str, answer: str, fits: bool) -> None:
    assert states_share(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("How much of the EUR 850,000 came from Sweden?", "USD 2 million", False),
    ("How much of the EUR 850,000 came from Sweden?", "EUR 300,000", True),
    ("How much did Canada contribute in dollars?", "€4 million", False),
    ("How much did Canada contribute in dollars?", "US$4 million", True),
    ("How much did Canada contribute?", "€4 million", True),  # no currency asked: any
    ("What was the price of uranium per pound in 2003?", "$10", True),  # a pound of weight
    ("How much did it cost in euros?", "12 million", True),  # no currency in the answer: left to states_money
    ("What is the annual cost of a membership in USD?", "US$59.99, C$59.99 or €59.99", True),  # one is
])
def test_same_currency_turns_away_a_sum_in_another_currency(question: str, answer: str, fits: bool) -> None:
    assert same_currency(question, answer) is fits



_PLEDGES = ("The pledges will allow the Fund to treat 12 million children, Japan gave USD 5 million, and about "
            "5.4 billion went to city administration; one dollar was worth 36,000 rial.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("How much did Japan pledge to the Fund?", "12 million", False),  # it counts children
    ("How much did Japan pledge to the Fund?", "USD 5 million", True),
    ("How much of the budget was allocated to the city?", "5.4 billion", True),  # a verb follows
    ("How much was one dollar worth in rial?", "36,000", True),  # the noun after is the currency
    ("How many children will be treated?", "12 million", True),  # not a question about money
])
def test_sums_not_counts_turns_away_a_number_counting_the_noun_after_it(question: str, span: str,
                                                                        fits: bool) -> None:
    start = _PLEDGES.index(span)
    assert sums_not_counts(question, _PLEDGES, start, start + len(span), Settings().spacy_model) is fits


@pytest.mark.parametrize(("question", "sentence", "span", "fits"), [
    # the size of a whole that the sentence says others fund, or that names no giver at all
    ("How much is Canada contributing to the programme?",
     "IOM presented its new programme, which is worth USD 12.4 million and will run for three years.",
     "USD 12.4 million", False),
    ("How much is the CPD contributing in euros to the pilot?",
     "The pilot, with a total budget of EUR 2.4 million, will be financed jointly, with the CPD providing "
     "equipment and the NDMA covering installation.", "EUR 2.4 million", False),
    ("How much is the Government of Zambia contributing to the project?",
     "The Government of Japan and UNDP today launched a USD 6.2 million project in four provinces of Zambia.",
     "USD 6.2 million", False),
    # a giver's own sum, a whole the asked giver alone funds, a question about no giver
    ("How much is Norway contributing to the programme?",
     "Norway announced a contribution of NOK 45 million to the programme.", "NOK 45 million", True),
    ("How much did Charles B. Johnson pledge to Yale?",
     "Charles B. Johnson pledged a $250 million gift in 2013.", "$250 million", True),
    ("How much is Norway contributing to the programme?",
     "Norway will fund the programme, which has a total budget of NOK 45 million.", "NOK 45 million", True),
    ("How much does the programme cost?",
     "The programme, with a total budget of EUR 2.4 million, is financed by the EU and Japan.",
     "EUR 2.4 million", True),
])
def test_sum_is_givers_turns_away_a_whole_that_others_fund(question: str, sentence: str, span: str,
                                                           fits: bool) -> None:
    start = sentence.index(span)
    assert sum_is_givers(question, sentence, start, start + len(span), Settings().spacy_model) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("how big is the ADB technical assistance for glacier hazard mapping", "size", False),
    ("What is the total budget of the project?", "funding", False),
    ("What is the total budget of the project?", "the total amount", False),
    ("What is the total budget of the project?", "USD 3.2 million", True),
    ("How big is the stadium?", "the third largest in the country", True),
    ("What did the project receive?", "funding", True),  # asks for no value
])
def test_states_a_value_turns_away_the_name_of_the_measure(question: str, answer: str, fits: bool) -> None:
    assert states_a_value(question, answer) is fits


_IN_FORCE = "The MoU will remain in force for a period of four years, and 180 rural health centres will get solar power."


@pytest.mark.parametrize(("text", "span", "counted"), [
    (_IN_FORCE, "four", "years"),
    (_IN_FORCE, "180", "rural health centres"),  # the words up to the noun the number counts
    ("Approximately 40 percent of participants were women.", "40", None),  # a share counts nothing
    ("They set up a 5-member board.", "5", None),  # a compound adjective describes
    ("The fund was launched in 2019.", "2019", None),  # no noun after the number
])
def test_counted_noun_is_what_the_number_counts(text: str, span: str, counted: str | None) -> None:
    start = text.index(span)
    assert counted_noun(text, start, start + len(span), Settings().spacy_model) == counted


@pytest.mark.parametrize(("question", "asked"), [
    ("How many Malaysian employers have committed to the policy?", "Malaysian employers"),
    ("how many vaccine refrigerators will the project procure", "vaccine refrigerators"),
    ("How much did it cost?", None),
])
def test_asked_count_noun_is_what_how_many_counts(question: str, asked: str | None) -> None:
    assert asked_count_noun(question, Settings().spacy_model) == asked


def _fixed(value: float):  # noqa: ANN202 - a stand-in for the embedding similarity
    calls: list[tuple[str, list[str]]] = []

    def similarity(text: str, others: list[str]) -> list[float]:
        calls.append((text, others))
        return [value] * len(others)
    return similarity, calls


def test_counts_asked_things_asks_the_similarity_only_when_the_nouns_differ() -> None:
    pipeline = Settings().spacy_model
    start = _IN_FORCE.index("four")
    far, calls = _fixed(COUNTED_SIMILARITY - 0.1)
    assert not counts_asked_things("How many Malaysian employers signed?", _IN_FORCE, start, start + 4, pipeline, far)
    assert calls == [("Malaysian employers", ["years"])]
    near, calls = _fixed(COUNTED_SIMILARITY + 0.1)
    assert counts_asked_things("How many Malaysian employers signed?", _IN_FORCE, start, start + 4, pipeline, near)
    same, calls = _fixed(0.0)
    assert counts_asked_things("How many years will it last?", _IN_FORCE, start, start + 4, pipeline, same)
    assert not calls  # the same noun needs no model
    assert counts_asked_things("How many times did they meet?", _IN_FORCE, start, start + 4, pipeline, far)
    sold = "It sold 2 million units in Japan."
    assert counts_asked_things("How many consoles were sold?", sold, 3, 12, pipeline, far)  # "units" count anything
    assert counts_asked_things("How many employers signed?", _IN_FORCE, start, start + 4, pipeline, None)


@pytest.mark.slow
@pytest.mark.parametrize(("question", "span", "fits"), [
    ("How many Malaysian employers have committed to the policy?", "four", False),  # "years"
    ("How many solar panels will the project procure?", "180", False),  # "rural health centres"
    ("How many facilities will receive solar power?", "180", True),  # "centres" is near "facilities"
])
def test_counts_asked_things_with_the_real_model(real_embedder: SentenceTransformerEmbedder, question: str,
                                                 span: str, fits: bool) -> None:
    def similarity(text: str, others: list[str]) -> list[float]:
        return list(real_embedder.encode(others) @ real_embedder.encode([text])[0])
    start = _IN_FORCE.index(span)
    assert counts_asked_things(question, _IN_FORCE, start, start + len(span), Settings().spacy_model,
                               similarity) is fits

