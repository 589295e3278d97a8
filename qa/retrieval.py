"""Retrieval: dense (FAISS) and lexical (BM25) search, fused into one ranking.

Two fusions are offered: a weighted sum of cosine similarity and max-normalised BM25
(default; it keeps the *size* of each signal, which the abstention rule also uses) and
reciprocal rank fusion (``QA_FUSION=rrf``), which uses ranks only.
"""

from __future__ import annotations

import numpy as np

from qa.embedding import Embedder
from qa.index_store import LoadedIndex
from qa.schemas import RetrievedChunk
from qa.settings import Settings
from qa.vectors import search


def top_positive(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the ``k`` highest positive scores, ties by lower row: ``argsort(-s, stable)[:k]`` minus zeros.

    Why not that argsort: sorting every chunk's BM25 score costs ~80 ms per question at a
    million chunks, where a partition to the k-th value and a sort of what passes it costs ~5.
    """
    rows = np.flatnonzero(scores > 0)
    if len(rows) > k:
        kth = np.partition(scores[rows], len(rows) - k)[len(rows) - k]
        rows = rows[scores[rows] >= kth]  # every row tied with the k-th stays, so ties resolve as a full sort would
    order = np.argsort(-scores[rows], kind="stable")[:k]
    return rows[order]


class Retriever:
    """Hybrid retriever over one loaded index (read-only, safe to share across threads)."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings

    def embed_query(self, question: str) -> np.ndarray:
        return self.embedder.encode([question])[0]

    def retrieve(self, question: str, top_k: int, query_vector: np.ndarray | None = None,
                 allowed: np.ndarray | None = None) -> list[RetrievedChunk]:
        """The ``top_k`` best chunks for ``question``; ``allowed`` (chunk ids) applies filters first."""
        n = len(self.index.chunks)
        if n == 0 or (allowed is not None and len(allowed) == 0):
            return []
        vector = self.embed_query(question) if query_vector is None else query_vector
        pool = max(self.settings.candidate_k, top_k)
        if allowed is None:
            dense_scores, dense_ids = search(self.index.faiss_index, vector, min(n, pool))
        else:  # exact scores over the filtered rows: filters are applied before ranking
            sims = np.asarray(self.index.vectors[allowed], dtype=np.float32) @ vector
            order = np.argsort(-sims, kind="stable")[:pool]
            dense_scores, dense_ids = sims[order], allowed[order]
        dense = {int(i): float(s) for i, s in zip(dense_ids, dense_scores)}
        lexical_all = self.index.lexical.scores(question)
        if allowed is not None:
            mask = np.zeros(n, dtype=bool)
            mask[allowed] = True
            lexical_all = np.where(mask, lexical_all, 0.0)
        lexical = {int(i): float(lexical_all[i]) for i in top_positive(lexical_all, pool)}
        ids = set(dense) | set(lexical)
        missing = [i for i in ids if i not in dense]
        if missing:  # exact cosine for lexical-only hits, so every candidate has both signals
            sims = np.asarray(self.index.vectors[missing], dtype=np.float32) @ vector
            dense.update({i: float(s) for i, s in zip(missing, sims)})
        fused = self._fuse(ids, dense, lexical_all)
        ranked = sorted(ids, key=lambda i: (-fused[i], i))[:top_k]
        return [RetrievedChunk(chunk=self.index.chunks[i], score=fused[i], dense_score=dense.get(i),
                               lexical_score=float(lexical_all[i])) for i in ranked]

    def _fuse(self, ids: set[int], dense: dict[int, float], lexical: np.ndarray) -> dict[int, float]:
        if not ids:
            return {}
        if self.settings.fusion == "rrf":
            k = self.settings.rrf_k
            d_rank = {i: r for r, i in enumerate(sorted(ids, key=lambda i: -dense[i]))}
            l_rank = {i: r for r, i in enumerate(sorted(ids, key=lambda i: -lexical[i]))}
            return {i: 1.0 / (k + d_rank[i] + 1) + 1.0 / (k + l_rank[i] + 1) for i in ids}
        top_lex = max(float(lexical[i]) for i in ids) or 1.0
        w = self.settings.dense_weight
        return {i: w * max(0.0, dense[i]) + (1 - w) * float(lexical[i]) / top_lex for i in ids}
