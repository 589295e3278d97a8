"""Labelled lines (``qa.fields``): a line labelled for what the question asks is preferred."""

from __future__ import annotations

import pytest

from qa.fields import field_label, holds_matching_field, matching_field, prefer_fields

ADVISORY = ("Bangkok, 2 June 2025\n\n"
            "WHAT: The Centre will launch its second regional report on air quality.\n\n"
            "WHEN: Tuesday, 17 June 2025, 10:00–12:00\n\n"
            "WHO: The panel will be moderated by Ms. Kavya Menon.\n\n"
            "MEDIA CONTACT: Ms. Chalida Prasertsuk, Communications Officer\n\n"
            "For media enquiries: Press Office, tel. 555 0147\n"
            "Note: the launch was postponed from 2 June 2025.\n")


def _at(part: str) -> tuple[int, int]:
    start = ADVISORY.index(part)
    return start, start + len(part)


@pytest.mark.parametrize(("part", "label"), [
    ("Tuesday, 17 June 2025", {"when"}),
    ("Ms. Chalida Prasertsuk", {"contact"}),  # "media" tells nothing
    ("Press Office", {"enquiri"}),
    ("2 June 2025", set()),  # the dateline: no label
    ("Bangkok", set()),
])
def test_a_span_in_a_labelled_line_reads_the_labels_words(part: str, label: set[str]) -> None:
    assert field_label(ADVISORY, *_at(part)) == label


def test_a_span_in_the_label_itself_or_across_lines_has_no_label() -> None:
    assert field_label(ADVISORY, *_at("WHEN")) == frozenset()
    assert field_label(ADVISORY, *_at("10:00–12:00\n\nWHO: The panel")) == frozenset()


def test_a_content_word_of_the_label_outweighs_a_question_word() -> None:
    question = "Who should journalists contact about the launch?"
    assert matching_field(question, ADVISORY, *_at("Ms. Chalida Prasertsuk")) > matching_field(
        question, ADVISORY, *_at("Ms. Kavya Menon")) > 0


@pytest.mark.parametrize(("question", "first"), [
    ("When is the launch?", "Tuesday, 17 June 2025"),  # the WHEN line before the dateline the ranker put first
    ("Who should journalists contact about the launch?", "Ms. Chalida Prasertsuk"),
    ("Why was the launch postponed?", "2 June 2025"),  # no label shares a word: the ranker's order stands
])
def test_candidates_in_the_best_matching_line_come_first(question: str, first: str) -> None:
    order = ["2 June 2025", "Ms. Kavya Menon", "Tuesday, 17 June 2025", "Ms. Chalida Prasertsuk"]
    ranked, labelled = prefer_fields(question, [(part, ADVISORY, *_at(part)) for part in order])
    assert ranked[0] == first and sorted(ranked) == sorted(order)
    assert labelled is (first != order[0])  # a labelled line matched, or the ranker's order stands


@pytest.mark.parametrize(("question", "holds"), [
    ("When is the launch?", True),
    ("Who should journalists contact?", True),  # "MEDIA CONTACT:"
    ("How large is the report?", False),  # no label shares a word ("Note:", "For media enquiries:" tell nothing)
])
def test_a_text_holds_a_line_labelled_for_the_question(question: str, holds: bool) -> None:
    assert holds_matching_field(question, ADVISORY) is holds
