"""Span post-processing shared by every reader: widen a span to the whole list it is part of.

A list question ("which agencies took part?") wants the whole coordinated phrase
("the Ministry of Justice, ..., and the Korea International Cooperation Agency"); span
models and entity heuristics tend to return one member. Named entities joined only by
commas and "and"/"or", or phrases the dependency parse marks as conjuncts, form the
list, so the widening is general and the result stays a verbatim span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.annotate import Mention, parse_sentence
from qa.text import split_sentences

MAX_LIST_CHARS = 500
COORD_GAP = re.compile(r"^(?:\s*,\s*|\s*;\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*,\s*or\s+|\s*&\s*)$")


def coordinated_runs(sentence: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Spans covering two or more mentions joined only by commas/and/or: a list."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(mentions):
        j = i
        while j + 1 < len(mentions) and COORD_GAP.match(sentence[mentions[j].end:mentions[j + 1].start] or " "):
            j += 1
        if j > i:
            runs.append((mentions[i].start, mentions[j].end))
        i = j + 1
    return runs


_APPOSITIVE_AND = re.compile(r"^,[^;.]{0,160}?,?\s+(?:and|or)\s+(?:(?:Mr|Ms|Mrs|Dr|Prof|Sir|Dame)\.?\s+)?$")
_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Sir|Dame)\.?\s+$")


def people_runs(sentence: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """People named one after another, each possibly followed by a title: "Mr. A, Director of X, and Ms. B"."""
    people = [m for m in mentions if m.label == "PERSON"]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(people):
        j = i
        while j + 1 < len(people) and (COORD_GAP.match(sentence[people[j].end:people[j + 1].start] or " ")
                                       or _APPOSITIVE_AND.match(sentence[people[j].end:people[j + 1].start])):
            j += 1
        if j > i:
            honorific = _HONORIFIC.search(sentence[:people[i].start])
            runs.append((honorific.start() if honorific else people[i].start, people[j].end))
        i = j + 1
    return runs


def widen_to_list(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """The list (in the sentence around ``[start, end)``) that contains the span, else the span."""
    for s, e in split_sentences(text):
        if s <= start and end <= e:
            break
    else:
        return start, end
    parse = parse_sentence(text[s:e], pipeline)
    rel = (start - s, end - s)
    runs = coordinated_runs(text[s:e], parse.entities) + people_runs(text[s:e], parse.entities)
    inside = [run for run in runs if run[0] <= rel[0] < run[1] or run[0] < rel[1] <= run[1]]
    if not inside:
        inside = [c for c in parse.coordinations if c[0] <= rel[0] and rel[1] <= c[1] and c != rel]
    inside = [c for c in inside if c[1] - c[0] <= MAX_LIST_CHARS]
    if not inside:
        return start, end
    best = min(inside, key=lambda c: c[1] - c[0])
    new_start, new_end = s + min(best[0], rel[0]), s + max(best[1], rel[1])
    while new_end > new_start and text[new_end - 1] in " ,;:":
        new_end -= 1
    return new_start, new_end
