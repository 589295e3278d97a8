"""Question analysis: what kind of answer a question wants, with general linguistic cues.

The wh-word (and the noun after "which/what") says whether a person, a date, a place, a
number, a list or a clause is wanted; nothing here knows any document's vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.lexical import tokenize

PERSON_LABELS = frozenset({"PERSON", "ORG", "NORP"})
DATE_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})

_TIME_NOUNS = r"(?:date|day|year|month|time|period|decade|century)"
_PLACE_NOUNS = r"(?:city|country|place|location|capital|region|venue|headquarters|town|state|continent)"


_NOT_PLURAL = frozenset({"was", "is", "has", "does", "this", "its", "his", "us", "as", "was"})


@dataclass(frozen=True)
class QuestionInfo:
    """Expected answer shape: entity labels wanted (empty = any), list-ness, content terms."""

    kind: str
    labels: frozenset[str]
    wants_list: bool
    terms: tuple[str, ...]


def analyse(question: str) -> QuestionInfo:
    """Classify a question by its wh-word and head noun (general English, no corpus words)."""
    q = question.lower().strip()
    terms = tuple(tokenize(question))
    head = re.search(r"\b(?:which|what)\s+(?:(?:new|other|key|main|two|three|several|relevant|specific)\s+)?(\w+)", q)
    plural = bool(head and head.group(1).endswith("s") and not head.group(1).endswith("ss")
                  and head.group(1) not in _NOT_PLURAL)
    # "co-chaired", "jointly", "together with": the verb itself says several agents are wanted.
    joint = bool(re.search(r"\bco-?(?:chair|host|lead|led|organi[sz]|sponsor|sign|author|found)\w*|\bjointly\b", q))
    wants_list = bool(re.search(r"\b(list|name (?:the|all)|enumerate|what are|which are|who were)\b", q)
                      or plural or joint)
    if re.search(rf"\b(when|what {_TIME_NOUNS}|which {_TIME_NOUNS}|what (?:\w+ )?{_TIME_NOUNS})\b", q) \
            or re.search(rf"\bin what {_TIME_NOUNS}\b", q):
        return QuestionInfo("when", DATE_LABELS, wants_list, terms)
    if re.search(r"\bhow (many|much|long|old|often)\b", q):
        return QuestionInfo("how_many", NUMBER_LABELS, wants_list, terms)
    if re.search(rf"\b(where|what {_PLACE_NOUNS}|which {_PLACE_NOUNS}|in what {_PLACE_NOUNS})\b", q):
        return QuestionInfo("where", PLACE_LABELS, wants_list, terms)
    if re.search(r"\b(who|whom|whose)\b", q):
        return QuestionInfo("who", PERSON_LABELS, wants_list, terms)
    if re.search(r"\b(which|what)\b", q):
        return QuestionInfo("which", frozenset(), wants_list, terms)
    if re.search(r"\b(why|how)\b", q):
        return QuestionInfo("clause", frozenset(), False, terms)
    return QuestionInfo("other", frozenset(), wants_list, terms)
