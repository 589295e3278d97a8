"""Which occasion a candidate answer speaks of, and whether the question asks about that one.

A press corpus tells of many occasions of one kind (the third round of talks, the 2026
forum, a meeting the release announces for next year), and a question names one of them.
The reader finds the words of the question near another occasion's facts as readily as near
the right one's; these checks turn such candidates away (``qa.answering`` passes over them,
or says the sources do not say): another year, another round, another tense than the
document's date allows, or only the headline's summary of the text. Each is general English
about dates, ordinals and tense; none knows any document's words.
"""

from __future__ import annotations

import calendar
import re

from qa.documents import DATELINE
from qa.question import analyse
from qa.text import cached_sentences

#: A month's name or abbreviation ("Jan", "Sept.", "September"); match it case-insensitively.
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")

ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                 "eighteenth", "nineteenth", "twentieth")
#: An ordinal and the (up to three) words after it: "the *fifth round of* consultations", "*8th Regional Conference*".
_ORDINAL = re.compile(rf"\b(?:({'|'.join(ORDINAL_WORDS)})|(\d+)(?:st|nd|rd|th))\b"
                      r"((?:[\s-]+[A-Za-z][\w-]*){0,3})", re.IGNORECASE)
#: Words after an ordinal that say nothing of what is counted ("the third *of the* meetings").
_ORDINAL_FILLER = frozenset({"the", "of", "a", "an", "and", "in", "on", "at", "to", "for", "its", "their"})
#: A year of the last five centuries as a word ("2026", not "$2026" nor "2026%").
_YEAR = re.compile(r"(?<![\w$€£¥.,])(?P<year>1[5-9]\d\d|20\d\d)(?![\w%])")
#: A year in the question after which it is a bound, not the year asked about ("before 2025", "since the 2020").
_YEAR_BOUND = re.compile(r"\b(?:before|after|since|until|till|by|from|between|prior\s+to|through|to|than|and|or)"
                         r"\s+(?:the\s+)?(?:year\s+)?$", re.IGNORECASE)


#: A thing numbered by a label: "Session 4", "Article 12", "Phase 2" (a month's day is a date, not a label).
_NUMBERED = re.compile(r"\b(?!(?:%s)\b)([A-Z][a-z]+)\s+(\d{1,3})\b(?![.,]\d)" % "|".join(calendar.month_name[1:]))


def ordinals(text: str) -> list[tuple[int, set[str]]]:
    """Each ordinal of ``text`` as a number with the words that follow it ("fifth round" → (5, {"round"}))."""
    found = []
    for match in _ORDINAL.finditer(text):
        number = int(match.group(2)) if match.group(2) else ORDINAL_WORDS.index(match.group(1).lower()) + 1
        words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", match.group(3))} - _ORDINAL_FILLER
        found.append((number, words))
    return found


def same_occasion(question: str, answer: str, sentence: str, passage: str = "") -> bool:
    """Whether the cited sentence (in ``passage``) can be about the year and the occurrence asked about.

    Why: asked "On what date in 2028 will the Fourth Ministerial Meeting be held?" or "When
    was the fifth round of consultations held?" of a text about the 2026 meeting or the fourth
    round, the reader returns that occasion's date, near every word of the question but
    for the one that matters. Two conflicts are turned away. A year: the answer states a year
    and none is the question's, which the sentence never mentions ("14 March 2024" for "the
    2025 round"; years after "before", "since", "between"… are bounds and not checked). An
    ordinal: the passage counts the same thing with other ordinals only ("the fourth round"
    for "the fifth round"; the passage, because a dateline or a "This statement was adopted
    on…" sentence names no round); "first" (often "earliest", or the reference point of "the
    second…") and centuries are not checked. A numbered label: the sentence numbers the thing
    the question numbers, but not with its number ("Session 2, …, included presentations by
    Ms. Keisha Bramble" for "Who moderated Session 4…?").
    Measured on SQuAD 1.0's training set with each gold answer's sentence (for the ordinal,
    its paragraph): 22 of its 87,599 answers conflict in year (5,500 questions name one) and
    10 in ordinal (4,741), nearly all loose questions ("the first day of the 2015 season" for
    a season of 2012, "the second poorest city" for the third); 7 of the 465 questions with a
    numbered label conflict: typos ("Convention 183 (C182)" for Convention 182) and comparisons
    ("Windows 8"'s budget, stated beside that of Windows 95).
    """
    return not (_other_year(question, answer, sentence) or _other_ordinal(question, f"{passage}\n{sentence}")
                or _other_number(question, sentence))


