"""A reader without training: sentence scoring plus span narrowing by question type.

For each retrieved passage, sentences are scored by dense similarity and lexical
coverage of the question; in the best sentences, candidate spans are the entities of
the wanted type (coordinated runs merged for list questions), else the clause that
follows or precedes the words the question shares with the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.annotate import SentenceParse, parse_sentence
from qa.embedding import CachedEncoder, Embedder
from qa.lexical import tokenize
from qa.question import QuestionInfo, analyse, option_pattern
from qa.lists import HONORIFIC_BEFORE, coordinated_runs
from qa.text import split_sentences, trim_span

_LEAD_TRIM = re.compile(r"^(?:(?:by|in|on|at|of|to|for|from|with|was|were|is|are|be|been|as|such as|including|"
                        r"that|which|the|a|an|and|also|will|would|has|have|had)\b\s*|[,;:\-\u2013\u2014]+\s*)+",
                        re.IGNORECASE)
_TAIL_TRIM = re.compile(r"[\s,;:.]+$")


@dataclass(frozen=True)
class ReaderSpan:
    """A candidate answer: ``passages[passage][start:end]``, with a score and a no-answer score."""

    passage: int
    start: int
    end: int
    score: float
    null_score: float


class HeuristicReader:
    """Span selection by question type over the best-matching sentences."""

    def __init__(self, embedder: Embedder, spacy_model: str, sentences_per_question: int = 3,
                 encoder: CachedEncoder | None = None) -> None:
        if sentences_per_question < 1:
            raise ValueError(f"sentences_per_question must be >= 1, got {sentences_per_question}")
        self.embedder = embedder
        self.spacy_model = spacy_model
        self.sentences_per_question = sentences_per_question
        self.sentences = encoder or CachedEncoder(embedder)  # shared with the composer when given

    def warm_up(self) -> None:
        parse_sentence("Warm up.", self.spacy_model)

    def read(self, question: str, passages: Sequence[str], top_n: int = 5,
             query_vector: np.ndarray | None = None, choices: Sequence[str] = ()) -> list[ReaderSpan]:
        info = analyse(question)
        sents = [(p, s, e) for p, text in enumerate(passages) for s, e in split_sentences(text)]
        if not sents:
            return []
        texts = [passages[p][s:e] for p, s, e in sents]
        qvec = self.embedder.encode([question])[0] if query_vector is None else query_vector
        dense = self.sentences.encode(texts) @ qvec
        terms = set(info.terms)
        lex = np.array([len(terms & set(tokenize(t))) / max(1, len(terms)) for t in texts])
        sent_scores = 0.5 * np.clip(dense, 0, 1) + 0.5 * lex
        if choices:  # an alternative question: its options' occurrences, ranked by their sentence
            pattern = option_pattern(choices)
            options = [ReaderSpan(p, s + m.start(), s + m.end(), float(sent_scores[i]), 0.0)
                       for i, (p, s, _) in enumerate(sents) for m in pattern.finditer(texts[i])]
            if options:
                return sorted(options, key=lambda sp: -sp.score)[:top_n]
        spans: list[ReaderSpan] = []
        for i in np.argsort(-sent_scores)[: self.sentences_per_question]:
            p, s, _ = sents[i]
            for start, end, bonus in self._candidates(texts[i], info):
                start, end = _tight(texts[i], start, end)
                if end > start:
                    spans.append(ReaderSpan(p, s + start, s + end, float(sent_scores[i] + bonus), 0.0))
        spans.sort(key=lambda sp: -sp.score)
        return spans[:top_n]

    def _candidates(self, sentence: str, info: QuestionInfo) -> list[tuple[int, int, float]]:
        parse = parse_sentence(sentence, self.spacy_model)
        terms = set(info.terms)
        matched = [(s, e) for s, e, low, _ in parse.tokens if tokenize(low) and set(tokenize(low)) <= terms]
        found: list[tuple[int, int, float]] = []
        ents = [m for m in parse.entities
                if (not info.labels or m.label in info.labels) and not set(tokenize(sentence[m.start:m.end])) <= terms]
        for m in ents:
            person = 0.04 if info.kind == "who" and m.label == "PERSON" else 0.0
            found.append((m.start, m.end, 0.10 + person - min(50, _distance(m.start, m.end, matched)) * 0.004))
        for run in coordinated_runs(sentence, ents):
            bonus = 0.15 if info.wants_list or info.kind == "who" else 0.05
            found.append((run[0], run[1], bonus))
        if info.kind == "who":
            people = [m for m in ents if m.label == "PERSON"]
            if len(people) >= 2 and " and " in sentence[people[0].end:people[-1].start]:
                found.append((_title_start(sentence, people[0].start), people[-1].end, 0.12))
        clause = _clause(sentence, matched)
        if clause:
            found.append((clause[0], clause[1], 0.04 if not info.labels else -0.05))
        if not found:
            found.append((0, len(sentence.rstrip(". ")), -0.1))
        return found


def _tight(sentence: str, start: int, end: int) -> tuple[int, int]:
    """``qa.text.trim_span``, and no leading full stop: a clause cut after one starts after it."""
    start, end = trim_span(sentence, start, end)
    while start < end and sentence[start] == ".":
        start += 1
    return trim_span(sentence, start, end)


def _distance(start: int, end: int, matched: list[tuple[int, int]]) -> int:
    if not matched:
        return 50
    return min(max(0, ms - end, start - me) for ms, me in matched)


def _title_start(sentence: str, start: int) -> int:
    """Include an honorific (Mr., Ms., Dr., ...) directly before a name."""
    match = HONORIFIC_BEFORE.search(sentence[:start])
    return match.start() if match else start


def _clause(sentence: str, matched: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The text after the last question word in the sentence (else before the first), trimmed."""
    if not matched:
        return None
    tail_start = matched[-1][1]
    tail = sentence[tail_start:]
    trimmed = _LEAD_TRIM.sub("", tail)
    start = tail_start + (len(tail) - len(trimmed))
    end = start + len(_TAIL_TRIM.sub("", trimmed))
    if end - start >= 3:
        return start, end
    head = _TAIL_TRIM.sub("", sentence[: matched[0][0]])
    return (0, len(head)) if len(head) >= 3 else None
