"""Answer shapes: a candidate of the wrong shape for its question is passed over (qa.answer_shape)."""

import pytest

from qa.answer_shape import (adds_to_question, mentions_title, names_asked_body, names_bodies, names_body_not_people,
                             names_someone, names_someone_else, states_aim, states_clock_time, states_contact,
                             states_day, states_place)


_PASSAGE = ("The talks were co-chaired by Mr. Kenji Sato, Deputy Director-General for International Affairs, "
            "and Ms. Ana Santos, Assistant Director-General of the Agency; Mr. Paul Roy, Treasurer of the "
            "Agency, also attended.")


@pytest.mark.parametrize(("question", "names"), [
    ("Who is the Director-General of the Agency?", False),  # only Deputy/Assistant Directors-General
    ("Who is the Executive Director of the Agency?", False),  # an office the passage never names
    ("Who is the Agency's Secretary?", False),
    ("Who is the Treasurer of the Agency?", True),
    ("What is the name of the Executive Director of the Agency?", False),  # "Who is…?" in other words
    ("What is the full name of the Treasurer of the Agency?", True),
    ("Who is the UN Treasurer of the Agency?", True),  # a leading acronym may be spelt out in the text
    ("Who is the UN Director-General?", False),
    ("who is the treasurer of the agency?", True),  # a lower-case title is no copied title: not checked
    ("Who is the Deputy Director-General for International Affairs?", True),
    ("Who was Richard's fiancee?", True),  # a possessor's name is no title
    ("Who is the Agency curator?", True),  # "Agency" modifies a common noun: no title asked
    ("Which official co-chaired the talks?", True),  # other questions always pass
])
def test_mentions_title_reads_the_office_a_who_question_asks_about(question: str, names: bool) -> None:
    assert mentions_title(question, _PASSAGE) is names


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Who is paying for the programme?", "USD 12.4 million", False),
    ("Who holds the record?", "62.8%", False),
    ("Who signed the deal?", "23 January 2026", False),
    ("Who is paying for the programme?", "the European Union", True),
    ("Who won in 1990?", "the 1990 team", True),
    ("How much is paid?", "USD 12.4 million", True),  # other questions always pass
    ("Which donors have pledged capital to the Facility?", "USD 250 million", False),  # donors are someone
    ("Which partner countries signed?", "12", False),
    ("Which donors have pledged capital to the Facility?", "the Government of Norlund", True),
    ("What percentage of people own a car?", "22", True),  # people are not what is asked for
    ("What year did nations adopt it?", "1968", True),
])
def test_names_someone_turns_away_bare_amounts_for_who(question: str, answer: str, fits: bool) -> None:
    assert names_someone(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("On what exact date will the next session be held?", "2026", False),  # a year is no day
    ("exact date of the fourth joint commission session", "the first quarter of 2025", False),
    ("exact date of the fourth joint commission session", "14 March 2025", True),
    ("What are the exact dates of the meeting?", "April 2025", False),  # plural asks for days too
    ("What are the exact dates of the meeting?", "7 to 9 April 2025", True),
    ("What are the exact dates of the meeting?", "(5)", False),  # a paragraph's number is no day
    ("exact date of the fourth joint commission session", "2025-03-14", True),
    ("exact date of the fourth joint commission session", "01/23/2026", True),
    ("What is the exact date of the signing?", "Tuesday", True),  # a weekday is a day
    ("On what date did the bridge open?", "in 1903", False),
    ("What date was the state formed?", "June 2014", True),  # without "exact", a month may do
    ("On what day was he crowned?", "Christmas Day 1066", True),
    ("On what dates in 2026 will the forum take place?", "Windhoek, Namibia", False),  # no word of time
    ("On what day did the planes find the fleet?", "the second", True),
    ("On what dates in 2028 will the conference take place?", "The Eighth Regional Conference", False),
    ("What venue hosted the meeting, and on which date?", "the Palais des Nations", True),  # asks two things
    ("On what days does the minibus run?", "weekdays", True),
    ("Which present day countries did it cross?", "India and Pakistan", True),  # not asked for a day
    ("What dates back to 36,000 BP?", "Dyed flax fibers", True),
    ("When will the next session be held?", "2026", True),  # other questions always pass
    ("In what year was it founded?", "1997", True),
])
def test_states_day_turns_away_years_for_what_date(question: str, answer: str, fits: bool) -> None:
    assert states_day(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("founding partners of the Coastal Livelihoods Resilience Fund", "the Coastal Livelihoods Resilience Fund", False),
    ("How much of the EUR 850,000 came from Sweden?", "850,000", False),
    ("Who are the founding partners of the Fund?", "the Government of Norway", True),
    ("Was the meeting held in Seoul or Vienna?", "Seoul", True),  # an option of an alternative question
    ("Was the content edited or altered when it was distributed?", "Distributed", False),  # no option
    ("Lower elevations are found in which region; north, south, east, or west?", "north", True),  # near an "or"
    ("What is Zhejiang's own development model dubbed?", "Zhejiang model", True),  # a name may repeat them
    ("Who chaired the meeting?", "the", False),  # an article alone says nothing
    ("Were any objections raised?", "no", True),  # no content words, yet an answer
    ("How many of them voted?", "all", True),
    ("Which ministry handles food and drug safety?", "the Ministry of Food and Drug Safety", True),  # a name
    ("Which ministry did the Ministry of Justice meet?", "the Ministry of Justice", False),  # spelt out in it
    # the acronym of the question's own name says nothing new, unless an acronym is what it asks for
    ("Who is the head of the Global Fund for Child Nutrition?", "GFCN", False),
    ("Who is the head of the Global Fund for Child Nutrition?", "the GFCN", False),
    ("Who chaired the Asian Development Bank meeting?", "ADB", False),
    ("What is the acronym for British Broadcasting Corporation?", "BBC", True),
    ("What was the abbreviation for Nintendo Entertainment System?", "NES", True),
    ("Who funds the Global Fund for Child Nutrition?", "UNDP", True),  # another body's acronym
])
def test_adds_to_question_turns_away_the_questions_own_words(question: str, answer: str, fits: bool) -> None:
    assert adds_to_question(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("What email address should readers contact?", "us at", False),
    ("What email address should readers contact?", "press@example.org", True),
    ("media contact phone number", "+41 22 917 1234", True),
    ("media contact phone number", "Ms. Chalida Prasertsuk", False),
    ("Who should journalists contact?", "Ms. Chalida Prasertsuk", True),  # other questions always pass
])
def test_states_contact_wants_an_address_or_number(question: str, answer: str, fits: bool) -> None:
    assert states_contact(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Which research body is Dr. Varga-Moen in charge of?", "Dr. Ilse Varga-Moen", False),  # the person asked about
    ("what is Castellanos-Amini's full title", "Mr. Farid Castellanos-Amini", False),
    ("Who did Minister Deyne-Hallor meet?", "H.E. Mr. Rasmus Deyne-Hallor", False),
    ("Who did Minister Deyne-Hallor meet?", "Dr. Ilse Varga-Moen", True),  # someone else
    ("What is the full name of Dr. Varga-Moen?", "Dr. Ilse Varga-Moen", True),  # a name is asked for
    ("Which institute does Dr. Varga-Moen lead?", "the Marenian Institute for Marine Research", True),
    ("Who succeeded Alexius Komnenos?", "John II Komnenos", True),  # untitled names are not checked
])
def test_names_someone_else_turns_away_the_person_the_question_names(question: str, answer: str,
                                                                     fits: bool) -> None:
    assert names_someone_else(question, answer) is fits



