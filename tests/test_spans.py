"""Span post-processing: cut names are completed, list answers widened, always verbatim."""

import pytest

from qa.question import descriptors, person_terms, predicate_terms
from qa.settings import Settings
from qa.span_numbers import drop_leading_ordinal, narrow_to_amount, narrow_to_count
from qa.span_rules import counted_noun
from qa.spans import (AMOUNT_LABELS, WHEN_LABELS, WHERE_LABELS, complete_body_name, complete_names, complete_title,
                      drop_dateline, drop_echo, drop_named_subject, expand_acronym, join_adjacent,
                      pick_described_member, pick_described_person, title_after_name)

PIPELINE = Settings().spacy_model
TEXT = (
    "The talks in Geneva were opened by Ms. Maria Gonzalez, Director of the World Health Organization. "
    "Delegations from France, Germany and Japan attended the meeting on 4 March 2025."
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_a_span_cut_inside_a_name_becomes_the_whole_name() -> None:
    start, end = complete_names(TEXT, *_span(TEXT, "Health Organization"), PIPELINE)
    assert "World Health Organization" in TEXT[start:end]
    start, end = complete_names(TEXT, *_span(TEXT, "Maria"), PIPELINE)
    assert TEXT[start:end] == "Maria Gonzalez"


def test_dates_and_whole_names_are_left_alone() -> None:
    for part in ("2025", "Geneva", "Maria Gonzalez"):
        assert complete_names(TEXT, *_span(TEXT, part), PIPELINE) == _span(TEXT, part)


def test_a_misread_name_ending_on_a_function_word_is_not_followed() -> None:
    """spaCy reads "Statistician of" as a person in "…, Chief Statistician of Barbados."; "of" ends no name."""
    text = ('Session 2, "Register-based and combined censuses", included presentations by Mr. Rodrigo Saavedra, '
            'Head of Census Methodology at the National Institute of Statistics (INE) of Chile, and Ms. Keisha '
            'Bramble, Chief Statistician of Barbados.')
    span = _span(text, "Chief Statistician")
    assert complete_names(text, *span, PIPELINE) == span


def test_a_span_across_sentences_is_left_alone() -> None:
    span = _span(TEXT, "Organization. Delegations")
    assert complete_names(TEXT, *span, PIPELINE) == span


def test_an_amount_is_completed_with_its_currency_only_when_asked() -> None:
    text = "IOM presented its new programme, which is worth USD 12.4 million and will run for three years."
    span = _span(text, "12.4 million")
    start, end = complete_names(text, *span, PIPELINE, AMOUNT_LABELS)
    assert text[start:end] == "USD 12.4 million"
    assert complete_names(text, *span, PIPELINE) == span  # names only by default


@pytest.mark.parametrize(("question", "answer"), [
    ("What is Rafael Santiago's job title?", "Undersecretary for Migrant Workers' Affairs"),
    ("what post does Mr. Santiago hold", "Undersecretary for Migrant Workers' Affairs"),
    ("What is Ms. Reyes's title?", "Mr. Rafael D. Santiago, Undersecretary for Migrant Workers' Affairs"),  # another
    ("What post does the Undersecretary hold?", "Mr. Rafael D. Santiago, Undersecretary for Migrant Workers' Affairs"),
])
def test_a_title_answer_drops_the_person_the_question_names(question: str, answer: str) -> None:
    text = "Also present was Mr. Rafael D. Santiago, Undersecretary for Migrant Workers' Affairs of the Department."
    start, end = drop_named_subject(text, *_span(text, "Mr. Rafael D. Santiago, Undersecretary for Migrant Workers' "
                                                       "Affairs"), question)
    assert text[start:end] == answer


NEXT = "The next meeting, the Fourth Ministerial Conference in Apia, Samoa, will follow in 2027."


@pytest.mark.parametrize(("question", "answer"), [
    ("Where will the Fourth Ministerial Conference take place?", "Apia"),
    ("where is the fourth ministerial conference", "Apia"),  # case aside
    ("Where will the next meeting be held?", "the Fourth Ministerial Conference in Apia"),  # not all echoed
    ("Is the Fourth Ministerial Conference in Apia?", "the Fourth Ministerial Conference in Apia"),  # nothing new
])
def test_a_head_that_only_repeats_the_question_is_dropped(question: str, answer: str) -> None:
    start, end = drop_echo(NEXT, *_span(NEXT, "the Fourth Ministerial Conference in Apia"), question)
    assert NEXT[start:end] == answer


EXERCISE = "They agreed to hold a joint exercise on mass rescue in the Sunda Strait in October 2026."


@pytest.mark.parametrize("part", ["October 2026", "the Sunda Strait"])
def test_a_place_and_a_date_stated_together_are_joined(part: str) -> None:
    start, end = join_adjacent(EXERCISE, *_span(EXERCISE, part), PIPELINE, WHEN_LABELS | WHERE_LABELS)
    assert EXERCISE[start:end] == "the Sunda Strait in October 2026"


def test_a_place_read_as_an_organisation_after_in_is_joined_as_a_place() -> None:
    text = "The Government of Tajikistan offered to host the next regional workshop in Dushanbe in September 2025."
    start, end = join_adjacent(text, *_span(text, "September 2025"), PIPELINE, WHEN_LABELS | WHERE_LABELS)
    assert text[start:end] == "Dushanbe in September 2025"  # spaCy's small pipeline: Dushanbe is an ORG
    span = _span(text, "September 2025")
    assert join_adjacent(text, *span, PIPELINE, WHEN_LABELS) == span  # not asked where: no place joined


def test_only_a_neighbour_of_the_asked_kinds_is_joined() -> None:
    span = _span(EXERCISE, "October 2026")
    assert join_adjacent(EXERCISE, *span, PIPELINE, WHEN_LABELS) == span


def test_a_date_cut_short_is_completed_for_when() -> None:
    text = "The final evaluation is planned for the second half of 2027."
    start, end = complete_names(text, *_span(text, "2027"), PIPELINE, WHEN_LABELS)
    assert text[start:end] == "the second half of 2027"


FUND = "(1) To launch the Silk Roads Heritage Resilience Fund (SRHRF) to finance emergency stabilisation;"


def test_an_acronym_in_parentheses_becomes_the_name_it_abbreviates() -> None:
    start, end = expand_acronym(FUND, *_span(FUND, "SRHRF"), PIPELINE)
    assert FUND[start:end] == "the Silk Roads Heritage Resilience Fund"
    name = _span(FUND, "Silk Roads Heritage Resilience Fund")
    assert expand_acronym(FUND, *name, PIPELINE) == name  # not an acronym: unchanged


@pytest.mark.parametrize("inside", ["1810", "prong, tooth", "181–234"])
def test_a_parenthesis_that_is_no_acronym_is_left_alone(inside: str) -> None:
    text = f"The Yale School of Medicine ({inside}) was founded next."
    span = _span(text, inside)
    assert expand_acronym(text, *span, PIPELINE) == span


@pytest.mark.parametrize(("span", "answer"), [
    ("NOK 45 million over three years (2026-2028) to a capacity-building programme", "NOK 45 million"),
    ("US$6 million, the largest pledge of all members so far", "US$6 million"),
    ("46,000 refugees and 12,000 members", "46,000 refugees and 12,000 members"),  # short: kept whole
    ("about 600 inspectors in the provinces of North Sulawesi",
     "about 600 inspectors in the provinces of North Sulawesi"),
])
def test_a_long_span_opening_with_an_amount_narrows_to_it(span: str, answer: str) -> None:
    text = f"Norway announced {span}."
    start, end = narrow_to_amount(text, *_span(text, span))
    assert text[start:end] == answer


CHAIRS = ("The meeting was co-chaired by Mr. Kenji Sato, Director-General for Global Issues of the Ministry of "
          "Foreign Affairs of Japan, and Ms. Ana Santos, Assistant Director-General of FAO.")
PANEL = ("Speakers included Prof. Tendai Mukwena of the University of Zambia, who led the discussion on seed "
         "systems, and Ms. Ana Sitoe of the Red Cross, who moderated the session on anticipatory action.")


@pytest.mark.parametrize(("text", "question", "span", "answer"), [
    (CHAIRS, "Which FAO official co-chaired the meeting?", "Mr. Kenji Sato", "Ms. Ana Santos"),
    (CHAIRS, "Which ministry official co-chaired the meeting?", "Ms. Ana Santos", "Mr. Kenji Sato"),
    (CHAIRS, "Who co-chaired the FAO meeting?", "Mr. Kenji Sato", "Mr. Kenji Sato"),  # a joint verb: all
    # ... unless the question names whom the person stands for, as a country's adjective too
    (CHAIRS, "Who co-chaired for FAO?", "Mr. Kenji Sato, Director-General", "Ms. Ana Santos"),
    # "the name of the X official": the phrase after "name of" is the one asked for
    (CHAIRS, "What is the name of the FAO official who co-chaired?", "Mr. Kenji Sato", "Ms. Ana Santos"),
    (CHAIRS, "Who led the Japanese delegation as co-chair?", "Ms. Ana Santos", "Mr. Kenji Sato"),
    (CHAIRS, "Who represented the Ministry of Foreign Affairs as co-chair?", "Ms. Ana Santos", "Mr. Kenji Sato"),
    (CHAIRS, "Who co-chaired the meeting for the first time?", "Ms. Ana Santos", "Ms. Ana Santos"),
    (PANEL, "Who moderated the discussion on anticipatory action?",
     "Prof. Tendai Mukwena of the University of Zambia, who led the discussion on seed systems, and Ms. Ana Sitoe",
     "Ms. Ana Sitoe"),
    (PANEL, "Who spoke at the Zambia meeting?", "Prof. Tendai Mukwena", "Prof. Tendai Mukwena"),  # nothing described
    ("In 1107 the Normans under the command of Bohemond, Robert's son, landed in Valona.", "Who was Robert's son?",
     "Bohemond", "Bohemond"),  # an appositive, not a list of people
])
def test_a_question_about_one_person_picks_the_one_it_describes(text: str, question: str, span: str,
                                                                answer: str) -> None:
    start, end = pick_described_person(text, *_span(text, span), person_terms(question, PIPELINE), PIPELINE)
    assert text[start:end] == answer


MEMBERS = ("The board heard the Federal Aviation Authority, the National Railway Safety Board, "
           "and the Maritime Pilots Association on the new rules.")


@pytest.mark.parametrize(("question", "span", "member"), [
    ("Which railway regulator spoke?", "the Federal Aviation Authority, the National Railway Safety Board, "
     "and the Maritime Pilots Association", "the National Railway Safety Board"),
    ("Which maritime body was heard?", "the Federal Aviation Authority", "the Maritime Pilots Association"),
    ("aviation regulator at the hearing", "the National Railway Safety Board", "the Federal Aviation Authority"),
    ("Which safety body was heard?", "the Federal Aviation Authority", "the National Railway Safety Board"),
])
def test_a_question_about_one_thing_picks_the_member_it_describes(question: str, span: str, member: str) -> None:
    start, end = pick_described_member(MEMBERS, *_span(MEMBERS, span), descriptors(question, PIPELINE), PIPELINE)
    assert MEMBERS[start:end] == member


@pytest.mark.parametrize("question", [
    "Which body spoke first?",  # no descriptor: nothing says which member
    "Who spoke after the Federal Aviation Authority?",  # a name in the question is not a descriptor
    "Which new authority was heard?",  # a descriptor no member holds
])
def test_a_span_is_kept_when_no_single_member_is_described(question: str) -> None:
    span = _span(MEMBERS, "the Federal Aviation Authority")
    terms = descriptors(question, PIPELINE)
    assert pick_described_member(MEMBERS, *span, terms, PIPELINE) == span


def test_descriptors_of_two_members_choose_neither() -> None:
    span = _span(MEMBERS, "the Federal Aviation Authority")
    assert pick_described_member(MEMBERS, *span, frozenset({"pilot", "railway"}), PIPELINE) == span


def test_descriptors_are_the_wh_phrase_modifiers_never_names_or_the_head_noun() -> None:
    assert descriptors("Which police organisation took part?", PIPELINE) == {"polic"}
    assert descriptors("food safety ministry at the meeting", PIPELINE) >= {"food"}
    assert descriptors("Which province borders Zhejiang?", PIPELINE) == frozenset()
    assert descriptors("Who chaired the food safety committee?", PIPELINE) == frozenset()
    assert descriptors("What did UNESCO announce?", PIPELINE) == frozenset()
    # the parser reads "Which" alone as the phrase, "official co" as another: the words after it still count
    assert descriptors("Which UNODC official co-chaired the dialogue?", PIPELINE, names=True) == {"unodc"}


def test_predicate_terms_are_what_the_question_says_the_thing_does() -> None:
    assert predicate_terms("Which body regulates railway safety?", PIPELINE) == {"regul", "railway", "safeti"}
    assert predicate_terms("Which body spoke after the Federal Aviation Authority?", PIPELINE) == {"spoke"}  # no names
    assert predicate_terms("Who spoke?", PIPELINE) == frozenset()  # no wh-phrase


def test_a_span_rule_picks_the_member_a_predicate_describes() -> None:
    """"Which body regulates railway safety?": no modifier in the wh-phrase, the predicate names the member."""
    from qa.span_rules import span_rules

    span = _span(MEMBERS, "the Federal Aviation Authority")
    for rule in span_rules("Which body regulates railway safety?", PIPELINE):
        span = rule(MEMBERS, *span)
    assert MEMBERS[span[0]:span[1]] == "the National Railway Safety Board"


TITLED = ("Mr. Tomas Berg, Deputy Minister for Trade and Economic Affairs of Norway, opened the session.\n"
          "Ms. Ana Ruiz, Head of Unit, spoke of the Committee.")


def test_a_title_is_completed_with_the_office_it_names() -> None:
    start, end = complete_title(TITLED, *_span(TITLED, "Deputy Minister"))
    assert TITLED[start:end] == "Deputy Minister for Trade and Economic Affairs of Norway"


@pytest.mark.parametrize(("text", "head", "title"), [
    ("Ms. Ama Owusu, UNDP Resident Representative in Zambia, spoke.", "UNDP Resident Representative",
     "UNDP Resident Representative in Zambia"),  # the office's seat
    ("Mr. Lee, Director-General for Global Issues at the Ministry of Foreign Affairs, spoke.", "Director-General",
     "Director-General for Global Issues at the Ministry of Foreign Affairs"),
    ("He was Minister of Health in 2019.", "Minister", "Minister of Health"),  # a year is no seat
    ("Mr. Farid Castellanos-Amini, Minister of Foreign Affairs and International Cooperation of the Republic of "
     "Almadia, spoke.", "Minister of Foreign Affairs",
     "Minister of Foreign Affairs and International Cooperation of the Republic of Almadia"),  # a joint portfolio
    ("She was Minister of Health and Social Welfare.", "Minister of Health", "Minister of Health"),  # no complement after "and"
    ("Mr. Erik Solvang-Hale, Deputy Permanent Representative of Norlund to the United Nations in Geneva, spoke.",
     "Deputy Permanent Representative of Norlund",
     "Deputy Permanent Representative of Norlund to the United Nations in Geneva"),  # the host of a representative
    ("He was Minister of Health to the end of 2019.", "Minister of Health", "Minister of Health"),  # "to" a lower-case word
])
def test_a_title_is_completed_with_its_seat(text: str, head: str, title: str) -> None:
    assert text[slice(*complete_title(text, *_span(text, head)))] == title


@pytest.mark.parametrize("part", [
    "Tomas Berg, Deputy Minister for Trade and Economic Affairs of Norway",  # already whole: a comma follows
    "Head of Unit",  # a comma follows
    "spoke",  # not capitalised: a verb, not a title
    "Committee",  # the full stop ends the sentence
])
def test_title_completion_leaves_other_spans_alone(part: str) -> None:
    assert complete_title(TITLED, *_span(TITLED, part)) == _span(TITLED, part)


def test_title_completion_stops_before_the_next_persons_honorific() -> None:
    text = "The Minister of Justice Mr. Kim spoke."
    assert text[slice(*complete_title(text, 4, 12))] == "Minister of Justice"


def test_title_completion_never_crosses_a_line_break() -> None:
    text = "She is the Director\nof Operations."
    assert complete_title(text, 11, 19) == (11, 19)


@pytest.mark.parametrize(("question", "span", "answer"), [
    ("How many countries were represented?", "284 participants from 27", "27"),
    ("How many participants attended?", "284 participants from 27", "284"),
    ("How many aftershocks were there?", "between 64 and 104", "between 64 and 104"),  # a range stays whole
    ("How many seats did it win?", "36 of the 68", "36 of the 68"),  # so does a share
])
def test_a_count_among_several_numbers_is_the_number_of_the_counted_things(question: str, span: str,
                                                                          answer: str) -> None:
    text = f"The conference brought together {span} countries and seats."
    counted = counted_noun(question, PIPELINE)
    assert counted is not None
    start, end = narrow_to_count(text, *_span(text, span), counted)
    assert text[start:end] == answer


@pytest.mark.parametrize(("text", "span", "answer"), [
    ("The Directorate would second two flood forecasting specialists to the port.",
     "second two flood forecasting specialists", "two flood forecasting specialists"),  # "second": a verb
    ("Only the first three projects were funded.", "the first three", "three"),
    ("The second phase will train 40 inspectors.", "40 inspectors", "40 inspectors"),  # no ordinal: kept
    ("It is the second largest port.", "second", "second"),  # an ordinal alone is no count of it
])
def test_a_count_opened_by_an_ordinal_starts_at_the_number(text: str, span: str, answer: str) -> None:
    start, end = drop_leading_ordinal(text, *_span(text, span))
    assert text[start:end] == answer


def test_a_side_named_by_an_acronym_the_text_defines_picks_its_person() -> None:
    text = ("The Government of Indonesia and the International Renewable Energy Agency (IRENA) held the dialogue. "
            "It was co-chaired by Ms. Ratna Kusuma, Vice Minister of Energy of Indonesia, and Mr. Henrik Solberg, "
            "Deputy Director-General of the International Renewable Energy Agency.")
    span = _span(text, "Ms. Ratna Kusuma, Vice Minister of Energy of Indonesia, and Mr. Henrik Solberg")
    terms = person_terms("Who represented IRENA as co-chair?", PIPELINE)
    start, end = pick_described_person(text, *span, terms, PIPELINE)
    assert text[start:end] == "Mr. Henrik Solberg"


@pytest.mark.parametrize(("question", "text", "span", "answer"), [
    ("What is Pieter van Loon's title?", "Ambassador Pieter van Loon, Head of the EU Delegation to Barbados, spoke.",
     "Ambassador", "Head of the EU Delegation to Barbados"),
    ("What is Hauge's title?", "Minister Hauge said the fund would help.", "Minister", "Minister"),  # no appositive
    ("What is Loon's title?", "Ambassador Pieter van Dijk, Head of the EU Delegation, spoke.", "Ambassador",
     "Ambassador"),  # another person
])
def test_a_title_before_the_asked_name_moves_to_the_title_after_it(question: str, text: str, span: str,
                                                                    answer: str) -> None:
    start, end = title_after_name(text, *_span(text, span), question)
    assert text[start:end] == answer



@pytest.mark.parametrize(("text", "span", "answer"), [
    ("They agreed to establish a Joint Working Group on Search and Rescue, which will meet twice a year.",
     "Search and Rescue", "Joint Working Group on Search and Rescue"),  # the part after "on"
    ("They agreed to establish a Joint Working Group on Search and Rescue, which will meet twice a year.",
     "Joint Working Group", "Joint Working Group on Search and Rescue"),  # the part before it
    ("Officials came from the Regional Office for Asia and the Pacific in Bangkok.",
     "Asia and the Pacific", "the Regional Office for Asia and the Pacific"),
    ("The Princess Margaret Hospital on Funafuti is the only hospital.", "Funafuti", "Funafuti"),  # a place
    ("The dub aired on Nickelodeon on September 7, 2013.", "September 7, 2013", "September 7, 2013"),  # a date
    ("YouTube was bought by Google for US$1.65 billion in 2006.", "US$1.65 billion", "US$1.65 billion"),  # a sum
])
def test_a_body_name_split_at_for_or_on_is_taken_whole(text: str, span: str, answer: str) -> None:
    start, end = complete_body_name(text, *_span(text, span), PIPELINE)
    assert text[start:end] == answer


@pytest.mark.parametrize(("text", "span", "answer"), [
    ("PRESS RELEASE\nJakarta - The Government of Indonesia and IRENA held talks.",
     "Jakarta - The Government of Indonesia and IRENA", "The Government of Indonesia and IRENA"),
    ("LUSAKA – The Government of Japan launched a project.", "LUSAKA – The Government of Japan",
     "The Government of Japan"),
    ("LUSAKA – The Government of Japan launched a project.", "LUSAKA", "LUSAKA"),  # the place alone stays
    ("It met in Jakarta - The Government of Indonesia hosted.", "Jakarta - The Government of Indonesia",
     "Jakarta - The Government of Indonesia"),  # not at a paragraph's start
])
def test_a_span_opening_with_the_dateline_starts_after_it(text: str, span: str, answer: str) -> None:
    start, end = drop_dateline(text, *_span(text, span))
    assert text[start:end] == answer
