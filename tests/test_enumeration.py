"""Enumerations: a question about the n-th member is answered from that member; a list question takes them all."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.enumeration import (drop_set_aside, end_at_list, in_asked_member, is_label, members, narrow_to_asked_member,
                            pick_described_item, referenced_member, widen_to_aims, widen_to_members,
                            widen_to_officials)
from qa.set_aside import set_aside
from qa.settings import Settings

_PROJECTS = ("This year, the agency will implement two new projects -- one designed to map smuggling routes in "
             "the Andes region; and the other aimed to train border officers in Peru, offer them legal advice "
             "and support their families.")


@pytest.mark.parametrize(("sentence", "expected"), [
    (_PROJECTS, ["one designed to map smuggling routes in the Andes region",
                 "the other aimed to train border officers in Peru, offer them legal advice and support their families"]),
    ("The plan sets three priorities: first, growth; second, jobs; and third, peace.",
     ["first, growth", "second, jobs", "third, peace"]),
    ("He proposed (a) a fund, (b) a board and (c) a plan.", ["(a) a fund", "(b) a board", "(c) a plan"]),
    ("Two sons, one a doctor, the other a lawyer.", ["one a doctor", "the other a lawyer"]),
    ("Two offices opened, one in Lima, another in Quito, and a third in Bogotá.",
     ["one in Lima", "another in Quito", "a third in Bogotá"]),
])
def test_members_are_found_by_their_markers(sentence: str, expected: list[str]) -> None:
    assert [sentence[a:b] for a, b in members(sentence)] == expected


@pytest.mark.parametrize("sentence", [
    "One of them came, the other did not.",  # "one of": no enumeration opened
    "The first meeting was held in May; the second, in June.",  # ordinals as adjectives, not markers
    "See (b) and (c) below.",  # labels that do not start a run
    "No list here at all.",
])
def test_sentences_without_an_enumeration_have_no_members(sentence: str) -> None:
    assert members(sentence) == []


def test_a_question_names_a_member_by_its_place() -> None:
    assert referenced_member("In which country will the second project take place?") == (2, frozenset({"project", "take"}))
    assert referenced_member("What is the 1st project about?") is not None
    assert referenced_member("Who won the second time?") is None  # nothing counted
    assert referenced_member("Who chaired the meeting?") is None


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("In which country will the second project take place?", "Peru", True),
    ("In which country will the second project take place?", "Andes", False),  # the first project's place
    ("Where will the first project work?", "the Andes region", True),
    ("Where will the first project work?", "Peru", False),
    ("Who will implement the second project?", "the agency", True),  # the shared opening answers for all
    ("What is the third project about?", "Peru", False),  # there is no third: every member is another
    ("What does the second initiative fund?", "Andes", True),  # the sentence counts projects, not initiatives
    ("Where will the project work?", "Andes", True),  # no member asked for
    ("What will the Peru project offer?", "legal advice", True),  # a member named by a word of its own
    ("What will the Peru project offer?", "smuggling routes", False),
    ("What will the new project offer?", "smuggling routes", True),  # "new" names no one member
])
def test_a_candidate_from_another_member_is_turned_away(question: str, answer: str, fits: bool) -> None:
    start = _PROJECTS.index(answer)
    assert in_asked_member(question, _PROJECTS, start, start + len(answer)) is fits


def test_a_span_across_members_does_not_answer_for_one() -> None:
    start = _PROJECTS.index("one designed")
    end = _PROJECTS.index("border officers")
    assert not in_asked_member("What will the second project do?", _PROJECTS, start, end)


@pytest.mark.parametrize(("question", "part"), [
    ("What will the second project do?", "the other aimed to train border officers"),
    ("Which routes will the Andes project map?", "one designed to map smuggling routes in the Andes region"),
])
def test_a_span_across_members_is_narrowed_to_the_member_asked_about(question: str, part: str) -> None:
    start = _PROJECTS.index("one designed")
    end = _PROJECTS.index("border officers") + len("border officers")
    narrowed = narrow_to_asked_member(_PROJECTS, start, end, question)
    assert _PROJECTS[slice(*narrowed)] == part
    assert narrow_to_asked_member(_PROJECTS, start, end, "Which routes will be mapped?") == (start, end)


def test_a_list_span_cut_mid_member_takes_every_member_whole() -> None:
    text = f"Intro line.\n{_PROJECTS} Another sentence."
    start = text.index("one designed")
    end = text.index(" in Peru")  # the reader stopped inside the second member
    new_start, new_end = widen_to_members(text, start, end)
    assert text[new_start:new_end] == ("one designed to map smuggling routes in the Andes region; and the other aimed "
                                       "to train border officers in Peru, offer them legal advice and support their "
                                       "families")
    inside = text.index("smuggling routes")
    assert widen_to_members(text, inside, inside + 16) == (inside, inside + 16)  # one member only: unchanged


@given(st.text(alphabet=st.sampled_from(list("ab (1)(2);,-one the other first second.")), max_size=120))
def test_members_are_ordered_disjoint_spans_of_the_sentence(sentence: str) -> None:
    spans = members(sentence)
    assert all(0 <= a <= b <= len(sentence) for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


_TOPICS = ("Intro line. The two sides shared information on key issues, such as countering online scams in Southeast Asia, "
           "drug control cooperation, anti-corruption responses, and capacity enhancement of law enforcement agencies.")


@pytest.mark.parametrize(("terms", "expected"), [
    (frozenset({"law", "enforc"}), "capacity enhancement of law enforcement agencies"),  # "Which law-enforcement topic…?"
    (frozenset({"drug"}), "drug control cooperation"),
    (frozenset({"drug", "capac"}), "countering online scams"),  # two items described: unchanged
    (frozenset({"climat"}), "countering online scams"),  # no item holds it: unchanged
    (frozenset(), "countering online scams"),
])
def test_a_question_about_one_item_gets_the_item_it_describes(terms: frozenset[str], expected: str) -> None:
    start = _TOPICS.index("countering online scams")
    new_start, new_end = pick_described_item(_TOPICS, start, start + len("countering online scams"), terms,
                                             Settings().spacy_model)
    assert _TOPICS[new_start:new_end] == expected


def test_a_list_of_people_is_left_to_the_person_rule() -> None:
    text = "The talks were co-chaired by Mr. Ali Khan, Director of Policy, and Ms. Ana Ruiz, Head of Operations."
    start = text.index("Ms. Ana Ruiz")
    span = (start, start + len("Ms. Ana Ruiz"))
    assert pick_described_item(text, *span, frozenset({"polici"}), Settings().spacy_model) == span


def test_a_name_with_and_in_it_is_not_split_into_items() -> None:
    text = "Participants came from the Ministry of Justice, the Ministry of Data and Statistics and the Police."
    start = text.index("the Ministry of Data and Statistics")
    span = (start, start + len("the Ministry of Data and Statistics"))
    assert pick_described_item(text, *span, frozenset({"statist"}), Settings().spacy_model) == span


def test_a_span_already_in_the_described_item_or_beyond_the_list_stays() -> None:
    pipeline = Settings().spacy_model
    text = "You can stir it with a fork, a whisk, or like the wooden spoon of old."
    inside = text.index("wooden spoon")
    span = (inside, inside + len("wooden spoon"))
    assert pick_described_item(text, *span, frozenset({"wooden"}), pipeline) == span  # not "like the wooden spoon…"
    text = "The colleges do not contain programs of study or academic departments."
    wide = text.index("do not contain")
    span = (wide, text.index("."))
    assert pick_described_item(text, *span, frozenset({"academ"}), pipeline) == span  # the span holds the list


@pytest.mark.parametrize(("text", "span", "label"), [
    ("Outcomes:\n(4) To establish 4 laboratories;", "4", True),  # the "(4)" opening the line
    ("Outcomes:\n(4) To establish 4 laboratories;", "4 laboratories", False),  # a quantity in the text
    ("2. The Meeting was attended by 12 States.", "2", True),
    ("1.2 The workshop was chaired by Dr. Sultanbekova.", "1.2", True),
    ("2.5 million people need aid.", "2.5", False),  # a decimal opening a line is a figure
    ("The rate rose to 1.5 per cent.", "1.5", False),
])
def test_a_paragraph_label_is_no_answer(text: str, span: str, label: bool) -> None:
    start = text.index(span)
    assert is_label(text, start, start + len(span)) is label


def test_a_parenthesised_figure_inside_a_line_is_no_label() -> None:
    text = "b) a fund of two (2) million"
    start = text.index("(2)") + 1
    assert not is_label(text, start, start + 1)


OFFICIALS = ("The memorandum was signed by Ms. Akiko Tanabe, Regional Director for Asia, and Mr. Bishnu Adhikari, "
             "Secretary of the Ministry of Labour of Nepal.")


@pytest.mark.parametrize(("text", "span", "answer"), [
    (OFFICIALS, "Ms. Akiko Tanabe", "Ms. Akiko Tanabe, Regional Director for Asia, and Mr. Bishnu Adhikari, "
                                    "Secretary of the Ministry of Labour of Nepal"),  # all the officials named together
    (OFFICIALS, "Regional Director for Asia", "Regional Director for Asia"),  # a title inside stays
    # people without honorifics (an encyclopaedia's register) stay as the reader found them
    ("The album was produced by Quincy Jones and Michael Jackson.", "Quincy Jones", "Quincy Jones"),
])
def test_one_of_the_officials_named_together_widens_to_them_all(text: str, span: str, answer: str) -> None:
    start = text.index(span)
    new_start, new_end = widen_to_officials(text, start, start + len(span), Settings().spacy_model)
    assert text[new_start:new_end] == answer


_LIST = "countering online scams in Southeast Asia, drug control cooperation, anti-corruption responses, and " \
        "capacity enhancement of law enforcement agencies"


@pytest.mark.parametrize(("question", "answer"), [
    # the items set aside at the list's edges go: the rest of the list answers
    ("Besides scams and drugs, what other key issues were on the agenda?",
     "anti-corruption responses, and capacity enhancement of law enforcement agencies"),
    ("Apart from scams, what issues were discussed?", _LIST[_LIST.index("drug"):]),
    ("Other than law enforcement, which topics came up?", _LIST[:_LIST.index(", and capacity")]),
    # an item holding only some words of what is set aside ("technical cooperation") stays
    ("Besides technical cooperation, what issues were discussed?", _LIST),
    ("What issues were discussed?", _LIST),  # nothing set aside
    ("Besides scams and drugs and corruption and capacity, what else?", _LIST),  # never every item
])
def test_items_the_question_sets_aside_leave_the_list(question: str, answer: str) -> None:
    text = f"The two sides shared information on key issues, such as {_LIST}."
    start = text.index(_LIST)
    new_start, new_end = drop_set_aside(text, start, start + len(_LIST), set_aside(question), Settings().spacy_model)
    assert text[new_start:new_end] == answer


@pytest.mark.parametrize(("text", "span", "question", "answer"), [
    ("People often build houses and boats from wood.", "houses and boats",
     "Other than boats, what do people build with wood?", "houses"),
    ("Density is set by multiple growth and physiological factors.", "multiple growth and physiological",
     "Along with growth, what kind of factors set the density of wood?", "physiological"),
])
def test_a_two_item_list_drops_the_item_set_aside(text: str, span: str, question: str, answer: str) -> None:
    """Two items too: the reader's "houses and boats" for "Other than boats, what…?" (SQuAD) is "houses"."""
    start = text.index(span)
    new_start, new_end = drop_set_aside(text, start, start + len(span), set_aside(question), Settings().spacy_model)
    assert text[new_start:new_end] == answer


