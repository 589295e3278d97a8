"""Answer shapes read from the sentence's parse: venue, time, country or city, someone (qa.answer_syntax)."""

from collections.abc import Callable

import pytest

from qa.answer_syntax import (names_counted_things, names_office_holder, names_place, names_place_not_body,
                              names_someone_not_a_clause, names_venue, states_time)
from qa.settings import Settings


def _check(check: Callable[[str, str, int, int, str], bool], question: str, sentence: str, span: str) -> bool:
    """Run a check on the first occurrence of ``span`` in ``sentence``."""
    start = sentence.index(span)
    return check(question, sentence, start, start + len(span), Settings().spacy_model)

_VENUE = "The ministers met in Vienna, at the Hofburg Palace, on 3 May."


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("In which building or hotel in Vienna did the ministers meet?", "Vienna", False),  # a city is no venue
    ("In which building or hotel in Vienna did the ministers meet?", "the Hofburg Palace", True),
    ("Where exactly did the ministers meet?", "Vienna", False),
    ("Where did the ministers meet?", "Vienna", True),  # other questions always pass
])
def test_names_venue_wants_more_than_a_city(question: str, span: str, fits: bool) -> None:
    assert _check(names_venue, question, _VENUE, span) is fits


def test_a_datelines_places_are_no_venue() -> None:
    dateline = "Grand Baie, Mauritius, 9 October 2025"  # spaCy reads the names here as bodies
    assert not _check(names_venue, "Which hotel in Grand Baie is hosting the forum?", dateline, "Mauritius")
    assert _check(names_venue, "Which country is hosting the forum?", dateline, "Mauritius")  # no venue asked
    opening = "MANILA, 18 February 2026 – The Department of Foreign Affairs hosted the talks."
    assert _check(names_venue, "In which venue in Manila were the talks held?", opening,
                  "The Department of Foreign Affairs")  # named after the dateline, in the sentence it opens


def test_a_city_and_its_country_are_no_venue() -> None:
    sentence = "The conference was held in Paris, France, at the Palais des Congrès on 3 May."
    question = "In which venue in Paris was the conference held?"
    assert not _check(names_venue, question, sentence, "Paris, France")
    assert _check(names_venue, question, sentence, "the Palais des Congrès")


_HELD = "The dialogue was held in Seoul on 23 January 2026, in the Middle Ages of our partnership."


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("When will the next dialogue be held?", "Seoul", False),  # a place is no time
    ("When will the next dialogue be held?", "23 January 2026", True),
    ("When was it held?", "the Middle Ages", True),  # an era keeps its word of time
    ("When the dialogue was held, where was it?", "Seoul", True),  # asks something else too
    ("Where was the dialogue held?", "Seoul", True),  # other questions always pass
])
def test_states_time_turns_away_a_place_for_when(question: str, span: str, fits: bool) -> None:
    assert _check(states_time, question, _HELD, span) is fits


_PROJECT = "This year, the national government, in cooperation with UNDP, will fund a project in the Nordic region."


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("In which country will the project take place?", "the national government, in cooperation with UNDP", False),
    ("In which country will the project take place?", "the Nordic region", True),  # a place word (NORP) in it
    ("What city will host it?", "cooperation", False),
    ("In which country will the project take place?", "UNDP", True),  # a name, not a common noun: may be a place
    ("Who will fund the project?", "the national government, in cooperation with UNDP", True),  # no place question
])
def test_names_place_wants_a_country_or_city(question: str, span: str, fits: bool) -> None:
    assert _check(names_place, question, _PROJECT, span) is fits


_TWO = ("Two projects will start: one designed to map trafficking routes in the Andean region, and one to train "
        "prosecutors in Peru.")
_ISSUES = ("They discussed key issues, such as online scams in Southeast Asia, drug control cooperation and "
           "anti-corruption responses, and visited Mandalay, Sagaing and the Bago region.")
_TOPICS = "Southeast Asia, drug control cooperation and anti-corruption responses"


@pytest.mark.parametrize(("sentence", "question", "span", "fits"), [
    (_TWO, "Which partner countries will receive support?",
     "one designed to map trafficking routes in the Andean region", False),  # headed by "one", though a place is in it
    (_TWO, "Which partner countries will receive support?", "Peru", True),
    (_TWO, "Which partner countries will receive support?", "the Andean region", True),
    ("The aquifer is shared by the riparian countries of the basin.", "Which countries share the aquifer?",
     "riparian countries", False),  # the kind of place again, no name of one
    ("Countries should assess whether to reduce field costs.", "What should countries assess?",
     "reduce field costs", True),  # "countries" is the question's subject, not the kind of place asked for
    (_ISSUES, "Which regions of Myanmar are covered?", _TOPICS, False),  # a list of topics that opens with a place
    (_ISSUES, "Which regions of Myanmar are covered?", "Mandalay, Sagaing and the Bago region", True),
    (_ISSUES, "Which issues were discussed?", _TOPICS, True),
])
def test_names_place_reads_what_a_span_names_item_by_item(sentence: str, question: str, span: str,
                                                          fits: bool) -> None:
    assert _check(names_place, question, sentence, span) is fits


