"""Scale benchmark: a 1M-chunk index from synthetic vectors, and a synthetic chunk store for it.

Why synthetic: embedding 1M real chunks takes hours on 2 cores. The vectors are made from
the real chunk embeddings of the ingested corpus (each one a normalised mix of two real
vectors plus Gaussian noise), so they keep the anisotropic, clustered shape of real
MiniLM vectors; uniformly random vectors would make every ANN index look worse than it
is on text. Queries are real question embeddings. Recall@10 is measured against exact
inner-product search over the same synthetic vectors.

The chunk store for this index is synthesised in :mod:`qa.bench.store`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from qa.bench.stats import percentiles
from qa.vectors import build_faiss, search, write_faiss


def synth_vectors(base: np.ndarray, n: int, seed: int, mix: tuple[float, float] = (0.2, 0.7),
                  noise: float = 0.35, block: int = 100_000) -> np.ndarray:
    """``n`` unit vectors: base[i] + w·base[j] + noise, normalised (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    base = np.ascontiguousarray(base, dtype=np.float32)
    d = base.shape[1]
    out = np.empty((n, d), dtype=np.float32)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        i = rng.integers(0, len(base), hi - lo)
        j = rng.integers(0, len(base), hi - lo)
        w = rng.uniform(*mix, size=(hi - lo, 1)).astype(np.float32)
        v = base[i] + w * base[j] + rng.standard_normal((hi - lo, d), dtype=np.float32) * (noise / np.sqrt(d))
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out[lo:hi] = v
    return out


def exact_topk(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Row ids of the exact top-``k`` inner products (brute force, no copy of ``vectors``)."""
    import faiss

    _, ids = faiss.knn(np.ascontiguousarray(queries, dtype=np.float32), vectors, k,
                       metric=faiss.METRIC_INNER_PRODUCT)
    return np.asarray(ids)


def recall_at(found: list[np.ndarray], exact: np.ndarray, k: int) -> float:
    """Mean share of the exact top-``k`` present in the returned top-``k``."""
    hits = [len(set(f[:k].tolist()) & set(e[:k].tolist())) / k for f, e in zip(found, exact)]
    return round(float(np.mean(hits)), 4) if hits else 0.0


def search_latency(index: Any, queries: np.ndarray, k: int) -> tuple[dict[str, float], list[np.ndarray]]:
    """Single-query ``qa.vectors.search`` latency (as retrieval calls it) and the ids it returned."""
    times: list[float] = []
    found: list[np.ndarray] = []
    search(index, queries[0], k)  # first call pays one-off set-up
    for q in queries:
        started = time.perf_counter()
        _, ids = search(index, q, k)
        times.append(time.perf_counter() - started)
        found.append(ids)
    return percentiles(times), found


def describe_index(index: Any) -> dict[str, Any]:
    """Type and search parameters of a FAISS index, for the report."""
    import faiss

    out: dict[str, Any] = {"type": type(index).__name__, "ntotal": int(index.ntotal)}
    base = faiss.downcast_index(index.base_index) if hasattr(index, "base_index") else index
    if hasattr(index, "k_factor"):
        out["refine_k_factor"] = float(index.k_factor)
        out["base"] = type(base).__name__
    ivf = faiss.try_extract_index_ivf(base) if hasattr(faiss, "try_extract_index_ivf") else None
    if ivf is not None:
        out.update(nlist=int(ivf.nlist), nprobe=int(ivf.nprobe))
    if hasattr(base, "hnsw"):
        out.update(M=int(base.hnsw.nb_neighbors(1)), efSearch=int(base.hnsw.efSearch))
    return out


def run_index_scale(base: np.ndarray, queries: np.ndarray, n: int, seed: int, k_search: int, scratch: Path,
                    log: Callable[[str], None] = print) -> tuple[dict[str, Any], np.ndarray, Any]:
    """Synthetic ``n``-vector index built by the production ``build_faiss``: build time, latency, recall."""
    started = time.perf_counter()
    vectors = synth_vectors(base, n, seed)
    synth_s = time.perf_counter() - started
    log(f"scale {n}: {synth_s:.1f}s to synthesise vectors; exact top-10 for {len(queries)} queries")
    started = time.perf_counter()
    exact = exact_topk(vectors, queries, 10)
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    index = build_faiss(vectors, vectors.shape[1])
    build_s = time.perf_counter() - started
    log(f"scale {n}: production index built in {build_s:.1f}s; timing searches")
    latency, found = search_latency(index, queries, k_search)
    write_faiss(index, scratch)
    size = scratch.stat().st_size
    scratch.unlink()
    figures = {"vectors": n, "synthesise_s": round(synth_s, 2), "build_s": round(build_s, 2),
               "exact_search_all_queries_s": round(exact_s, 2), "index": {**describe_index(index), "file_bytes": size},
               "search": latency, "recall_at_10": recall_at(found, exact, 10),
               "top1_similarity_mean": round(float(np.mean([queries[i] @ vectors[exact[i, 0]]
                                                              for i in range(len(queries))])), 4)}
    return figures, vectors, index
