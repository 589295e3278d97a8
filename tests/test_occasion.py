"""Occasions: a candidate about another year, round or tense, or only a headline, is passed over (qa.occasion)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.occasion import (below_headline, beyond_dateline, date_around, figure_of_asked_year, fits_tense, mask_headline,
                         same_occasion)


_ROUND = "The fourth round of political consultations was held in Velmora on 14 March 2024."


@pytest.mark.parametrize(("question", "answer", "sentence", "fits"), [
    ("When was the fifth round of political consultations held?", "14 March 2024", _ROUND, False),
    ("When was the 5th round of political consultations held?", "14 March 2024", _ROUND, False),
    ("When was the fourth round of political consultations held?", "14 March 2024", _ROUND, True),
    ("When was the 4th round of consultations held?", "14 March 2024", _ROUND, True),  # the same ordinal
    ("Where was the fifth round held?", "Velmora", _ROUND, False),  # any answer from the wrong occasion
    ("Where was the fifth meeting held?", "Velmora", _ROUND, True),  # the sentence counts another thing
    ("When was the second landing?", "November 1969",
     "The first landing was followed by another, precision landing in November 1969.", True),  # a reference point
    ("Which was the first round held abroad?", "the fourth", _ROUND, True),  # "first" is not checked
    ("What happened in the 19th century?", "a revival", "In the 18th century came a revival.", True),
    ("On what exact date was the 2025 round held?", "14 March 2024", _ROUND, False),
    ("On what dates in 2028 will the conference take place?", "November 2026",
     "The conference will take place in November 2026.", False),
    ("What was decided in 2024?", "14 March 2024", _ROUND, True),
    ("When did the recession that began in 2007 end?", "June 2009",
     "The recession that began in December 2007 ended in June 2009.", True),  # the question's year is there
    ("What was signed before 2025?", "an accord in 2024", "They signed an accord in 2024.", True),  # a bound
    ("Where was the round held?", "Velmora", _ROUND, True),  # no year or ordinal asked: always passes
    ("Who moderated Session 4?", "Ms. Bramble", "Session 2 included talks by Ms. Bramble.", False),  # another number
    ("Who moderated Session 4?", "Ms. Bramble", "Session 4, like Session 2, was led by Ms. Bramble.", True),
    ("Who moderated Session 4?", "Ms. Bramble", "Ms. Bramble moderated the session.", True),  # no number: may be it
    ("What happened on March 4?", "a vote", "On March 2 came a vote.", True),  # a day of a month is no label
])
def test_same_occasion_turns_away_another_year_or_round(question: str, answer: str, sentence: str,
                                                         fits: bool) -> None:
    assert same_occasion(question, answer, sentence) is fits


_RELEASE = ("Ministry of Foreign Affairs\nStrategic Dialogue Held on January 23 between ROK and UNODC on Transnational Crime\n"
            "The dialogue was held in Seoul on January 23, 2026 between the Ministry and UNODC.")


@pytest.mark.parametrize(("title", "span", "fits"), [
    ("Strategic Dialogue Held on January 23 between ROK and UNODC on Transnational Crime", "ROK and UNODC", False),
    ("Strategic Dialogue Held on January 23 between ROK and UNODC on Transnational Crime", "Seoul", True),
    ("Ministry of Foreign Affairs", "Ministry of Foreign Affairs", True),  # a publisher's name is no headline
    ("Strategic Dialogue Held on January 23 between ROK and...", "ROK and", False),  # a shortened long title
    ("Strategic Dialogue Held on January 23 between ROK and UNODC on Transnational Crime.", "ROK and UNODC",
     True),  # a sentence, not a headline
])
def test_below_headline_turns_away_fragments_of_a_headline(title: str, span: str, fits: bool) -> None:
    assert below_headline(title, _RELEASE, _RELEASE.index(span)) is fits


def test_mask_headline_blanks_the_headline_alone_and_keeps_every_offset() -> None:
    title = "Strategic Dialogue Held on January 23 between ROK and UNODC on Transnational Crime"
    masked = mask_headline(title, _RELEASE)
    assert len(masked) == len(_RELEASE) and "ROK and UNODC" not in masked
    kept = _RELEASE.index("The dialogue")
    assert masked[kept:] == _RELEASE[kept:] and masked.startswith("Ministry of Foreign Affairs\n")
    assert mask_headline("Ministry of Foreign Affairs", _RELEASE) == _RELEASE  # a short title is no headline


def test_a_one_line_document_is_all_body() -> None:
    line = "The fisheries agency of Peru counted 412 vessels off the coast in 2025"
    assert below_headline(line, line, line.index("412"))


@pytest.mark.parametrize(("question", "answer", "fits"), [
    ("When will the next dialogue be held?", "January 23, 2026", False),  # the document's own day is not next
    ("When will the next dialogue be held?", "23 January", False),  # a day without a year: the document's
    ("When will the next dialogue be held?", "the second half of 2026", True),
    ("When will the projects start?", "2025", False),  # a year before the document's
    ("When will the projects start?", "January 2026", True),  # the same month may still be ahead
    ("When was the first consultation held?", "in the first half of 2027", False),
    ("When was the dialogue held?", "January 23, 2026", True),
    ("When did the conference close?", "February 10, 2026", True),  # within a month of the dateline
    ("When did the conference close?", "25 March 2026", False),
    ("On what date was the accord signed?", "3 June 2025", True),
    ("On what date will the Fourth Meeting be held?", "3 June 2025", False),
    ("On what exact date will the eighth consultation take place?", "23 January 2026", False),  # the release's day
    ("When will the projects start?", "24 January 2026", True),
    ("Who chaired the dialogue?", "Mr. Lee Chul", True),  # no date asked: always passes
    ("When will it be held?", "later this year", True),  # no date stated: passes
])
def test_fits_tense_compares_the_answer_with_the_document_date(question: str, answer: str, fits: bool) -> None:
    assert fits_tense(question, answer, "2026-01-23") is fits


def test_fits_tense_passes_documents_without_a_date() -> None:
    assert fits_tense("When was the first consultation held?", "2027", None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("When will was the 5th fifth round 2024 2025 May 31 June, -–.\n")), max_size=60),
       st.text(alphabet=st.sampled_from(list("0123456789 May June Sept. 31st of the 2026 -–")), max_size=30),
       st.dates().map(lambda d: d.isoformat()))
def test_the_checks_take_any_text(question: str, answer: str, published: str) -> None:
    """Odd dates ("31 June", "May 99") and any question pass through the checks without error."""
    assert isinstance(fits_tense(question, answer, published), bool)
    assert isinstance(same_occasion(question, answer, answer, question), bool)
    assert isinstance(below_headline(question, f"{question}\n{answer}", len(question) + 1), bool)


def test_a_date_fragment_is_judged_as_the_date_it_belongs_to() -> None:
    """"2026" cut from the release's own date line cannot answer "When will the next…?"."""
    line = "01/23/2026 | Press release | Archived content"
    start, end = date_around(line, 6, 10)  # the reader's "2026"
    assert line[start:end] == "01/23/2026"
    assert not fits_tense("When will the next dialogue be held?", line[start:end], "2026-01-23")
    assert fits_tense("When will the next dialogue be held?", "2026", "2026-01-23")  # a bare year may be later
    sentence = "The talks were held on January 23, 2026 in Seoul."
    day = sentence.index("23")
    assert sentence[slice(*date_around(sentence, day, day + 2))] == "January 23, 2026"
    assert date_around("No date here.", 3, 7) == (3, 7)


