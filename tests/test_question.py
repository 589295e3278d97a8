"""Question analysis: alternative questions yield their options, other questions none."""

import pytest

from qa.question import (analyse, asks_for_a_side, asks_for_aim, asks_for_one, asks_for_person, asks_for_title, choices,
                         sides, wants_list)
from qa.settings import Settings

PIPELINE = Settings().spacy_model


@pytest.mark.parametrize(("question", "options"), [
    ("Was the meeting held in Geneva or Nairobi?", ("Geneva", "Nairobi")),
    ("Was this the first, second or third round of talks?", ("first", "second", "third")),
    ("Is the agency based in Lima or New York?", ("Lima", "New York")),
    ("Was it decided by the Council, the Commission, or the Parliament?", ("Council", "Commission", "Parliament")),
    ("Which is larger, Lake Victoria or Lake Tanganyika?", ("Lake Victoria", "Lake Tanganyika")),
    ("Did the 2019 or 2020 budget grow?", ("2019", "2020")),
    ("How was the tone described, formal or informal?", ("formal", "informal")),
])
def test_alternative_questions_give_their_options(question: str, options: tuple[str, ...]) -> None:
    assert choices(question) == options


@pytest.mark.parametrize("question", [
    "Did they meet or not?",                 # "or not" is no option
    "Who chaired the meeting?",              # no "or"
    "Was it online or in person?",           # "in" is not a content word
    "What happened or changed?",             # a wh-question joining verbs asks for a clause
    "Which countries or regions joined?",    # "which" with common nouns asks for a list
    "Seoul or Vienna",                       # not phrased as a question
])
def test_other_questions_give_no_options(question: str) -> None:
    assert choices(question) == ()


@pytest.mark.parametrize(("question", "kind", "labels", "wants_list"), [
    ("When was the office established?", "when", {"DATE", "TIME"}, False),
    ("At what time (UTC) was it distributed?", "when", {"TIME"}, False),
    ("What time period does the plan cover?", "when", {"DATE", "TIME"}, False),
    ("How many projects were announced?", "how_many", {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}, False),
    ("Where is the agency headquartered?", "where", {"GPE", "LOC", "FAC"}, False),
    ("Who co-chaired the meeting?", "who", {"PERSON", "ORG", "NORP"}, True),
    ("Which ministries took part?", "which", set(), True),
    ("Which ministry hosted the talks?", "which", set(), False),
    ("Why was the dialogue held?", "clause", set(), False),
    # the first question word decides: a later "when"/"where" opens a subordinate clause
    ("Who led the army when the city fell?", "who", {"PERSON", "ORG", "NORP"}, False),
    ("What case is represented when time is limited?", "which", set(), False),
    ("In what year did the war end?", "when", {"DATE", "TIME"}, False),
])
def test_analyse_names_the_answer_shape(question: str, kind: str, labels: set[str], wants_list: bool) -> None:
    info = analyse(question)
    assert (info.kind, set(info.labels), info.wants_list) == (kind, labels, wants_list)


@pytest.mark.parametrize(("question", "asks"), [
    ("What is Lee Chul's job title?", True),
    ("What position does Ms. Ruiz hold?", True),
    ("Which post did the minister take up in 2020?", True),
    ("Who opened the session?", False),
    ("What office did she hold before 2020?", True),
    ("What entitled the delegates to vote?", False),
])
def test_asks_for_title_reads_the_question_words(question: str, asks: bool) -> None:
    assert asks_for_title(question) is asks


@pytest.mark.parametrize(("question", "several"), [
    ("Which agencies took part?", True),
    ("Which Zambian provinces are targeted?", True),  # a plural head behind modifiers
    ("which Philippine government bodies sent officials?", True),
    ("Which UN agencies did the ministry partner with?", True),
    ("what follow-up activities were agreed", True),  # a hyphenated modifier
    ("Who co-chaired the meeting?", True),
    ("Which country hosts the event?", False),  # "hosts" is the verb, not the head
    ("What is the long-term goal?", False),
    ("Which of the projects is larger?", False),
    ("When did the talks start?", False),
    ("Which prosecutors office took part?", False),  # the phrase's last noun decides, not its first word
    ("Which region's scam centers will be analyzed?", False),  # the phrase stops at a possessive
    ("What thesis did he defend?", False),  # a singular ending in "s"
    ("What kinds of projects were announced?", True),  # "kinds of X": the words decide
    ("What are the aims of the project?", True),
    ("Who are the donors co-financing the project?", True),  # a plural copula, as "who were"
    ("Who is funding the project?", False),
])
def test_wants_list_reads_the_number_of_the_wh_phrase(question: str, several: bool) -> None:
    assert wants_list(question, PIPELINE) is several


@pytest.mark.parametrize(("question", "one"), [
    ("Which FAO official co-chaired the meeting?", True),  # a joint verb, but one official asked for
    ("Who co-chaired the meeting?", True),  # the words alone do not say several
    ("Who were the co-chairs?", False),
    ("Which UN agencies took part?", False),
    ("Which prosecutors office took part?", True),
])
def test_asks_for_one_reads_the_words_not_the_joint_verb(question: str, one: bool) -> None:
    assert asks_for_one(question, PIPELINE) is one


@pytest.mark.parametrize(("question", "keys"), [
    ("Who co-chaired for Mauritius?", {"mauri~"}),
    ("who led the Indonesian delegation", {"indon~"}),
    ("Who led Jamaica's side at the talks?", {"jamai~"}),
    ("Who spoke on behalf of the IOM?", {"iom~"}),
    ("Who co-chaired the ROK-UNODC Dialogue?", set()),  # names of the event, not of a side
    ("Who spoke for the first time?", set()),
    ("Who represented Japan at the talks?", {"japan~"}),
    ("Who represented the Ministry of Justice?", {"justi~"}),  # "Ministry" would match any ministry
])
def test_the_names_a_person_stands_for_are_read_from_the_question(question: str, keys: set[str]) -> None:
    assert sides(question) == keys


@pytest.mark.parametrize(("question", "one_side"), [
    ("who led the talks on the korean side", True),
    ("Who led Jamaica's delegation?", True),
    ("Who signed on behalf of Nepal?", True),
    ("Who represented the ministry?", True),
    ("Who addressed the opening session?", False),
    ("Who is responsible for the fund?", False),
])
def test_a_question_about_one_sides_people_is_recognised(question: str, one_side: bool) -> None:
    assert asks_for_a_side(question) is one_side


@pytest.mark.parametrize(("question", "aim"), [
    ("What is the aim of the second project?", True),
    ("What is the first new project designed to do?", True),
    ("What does the fund seek to achieve?", True),
    ("What is the purpose of electronic warfare?", True),
    ("What is one of the goals of the programme?", False),  # one aim among several
    ("What is the main objective of the fund?", False),
    ("Who funds the project?", False),
])
def test_a_question_about_an_aim_is_recognised(question: str, aim: bool) -> None:
    assert asks_for_aim(question) is aim


@pytest.mark.parametrize(("question", "person"), [
    ("Who led the delegation?", True),
    ("which senior unicef official made the field trip to kanzara", True),
    ("Which Prime Minister did she meet?", True),
    ("Which UNODC official co-chaired the meeting?", True),
    ("What official documents were signed?", False),  # "official" modifies the noun asked for
    ("Which country signed the agreement?", False),
    ("What did the minister say?", False),  # the person is the subject, not what is asked for
])
def test_asks_for_person_reads_the_noun_a_which_phrase_asks_for(question: str, person: bool) -> None:
    assert asks_for_person(question, PIPELINE) is person
