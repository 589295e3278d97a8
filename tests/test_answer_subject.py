"""A time, place or amount stated of another thing than the one asked about is passed over (qa.answer_subject)."""

import pytest

from qa.answer_subject import holds_asked_office, tells_of_asked_person, tells_of_asked_thing
from qa.settings import Settings

PIPELINE = Settings().spacy_model
_FUNDS = ("The Coastal Fund was launched in May. It will start with US$85 million. Separately, Tovaland will "
          "finance a feasibility study with EUR 750,000. The academy's budget is USD 2.4 million. "
          "Minister Hauge will visit Accra in March 2027. The report was presented in Oslo to 40 delegates.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("How much money will the fund start with?", "US$85 million", True),  # the fund is named one sentence before
    ("What is the budget of the joint training programme for inspectors?", "EUR 750,000", False),  # another thing's
    ("How much will the feasibility study cost?", "EUR 750,000", True),
    ("What is the budget of the academy?", "USD 2.4 million", True),
    ("What is the budget of the academy?", "US$85 million", False),  # the fund's, not the academy's
    ("When will Minister Hauge visit Accra?", "March 2027", True),
    ("When will the extraordinary session be held?", "March 2027", False),  # another occasion's date
    ("Where was the report presented?", "Oslo", True),
    ("Where will the new laboratories be built?", "Oslo", False),
    ("How many delegates attended the presentation?", "40", True),  # "delegates"
    ("How much?", "EUR 750,000", True),  # nothing asked of: nothing to check
    ("Who will finance the study?", "Tovaland", True),  # not a when/where/how-much question
    ("On what date in 2027 will Minister Hauge visit Accra?", "March 2027", True),  # "When…?" in other words
    ("On what dates in 2027 will the fourth forum take place?", "March 2027", False),  # shares only its year
    ("In which year will the extraordinary session be held?", "March 2027", False),
])
def test_an_attribute_is_of_the_thing_its_sentence_or_the_one_before_tells_of(question: str, span: str,
                                                                             fits: bool) -> None:
    start = _FUNDS.index(span)
    assert tells_of_asked_thing(question, _FUNDS, start, start + len(span)) is fits


_RECEIVED = ("In N'Djamena, the Envoy was received by H.E. Mr. Abdelkerim Haroun, Minister of Foreign Affairs, "
             "African Integration and International Cooperation, and met the Speaker of the National Assembly.")
_OPENED = "The session was opened by the Speaker of the National Assembly, H.E. Mr. Ali Kolo, and by Dr. Ana Reyes."
_CHAIRED = "It was chaired by Dr. Ana Reyes, Chair of the Board, and by Mr. Tomas Kolo."


@pytest.mark.parametrize(("question", "sentence", "span", "fits"), [
    ("What is the name of the Speaker of the National Assembly?", _RECEIVED, "H.E. Mr. Abdelkerim Haroun", False),
    ("Who is the Speaker of the National Assembly?", _RECEIVED, "H.E. Mr. Abdelkerim Haroun", False),
    ("Who is the Minister of Foreign Affairs?", _RECEIVED, "H.E. Mr. Abdelkerim Haroun", True),  # his apposition
    ("Who is the Speaker of the National Assembly?", _OPENED, "H.E. Mr. Ali Kolo", True),  # the title before him
    ("Who is the Speaker of the National Assembly?", _OPENED, "Dr. Ana Reyes", True),  # nothing says what she is
    ("Who is the Chair of the Board?", _CHAIRED, "Dr. Ana Reyes, Chair of the Board", True),
    ("Who chaired the meeting?", _CHAIRED, "Dr. Ana Reyes", True),  # no title asked about
    ("Who is the Speaker of the National Assembly?", "The Envoy met the Speaker of the National Assembly and "
     "civil society groups.", "civil society groups", False),  # lower-case words alone: no holder named
])
def test_a_person_given_another_office_does_not_hold_the_one_asked_about(question: str, sentence: str, span: str,
                                                                        fits: bool) -> None:
    start = sentence.index(span)
    assert holds_asked_office(question, sentence, start, start + len(span)) is fits


@pytest.mark.parametrize(("question", "quote", "tells"), [
    ("Who is financing the water project?", "Funded by the Government of Germany, the project will install pumps.",
     True),
    ("Who is financing the water project?", "Children cannot wait for the rains, Ms. A said at the end of a visit.",
     False),
    ("Whom did the minister meet?", "The minister met Mr. B.", True),
    ("Where is the project?", "Children cannot wait for the rains.", True),  # asks for no person
    ("With which health minister did she discuss coverage?", "She met the Minister of Territorial Administration.",
     False),
    ("With which health minister did she discuss coverage?", "She held talks with the Minister of Public Health.",
     True),
])
def test_a_quote_tells_of_the_asked_person_when_it_holds_the_questions_words(question: str, quote: str,
                                                                              tells: bool) -> None:
    assert tells_of_asked_person(question, quote, PIPELINE) is tells
