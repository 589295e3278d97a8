"""Sentence segmentation with exact character offsets.

Lines (paragraphs) are split first, because headers and list items carry no final
punctuation; each line is then split into sentences by spaCy's rule-based
sentencizer, whose tokenizer knows abbreviations such as "Mr." and "U.S.".
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering all non-blank text, in order, whitespace-trimmed."""
    nlp = _sentencizer()
    spans: list[tuple[int, int]] = []
    pos = 0
    lines: list[tuple[int, int]] = []
    for line in text.split("\n"):
        start, end = _strip_span(text, pos, pos + len(line))
        if end > start:
            lines.append((start, end))
        pos += len(line) + 1
    with _lock:  # spaCy pipelines are not documented as thread-safe
        docs = list(nlp.pipe(text[s:e] for s, e in lines))
    for (line_start, _), doc in zip(lines, docs):
        for sent in doc.sents:
            s, e = _strip_span(text, line_start + sent.start_char, line_start + sent.end_char)
            if e > s:
                spans.append((s, e))
    return spans


@lru_cache(maxsize=512)
def cached_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """``split_sentences`` memoised per text: answer composition asks about the same documents repeatedly."""
    return tuple(split_sentences(text))
