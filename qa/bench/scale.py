"""Scale benchmark: a 1M-chunk index from synthetic vectors, and a synthetic chunk store for it.

Why synthetic: embedding 1M real chunks takes hours on 2 cores. The vectors are made from
the real chunk embeddings of the ingested corpus (each one a normalised mix of two real
vectors plus Gaussian noise), so they keep the anisotropic, clustered shape of real
MiniLM vectors; uniformly random vectors would make every ANN index look worse than it
is on text. Queries are real question embeddings. Recall@10 is measured against exact
inner-product search over the same synthetic vectors.

The chunk store (documents, chunks, BM25) is generated text of the same chunk size and
overlap as the real chunker produces, written by the production ``write_index`` so that
``load_index`` and the server load exactly what they would load for a real 1M-chunk index.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from qa.bench.stats import percentiles
from qa.bench.textgen import generate_doc
from qa.schemas import Chunk, Document
from qa.vectors import build_faiss, search, write_faiss

_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


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


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    for line in _LINE.finditer(text):
        start = line.start()
        for cut in _SENTENCE_END.finditer(line.group()):
            yield start, line.start() + cut.start()
            start = line.start() + cut.end()
        if line.end() > start:
            yield start, line.end()


def fast_chunks(doc: Document, first_id: int, target_chars: int, overlap_chars: int) -> list[Chunk]:
    """Sentence-packed chunks of about ``target_chars`` with whole-sentence overlap (no tokenizer)."""
    spans = list(_sentence_spans(doc.text))
    chunks: list[Chunk] = []
    i = 0
    while i < len(spans):
        j = i + 1
        while j < len(spans) and spans[j][1] - spans[i][0] <= target_chars:
            j += 1
        s, e = spans[i][0], spans[j - 1][1]
        chunks.append(Chunk(chunk_id=first_id + len(chunks), doc_id=doc.doc_id, start=s, end=e, text=doc.text[s:e]))
        if j >= len(spans):
            break
        k = j
        while k - 1 > i and spans[j - 1][1] - spans[k - 1][0] <= overlap_chars:
            k -= 1
        i = k
    return chunks


@contextmanager
def _prebuilt_faiss(index: Any) -> Iterator[None]:
    """Let ``write_index`` store the index just built and measured instead of building it twice."""
    import qa.index_store as store

    original = store.build_faiss
    store.build_faiss = lambda vectors, dimension: index  # type: ignore[assignment]
    try:
        yield
    finally:
        store.build_faiss = original  # type: ignore[assignment]


def build_store(index_dir: Path, n: int, seed: int, vectors: np.ndarray, faiss_index: Any,
                fingerprint: dict[str, Any], target_chars: int, overlap_chars: int,
                log: Callable[[str], None] = print) -> dict[str, Any]:
    """Write an ``n``-chunk index (generated releases, synthetic vectors) with ``write_index``."""
    from qa.documents import make_document
    from qa.index_store import write_index

    stamp = index_dir / ".bench-store.json"
    wanted = {"n": n, "seed": seed, "target_chars": target_chars, "overlap_chars": overlap_chars,
              "fingerprint": fingerprint, "index": describe_index(faiss_index)["type"], "generator": 1}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        log(f"store {n}: reusing {index_dir}")
        return {"reused": True}
    started = time.perf_counter()
    documents: list[Document] = []
    chunks: list[Chunk] = []
    i = 0
    while len(chunks) < n:
        gen = generate_doc(seed, i)
        doc = make_document(gen.name, gen.text)
        documents.append(doc)
        chunks.extend(fast_chunks(doc, len(chunks), target_chars, overlap_chars))
        i += 1
    del chunks[n:]
    gen_s = time.perf_counter() - started
    log(f"store {n}: {len(documents)} documents, {len(chunks)} chunks generated in {gen_s:.1f}s; writing")
    started = time.perf_counter()
    with _prebuilt_faiss(faiss_index):
        write_index(index_dir, documents, chunks, vectors, fingerprint)
    write_s = time.perf_counter() - started
    stamp.write_text(json.dumps(wanted))
    return {"reused": False, "documents": len(documents), "chunks": len(chunks), "generate_s": round(gen_s, 2),
            "write_index_s": round(write_s, 2),
            "avg_chunk_chars": round(sum(len(c.text) for c in chunks) / len(chunks), 1)}
