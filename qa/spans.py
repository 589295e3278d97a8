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


def widen_to_list(text: str, start: int, end: int, pipeline: str) -> tuple[int, int]:
    """The list (in the sentence around ``[start, end)``) that contains the span, else the span."""
    for s, e in split_sentences(text):
        if s <= start and end <= e:
            break
    else:
        return start, end
    parse = parse_sentence(text[s:e], pipeline)
    rel = (start - s, end - s)
    inside = [run for run in coordinated_runs(text[s:e], parse.entities)
              if run[0] <= rel[0] < run[1] or run[0] < rel[1] <= run[1]]
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
