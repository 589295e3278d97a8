"""A surname answer takes the person's name as first given; a header's answer is found in the body (qa.mentions)."""

import pytest

from qa.mentions import body_mention, fullest_mention
from qa.settings import Settings

PIPELINE = Settings().spacy_model
TEXT = ("H.E. Mr. Rasmus Deyne-Hallor, Minister of Fisheries of Tovaland, arrived in Port Selva on 14 March. "
        "He was received by Hon. Ms. Faith Lwakatare, Minister of Water. "
        "The talks covered fish stocks. Minister Deyne-Hallor led the delegation. The visitors were welcomed by Lwakatare, who said the "
        "talks in Port Selva were useful, and Ms. Lwakatare will visit Tovaland in May. His brother, Erik "
        "Deyne-Hallor, stayed at home. Jean de Bethencourt sailed in 1402; later Bethencourt became king.")


@pytest.mark.parametrize(("span", "occurrence", "asks_person", "full"), [
    ("Minister Deyne-Hallor", 0, False, "H.E. Mr. Rasmus Deyne-Hallor"),  # a title and surname
    ("Ms. Lwakatare", 0, False, "Hon. Ms. Faith Lwakatare"),  # an honorific and surname
    ("Lwakatare", 1, True, "Hon. Ms. Faith Lwakatare"),  # a bare surname, for a "who" question
    ("Rasmus Deyne-Hallor", 0, True, None),  # already the full name
    ("Erik Deyne-Hallor", 0, True, None),  # a full name too: not his namesake's
    ("Port Selva", 1, False, None),  # no person
    ("Tovaland", 1, True, None),  # no person of that name
    ("Bethencourt", 1, True, None),  # a bare surname, first named without an honorific
    ("Minister of Fisheries of Tovaland", 0, True, None),  # no name at all
])
def test_fullest_mention_finds_the_name_as_first_given(span: str, occurrence: int, asks_person: bool,
                                                      full: str | None) -> None:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(span, start + 1)
    found = fullest_mention(TEXT, start, start + len(span), PIPELINE, asks_person)
    assert (TEXT[found[0]:found[1]] if found else None) == full


_TITLE = "Tovaland and Marenia Hold First Fisheries Talks in Port Selva"
_RELEASE = ("Ministry of Fisheries of Tovaland\n\n03/14/2026 | Press release\n\n" + _TITLE + "\n\n"
            "The Ministry of Fisheries and the Marenian Coast Guard held talks in Port Selva on 14 March. "
            "The Ministry of Fisheries will fund two patrol boats.\n\n"
            "Ministry of Fisheries of Tovaland published this content on 14 March 2026.")


@pytest.mark.parametrize(("question", "stated"), [
    # the body sentence most like the question, naming the longest start of the header's answer it repeats
    ("Which Tovalandic ministry held the talks?", "The Ministry of Fisheries and the Marenian Coast Guard held talks"),
    ("Who will fund the patrol boats?", "The Ministry of Fisheries will fund two patrol boats."),
    ("Who published this content?", "Ministry of Fisheries of Tovaland published this content on 14 March 2026."),
])
def test_an_answer_from_a_header_line_is_found_where_the_body_states_it(question: str, stated: str) -> None:
    start = 0  # the publisher's line, above the headline
    span = body_mention(_RELEASE, _TITLE, start, len("Ministry of Fisheries of Tovaland"), question)
    where = _RELEASE.index(stated)
    assert span is not None and where <= span[0] and span[1] <= where + len(stated)


def test_an_answer_below_the_headline_or_in_an_untitled_text_has_no_header_to_leave() -> None:
    body_start = _RELEASE.index("The Ministry of Fisheries")
    assert body_mention(_RELEASE, _TITLE, body_start, body_start + 25, "Who held talks?") is None
    assert body_mention(_RELEASE, "", 0, 10, "Who held talks?") is None
    assert body_mention("Annual report\n\nNothing else.", "Annual report", 0, 6, "What is it?") is None