@pytest.mark.parametrize(("text", "span", "answer"), [
    # the list is the answer, not the clause it is the subject of
    ("The Ministry of Foreign Affairs and the United Nations Office on Drugs and Crime (UNODC) held in Seoul an "
     "ROK-UNODC Strategic Dialogue.",
     "The Ministry of Foreign Affairs and the United Nations Office on Drugs and Crime (UNODC) held in Seoul",
     "The Ministry of Foreign Affairs and the United Nations Office on Drugs and Crime (UNODC)"),
    ("New York, Illinois, and California are the most significant.",
     "New York, Illinois, and California are the most significant",
     "New York, Illinois, and California"),
    # a list ending the span, or a span not opening with its list, stays as it is
    ("Delegations from France, Germany and Japan attended.", "France, Germany and Japan",
     "France, Germany and Japan"),
    ("It was attended by France, Germany and Japan.", "attended by France, Germany and Japan",
     "attended by France, Germany and Japan"),
    # a gerund after the list is one more item, not the clause's verb
    ("DJs rely on slip-cueing, beatmatching, and scratching.", "slip-cueing, beatmatching, and scratching",
     "slip-cueing, beatmatching, and scratching"),
])
def test_a_list_span_running_into_its_verb_ends_with_the_list(text: str, span: str, answer: str) -> None:
    start = text.index(span)
    new_start, new_end = end_at_list(text, start, start + len(span), Settings().spacy_model)
    assert text[new_start:new_end] == answer


