"""Time checks read from the sentence's parse: the end asked for, the occasion still to come (qa.answer_time)."""

from collections.abc import Callable

import pytest

from qa.answer_time import asked_end, range_point, states_asked_end, tells_of_what_is_next, tells_of_what_was_before
from qa.settings import Settings


def _check(check: Callable[[str, str, int, int, str], bool], question: str, sentence: str, span: str) -> bool:
    """Run a check on the first occurrence of ``span`` in ``sentence``."""
    start = sentence.index(span)
    return check(question, sentence, start, start + len(span), Settings().spacy_model)


_PHASES = ("This year, the government will implement two new projects. The programme, which began in 2019, "
           "ended in 2024. The talks ran from 2020 to 2023.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("When will the two new projects end?", "This year", False),  # dates the start
    ("When will the two new projects begin?", "This year", True),
    ("When did the programme end?", "2024", True),
    ("When did the programme begin?", "2024", False),  # dates its end
    ("When did the programme begin?", "2019", True),
    ("When did the talks end?", "2023", True),  # a range's end point
    ("When were the projects announced?", "This year", True),  # neither end asked: always passes
    ("When it ended, what did the government implement?", "two new projects", True),  # not a time question
])
def test_states_asked_end_turns_away_the_date_of_the_other_end(question: str, span: str, fits: bool) -> None:
    assert _check(states_asked_end, question, _PHASES, span) is fits


@pytest.mark.parametrize(("question", "span", "answer"), [
    ("When is the project due to finish?", "March 2026 to August 2028", "August 2028"),
    ("When did the project start?", "March 2026 to August 2028", "March 2026"),
    ("When does the programme end?", "2026–2028", "2028"),
    ("When was it founded?", "between 1346 and 1354", "1346"),
    ("When does the meeting end?", "12–13 March 2024", "12–13 March 2024"),  # "12" is no time of its own
    ("When was the project announced?", "March 2026 to August 2028", "March 2026 to August 2028"),  # no end asked
])
def test_a_range_answering_when_something_ends_narrows_to_that_end(question: str, span: str, answer: str) -> None:
    text = f"The project runs from {span}."
    start = text.index(span)
    which = asked_end(question)
    found = range_point(text, start, start + len(span), which) if which else (start, start + len(span))
    assert text[slice(*found)] == answer


@pytest.mark.parametrize(("question", "sentence", "span", "fits"), [
    ("Where will the next dialogue be held?", "The dialogue was held in Seoul on 23 January.", "Seoul", False),
    ("Where will the next dialogue be held?", "The next dialogue will be held in Vienna in 2027.", "Vienna", True),
    ("Where will the next meeting take place?", "(7) To hold the Fourth Meeting in Baku in 2028.", "Baku", True),
    ("Where was the dialogue held?", "The dialogue was held in Seoul on 23 January.", "Seoul", True),
    ("When is the next dialogue planned?", "The third dialogue was held in Jakarta on 30 October 2026.",
     "30 October 2026", False),  # "planned" asks of the next one, as "will" does
    ("When is the next dialogue planned?", "The fourth dialogue will be held in the first half of 2027.",
     "the first half of 2027", True),
])
def test_tells_of_what_is_next_turns_away_the_past_occasion(question: str, sentence: str, span: str,
                                                            fits: bool) -> None:
    assert _check(tells_of_what_is_next, question, sentence, span) is fits


@pytest.mark.parametrize(("question", "sentence", "span", "fits"), [
    ("Where was the previous round of consultations held?",
     "The fourth round of the consultations will be held in Bali, Indonesia, in 2027.", "Bali, Indonesia", False),
    ("Where was the previous round of consultations held?",
     "They reviewed progress since the second round, held in Jakarta in November 2024.", "Jakarta", True),
    ("When did the last session take place?", "The next session will take place in May 2027.", "May 2027", False),
    ("Where will the next round be held?",  # asks of the next one: not this check's question
     "The fourth round will be held in Bali in 2027.", "Bali", True),
])
def test_tells_of_what_was_before_turns_away_the_occasion_to_come(question: str, sentence: str, span: str,
                                                                  fits: bool) -> None:
    assert _check(tells_of_what_was_before, question, sentence, span) is fits


def test_a_past_question_is_not_answered_from_an_announcement() -> None:
    sentence = "The Eighth Conference will be held in 2028 in Panama City, Panama, at the invitation of INEC."
    assert not _check(tells_of_what_was_before, "where was the conference held", sentence, "Panama City, Panama")
