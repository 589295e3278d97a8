"""A sharded index seen as one index: scatter to the shards, gather into global chunk ids.

Why this shape: :class:`qa.retrieval.Retriever` fuses dense and BM25 scores over a
candidate pool, normalising BM25 by the best candidate. Merging per-shard *answers* would
change both the pool and the normalisation, and per-shard BM25 uses per-shard IDF and
average lengths. So a :class:`ShardedIndex` presents the three things the retriever reads
(``faiss_index``, ``lexical``, ``vectors``) as adapters that fan out to the shards:

- dense: every shard's FAISS index is searched for top-k; the hits are merged by score
  (ties: higher global id first, as FAISS orders them). FAISS scores a vector independently
  of its neighbours, so the merged top-k is one flat index's top-k over the same vectors (shards
  above qa.vectors' ANN threshold are approximate, each on its own) —
  except which of several chunks with *exactly* equal float32 scores at the k-th place is
  kept, which FAISS decides by its heap's internals (no stable rule to mirror). Real
  embeddings practically never tie; the hashing test embedder sometimes does;
- lexical: each shard's chunks are scored with *collection-wide* BM25 statistics (document
  count, average length, document frequency summed over shards), with bm25s's own scoring
  functions, so every score is bit-for-bit the one a single index over all chunks gives;
- vectors: rows are gathered from the shards in the order asked, so a matrix product over
  them is the same product the unsharded retriever computes.

Fusion then runs once, unchanged, in the retriever. Global chunk ids order chunks by
(doc_id, position in the document), the order of a fresh unsharded build over a corpus
whose file order is its doc_id order; ids only matter to break exact score ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qa.index_store import DocumentEntry, LoadedIndex, Manifest
from qa.lexical import LexicalIndex, tokenize


class _ShardPostings:
    """One shard's BM25 matrix, computed with collection-wide statistics."""

    def __init__(self, token_ids: list[list[int]], vocab: dict[str, int]) -> None:
        self.token_ids = token_ids
        self.vocab = vocab
        self.local_df: dict[int, int] = {i: 0 for i in vocab.values()}
        for ids in token_ids:
            for i in set(ids):
                self.local_df[i] += 1
        self.data: np.ndarray = np.zeros(0, np.float32)
        self.indices: np.ndarray = np.zeros(0, np.int32)
        self.indptr: np.ndarray = np.zeros(1, np.int64)

    @classmethod
    def tokenize(cls, texts: Sequence[str]) -> _ShardPostings:
        vocab: dict[str, int] = {}
        token_ids = [[vocab.setdefault(t, len(vocab)) for t in (tokenize(text) or [""])] for text in texts]
        return cls(token_ids, vocab)

    def score_matrix(self, bm25: Any, global_df: dict[str, int], n_docs: int, avg_doc_len: np.float64) -> None:
        """Build the CSC score matrix exactly as ``bm25s.BM25.build_index_from_ids`` would, given global stats."""
        from bm25s.scoring import (
            _build_idf_array,
            _build_scores_and_indices_for_matrix,
            _select_idf_scorer,
        )

        idf = _build_idf_array({i: global_df[t] for t, i in self.vocab.items()}, n_docs=n_docs,
                               compute_idf_fn=_select_idf_scorer(bm25.idf_method), dtype=bm25.dtype)
        flat, rows, cols = _build_scores_and_indices_for_matrix(
            corpus_token_ids=self.token_ids, idf_array=idf, avg_doc_len=avg_doc_len,
            doc_frequencies=self.local_df, k1=bm25.k1, b=bm25.b, delta=bm25.delta, nonoccurrence_array=None,
            method=bm25.method, dtype=bm25.dtype, int_dtype=bm25.int_dtype, show_progress=False)
        data, self.indices, self.indptr = bm25._np_csc(data=flat, rows=rows, cols=cols,
                                                       shape=(len(self.token_ids), len(self.vocab)))
        self.data = data.astype(bm25.dtype)

    def scores(self, bm25: Any, tokens: list[str]) -> np.ndarray:
        ids = [self.vocab[t] for t in tokens if t in self.vocab]
        if not ids:
            return np.zeros(len(self.token_ids), dtype=np.float32)
        return np.asarray(bm25._compute_relevance_from_scores(
            data=self.data, indptr=self.indptr, indices=self.indices, num_docs=len(self.token_ids),
            query_tokens_ids=np.asarray(ids, dtype=np.dtype(bm25.int_dtype)), dtype=np.dtype(bm25.dtype)),
            dtype=np.float32)


