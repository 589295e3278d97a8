"""The object a "What did X <verb>?" question asks for (qa.objects)."""

import pytest

from qa.objects import OBJECT_QUESTION, complete_content_clause, complete_object, question_verb
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


_CLAUSE = ("Intro line. The talks reaffirmed the shared understanding that cooperation is indispensable in "
           "addressing crime and drug-related challenges, which are evolving fast.")


@pytest.mark.parametrize(("noun", "part", "expected"), [
    ("understand", "cooperation is indispensable",
     "cooperation is indispensable in addressing crime and drug-related challenges"),  # to the relative clause
    ("understand", "cooperation is indispensable in addressing crime and drug-related challenges", None),  # whole
    ("agreement", "cooperation is indispensable", None),  # the question asks about another noun
    ("understand", "shared understanding", None),  # not inside the clause
])
def test_a_span_inside_the_nouns_that_clause_takes_the_whole_clause(noun: str, part: str,
                                                                    expected: str | None) -> None:
    start = _CLAUSE.index(part)
    new_start, new_end = complete_content_clause(_CLAUSE, start, start + len(part), noun, PIPELINE)
    assert _CLAUSE[new_start:new_end] == (expected or part)