_TRAINERS = ("Instruction was delivered by Dr. Keiko Hanazawa, Senior Researcher at the Customs Training Institute "
             "of Japan; Mr. Thabo Rametsi, Chief Risk Analyst at BURS; and Ms. Ingrid Solheim of Norway.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("Which countries did the trainers come from?", _TRAINERS[_TRAINERS.index("Dr."):-1], False),  # people
    ("Which country did the first trainer come from?", "Dr. Keiko Hanazawa", False),
    ("Which country did the first trainer come from?", "Japan", True),
])
def test_names_place_turns_away_titled_people(question: str, span: str, fits: bool) -> None:
    assert _check(names_place, question, _TRAINERS, span) is fits


_DEFINED = ("The Ministry and the Andean Office on Drugs and Crime (AODC) met. The Republic of Korea (ROK) hosted. "
            "The ministry, in cooperation with AODC, will train officers of the ROK and of the OAS.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("Which partner countries will receive support?", "with AODC", False),  # defined as an office: a body
    ("Which country hosted the talks?", "of the ROK", True),  # defined as a republic
    ("Which country hosted the talks?", "of the OAS", True),  # not defined: the tag alone cannot tell
    ("Which body hosted the talks?", "with AODC", True),  # not a question about a place
])
def test_names_place_not_body_reads_an_acronym_by_its_definition(question: str, span: str, fits: bool) -> None:
    start = _DEFINED.index(span) + span.index(" ") + 1
    assert names_place_not_body(question, _DEFINED, start, _DEFINED.index(span) + len(span),
                                Settings().spacy_model) is fits


_TRAINEES = ("The trainees came from Botswana, Lesotho and Zambia; the Malawi Revenue Authority hosted them in the "
             "Republic of Korea, at the Korea Customs Service.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("Which countries did the trainees come from?", "the Malawi Revenue Authority", False),  # a body, Malawi in it
    ("Which countries did the trainees come from?", "Botswana, Lesotho and Zambia", True),
    ("Which country's authority hosted them?", "the Malawi Revenue Authority", True),  # the question's own word
    ("Which countries besides Korea took part?", "Republic of Korea", False),  # the place it sets aside
    ("Which countries besides Korea took part?", "Botswana, Lesotho and Zambia", True),
    ("Which country hosted the trainees?", "Republic of Korea", True),
])
def test_names_place_turns_away_a_body_and_the_place_set_aside(question: str, span: str, fits: bool) -> None:
    assert _check(names_place, question, _TRAINEES, span) is fits


def test_names_place_turns_away_a_list_of_deeds_that_names_a_place() -> None:
    sentence = "The other project will protect residents in Shan State and help farmers grow new crops."
    span = "protect residents in Shan State and help farmers grow new crops"
    assert not _check(names_place, "Which regions of Myanmar are covered?", sentence, span)


@pytest.mark.parametrize(("question", "sentence", "span", "fits"), [
    ("Who will chair the committee?", "The two parties agreed to set up a committee that meets yearly.",
     "The two parties agreed to set up a committee", False),  # a statement, with its subject
    ("Who represented the ministry?", "Among other participants were officials from various ministries.",
     "participants were officials from various ministries", False),  # inverted: words on both sides of "were"
    ("Who will chair the committee?", "The committee will be chaired by a deputy minister who was elected.",
     "a deputy minister who was elected", True),  # a noun phrase with a relative clause
    ("Who will chair the committee?", "The committee will be chaired by Ms. Ana Ruiz.", "Ms. Ana Ruiz", True),
    ("What did the parties agree?", "The two parties agreed to set up a committee that meets yearly.",
     "The two parties agreed to set up a committee", True),  # not a "Who" question
    ("Where will the next dialogue take place?", "During the dialogue, the two sides discussed scams in Asia.",
     "During the dialogue, the two sides discussed scams in Asia", False),  # a statement is no place either
    ("Where will the next dialogue take place?", "The next dialogue will take place in Vienna.", "Vienna", True),
    ("When does the rule apply?", "The rule applies when the river floods.", "when the river floods", True),
])
def test_who_is_answered_by_someone_not_a_statement(question: str, sentence: str, span: str, fits: bool) -> None:
    assert _check(names_someone_not_a_clause, question, sentence, span) is fits