class GlobalStatBM25(LexicalIndex):
    """BM25 over all shards with one set of statistics: ``scores`` equals a single index's scores."""

    def __init__(self, shard_texts: Sequence[Sequence[str]], gids: Sequence[np.ndarray], n_total: int) -> None:
        import bm25s

        self._bm25 = bm25s.BM25()  # the parameters LexicalIndex.build uses
        if self._bm25.method in self._bm25.methods_requiring_nonoccurrence:
            raise NotImplementedError(f"BM25 variant {self._bm25.method} is not supported across shards")
        self._shards = [_ShardPostings.tokenize(texts) for texts in shard_texts]
        self._gids = list(gids)
        self._n = n_total
        df: dict[str, int] = {}
        total_len = 0
        for shard in self._shards:
            total_len += sum(len(ids) for ids in shard.token_ids)
            for token, i in shard.vocab.items():
                df[token] = df.get(token, 0) + shard.local_df[i]
        avg = np.float64(total_len) / n_total if n_total else np.float64(0.0)  # == np.mean over all lengths
        for shard in self._shards:
            if shard.token_ids:
                shard.score_matrix(self._bm25, df, n_total, avg)
        self._vocab = {t: 0 for t in df}

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk, in global chunk id order."""
        out = np.zeros(self._n, dtype=np.float32)
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens:
            return out
        for shard, gids in zip(self._shards, self._gids):
            out[gids] = shard.scores(self._bm25, tokens)
        return out

    def save(self, folder: Any) -> None:
        raise NotImplementedError("a sharded index is written shard by shard (qa.sharding)")


class ShardedFaiss:
    """The FAISS ``search`` interface over all shards; returns global ids, merged by (score, id)."""

    def __init__(self, parts: Sequence[LoadedIndex], gids: Sequence[np.ndarray], dimension: int) -> None:
        self._parts = list(parts)
        self._gids = list(gids)
        self.ntotal = sum(int(p.faiss_index.ntotal) for p in parts)
        self.d = dimension

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.d)
        found_s: list[np.ndarray] = []
        found_i: list[np.ndarray] = []
        for part, gids in zip(self._parts, self._gids):
            kk = min(k, int(part.faiss_index.ntotal))
            if kk <= 0:
                continue
            scores, ids = part.faiss_index.search(queries, kk)
            found_s.append(scores)
            found_i.append(np.where(ids >= 0, gids[np.maximum(ids, 0)], -1))
        out_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
        out_i = np.full((len(queries), k), -1, dtype=np.int64)
        if not found_s:
            return out_s, out_i
        all_s, all_i = np.concatenate(found_s, axis=1), np.concatenate(found_i, axis=1)
        for q in range(len(queries)):
            valid = all_i[q] >= 0
            s, i = all_s[q][valid], all_i[q][valid]
            best = np.lexsort((-i, -s))[:k]  # ties: higher id first, the order FAISS itself returns them in
            out_s[q, :len(best)], out_i[q, :len(best)] = s[best], i[best]
        return out_s, out_i


class ShardedVectors:
    """Read-only ``vectors[rows]`` over all shards, rows in global ids, gathered in the order given."""

    def __init__(self, parts: Sequence[LoadedIndex], part_of: np.ndarray, local_of: np.ndarray,
                 dimension: int) -> None:
        self._parts = list(parts)
        self._part_of = part_of
        self._local_of = local_of
        self.shape = (len(part_of), dimension)
        self.ndim = 2
        self.dtype = np.dtype(np.float32)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: Any) -> np.ndarray:
        if isinstance(rows, (int, np.integer)):
            return self[[int(rows)]][0]
        rows = np.arange(self.shape[0])[rows] if isinstance(rows, slice) else np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows), self.shape[1]), dtype=np.float32)
        parts = self._part_of[rows]
        for p in np.unique(parts):
            sel = parts == p
            out[sel] = np.asarray(self._parts[int(p)].vectors[self._local_of[rows[sel]]], dtype=np.float32)
        return out

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        full = self[slice(None)]
        return full if dtype is None else full.astype(dtype)


@dataclass
class ShardedIndex(LoadedIndex):
    """A LoadedIndex whose search structures fan out to shard indexes (see the module docstring)."""

    parts: list[LoadedIndex] = field(default_factory=list)
    part_names: list[str] = field(default_factory=list)

    @classmethod
    def from_parts(cls, parts: Sequence[LoadedIndex], names: Sequence[str], fingerprint: dict[str, Any],
                   duplicates: dict[str, str], created_at: str) -> ShardedIndex:
        """Assign global ids by (doc_id, position) and build the fan-out adapters."""
        order = sorted((chunk.doc_id, p, r) for p, part in enumerate(parts) for r, chunk in enumerate(part.chunks))
        n = len(order)
        part_of = np.array([p for _, p, _ in order], dtype=np.int32)
        local_of = np.array([r for _, _, r in order], dtype=np.int64)
        gids = [np.empty(len(part.chunks), dtype=np.int64) for part in parts]
        for g, (_, p, r) in enumerate(order):
            gids[p][r] = g
        chunks = [parts[p].chunks[r].model_copy(update={"chunk_id": g}) for g, (_, p, r) in enumerate(order)]
        documents = dict(sorted((d, doc) for part in parts for d, doc in part.documents.items()))
        entries: dict[str, DocumentEntry] = {}
        for part in parts:
            entries.update(part.manifest.documents)
        dimension = int(fingerprint["dimension"])
        manifest = Manifest(created_at=created_at, fingerprint=fingerprint, dimension=dimension, n_chunks=n,
                            documents=dict(sorted(entries.items())), duplicates=duplicates,
                            versions=parts[0].manifest.versions if parts else {}, checksums={})
        return cls(manifest=manifest, documents=documents, chunks=chunks,
                   vectors=ShardedVectors(parts, part_of, local_of, dimension),  # type: ignore[arg-type]
                   faiss_index=ShardedFaiss(parts, gids, dimension),
                   lexical=GlobalStatBM25([[c.text for c in part.chunks] for part in parts], gids, n),
                   parts=list(parts), part_names=list(names))
