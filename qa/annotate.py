"""Linguistic annotation (named entities, noun chunks) with a spaCy pipeline.

The pipeline name is configurable (``QA_SPACY_MODEL``); the default is the offline
PyPI build of en_core_web_sm 3.8.0. Results are cached per sentence text, so a
sentence is parsed once however often it is retrieved.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from qa.errors import ModelLoadError

_lock = threading.Lock()


@dataclass(frozen=True)
class Mention:
    """A labelled span of a sentence: an entity (label) or a noun chunk (label ``NP``)."""

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class SentenceParse:
    entities: tuple[Mention, ...]
    noun_chunks: tuple[Mention, ...]
    tokens: tuple[tuple[int, int, str, str], ...]  # (start, end, lower, pos)
    coordinations: tuple[tuple[int, int], ...] = ()  # spans of coordinated phrases ("A, B and C")
    tags: tuple[str, ...] = ()  # fine-grained (Penn) tag of each token: "NNS" marks a plural noun
    heads: tuple[int, ...] = ()  # each token's syntactic head (its index; a root is its own head)
    deps: tuple[str, ...] = ()  # each token's dependency label ("nsubj", "dobj", …)

    def roots(self, start: int, end: int) -> list[int]:
        """The tokens within ``[start, end)`` whose head lies outside it: the span's top words."""
        inside = [i for i, token in enumerate(self.tokens) if token[0] >= start and token[1] <= end]
        return [i for i in inside if self.heads[i] == i or self.heads[i] not in inside]


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Any:
    try:
        import spacy

        return spacy.load(name, disable=["lemmatizer"])
    except Exception as exc:
        raise ModelLoadError(f"could not load spaCy pipeline '{name}' ({exc}); set QA_SPACY_MODEL "
                             "to an installed pipeline such as en_core_web_sm") from exc


@lru_cache(maxsize=20000)
def parse_sentence(text: str, pipeline: str) -> SentenceParse:
    """Entities, noun chunks and tokens of one sentence (cached)."""
    nlp = load_pipeline(pipeline)
    with _lock:  # spaCy pipelines are not documented as thread-safe
        doc = nlp(text)
    entities = tuple(Mention(e.label_, e.start_char, e.end_char) for e in doc.ents)
    chunks = tuple(Mention("NP", c.start_char, c.end_char) for c in doc.noun_chunks)
    tokens = tuple((t.idx, t.idx + len(t.text), t.lower_, t.pos_) for t in doc)
    coordinations = tuple(
        (t.left_edge.idx, max(c.right_edge.idx + len(c.right_edge.text) for c in (t, *t.conjuncts)))
        for t in doc if t.conjuncts and t.dep_ != "conj" and (t.pos_ in ("NOUN", "PROPN", "NUM") or t.tag_ == "VBG"))
    return SentenceParse(entities, chunks, tokens, coordinations, tags=tuple(t.tag_ for t in doc),
                         heads=tuple(t.head.i for t in doc), deps=tuple(t.dep_ for t in doc))