_AIMS = ("The programme aims to protect residents in border areas, help local farmers grow other crops, offer them "
         "vocational training and thereby prevent them from joining armed groups; the first phase ends in 2027.")


@pytest.mark.parametrize(("span", "expected"), [
    # every verb sharing the "to", to the semicolon
    ("to protect residents in border areas", "to protect residents in border areas, help local farmers grow other "
     "crops, offer them vocational training and thereby prevent them from joining armed groups"),
    ("protect residents in border areas", "protect residents in border areas, help local farmers grow other crops, "
     "offer them vocational training and thereby prevent them from joining armed groups"),
    # cut inside its verb's phrase: the phrase is completed, then every verb sharing the "to"
    ("to protect residents", "to protect residents in border areas, help local farmers grow other crops, offer them "
     "vocational training and thereby prevent them from joining armed groups"),
    ("residents in border areas", "residents in border areas"),  # no verb opens it
    ("the first phase ends in 2027", "the first phase ends in 2027"),
])
def test_an_aim_takes_every_verb_that_shares_its_to(span: str, expected: str) -> None:
    """The whole phrase of each verb, the reader's cut inside one completed (``_phrase_end``)."""
    start = _AIMS.index(span)
    new_start, new_end = widen_to_aims(_AIMS, start, start + len(span), Settings().spacy_model)
    assert _AIMS[new_start:new_end] == expected


def test_an_aim_cut_inside_its_verbs_object_runs_to_the_phrases_end() -> None:
    text = ("The programme aims to raise the share of children fully immunised by their first birthday to at least "
            "90 per cent by 2027. Its objectives are to equip clinics.")
    start = text.index("raise")
    new_start, new_end = widen_to_aims(text, start, text.index(" by their"), Settings().spacy_model)
    assert text[new_start:new_end] == ("raise the share of children fully immunised by their first birthday to at "
                                       "least 90 per cent by 2027")


def test_an_aims_phrase_is_not_completed_through_an_aside() -> None:
    text = "The section was meant to rival websites such as Hulu, which features material from NBC, Fox and Disney."
    start = text.index("to rival")
    end = text.index(",")
    assert widen_to_aims(text, start, end, Settings().spacy_model) == (start, end)