#: A figure's own year right after it: "78 per cent *in 2022*", "USD 4 million in 2024" (two words at most between).
_FIGURE_YEAR = re.compile(r"(?:\s+[\w%-]+){0,2}?\s+in\s+(?P<year>1[5-9]\d\d|20\d\d)\b")


def figure_of_asked_year(question: str, sentence: str, start: int, end: int) -> bool:
    """Whether the figure ``sentence[start:end]`` can be the one of the year the question asks about.

    Why: asked "What was DTP3 coverage in the target districts in 2025?" of "… rose from 78
    per cent in 2022 to 88 per cent in 2025", the reader returned the first figure; the words
    after each figure say which year it is of. A span holding a digit but no year, followed
    by "in <year>" of another year than the question's (years after "before", "since"… are
    bounds, not checked), while the sentence names the asked year, is the figure of another
    year. Measured on SQuAD 1.0's training set, each gold answer in its sentence: of the 6,265
    whose question names a year, 1 fails ("its US$4.5 billion Arctic drilling program in 2006"
    for "What did Shell initiate after its 2005 purchase?"); without the condition that the
    sentence names the asked year, 7 of the 168 golds followed by "in <year>" would.
    """
    asked = set()
    for match in _YEAR.finditer(question):
        if _YEAR_BOUND.search(question[:match.start()]):
            return True
        asked.add(match.group(1))
    span = sentence[start:end]
    if not asked or not re.search(r"\d", span) or _YEAR.search(span):
        return True
    own = _FIGURE_YEAR.match(sentence, end)
    return own is None or own.group("year") in asked or not asked & set(_YEAR.findall(sentence))


def _other_number(question: str, sentence: str) -> bool:
    """Whether the sentence numbers the thing the question numbers ("Session 4") only otherwise ("Session 2")."""
    stated: dict[str, set[str]] = {}
    for match in _NUMBERED.finditer(sentence):
        stated.setdefault(match.group(1).lower(), set()).add(match.group(2))
    return any(number not in stated.get(noun.lower(), {number}) for noun, number in _NUMBERED.findall(question))


def _other_year(question: str, answer: str, sentence: str) -> bool:
    asked = set()
    for match in _YEAR.finditer(question):
        if _YEAR_BOUND.search(question[:match.start()]):
            return False
        asked.add(match.group(1))
    stated = set(_YEAR.findall(answer))
    return bool(asked and stated) and not (stated & asked) and not (set(_YEAR.findall(sentence)) & asked)


def _other_ordinal(question: str, sentence: str) -> bool:
    counted = ordinals(sentence)
    numbers = {number for number, _ in counted}
    for number, words in ordinals(question):
        if number == 1 or not words or words & {"century", "centuries"} or number in numbers:
            continue
        if any(words & other for other_number, other in counted if other_number != 1):
            return True  # "less formal than the first debate, this debate…": a first is a reference point
    return False


#: Words a document's title needs to be a headline (a claim) rather than a publisher's name or a label.
HEADLINE_WORDS = 8


def below_headline(title: str, text: str, start: int) -> bool:
    """Whether the span starting at ``start`` lies outside the document's headline line.

    Why: a press release's headline compresses its lead ("… Dialogue between ROK and UNODC
    on Cooperation to Address Transnational Crime"); it shares many words with any question
    about the release, so the reader is drawn to fragments of it ("ROK and UNODC on
    Cooperation…" for "Which two parties held the dialogue?"), while the body states each
    fact with its context, which is what a citation should show. Measured on the seed and
    the four press sets: 9 answers came from a headline of at least ``HEADLINE_WORDS`` words,
    1 of them right. Shorter titles (a publisher's name, "PRESS RELEASE") are not headlines,
    nor is a title that ends as a sentence does (a plain text's first line) or the whole text.
    """
    title = title.strip()
    if len(title.split()) < HEADLINE_WORDS or (title[-1:] in ".!" and not title.endswith("...")) or title == text.strip():
        return True  # a short label, a sentence (plain text whose title is its first line), or no body
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return line != title and not (title.endswith("...") and line.startswith(title[:-3]))


