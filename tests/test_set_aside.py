"""What a question sets aside (qa.set_aside): read thing by thing, and its names keyed."""

import pytest

from qa.set_aside import excludes, leaves_out_set_aside, names_set_aside, set_aside


@pytest.mark.parametrize(("question", "things"), [
    ("Besides scams and drugs, what other key issues were on the agenda?", [{"scam"}, {"drug"}]),
    ("Where other than the National Art Gallery can one find art?", [{"nation", "art", "galleri"}]),
    ("What do successful vaults depend on other than speed of the run?", [{"speed", "run"}]),
    ("Apart from the foreign ministry, which agencies took part?", [{"foreign", "ministri"}]),
    ("Along with the EU, who funded the programme?", [{"eu"}]),
    ("What other key issues were on the agenda?", []),  # "other" alone sets nothing aside
])
def test_what_a_question_sets_aside_is_read_thing_by_thing(question: str, things: list[set[str]]) -> None:
    assert [set(t) for t in set_aside(question)] == things


@pytest.mark.parametrize(("question", "names"), [
    ("Which countries besides Korea joined the dialogue?", [{"korea~"}]),  # the phrase runs on; its name does not
    ("Besides Japan and the EU, who pledged?", [{"japan~"}]),  # "EU" is too short to key
    ("Besides scams, what other issues came up?", []),  # no name set aside
])
def test_the_names_a_question_sets_aside_are_keyed(question: str, names: list[set[str]]) -> None:
    assert [set(k) for k in names_set_aside(question)] == names


@pytest.mark.parametrize(("question", "excluding"), [
    ("Which agency other than UNODC took part?", True),
    ("Along with the EU, who funded the programme?", True),
    ("What lies beyond the city walls?", True),
    ("Except for Korea, which countries attended?", True),
    ("Which agency took part?", False),
    ("What other agencies took part?", False),  # "other" alone excludes nothing named
])
def test_a_question_that_names_what_it_excludes_is_recognised(question: str, excluding: bool) -> None:
    assert excludes(question) is excluding


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("Besides scams and drugs, what other key issues were on the agenda?", "transnational crime and drugs", False),
    ("Besides scams and drugs, what other key issues were on the agenda?", "anti-corruption responses", True),
    ("Which agencies, other than UNODC, took part?", "the UNODC Regional Office", False),
    ("Which agencies, other than UNODC, took part?", "the Ministry of Justice", True),
    ("Which agencies took part?", "UNODC", True),  # nothing set aside
])
def test_an_answer_naming_what_the_question_sets_aside_is_no_answer(question: str, answer: str, fits: bool) -> None:
    assert leaves_out_set_aside(question, answer) is fits
