"""Lists in a sentence (``qa.lists``): a member widens to the whole coordinated list."""

import pytest

from qa.lists import widen_to_list
from qa.settings import Settings

PIPELINE = Settings().spacy_model
TEXT = "Delegations from France, Germany and Japan attended the meeting on 4 March 2025."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize("part", ["Germany", "France"])
def test_a_list_member_widens_to_the_whole_list(part: str) -> None:
    start, end = widen_to_list(TEXT, *_span(TEXT, part), PIPELINE)
    assert TEXT[start:end] == "France, Germany and Japan"


ACRONYMS = ("The launch was attended by representatives of the Japan International Cooperation Agency (JICA), "
            "the World Health Organization (WHO) and the United Nations Children's Fund (UNICEF), and by "
            "provincial health directors.")
ACRONYM_LIST = ("the Japan International Cooperation Agency (JICA), the World Health Organization (WHO) and the "
                "United Nations Children's Fund (UNICEF)")


@pytest.mark.parametrize("part", ["the World Health Organization", "JICA", "United Nations Children's Fund"])
def test_a_list_of_names_with_acronyms_widens_whole(part: str) -> None:
    start, end = widen_to_list(ACRONYMS, *_span(ACRONYMS, part), PIPELINE)
    assert ACRONYMS[start:end] == ACRONYM_LIST


SIGNED = ("The memorandum was signed by Ms. Akiko Tanabe, ILO Regional Director for Asia and the Pacific; "
          "Mr. Bishnu Adhikari, Secretary of the Ministry of Labour of Nepal; and Mr. Harun Ismail, Secretary-General "
          "of the Ministry of Human Resources of Malaysia.")


@pytest.mark.parametrize("part", ["Ms. Akiko Tanabe", "Bishnu Adhikari", "Mr. Harun Ismail"])
def test_a_list_of_people_separated_by_semicolons_widens_whole(part: str) -> None:
    start, end = widen_to_list(SIGNED, *_span(SIGNED, part), PIPELINE)
    # the last person's title too, as the others have theirs
    assert SIGNED[start:end] == SIGNED[SIGNED.index("Ms. Akiko"):-1]


CHAIRS = ("The consultation was co-chaired by H.E. Mr. Chanda Mwiinga, Minister of Finance, and "
          "Ms. Ingrid Solberg-Achterberg, Vice-President for Country Operations at IFRA, who opened the session.")


@pytest.mark.parametrize(("text", "part", "answer"), [
    (CHAIRS, "Mr. Chanda Mwiinga", CHAIRS[CHAIRS.index("H.E."):CHAIRS.index(", who")]),  # up to the next comma
    ("It was opened by Lee Chul, Ana Santos and Candice Welsch, Director of Policy.", "Lee Chul",
     "Lee Chul, Ana Santos and Candice Welsch"),  # the others have no title: none for the last either
])
def test_a_list_of_titled_people_keeps_the_last_ones_title(text: str, part: str, answer: str) -> None:
    start, end = widen_to_list(text, *_span(text, part), PIPELINE)
    assert text[start:end] == answer


def test_a_serial_list_the_parser_split_is_taken_whole() -> None:
    """spaCy parses "A, B, and C" as "B, and C" when A is a hyphenated compound; the span A takes the list."""
    text = ("Throughout the visit, discussions focused on cross-border security cooperation, the voluntary return of "
            "internally displaced persons and refugees, and the shrinking waters of the lake itself.")
    start, end = widen_to_list(text, *_span(text, "cross-border security cooperation"), PIPELINE)
    assert text[start:end] == text[text.index("cross-border"):-1]
