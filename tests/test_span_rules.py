"""The span rules a question calls for move a reader's span to the answer its shape asks for."""

import re

import pytest

from qa.settings import Settings
from qa.span_rules import asks_place_and_time, lead_preposition, span_rules

PIPELINE = Settings().spacy_model
TEXT = ("The consultation was co-chaired by Mr. Rafael D. Santiago, Undersecretary for Migrant Workers' Affairs, "
        "and Ms. Helena Wiik, Deputy Director General of IOM. IOM presented its programme, which is worth USD 12.4 "
        "million and will run for three years. The Third Consultation will be held in Geneva in the first half "
        "of 2027.")


def _apply(question: str, part: str, text: str = TEXT) -> str:
    """The answer the question's rules make of the first occurrence of ``part`` in ``text``."""
    start = text.index(part)
    span = (start, start + len(part))
    for rule in span_rules(question, PIPELINE):
        span = rule(text, *span)
    return text[span[0]:span[1]]


@pytest.mark.parametrize(("question", "part", "answer"), [
    ("How much is the programme worth?", "12.4 million", "USD 12.4 million"),
    ("What is Rafael Santiago's job title?", "Mr. Rafael D. Santiago, Undersecretary for Migrant Workers' Affairs",
     "Undersecretary for Migrant Workers' Affairs"),
    ("Who co-chaired the consultation?", "Ms. Helena Wiik",
     "Mr. Rafael D. Santiago, Undersecretary for Migrant Workers' Affairs, and Ms. Helena Wiik, Deputy Director "
     "General of IOM"),
    ("Which IOM official co-chaired the consultation?", "Mr. Rafael D. Santiago", "Ms. Helena Wiik"),
    ("helena wiik position", "Deputy Director General of IOM", "Deputy Director General of IOM"),  # not her name
    ("When will the Third Consultation be held?", "2027", "the first half of 2027"),
    ("When and where will the Third Consultation be held?", "the first half of 2027",
     "in Geneva in the first half of 2027"),  # with the phrase's own "in"
    ("In which city will the Third Consultation be held, and when?", "Geneva", "in Geneva in the first half of 2027"),
    ("Where will the Third Consultation be held?", "Geneva", "Geneva"),  # a place alone keeps no "in"
    ("What did IOM present?", "its programme", "its programme"),  # no rule applies: unchanged
])
def test_the_questions_rules_move_the_span_to_its_answer(question: str, part: str, answer: str) -> None:
    assert _apply(question, part) == answer


def test_name_completion_can_be_switched_off() -> None:  # both completions: the entity's, the body's name
    assert len(span_rules("What did IOM present?", PIPELINE, complete=False)) == \
        len(span_rules("What did IOM present?", PIPELINE)) - 2


POSSESSIVE = "Kolb's model came first. The model was Kolb's. St. John's, the capital, voted."


@pytest.mark.parametrize(("question", "part", "nth", "answer"), [
    ("Who created the first model?", "Kolb's", 0, "Kolb"),  # the owner of "model", not "kolbs"
    ("Whose model came first?", "Kolb's", 0, "Kolb's"),  # a question asking for an owner keeps it
    ("Which author's model came first?", "Kolb's", 0, "Kolb's"),
    ("Who's model came first?", "Kolb's", 0, "Kolb's"),  # the common misspelling of "whose"
    ("Who made the model?", "Kolb's", 1, "Kolb's"),  # ends the sentence: nothing owned follows
    ("Which city voted?", "St. John's", 0, "St. John's"),  # a comma follows: part of the name
])
def test_a_possessive_before_what_is_owned_is_dropped(question: str, part: str, nth: int, answer: str) -> None:
    start = [m.start() for m in re.finditer(re.escape(part), POSSESSIVE)][nth]
    span = (start, start + len(part))
    for rule in span_rules(question, PIPELINE):
        span = rule(POSSESSIVE, *span)
    assert POSSESSIVE[span[0]:span[1]] == answer


@pytest.mark.parametrize(("text", "part", "whole"), [
    ("01/23/2026 | Press release | Archived content", "2026", "01/23/2026"),  # a word-piece cut of a date
    ("01/23/2026 | Press release | Archived content", "01/23", "01/23/2026"),
    ("In the 2025/26 budget, 3/4 went to ports.", "2025", "2025/26"),
    ("The ministers met in room 2026 of the palace.", "2026", "2026"),  # no slash: unchanged
])
def test_a_span_cut_inside_a_slashed_number_gets_all_of_it(text: str, part: str, whole: str) -> None:
    assert _apply("When was it released?", part, text) == whole


