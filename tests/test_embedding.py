"""The sentence-vector cache: a passage's sentences are embedded once, whatever asks for them."""

from __future__ import annotations

import numpy as np
import pytest

from qa.embedding import CachedEncoder, HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        super().__init__(dimension=16)
        self.encoded: list[str] = []

    def encode(self, texts, batch_size: int = 64, progress: bool = False) -> np.ndarray:  # type: ignore[override]
        self.encoded.extend(texts)
        return super().encode(texts, batch_size, progress)


def test_rows_follow_the_texts_and_each_text_is_encoded_once() -> None:
    embedder = CountingEmbedder()
    cache = CachedEncoder(embedder)
    first = cache.encode(["a harbour", "a port", "a harbour"])
    again = cache.encode(["a port", "a harbour"])
    assert embedder.encoded == ["a harbour", "a port"]
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_array_equal(again, first[[1, 0]])
    np.testing.assert_array_equal(again[0], HashingEmbedder(dimension=16).encode(["a port"])[0])


def test_the_least_recently_used_text_is_dropped_beyond_the_size() -> None:
    embedder = CountingEmbedder()
    cache = CachedEncoder(embedder, size=2)
    cache.encode(["one", "two"])
    cache.encode(["one"])  # "two" is now the oldest
    cache.encode(["three"])
    cache.encode(["one", "two"])
    assert embedder.encoded == ["one", "two", "three", "two"]  # "one" was used again, so kept


def test_no_texts_give_an_empty_matrix_of_the_right_width() -> None:
    assert CachedEncoder(HashingEmbedder(dimension=16)).encode([]).shape == (0, 16)


def test_a_size_below_one_is_refused_with_the_value() -> None:
    with pytest.raises(ValueError, match="got 0"):
        CachedEncoder(HashingEmbedder(), size=0)
