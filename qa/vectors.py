"""The dense vector index (FAISS, inner product over normalised vectors = cosine).

Index choice by collection size (measured on 2 cores, 384-d vectors shaped like MiniLM's;
``qa bench`` re-measures the chosen index, with recall against exact search, every run):

- below ``ANN_THRESHOLD`` (100k) vectors: exact ``IndexFlatIP``. No training, exact
  results; one query costs ~0.13 ms per 1k vectors on one core (7 ms at 50k, 14 ms at
  100k, 26 ms at 200k, 50 ms at 400k), so up to 100k it costs no more than embedding the
  question, and above it grows without bound.
- from ``ANN_THRESHOLD`` up: IVF with 8-bit scalar-quantised codes (``IVF{nlist},SQ8``),
  ``nlist`` = the power of two nearest √n, k-means on 40 vectors per list (10 iterations),
  ``nprobe`` = max(64, nlist/8). At 1M vectors (nlist 1024, nprobe 128): ~4 ms per query,
  recall@10 0.97 against exact search, ~380 MiB in memory (a quarter of the float
  vectors), built in ~20 s. With nlist 2048 the same recall needed nprobe 256 (4.8 ms)
  and twice the build time; nprobe 64 there gave only 0.92. SQ8 costs ~1 point of recall
  against IVF-Flat at equal nprobe, for a quarter of the memory.

Rejected: HNSW32 (efConstruction 80) built at ~1k vectors/s (194 s for 200k, so ~17 min
for 1M), reached recall@10 0.96 at efSearch 128, and keeps the float vectors plus the graph
in memory (345 MiB at 200k, ~1.7 GiB at 1M); IVF-PQ48 with SQ8 re-ranking took 248 s to
train at 200k (vs 17 s for IVF-SQ8) and is no smaller once the re-ranking codes are kept
(86 vs 76 MiB at 200k). Indexes written by older versions (``IndexHNSWFlat``) still load.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

ANN_THRESHOLD = 100_000
HNSW_THRESHOLD = ANN_THRESHOLD  # former name, kept for callers that read it
IVF_TRAIN_PER_LIST = 40
IVF_KMEANS_ITERATIONS = 10
IVF_MIN_NPROBE = 64
IVF_PROBE_DIVISOR = 8
HNSW_EF_SEARCH = 128
TRAIN_SEED = 1234


def ivf_nlist(n: int) -> int:
    """Inverted lists for ``n`` vectors: the power of two nearest √n, within [256, 65536]."""
    target = math.sqrt(max(n, 1))
    return int(min(65536, max(256, 2 ** round(math.log2(target)))))


def ivf_nprobe(nlist: int) -> int:
    """Lists visited per query: an eighth of them (at least 64), recall@10 ≈ 0.97 at 1M (bench-measured)."""
    return int(min(nlist, max(IVF_MIN_NPROBE, nlist // IVF_PROBE_DIVISOR)))


def build_faiss(vectors: np.ndarray, dimension: int) -> Any:
    """A FAISS index over ``vectors`` (rows = chunk ids), chosen by collection size."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n = len(vectors)
    if n >= ANN_THRESHOLD:
        nlist = ivf_nlist(n)
        index = faiss.index_factory(dimension, f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = IVF_KMEANS_ITERATIONS
        index.cp.seed = TRAIN_SEED
        rng = np.random.default_rng(TRAIN_SEED)
        sample = np.sort(rng.choice(n, size=min(n, IVF_TRAIN_PER_LIST * nlist), replace=False))
        index.train(vectors[sample])
        index.nprobe = ivf_nprobe(nlist)
    else:
        index = faiss.IndexFlatIP(dimension)
    if n:
        index.add(vectors)
    return index


def write_faiss(index: Any, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def read_faiss(path: Path) -> Any:
    """Load an index and apply the current search parameters (they are policy, not data)."""
    import faiss

    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    ivf = faiss.try_extract_index_ivf(index)
    if ivf is not None:
        ivf.nprobe = ivf_nprobe(ivf.nlist)
    return index


def search(index: Any, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-``k`` (scores, row ids) for one query vector; ids of -1 (padding) removed."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