@pytest.mark.parametrize(("written", "fits"), [
    ("23/01/2026", False),  # day first: the document's own day
    ("01/23/2026", False),  # month first
    ("12.31.2025", False),  # before the document
    ("03/04/2026", True),  # either could be the month: judged by the year alone
    ("15/06/2026", True),  # after the document
])
def test_numeric_dates_are_read_either_way_round(written: str, fits: bool) -> None:
    assert fits_tense("When will the next meeting take place?", written, "2026-01-23") is fits


_HELD = "Velmora, 14 March 2024\n\nThe sixth round of consultations was held in Velmora on 12–13 March 2024."
_TODAY_LEAD = "PORT SELVA, 14 March 2024 – The Minister, H.E. Ms. Kolvik, today received her counterpart."


@pytest.mark.parametrize(("question", "text", "part", "fits"), [
    ("When did the sixth round take place?", _HELD, "14 March 2024", False),  # the release's date, not the event's
    ("In which city was the round held?", _HELD, "Velmora", False),
    ("When did the sixth round take place?", _HELD, "12–13 March 2024", True),  # the body's date
    ("When was the statement issued?", _HELD, "14 March 2024", True),  # a question about the release itself
    ("When did Kolvik receive her counterpart?", _TODAY_LEAD, "14 March 2024", True),  # the lead says "today"
    ("Who received her counterpart?", _HELD, "Velmora", False),  # a dateline names no one
    ("Which minerals does the statement single out?", _HELD, "Velmora", False),  # nor any thing but a place or date
    ("How many rounds were held?", _HELD, "14", False),
    ("Which island hosted the round?", _HELD, "Velmora", False),  # a place: the event's place rule applies
    ("Which island issued the statement?", _HELD, "Velmora", True),  # the release's own place
    ("Who received her counterpart?", _HELD, "12–13 March 2024", True),  # the body, not the dateline
    ("velmora consultations minerals", _HELD, "Velmora", True),  # a keyword query: its kind is unknown
])
def test_a_dateline_dates_the_release_not_the_event(question: str, text: str, part: str, fits: bool) -> None:
    start = text.index(part)
    assert beyond_dateline(question, text, start, start + len(part)) is fits


COVERAGE = "Coverage in the target districts rose from 78 per cent in 2022 to 88 per cent in 2025."


@pytest.mark.parametrize(("question", "figure", "fits"), [
    ("What was coverage in the target districts in 2025?", "78 per cent", False),  # the figure of 2022
    ("What was coverage in the target districts in 2025?", "88 per cent", True),
    ("What was coverage in the target districts in 2022?", "78 per cent", True),
    ("What was coverage in 2024?", "78 per cent", True),  # the sentence never names 2024: nothing to compare
    ("What was coverage before 2025?", "78 per cent", True),  # a bound, not the year asked about
    ("What was coverage in the target districts?", "78 per cent", True),  # no year asked
])
def test_a_figure_followed_by_another_year_than_the_asked_one_is_of_that_year(question: str, figure: str,
                                                                              fits: bool) -> None:
    start = COVERAGE.index(figure)
    assert figure_of_asked_year(question, COVERAGE, start, start + len(figure)) is fits
