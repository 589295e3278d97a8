"""The object a "What did X <verb>?" question asks for (qa.objects)."""

import pytest

from qa.objects import OBJECT_QUESTION, complete_object, question_verb
from qa.settings import Settings

PIPELINE = Settings().spacy_model
_TEXT = ("Intro line. It also established a basis for a more strategic partnership with the agency, which has "
         "the expertise required. They described their physical properties in detail.")


def test_the_question_verb_is_found() -> None:
    assert question_verb("What did the dialogue establish?", PIPELINE) == "establish"
    assert OBJECT_QUESTION.match("What did the dialogue establish?")
    assert not OBJECT_QUESTION.match("What is the aim of the project?")


@pytest.mark.parametrize(("question", "part", "expected"), [
    ("What did the dialogue establish?", "a more strategic partnership with the agency",
     "a basis for a more strategic partnership with the agency"),  # the object's head joins the answer
    ("What did the dialogue establish?", "a basis for a more strategic partnership", None),  # already whole
    ("What did they describe?", "physical properties", None),  # only "their" before it: unchanged
    ("What did the dialogue replace?", "a more strategic partnership with the agency", None),  # not its verb
])
def test_a_span_inside_the_verbs_object_takes_the_whole_object(question: str, part: str,
                                                               expected: str | None) -> None:
    start = _TEXT.index(part)
    new_start, new_end = complete_object(_TEXT, start, start + len(part), question_verb(question, PIPELINE), PIPELINE)
    assert _TEXT[new_start:new_end] == (expected or part)
