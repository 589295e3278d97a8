"""Bulleted lists (``qa.bullets``): items one per line, and the one a question describes."""

import pytest

from qa.bullets import bullet_items, pick_described_bullet

TEXT = ("The training covered six modules:\n"
        "- resource assessment and demand forecasting for off-grid settlements;\n"
        "- tariff design and cost recovery for small utilities;\n"
        "- licensing and regulatory frameworks for private mini-grid operators;\n"
        "- operation, maintenance and remote monitoring; and\n"
        "- gender-responsive community engagement.\n"
        "Participants visited a solar mini-grid.\n")


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def test_the_items_are_the_lines_of_the_list_without_bullets_or_joints() -> None:
    items = [TEXT[a:b] for a, b in bullet_items(TEXT, TEXT.index("tariff"))]
    assert items == ["resource assessment and demand forecasting for off-grid settlements",
                     "tariff design and cost recovery for small utilities",
                     "licensing and regulatory frameworks for private mini-grid operators",
                     "operation, maintenance and remote monitoring", "gender-responsive community engagement"]


@pytest.mark.parametrize("part", ["The training covered", "Participants visited"])
def test_a_line_without_a_bullet_is_in_no_list(part: str) -> None:
    assert bullet_items(TEXT, TEXT.index(part)) == []


def test_the_item_holding_the_questions_descriptor_is_picked() -> None:
    start, end = pick_described_bullet(TEXT, *_span("resource assessment and demand forecasting"),
                                       frozenset({"regulatori"}))
    assert TEXT[start:end] == "licensing and regulatory frameworks for private mini-grid operators"


@pytest.mark.parametrize(("part", "terms"), [
    ("tariff design", frozenset({"tariff"})),  # already in the item described
    ("resource assessment", frozenset({"solar"})),  # no item holds the descriptor
    ("resource assessment", frozenset({"grid"})),  # more than one item holds it
    ("Participants visited", frozenset({"regulatori"})),  # not in a list
])
def test_the_span_stays_when_no_other_item_alone_is_described(part: str, terms: frozenset[str]) -> None:
    assert pick_described_bullet(TEXT, *_span(part), terms) == _span(part)


def test_a_span_opening_with_the_bullet_is_its_lines_item() -> None:
    start, end = pick_described_bullet(TEXT, *_span("- resource assessment and demand forecasting for off-grid"),
                                       frozenset({"regulatori"}))
    assert TEXT[start:end] == "licensing and regulatory frameworks for private mini-grid operators"


def test_a_span_over_several_items_narrows_to_the_one_described() -> None:
    part = "resource assessment and demand forecasting for off-grid settlements;\n- tariff design"
    start, end = pick_described_bullet(TEXT, *_span(part), frozenset({"regulatori"}))
    assert TEXT[start:end] == "licensing and regulatory frameworks for private mini-grid operators"


def test_a_span_running_on_past_the_list_stays() -> None:
    part = "gender-responsive community engagement.\nParticipants visited"
    assert pick_described_bullet(TEXT, *_span(part), frozenset({"regulatori"})) == _span(part)