def mask_headline(title: str, text: str) -> str:
    """``text`` with its headline line blanked (spaces, so offsets stay), for the reader to read.

    Why: no answer is taken from a headline (``below_headline``), yet the reader, drawn by the
    headline's many question words, spent its best score there ("ROK and UNODC on Cooperation…"
    for "Which two parties held the dialogue?") and left the body's statement of the same fact
    too weak to trust. Reading without the headline lets the body's span carry its own score.
    """
    out, start = [], 0
    for line in text.splitlines(keepends=True):
        out.append(line if below_headline(title, text, start) or not line.strip()
                   else re.sub(r"\S", " ", line))
        start += len(line)
    return "".join(out)


_MONTH = rf"(?P<month>{MONTH})"
_MONTH_ABBREVIATIONS = [name.lower() for name in calendar.month_abbr]  # "", "jan", …, "dec"
#: A date an answer states, at the precision it states it: "23 January 2026", "January 23, 2026",
#: "23 January" (the document's year), "January 2026", "the first half of 2027" (a year).
_DATES = (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|and)\s*\d{{1,2}})?\s+(?:of\s+)?{_MONTH}"
                     r"(?:,?\s+(?P<year>\d{4}))?", re.IGNORECASE),
          re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})\b(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?", re.IGNORECASE),
          re.compile(rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
          re.compile(r"\b(?P<first>\d{1,2})[/.](?P<second>\d{1,2})[/.](?P<year>\d{4})\b"),  # "01/23/2026", "23.01.2026"
          _YEAR)
#: "When will…?", "When is it due to…?", "When is the next…?": a question about what comes after the document.
_FUTURE = re.compile(r"\b(?:will|shall|going\s+to|due\s+to|scheduled|expected|planned|slated|next|upcoming)\b",
                     re.IGNORECASE)
_ASKS_WHEN = re.compile(r"^\W*when\b|\b(?:what|which)\s+(?:\w+\s+)?(?:date|day|year|month)s?\b", re.IGNORECASE)
#: "When was/did/had…?": a question about what came before the document.
_PAST = re.compile(r"\b(?:was|were|did|had)\b", re.IGNORECASE)


def _stated_date(answer: str, published: tuple[int, int, int]) -> tuple[tuple[int, ...], int] | None:
    """The first date ``answer`` states as (year[, month[, day]]) and its precision (1–3), or None."""
    for pattern in _DATES:
        found = pattern.search(answer)
        if found is None:
            continue
        parts = found.groupdict()
        year = int(parts["year"]) if parts.get("year") else published[0]
        if parts.get("first"):
            return _numeric_date(year, int(parts["first"]), int(parts["second"]))
        if not parts.get("month"):
            return (year,), 1
        month = _MONTH_ABBREVIATIONS.index(parts["month"].lower()[:3])
        if not parts.get("day"):
            return (year, month), 2
        return (year, month, int(parts["day"])), 3
    return None


def _numeric_date(year: int, first: int, second: int) -> tuple[tuple[int, ...], int]:
    """"01/23/2026" (month first) or "23/01/2026" (day first); when either could be the month, the year alone."""
    if first > 12 >= second:
        return (year, second, first), 3
    if second > 12 >= first:
        return (year, first, second), 3
    return ((year, first, second), 3) if first == second else ((year,), 1)


def date_around(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span ``[start, end)`` widened to every date expression of ``sentence`` it overlaps.

    Why: the reader answers "When will the next dialogue be held?" with "2026" cut from the
    release's own date line "01/23/2026"; the fragment is judged as the date it is part of.
    """
    for pattern in _DATES:
        for found in pattern.finditer(sentence):
            if found.start() < end and start < found.end():
                start, end = min(start, found.start()), max(end, found.end())
    return start, end


def fits_tense(question: str, answer: str, published: str | None) -> bool:
    """Whether the date ``answer`` states can be the time a "when" question's tense asks about.

    Why: asked "When will the next dialogue be held?" of a release dated 23 January 2026 that
    tells of that day's dialogue, the reader returns "January 23, 2026"; asked "When was the
    first consultation held?" of a release announcing it for 2027, it returns "the first half
    of 2027". A date before the document's cannot answer "When will…?", nor its own day (the
    dateline's "Lusaka, 14 March 2025" for "On what date will the eighth consultation take
    place?"; a month or year may still hold days ahead), and a date more than a month after it cannot answer "When
    was/did…?" (a release may be dated the first day of a meeting it reports on). Compared at
    the precision the answer states (a year with the year, a month with the month). Documents
    without a date (``published``, ISO) and answers without one always pass.
    """
    if not published or not _ASKS_WHEN.search(question):
        return True
    year, month, day = (int(x) for x in published[:10].split("-"))
    stated = _stated_date(answer, (year, month, day))
    if stated is None:
        return True
    date, precision = stated
    own = (year, month, day)[:precision]
    if _FUTURE.search(question):
        return date > own if precision == 3 else date >= own
    if _PAST.search(question):
        later = (year + (month == 12), month % 12 + 1, day)[:precision] if precision > 1 else own
        return date <= later
    return True


#: "When/Where did it take place?", "In which city…?", "On what date…?": the time or place of an event.
_WHEN_OR_WHERE = re.compile(r"^\W*(?:when|where)\b|\b(?:in|at|on)\s+(?:which|what)\s+(?:city|town|country|place|"
                            r"date|day)\b", re.IGNORECASE)
#: Question kinds (``qa.question.analyse``) that ask for neither a time nor a place.
_NEITHER = frozenset({"who", "which", "how_many", "clause"})
#: Questions about the release itself, which its dateline does date and place.
_ABOUT_RELEASE = re.compile(r"\b(?:release|statement|communiqu|publish|issu|announc|document|advisory|notice|"
                            r"dated|report|readout)", re.IGNORECASE)
#: A lead telling of the release's own day: then the dateline dates the event too.
_TODAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE)


#: A wh-phrase asking for a place or a time ("Which island…?", "What month…?"): a dateline holds both.
_PLACE_OR_TIME = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:cit(?:y|ies)|towns?|countr(?:y|ies)|nations?|"
                            r"states?|places?|locations?|capitals?|regions?|provinces?|districts?|villages?|islands?|"
                            r"ports?|sites?|venues?|territor(?:y|ies)|area|dates?|days?|months?|years?|times?|"
                            r"periods?)\b", re.IGNORECASE)


def beyond_dateline(question: str, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` can answer when or where something happened, as to a dateline.

    Why: a dateline ("Velmora, 14 March 2024", "AMMAN, 14 November 2024 –") says where and
    when the release was issued; the event it reports may have happened days before or in
    another city ("… was held in Velmora on 12–13 March 2024"; a training "in Aqaba"). A span
    inside a dateline answers "When/Where…?" only when the lead after it says the event
    happened "today", and questions about the release itself ("When was the statement
    issued?") always pass. Measured on the seed and four press sets: 6 answers came from a
    dateline, 1 right (a lead saying "today received"). SQuAD's paragraphs have no datelines.
    A dateline holds only a place and a date, so it answers no question that asks for neither
    (a person, a number, a reason, "Which minerals…?"; the dateline "Velmora, 5 May 2026" was
    the answer to "Which minerals does the joint statement single out?").
    """
    place_or_time = _WHEN_OR_WHERE.search(question) or _PLACE_OR_TIME.search(question)
    other = not place_or_time and analyse(question).kind in _NEITHER
    if not (other or place_or_time) or (place_or_time and _ABOUT_RELEASE.search(question)):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    dateline = DATELINE.match(text[line_start:line_end if line_end >= 0 else len(text)])
    if dateline is None or start >= line_start + dateline.end():
        return True
    if other:
        return False
    after = line_start + dateline.end()
    first = next((e for s, e in cached_sentences(text) if e > after and text[max(s, after):e].strip(" \n–—-")), after)
    return _TODAY.search(text[after:first]) is not None  # the lead's first sentence
