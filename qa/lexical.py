"""Lexical search: BM25 over stemmed word tokens, with the ``bm25s`` library.

Dense vectors miss rare names and numbers; BM25 catches exact terms. The same
tokenizer is used for indexing, for queries and for the answer scorer's overlap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset("""a an and are as at be been being but by can could did do does doing for from had has have
having he her hers him his how i if in into is it its itself me more most my no nor not of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
yours s t about above after again against all any because before below between both during each few further here
just now many much""".split())


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lowercased, stemmed word tokens (stop words dropped unless asked)."""
    words = _WORD.findall(text.lower())
    return [_stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


class LexicalIndex:
    """BM25 scores for every chunk; persisted in a folder beside the FAISS file."""

    def __init__(self, retriever: Any) -> None:
        self._retriever = retriever
        self._vocab: dict[str, int] = dict(retriever.vocab_dict)

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25()
        retriever.index([tokenize(t) or [""] for t in texts], show_progress=False)
        return cls(retriever)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Memory-mapped: a query reads only its terms' postings, so a 1M-chunk BM25 index
        (~570 MB of score arrays) costs the server the pages it touches, not the whole file."""
        import bm25s

        return cls(bm25s.BM25.load(str(folder), mmap=True, show_progress=False, verbosity=0))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (zeros when no query term is known)."""
        tokens = [t for t in tokenize(query) if t in self._vocab]
        n = int(self._retriever.scores["num_docs"])
        if not tokens:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)
