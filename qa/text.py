"""Sentence segmentation with exact character offsets.

Lines (paragraphs) are split first, because headers and list items carry no final
punctuation; each line is then split into sentences by spaCy's rule-based
sentencizer, whose tokenizer knows abbreviations such as "Mr." and "U.S.".
"""

from __future__ import annotations

import re
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


#: Titles and prefixes before a name or number that spaCy's tokenizer does not know as
#: abbreviations ("the Hon. Dr. Arvind Ramdin", "St. Louis", "No. 5"): a sentence ending in one
#: continues with the name. Words that often end a sentence ("Inc.", "Ltd.", "Jr.") are not listed.
_TITLE_ABBREVIATIONS = frozenset({"Hon.", "Rt.", "Amb.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Maj.",
                                  "Capt.", "Cmdr.", "Adm.", "Sgt.", "Prof.", "Rev.", "Fr.", "St.", "Mt.", "Ft.",
                                  "Pres.", "Supt.", "Insp.", "Messrs.", "Mmes.", "No.", "Nos.", "Art.",
                                  "Eng.", "Ing.", "Arch.", "Atty.", "Lic.", "Dra."})


def _join_title_breaks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge a sentence that ends in a title abbreviation with the capitalised (or numbered) one after it."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            words = text[ps:pe].split()
            if (words and words[-1] in _TITLE_ABBREVIATIONS and (text[s:s + 1].isupper() or text[s:s + 1].isdigit())
                    and "\n" not in text[pe:s]):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


#: A numbered paragraph's marker: "7.", "12)", "(3)", "(b)", "iv)"; a letter needs a bracket ("J." is an initial).
_MARKER = r"(?:\d{1,3}[.)]|\(?(?:[a-z]|[ivxlc]{1,5})\)|\(\d{1,3}\))"
_LIST_MARKER = re.compile(rf"^{_MARKER}$", re.IGNORECASE)
#: What opens an item of a list written one per line: a bullet sign ("- ", "• ") or a paragraph's marker;
#: group ``mark`` is the sign or marker (``qa.bullets``).
LINE_BULLET = re.compile(rf"[ \t]*(?P<mark>[-•*▪◦–]|{_MARKER})[ \t]+", re.IGNORECASE)


def _join_list_markers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge a numbered paragraph's marker ("7.") with the sentence after it on the same line.

    Why: the sentencizer ends a sentence at "7.", so a communiqué's paragraph number became
    a sentence of its own, which a reader could cite and even answer with ("7" for "On what
    date…?"); the number belongs to the sentence it introduces.
    """
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            if _LIST_MARKER.match(text[ps:pe]) and "\n" not in text[pe:s]:
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


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
    return _join_list_markers(text, _join_title_breaks(text, spans))


@lru_cache(maxsize=512)
def cached_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """``split_sentences`` memoised per text: answer composition asks about the same documents repeatedly."""
    return tuple(split_sentences(text))


def sentence_of(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The sentence of ``text`` holding the whole span ``[start, end)``, if one does."""
    for s, e in cached_sentences(text):
        if s <= start and end <= e:
            return s, e
    return None


#: Separators that never end (or begin) an answer: "Ms. Chipo Nyathi," → "Ms. Chipo Nyathi".
_DANGLING = ",;:|-–—/"
_PAIRS = {"(": ")", "[": "]", "“": "”"}  # not ‘’: "’" is also an apostrophe


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``text[start:end]`` to what an answer shows: no edge spaces, dangling separators or lone brackets.

    Why: a reader's span may stop one token late or early ("Ms. Chipo Nyathi,", "2003)",
    "(PUBT", '"On the Computational Complexity of Algorithms'); the words are right, the
    punctuation is noise a user should not see. A bracket or quote is kept when the span also
    holds its partner, and full stops are kept ("GreenGrid Ltd.", ".NET"). May return an empty span.
    """
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _DANGLING):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _DANGLING):
            end -= 1
        span = text[start:end]
        for opening, closing in [*_PAIRS.items(), ('"', '"')]:
            if span[:1] == opening and span[1:].count(closing) == 0:
                start += 1
            elif span[-1:] == closing and span[:-1].count(opening) == 0:
                end -= 1
            else:
                continue
            break
        if (start, end) == before:
            return start, end


#: A numbered paragraph's marker and the spaces after it, at the start of its line.
_LINE_MARKER = re.compile(rf"{_MARKER}[ \t]+", re.IGNORECASE)


def skip_list_marker(text: str, start: int, end: int) -> tuple[int, int]:
    """Start a span that begins with its line's paragraph number after the number.

    Why: "7." and "5. Publications" are a communiqué's numbering, not what it says; a reader
    may still take the number ("7" for "On what date…?") or the heading with it. A span of the
    marker alone becomes empty (no answer). Only at a line's start: "in 2. Quarter" is text,
    and a letter needs a bracket ("(b)", "b)"): "J. Smith" starts with an initial.
    """
    if text[text.rfind("\n", 0, start) + 1:start].strip():
        return start, end  # not at the start of its line
    marker = _LINE_MARKER.match(text, start)
    return (start, end) if marker is None else (min(marker.end(), end), end)


def within_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a span that runs on into the next sentence at the end of the sentence it starts in.

    Why: the reader reads passages, not sentences, and now and then lets a span run across a
    full stop ("Yale Golf Course. In 2008, Yale purchased …"). Of 14,036 SQuAD 1.0 training
    answers (3,000 random paragraphs) 20 cross a sentence boundary as ``split_sentences`` draws
    it, several of them at a splitting error; the words before the full stop are the answer
    the reader started on. The sentence's closing full stop goes too.
    """
    for s, e in cached_sentences(text):
        if s <= start < e:
            if end <= e:
                return start, end
            end = e
            while end > start and text[end - 1] in ".!?":
                end -= 1
            return start, end
    return start, end
