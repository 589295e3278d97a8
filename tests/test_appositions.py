"""A name and the office set beside it (qa.appositions): the answer lies one step across the apposition."""

import pytest

from qa.appositions import body_around_name, body_of_holder, holder_of_body, person_after_office
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


HOST = ("Participants welcomed the offer of the Hydrometeorological Agency of Kharsan to host the next workshop, and "
        "thanked the Ministry of Health and the Kingdom of Asturias.")


@pytest.mark.parametrize(("question", "part", "answer"), [
    ("Which agency offered to host the next workshop?", "Kharsan", "the Hydrometeorological Agency of Kharsan"),
    ("Which government ministry was thanked?", "Health", "the Ministry of Health"),
    ("Which country offered to host the next workshop?", "Kharsan", "Kharsan"),  # a place is asked for
    ("Which kingdom was thanked?", "Asturias", "Asturias"),  # not a body's noun: SQuAD's golds stop at "of"
    ("Which ministry offered to host the next workshop?", "Kharsan", "Kharsan"),  # another body's noun
    ("Which agency offered to host?", "the Hydrometeorological Agency of Kharsan",
     "the Hydrometeorological Agency of Kharsan"),  # whole already
])
def test_a_name_after_a_body_of_the_kind_asked_moves_to_the_body(question: str, part: str, answer: str) -> None:
    start = HOST.index(part)
    start, end = body_around_name(HOST, start, start + len(part), question)
    assert HOST[start:end] == answer


LED = ("A business delegation of 22 companies, led by the President of the Valdorian Chamber of Commerce and Industry "
       "(VCCI), Mr. Anton Berisha-Kell, travelled with the minister. The current mayor, Kevin Faulconer, spoke.")


@pytest.mark.parametrize(("question", "part", "answer"), [
    ("Who led the business delegation?", "the President of the Valdorian Chamber of Commerce and Industry (VCCI)",
     "Mr. Anton Berisha-Kell"),
    ("Who led the business delegation?", "President of the Valdorian Chamber of Commerce and Industry",
     "Mr. Anton Berisha-Kell"),  # the acronym between office and name
    ("Who led the business delegation?", "President of the Valdorian Chamber of Commerce and Industry (VCCI",
     "Mr. Anton Berisha-Kell"),  # a span the names rule ended inside the bracket
    ("Who is Kevin Faulconer?", "current mayor", "current mayor"),  # the question names the person: the office
    ("Who spoke?", "The current mayor", "Kevin Faulconer"),
    ("Who travelled with the minister?", "22 companies", "22 companies"),  # no name right after
])
def test_an_office_set_before_a_name_moves_to_the_person(question: str, part: str, answer: str) -> None:
    start = LED.index(part)
    start, end = person_after_office(LED, start, start + len(part), question, PIPELINE)
    assert LED[start:end] == answer


CHAIRED = ("We, the Heads of State, having met in Lumaro on 19 and 20 November 2025 under the chairmanship of H.E. "
           "President Matagi Lealofi-Rennick of the Republic of Teravai, with the Government of Norway present, declare:")


@pytest.mark.parametrize(("part", "answer"), [
    ("Republic of Teravai", "Matagi Lealofi-Rennick"),  # the country a head of state is named with
    ("the Republic of Teravai", "Matagi Lealofi-Rennick"),
    ("Norway", "Norway"),  # "the Government of Norway": no person before "of"
])
def test_who_asked_of_a_body_after_a_person_and_of_moves_to_the_person(part: str, answer: str) -> None:
    start = CHAIRED.index(part)
    start, end = holder_of_body(CHAIRED, start, start + len(part), PIPELINE)
    assert CHAIRED[start:end] == answer
