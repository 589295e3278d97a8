"""A name and the office set beside it (qa.appositions): the answer lies one step across the apposition."""

import pytest

from qa.appositions import body_of_holder, holder_of_body
from qa.settings import Settings

PIPELINE = Settings().spacy_model
TEXT = ("The delegation included Mr. Tomas Wirell, Deputy Minister for Fisheries Management; Dr. Ilse Varga-Moen, "
        "Director-General of the Marenian Institute for Marine Research (MIMR); and Ms. Petra Ondesh, Head of the "
        "Department for International Cooperation. The GFCN was represented by its staff.")


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


@pytest.mark.parametrize(("part", "answer"), [
    ("Marenian Institute for Marine Research", "Dr. Ilse Varga-Moen"),  # inside her office's body
    ("the Department for International Cooperation", "Ms. Petra Ondesh"),
    ("GFCN", "GFCN"),  # a body named in no one's office stays
    ("Dr. Ilse Varga-Moen", "Dr. Ilse Varga-Moen"),  # a person already
])
def test_who_heads_a_body_moves_to_its_office_holder(part: str, answer: str) -> None:
    start, end = holder_of_body(TEXT, *_span(part), PIPELINE)
    assert TEXT[start:end] == answer


@pytest.mark.parametrize(("question", "part", "answer"), [
    ("Which research body is Dr. Varga-Moen in charge of?", "Dr. Ilse Varga-Moen",
     "the Marenian Institute for Marine Research (MIMR)"),
    ("Which department does Ms. Ondesh head?", "Ms. Petra Ondesh", "the Department for International Cooperation"),
    ("Which body did the delegation include?", "Dr. Ilse Varga-Moen", "Dr. Ilse Varga-Moen"),  # not a name asked
    ("Which body does Dr. Smith lead?", "Dr. Ilse Varga-Moen", "Dr. Ilse Varga-Moen"),  # another person's title
])
def test_a_body_asked_of_a_named_person_is_the_body_of_her_office(question: str, part: str, answer: str) -> None:
    start, end = body_of_holder(TEXT, *_span(part), question, PIPELINE)
    assert TEXT[start:end] == answer
