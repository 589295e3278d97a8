"""Sentence segmentation: exact offsets, lines split first, titles before names kept whole."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.text import skip_list_marker, split_sentences, trim_span, within_sentence


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize("title", ["Hon.", "Amb.", "Gen.", "Prof.", "St.", "Eng.", "Ing."])
def test_a_title_abbreviation_does_not_end_the_sentence(title: str) -> None:
    text = f"The talks were co-chaired by the {title} Dr. Arvind K. Ramdin, Minister of Fiji. Ten states took part."
    assert _sentences(text) == [f"The talks were co-chaired by the {title} Dr. Arvind K. Ramdin, Minister of Fiji.",
                                "Ten states took part."]


def test_a_numbered_reference_stays_in_its_sentence() -> None:
    assert _sentences("It was adopted as Resolution No. 5 of the Assembly. It passed.") == [
        "It was adopted as Resolution No. 5 of the Assembly.", "It passed."]


@pytest.mark.parametrize("marker", ["7.", "12.", "(b)", "iv)", "(3)"])
def test_a_numbered_paragraph_keeps_its_number(marker: str) -> None:
    text = f"COMMUNIQUE\n{marker} The Ministers met in Samarkand. They agreed to meet again.\nWe counted 7.\n8."
    assert _sentences(text) == ["COMMUNIQUE", f"{marker} The Ministers met in Samarkand.", "They agreed to meet again.",
                                "We counted 7.", "8."]  # a marker alone on its line stays itself


def test_lines_are_split_before_sentences() -> None:
    text = "Press release | 12 May 2026\nThe Hon.\nMinister spoke."
    assert _sentences(text) == ["Press release | 12 May 2026", "The Hon.", "Minister spoke."]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["The Hon. Ms. Ana Ruiz spoke.", "It ended.", " ", "\n", "Gen.", "No. 4 won!",
                                 "Apple Inc. grew", "two words"]), max_size=12))
def test_sentences_cover_the_text_in_order_with_exact_offsets(parts: list[str]) -> None:
    text = " ".join(parts)
    spans = split_sentences(text)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(text[s:e] == text[s:e].strip() and text[s:e] for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "").replace("\n", "") == \
        text.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(("span", "shown"), [
    ("Ms. Chipo Nyathi,", "Ms. Chipo Nyathi"),  # a reader's span one token late
    (", the Ministry of Health;", "the Ministry of Health"),
    ("2003)", "2003"), ("(PUBT", "PUBT"), ('"On the Computational Complexity', "On the Computational Complexity"),
    ("Fortnow & Homer (2003)", "Fortnow & Homer (2003)"),  # brackets with their partner stay
    ('"Operation Dawn"', '"Operation Dawn"'),
    ("GreenGrid Ltd.", "GreenGrid Ltd."), (".NET", ".NET"),  # full stops stay
    ("Migrant Workers’", "Migrant Workers’"),  # an apostrophe is not a lone quote
    (" . ", "."), (",", ""),
])
def test_a_span_is_trimmed_to_what_an_answer_shows(span: str, shown: str) -> None:
    text = f"<{span}>"
    start, end = trim_span(text, 1, 1 + len(span))
    assert text[start:end] == shown


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.data())
def test_trimming_stays_inside_the_span(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = trim_span(text, start, end)
    assert start <= a <= b <= end
    assert trim_span(text, a, b) == (a, b)  # trimming twice changes nothing


RUN_ON = "We met at the Yale Golf Course. In 2008, Yale bought it. Hon. Ms. Faith Lwakatare spoke."


@pytest.mark.parametrize(("span", "shown"), [
    ("Yale Golf Course. In 2008, Yale", "Yale Golf Course"),  # runs into the next sentence: cut at its end
    ("Hon. Ms. Faith Lwakatare", "Hon. Ms. Faith Lwakatare"),  # a title's full stop ends no sentence
    ("In 2008, Yale bought it.", "In 2008, Yale bought it."),  # a whole sentence stays whole
])
def test_a_span_never_runs_into_the_next_sentence(span: str, shown: str) -> None:
    start = RUN_ON.index(span)
    a, b = within_sentence(RUN_ON, start, start + len(span))
    assert RUN_ON[a:b] == shown


_NUMBERED = "COMMUNIQUE\n7. The Ministers met.\n5. Publications\n(b) A fund\nJ. Smith spoke in 2. Quarter"


@pytest.mark.parametrize(("span", "shown"), [
    ("7", ""),  # a paragraph's number alone is no answer
    ("7.", ""),
    ("7. The Ministers met", "The Ministers met"),
    ("5. Publications", "Publications"),
    ("(b) A fund", "A fund"),
    ("The Ministers met", "The Ministers met"),
    ("J. Smith", "J. Smith"),  # an initial is no marker
    ("2.", "2."),  # not at the start of its line
])
def test_a_span_does_not_start_with_its_paragraph_number(span: str, shown: str) -> None:
    start = _NUMBERED.index(span)
    new_start, new_end = skip_list_marker(_NUMBERED, start, start + len(span))
    assert _NUMBERED[new_start:new_end] == shown