@pytest.mark.parametrize(("text", "part", "whole"), [
    ("Organised with the Centre for Central Asia (CAREC) in May.", "the Centre for Central Asia (CAREC",
     "the Centre for Central Asia (CAREC)"),
    ("The class DTIME(f(n)) is defined.", "DTIME(f(n", "DTIME(f(n))"),
    ("It met the Office (UNODC. Later (in May) it met again.", "the Office (UNODC", "the Office (UNODC"),  # too far
])
def test_a_span_that_opens_a_bracket_is_closed(text: str, part: str, whole: str) -> None:
    assert _apply("Who organised it?", part, text) == whole


ACRONYMS = ("Aid will reach the north through the World Food Programme (WFP) and Ms. Aiko Tanabe (JPN). The "
            "panel was chaired by Prof. Helena Varga (Hungary).")


@pytest.mark.parametrize(("question", "part", "answer"), [
    ("Through which agency will aid be delivered?", "the World Food Programme", "the World Food Programme (WFP)"),
    ("What does WFP stand for?", "the World Food Programme", "the World Food Programme"),  # the question's acronym
    ("What is the acronym of the agency?", "the World Food Programme", "the World Food Programme"),
    ("Who represented Japan?", "Ms. Aiko Tanabe", "Ms. Aiko Tanabe"),  # "J" opens no word of hers
    ("Who works with the World Food Programme?", "the World Food Programme",
     "the World Food Programme"),  # an echo of the question stays one
    ("Who chaired the panel?", "Prof. Helena Varga", "Prof. Helena Varga"),  # a gloss is no acronym
])
def test_a_name_keeps_the_acronym_it_defines(question: str, part: str, answer: str) -> None:
    assert _apply(question, part, ACRONYMS) == answer


_PROJECTS = ("This year, the ministry will implement two new projects -- one designed to map trafficking routes in "
             "the Andean region and train border officers; and the other aimed to protect farmers in Peru and help "
             "them grow legal crops.")
_FIRST = "to map trafficking routes in the Andean region and train border officers"


@pytest.mark.parametrize(("question", "part", "answer"), [
    ("What is the second project about?", _FIRST, "to protect farmers in Peru and help them grow legal crops"),
    ("What will the Peru project do?", "one designed " + _FIRST,
     "to protect farmers in Peru and help them grow legal crops"),  # past "one designed": "to"
    ("What is the first project about?", _FIRST, _FIRST),  # the asked member already
    ("In which country will the second project take place?", "the Andean region",
     "the Andean region"),  # a place in another member: left to the checks
    ("What will the ministry do?", _FIRST, _FIRST),  # no member asked about
])
def test_most_of_another_member_moves_to_the_asked_one(question: str, part: str, answer: str) -> None:
    assert _apply(question, part, _PROJECTS) == answer


@pytest.mark.parametrize(("question", "both"), [
    ("Where and when is the next round scheduled?", True),
    ("What venue hosted the third meeting, and on which date?", True),
    ("In which city and on what date was it signed?", True),
    ("Where did they meet when the talks began?", False),  # "when" opens a clause, no "and" asks for it
    ("Where was the meeting held and who chaired it?", False),
])
def test_a_question_asking_place_and_time_together_is_told_apart(question: str, both: bool) -> None:
    assert asks_place_and_time(question) is both


@pytest.mark.parametrize(("text", "part", "answer"), [
    ("The exercise will take place in the Sunda Strait in October 2026.", "the Sunda Strait in October 2026",
     "in the Sunda Strait in October 2026"),
    ("It was hosted at the Palais des Nations on 9 October 2024.", "the Palais des Nations on 9 October 2024",
     "at the Palais des Nations on 9 October 2024"),
    ("The exercise will take place in October 2026.", "October 2026", "October 2026"),  # a time alone: no place
    ("The exercise will take place in the Sunda Strait.", "the Sunda Strait", "the Sunda Strait"),  # no time
])
def test_a_place_and_time_answer_keeps_its_preposition(text: str, part: str, answer: str) -> None:
    start = text.index(part)
    new_start, new_end = lead_preposition(text, start, start + len(part))
    assert text[new_start:new_end] == answer


OFFICE = ("The forum was co-organised by the Ministry of Agriculture of Botswana and the Food and Agriculture "
          "Organization of the United Nations (FAO) Subregional Office for Southern Africa, under the theme "
          "\"From Response to Resilience\". It was opened by the World Health Organization (WHO) Director-General "
          "Tedros Adhanom Ghebreyesus on Monday.")


def test_a_name_ending_in_its_acronym_takes_the_office_named_after_it() -> None:
    assert _apply("Who co-organised the forum?", "the Ministry of Agriculture of Botswana and the Food and Agriculture "
                  "Organization of the United Nations (FAO)", OFFICE) == (
        "the Ministry of Agriculture of Botswana and the Food and Agriculture Organization of the United Nations "
        "(FAO) Subregional Office for Southern Africa")


def test_a_person_after_the_acronym_is_no_part_of_the_name() -> None:
    assert _apply("Which body's head opened the forum?", "the World Health Organization (WHO)",
                  OFFICE) == "the World Health Organization (WHO)"