_AUTHORITY = ("The Serantian Energy Agency, the Ministry of Health and 42 engineers from the region met Ms. Ana Ruiz, "
              "Director of the Authority, and Pershing in Vienna.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("Who heads the Malorian Renewable Energy Authority?", "The Serantian Energy Agency", False),  # a body
    ("Who chairs the joint steering committee?", "the Ministry of Health", False),
    ("Who led the Egyptian delegation?", "42 engineers from the region", False),  # a count of people
    ("Who is the head of the Authority?", "the Ministry of Health", False),
    ("Who will lead the delegation?", "the Ministry of Health", False),
    ("Who heads the Authority?", "Ms. Ana Ruiz", True),
    ("Who is the head of the Authority?", "Director of the Authority", True),  # an office names its holder
    ("Who heads the Authority?", "Pershing", True),  # a name, whatever the tagger calls it
    ("Who heads the Authority?", "Vienna", True),  # no body's word: a misread name passes
    # bodies manage, fund and are in charge; "Who is the head's deputy?" asks for no head
    ("Who manages the fund?", "the Ministry of Health", True),
    ("Who is in charge of the fund?", "the Ministry of Health", True),
    ("Who funded the project?", "the Ministry of Health", True),
    ("Who was represented as a dragon?", "the Ministry of Health", True),
])
def test_an_office_is_held_by_a_person_not_a_body(question: str, span: str, fits: bool) -> None:
    assert _check(names_office_holder, question, _AUTHORITY, span) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Who heads the Green Horizon Foundation?", "CARDA", False),  # an acronym names a body
    ("Who was appointed to head the secretariat?", "the Government of Kestania", False),  # "appointed to head"
    ("Who will head the project management unit?", "NPTDC headquarters", False),  # a body's seat
    ("Who was appointed to head the secretariat?", "Dr. Marcia Thompson-Reid", True),
    ("Who is the programme manager responsible for the fund?", "the Nordic Health Agency", False),
    ("Who heads the Green Horizon Foundation?", "Dr. Marcia Thompson-Reid", True),
    ("Who is responsible for the fund?", "CARDA", True),  # no office asked about
])
def test_an_acronym_or_body_holds_no_office(question: str, answer: str, fits: bool) -> None:
    sentence = f"The fund is run by {answer} in Kingston."
    assert _check(names_office_holder, question, sentence, answer) is fits


@pytest.mark.parametrize(("answer", "fits"), [
    ("tax and social security records", False),  # lower-case words, no one named
    ("the secretariat", False),
    ("experts from both agencies", False),  # a person's word, but no one named
    ("a Senior Statistician", False),  # someone, not the one
    ("the Senior Statistician", True),  # the office's title
    ("Ms. Lena Carvalho", True),
])
def test_lower_case_or_indefinite_words_naming_no_one_hold_no_office(answer: str, fits: bool) -> None:
    sentence = f"Session 4 was moderated by {answer} from the statistics office."
    assert _check(names_office_holder, "Who moderated Session 4?", sentence, answer) is fits


_BONDS = ("The European Investment Bank will help eleven States, among them Fiji, Samoa and Tonga, and the "
          "small Pacific islands from 2026 to 2028, in 42 cities of the participating States.")


@pytest.mark.parametrize(("question", "span", "fits"), [
    ("Which six island States will receive help?", "The European Investment Bank", False),  # one body
    ("Which four countries have protocols?", "eleven", False),  # a count is not the things counted
    ("What are the names of the three island States?", "Fiji", False),
    ("Which three island States will receive help?", "Fiji, Samoa and Tonga", True),
    ("Which two groups will receive help?", "the small Pacific islands", True),  # a plural names several
    ("Between which two years does the help run?", "2026 to 2028", True),
    ("Which three towns will receive help?", "42 cities", False),  # a count of things, not them
    ("Which three States will receive help?", "participating States", False),  # the question's own kind again
    ("Which State will receive help?", "Fiji", True),  # no count: one thing may answer
    ("What two-letter code does Fiji use?", "Fiji", True),  # a compound's number counts no things
    ("Which 17 minute film was shown?", "Fiji", True),  # nor one before a singular noun
])
def test_a_counted_question_is_answered_by_several_things(question: str, span: str, fits: bool) -> None:
    assert _check(names_counted_things, question, _BONDS, span) is fits
