"""A person's full name: news copy names someone in full once, then by surname.

"H.E. Mr. Rasmus Deyne-Hallor, Minister of Fisheries, led the delegation … Minister
Deyne-Hallor said …": a reader that answers from the later sentence returns "Minister
Deyne-Hallor", while a user asking "who" wants the name as first given. The answer is then
taken from the full mention, and the sentence the reader read stays cited beside it.
"""

from __future__ import annotations

import re

from qa.annotate import parse_sentence
from qa.calibration import coverage
from qa.lists import HONORIFIC_BEFORE
from qa.text import sentence_of

_SURNAME = re.compile(r"[A-Z][\w'’-]{2,}")


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around the span, or the span itself where it crosses sentences."""
    return sentence_of(text, start, end) or (start, end)


def _person_at(text: str, start: int, end: int, pipeline: str) -> tuple[int, int] | None:
    """The PERSON entity (document offsets) that ends where ``[start, end)`` ends, if spaCy finds one."""
    s, e = _sentence_of(text, start, end)
    for m in parse_sentence(text[s:e], pipeline).entities:
        if m.label == "PERSON" and s + m.start <= start and s + m.end == end:
            return s + m.start, s + m.end
    return None


def _has_given_name(text: str, start: int, end: int, pipeline: str) -> bool:
    """Whether the span's words before its surname belong to spaCy's PERSON entity ("Alexius Komnenos").

    Then they are given names, not a title ("Minister Deyne-Hallor"), and the span already
    names its person in full; another "… Komnenos" earlier may be a brother.
    """
    s, e = _sentence_of(text, start, end)
    for m in parse_sentence(text[s:e], pipeline).entities:
        if m.label == "PERSON" and s + m.end == end and len(text[max(start, s + m.start):end].split()) > 1:
            return True
    return False


def fullest_mention(text: str, start: int, end: int, pipeline: str,
                    asks_person: bool = False) -> tuple[int, int] | None:
    """The first mention of the person named by ``text[start:end]`` with given names, or None.

    Only for a span that names a person by surname, alone or after a title or honorific
    ("Lwakatare", "Ms. Anyango-Retief", "Minister Deyne-Hallor"): spaCy reads the surname
    there as a person, or the question asks for one (``asks_person``; the small pipeline
    often takes a lone surname for a place). The full mention is a PERSON entity ending in the
    same surname whose first name the span lacks, widened over the honorifics before it
    ("H.E. Mr. Rasmus Deyne-Hallor"). A span that already holds the given names gains nothing,
    and a bare surname takes only a mention with an honorific: that is the register of press
    releases, which name people in full once and by surname after; an encyclopaedia's
    "Bethencourt" after "Jean de Bethencourt" is already how the text names him.
    """
    words = text[start:end].split()
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return None
    surname = words[-1]
    if not _SURNAME.fullmatch(surname) or _has_given_name(text, start, end, pipeline) or not (
            asks_person or _person_at(text, end - len(surname), end, pipeline)):
        return None
    for found in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w'’-])", text):
        person = _person_at(text, found.start(), found.end(), pipeline)
        if person is None:
            continue
        names = text[person[0]:person[1]].split()
        if len(names) < 2 or names[0] in words:
            continue
        before = text[max(0, person[0] - 40):person[0]]
        address = HONORIFIC_BEFORE.search(before)  # "H.E. Mr. ", "Hon. Ms. ", "Dato' "
        if address is None and len(words) == 1:
            continue  # a bare surname takes only a formal first mention ("Hon. Ms. Faith Lwakatare")
        return person[0] - (len(before) - address.start() if address else 0), person[1]
    return None


def body_mention(text: str, title: str, start: int, end: int, question: str) -> tuple[int, int] | None:
    """Where the body names what a header line above the headline gives, as that mention's span; or None.

    Why: a release opens with header lines (the publisher, "Ministry of Foreign Affairs of the
    Republic of Korea"; the date and type, "01/23/2026 | Press release") before its headline.
    Asked "Which Korean ministry held the dialogue?", the reader answers from the publisher
    line, which proves only who published the release; the body sentence saying the Ministry
    held the dialogue is the proof, so it is cited too. The mention is a start of the answer
    (ending in a capitalised word or a number: "Ministry of Foreign Affairs") that the body
    repeats, in the body sentence holding most of the question's terms (not the footer's
    "… published this content"), the longest such start where sentences tie.
    """
    head = text.find(title) if title.strip() else -1
    if head <= 0 or start >= head:
        return None
    body = head + len(title)
    found: list[tuple[float, int, int]] = []  # (question terms its sentence covers, start, end) of each mention
    for word in re.finditer(r"[^\s,;:]+", text[start:end]):
        phrase = text[start:start + word.end()]
        if (word.group()[:1].isupper() or word.group()[:1].isdigit()) and len(phrase) >= 3:
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(phrase)}(?![\w'’-])", text[body:]):
                sentence = _sentence_of(text, body + m.start(), body + m.end())
                found.append((coverage(question, text[slice(*sentence)]), body + m.start(), body + m.end()))
    if not found:
        return None
    best = max(found, key=lambda f: (f[0], f[2] - f[1]))  # the sentence most like the question; then the longest
    return best[1], best[2]