@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Who represented the Ministry of Justice at the dialogue?",
     "Mr. Lee Chul, Director-General at the Ministry of Foreign Affairs", False),  # another ministry
    ("Who represented the Ministry of Justice at the dialogue?", "Ms. Ana Ruiz, Ministry of Justice", True),
    ("Who represented the Ministry of Justice at the dialogue?", "Ms. Ana Ruiz", True),  # names no body at all
    ("Who does the Secretary of the Air Force report to?", "Secretary of Defense", True),  # a related office
    ("Which other department worked with the Department of Agriculture?", "Department of Health", True),  # not "who"
    ("Who heads the Ministry of Health?", "the Minister of Health", True),  # another head, the same body
    ("Who led the Ministry of Health of Malawi delegation?", "officials of the Ministry of Health", True),
])
def test_who_questions_about_a_named_body_are_not_answered_by_another(question: str, answer: str,
                                                                      fits: bool) -> None:
    assert names_asked_body(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("What is UNODC's mission?", "ROK-UNODC Strategic Dialogue", False),  # a name is no aim
    ("What is UNODC's mission?", "to support efforts of United Nations Member States", True),
    ("What was the goal of the programme?", "Peace and Prosperity for All", False),
    ("What is the population goal of the plan?", "300,000", True),  # a number is no name
    ("What is the name of the mission?", "Smart Cities Mission", True),  # the name is asked for
    ("What is added for sizing purposes?", "Additives", True),  # "purposes" is not what is asked
    ("Who founded the Mission?", "Junípero Serra", True),
])
def test_states_aim_turns_away_a_bare_name(question: str, answer: str, fits: bool) -> None:
    assert states_aim(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("At what time (UTC) was it distributed?", "January 27, 2026", False),  # the day, not the time
    ("At what time (UTC) was it distributed?", "00:52", True),
    ("What time of day is the procession held?", "at sundown", True),
    ("At what hour did the session open?", "2 p.m.", True),
    ("Around what time did the empire fall?", "the 19th century", True),  # an era: not checked
    ("What time system do computers use to avoid changes in local time?", "Coordinated Universal Time", True),
])
def test_states_clock_time_wants_the_hour_when_asked_for_it(question: str, answer: str, fits: bool) -> None:
    assert states_clock_time(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Which bodies co-organised the meeting?", "Mr. Lee Chul, Director-General at the Ministry, and Ms. Ana Ruiz", False),
    ("Which bodies co-organised the meeting?", "The Ministry of Foreign Affairs and UNODC", True),
    ("What Plymouth organization is named for Sir Alister Hardy?", "Sir Alister Hardy Foundation", True),
    ("Who co-organised the meeting?", "Mr. Lee Chul", True),  # not a question about bodies
])
def test_a_question_about_bodies_is_not_answered_by_people(question: str, answer: str, fits: bool) -> None:
    assert names_body_not_people(question, answer) is fits



@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Where in Lusaka was the launch ceremony held?", "10 March 2026", False),
    ("Where was the treaty signed?", "1997", False),
    ("Where was the treaty signed?", "Paris", True),
    ("Where and when was the treaty signed?", "10 March 2026", True),  # asks for a time too
    ("When was the treaty signed?", "10 March 2026", True),  # not a where-question
])
def test_states_place_turns_away_a_date_for_where(question: str, answer: str, fits: bool) -> None:
    assert states_place(question, answer) is fits


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Which agencies took part in the dialogue?", "Southeast Asia, drug control cooperation, anti-corruption "
     "responses, and capacity enhancement of law enforcement agencies", False),  # topics
    ("Which agencies took part in the dialogue?", "the Ministry of Justice, the Supreme Prosecutors' Office, and "
     "the Korean National Police Agency", True),
    ("What institutions comprise the shadow banking system?", "investment banks and hedge funds", True),  # two
    ("Which agency took part?", "drug control, scams and corruption", True),  # one body asked: left to others
])
def test_names_bodies_turns_away_a_list_of_topics(question: str, answer: str, fits: bool) -> None:
    assert names_bodies(question, answer) is fits
