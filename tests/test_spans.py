"""Span post-processing: cut names are completed, list answers widened, always verbatim."""

import pytest

from qa.settings import Settings
from qa.spans import complete_names, widen_to_list

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


def test_a_span_across_sentences_is_left_alone() -> None:
    span = _span(TEXT, "Organization. Delegations")
    assert complete_names(TEXT, *span, PIPELINE) == span


@pytest.mark.parametrize("part", ["Germany", "France"])
def test_a_list_member_widens_to_the_whole_list(part: str) -> None:
    start, end = widen_to_list(TEXT, *_span(TEXT, part), PIPELINE)
    assert TEXT[start:end] == "France, Germany and Japan"
