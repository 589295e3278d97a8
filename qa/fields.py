"""Labelled lines: "WHEN: Tuesday, 17 June 2025", "WHERE: Conference Room 3, …", "Media contact: Ms. …".

Media advisories, notes to editors and summary records state their key facts on lines that
open with a label naming what the line tells (the question words WHAT / WHEN / WHERE / WHO, or
a noun: "Venue", "Contact", "Date"). The reader, trained on running prose, ranks such a line's
value below a sentence that mentions the same kind of thing in passing (the advisory's own
dateline for "When is the launch?", the panel's moderator for "Who should journalists
contact?"). When a question shares a word with a line's label, the line was written to answer
it, so a candidate in that line's value is preferred, and answers even when the reader is not
confident of it (``AnswerComposer.compose``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from qa.lexical import STOPWORDS, tokenize

#: A line opening with a short label and a colon: "WHEN:", "MEDIA CONTACT:", "Venue:" (up to three words).
_LABEL = re.compile(r"^[ \t]*([A-Z][A-Za-z&'’-]*(?:[ \t]+[A-Za-z&'’-]+){0,2})[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
#: Label words that tell nothing about what the line answers ("For media enquiries:", "About UNDP:").
_GENERIC = frozenset({"for", "about", "note", "notes", "to", "the", "of", "and", "media", "original"})

T = TypeVar("T")


def field_label(text: str, start: int, end: int) -> frozenset[str]:
    """The stemmed words of the label of the line holding ``[start, end)`` in its value (empty when none).

    The span must lie after the label's colon and within the line: "WHEN: Tuesday, 17 June" →
    {"when"} for "Tuesday, 17 June", nothing for a span in the next paragraph.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", line_start)
    if 0 <= line_end < end:
        return frozenset()
    found = _LABEL.match(text, line_start)
    if found is None or found.end() > start:
        return frozenset()
    words = [w for w in found.group(1).split() if w.lower() not in _GENERIC]
    return frozenset(tokenize(" ".join(words), keep_stopwords=True))


def holds_matching_field(question: str, text: str) -> bool:
    """Whether ``text`` has a line whose label shares a word with the question ("WHO:" for "Who…?")."""
    asked = set(tokenize(question, keep_stopwords=True))
    return any(asked & set(tokenize(" ".join(w for w in found.group(1).split() if w.lower() not in _GENERIC),
                                    keep_stopwords=True))
               for found in _LABEL.finditer(text))


def matching_field(question: str, text: str, start: int, end: int) -> int:
    """How well the label of the line the span answers in matches the question (0: no label or no word shared).

    Each shared word counts once, and a content word once more than a question word: "Who
    should journalists contact?" matches "MEDIA CONTACT:" (2) better than "WHO:" (1).
    """
    label = field_label(text, start, end)
    shared = label & set(tokenize(question, keep_stopwords=True)) if label else frozenset()
    return len(shared) + len(shared - STOPWORDS)


def prefer_fields(question: str, spans: Sequence[tuple[T, str, int, int]]) -> tuple[list[T], bool]:
    """The items in ranker order, those in the line whose label best matches the question moved first.

    ``spans`` holds ``(item, document text, start, end)`` in ranker order. Only the line(s)
    matching the question best count (``matching_field``); among them the ranker's order decides.
    Also returns whether any item lies in such a line (then it answers, whatever ranks above).
    """
    scores = [matching_field(question, text, start, end) for _, text, start, end in spans]
    best = max(scores, default=0)
    if best == 0:
        return [item for item, *_ in spans], False
    return ([item for (item, *_), score in zip(spans, scores, strict=True) if score == best]
            + [item for (item, *_), score in zip(spans, scores, strict=True) if score != best]), True
