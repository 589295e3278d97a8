"""A surname answer takes the person's name as first given (qa.mentions)."""

import pytest

from qa.mentions import fullest_mention
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
