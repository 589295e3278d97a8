"""Ingest benchmark: the real indexing pipeline next to raw ``model.encode`` on the same chunks.

Why both: embedding dominates ingest, so chunks/s alone says little; the ratio between the
pipeline (read files → chunk → embed → write FAISS/BM25/checksums) and the model's own
throughput on the very same chunk texts isolates the pipeline's overhead. The model is
loaded once before timing (load cost belongs to the cold-start section, not to ingest).

The raw encode is split around the pipeline (even-numbered chunks before it, odd-numbered
after it) so that a change in background load during the run weighs on both sides alike.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa.bench.stats import cpu_snapshot, ratio, tree_size
from qa.bench.textgen import generate_doc
from qa.embedding import Embedder
from qa.settings import Settings

STAMP = ".bench-corpus.json"


class TimingEmbedder:
    """Delegates to an embedder and adds up the time spent inside ``encode`` (same work, timed)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.encode_s = 0.0
        self.encoded = 0

    def warm_up(self) -> None:
        self.inner.warm_up()

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def max_seq_length(self) -> int:
        return self.inner.max_seq_length

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def encode(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        started = time.perf_counter()
        out = self.inner.encode(texts, batch_size=batch_size, progress=progress)
        self.encode_s += time.perf_counter() - started
        self.encoded += len(texts)
        return out


def raw_encode(embedder: Embedder, texts: list[str], batch_size: int) -> float:
    """Seconds for the bare model call (sentence-transformers ``encode``) on ``texts``."""
    model = getattr(embedder, "model", None)
    started = time.perf_counter()
    if model is not None and hasattr(model, "encode"):
        model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                     show_progress_bar=False)
    else:  # the hashing test embedder has no separate model
        embedder.encode(texts, batch_size=batch_size)
    return time.perf_counter() - started


def label(n: int) -> str:
    """1000 → '1k', 1_000_000 → '1M' (used in folder names and report rows)."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    if n >= 1000 and n % 100 == 0:
        return f"{n / 1000:g}k"
    return str(n)


def chunks_per_doc(settings: Settings, embedder: Embedder, seed: int, sample: int = 12) -> float:
    """Average chunks per generated release with the real chunker (sizes the corpora)."""
    from qa.documents import make_document
    from qa.indexing import Indexer

    chunker = Indexer(settings, embedder).chunker
    counts = [len(chunker.chunk(make_document(d.name, d.text)))
              for d in (generate_doc(seed, 10_000_000 + i) for i in range(sample))]
    return max(1.0, sum(counts) / len(counts))


def write_corpus(folder: Path, seed: int, n_docs: int) -> None:
    """Release files ``0..n_docs-1`` in ``folder``; reused when a previous run wrote the same set."""
    stamp = folder / STAMP
    wanted = {"seed": seed, "docs": n_docs, "generator": 1}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("release-*.txt"):
        old.unlink()
    for i in range(n_docs):
        doc = generate_doc(seed, i)
        (folder / doc.name).write_text(doc.text, encoding="utf-8")
    stamp.write_text(json.dumps(wanted))


@contextmanager
def _timed_write_index(box: list[float]) -> Iterator[None]:
    """Time ``write_index`` as the Indexer calls it (FAISS + BM25 + JSONL + checksums + fsync)."""
    from qa import indexing

    original = indexing.write_index

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            box[0] += time.perf_counter() - started

    indexing.write_index = wrapper  # type: ignore[assignment]
    try:
        yield
    finally:
        indexing.write_index = original  # type: ignore[assignment]


@dataclass
class IngestResult:
    """One corpus size: what was built where, and the figures for the report."""

    label: str
    corpus_dir: Path
    index_dir: Path
    figures: dict[str, Any]
    chunk_texts: list[str]


def run_ingest(work: Path, target_chunks: int, settings_base: Settings, embedder: Embedder, seed: int,
               per_doc: float, log: Any = print) -> IngestResult:
    """Generate a corpus of about ``target_chunks`` chunks; raw encode / pipeline / raw encode on its chunks."""
    from qa.assistant import Assistant
    from qa.documents import load_corpus
    from qa.indexing import Indexer

    name = label(target_chunks)
    corpus_dir, index_dir = work / f"corpus-{name}", work / f"index-{name}"
    n_docs = max(1, math.ceil(target_chunks / per_doc))
    write_corpus(corpus_dir, seed, n_docs)
    settings = settings_base.model_copy(update={"corpus_dir": corpus_dir, "index_dir": index_dir})
    documents, skipped = load_corpus(corpus_dir)
    chunker = Indexer(settings, embedder).chunker
    texts = [c.text for d in documents for c in chunker.chunk(d)]
    log(f"ingest {name}: raw model.encode on half of its {len(texts)} chunks (before the pipeline)")
    cpu = [cpu_snapshot()]
    raw_before = raw_encode(embedder, texts[0::2], settings.embed_batch_size)
    cpu.append(cpu_snapshot())
    timing = TimingEmbedder(embedder)
    assistant = Assistant(settings, embedder=timing)
    log(f"ingest {name}: {n_docs} documents → index (pipeline)")
    write_s = [0.0]
    started = time.perf_counter()
    documents, skipped = load_corpus(corpus_dir)
    read_s = time.perf_counter() - started
    with _timed_write_index(write_s):
        report = assistant.index(rebuild=True, documents=documents, skipped=skipped)
    total_s = time.perf_counter() - started
    cpu.append(cpu_snapshot())
    chunks = report.chunks
    indexed = [c.text for c in assistant.state.index.chunks]
    if indexed != texts:
        raise RuntimeError("the pipeline's chunks differ from the chunker's: raw and pipeline would not compare")
    log(f"ingest {name}: {chunks} chunks in {total_s:.1f}s; raw model.encode on the other half")
    raw_s = raw_before + raw_encode(embedder, texts[1::2], settings.embed_batch_size)
    cpu.append(cpu_snapshot())
    walls = [raw_before, total_s, raw_s - raw_before]
    others = [round(max(0.0, (b[0] - a[0]) - (b[1] - a[1])) / w, 2) if w else 0.0
              for a, b, w in zip(cpu, cpu[1:], walls)]
    pipeline_cps, raw_cps = chunks / total_s, chunks / raw_s
    figures = {
        "documents": n_docs, "chunks": chunks, "pipeline_s": round(total_s, 3),
        "pipeline_chunks_per_s": round(pipeline_cps, 2), "raw_encode_s": round(raw_s, 3),
        "raw_encode_chunks_per_s": round(raw_cps, 2), "ratio_pipeline_vs_raw": ratio(pipeline_cps, raw_cps),
        "raw_encode_split_s": [round(raw_before, 3), round(raw_s - raw_before, 3)],
        "breakdown_s": {"read_corpus": round(read_s, 3), "embed_in_pipeline": round(timing.encode_s, 3),
                        "write_index": round(write_s[0], 3),
                        "chunking_and_rest": round(total_s - read_s - timing.encode_s - write_s[0], 3)},
        "ratio_embed_share_of_pipeline": ratio(timing.encode_s, total_s),
        "other_processes_cores": {"raw_before": others[0], "pipeline": others[1], "raw_after": others[2]},
        "avg_chunk_chars": round(sum(map(len, texts)) / max(1, len(texts)), 1),
        "chunk_chars_over_doc_chars": ratio(sum(map(len, texts)), sum(len(d.text) for d in documents)),
        "index_bytes": tree_size(_version_dir(index_dir)),
        "embed_batch_size": settings.embed_batch_size,
    }
    return IngestResult(name, corpus_dir, index_dir, figures, texts)


def _version_dir(index_dir: Path) -> Path:
    from qa.index_store import current_version

    folder = current_version(index_dir)
    assert folder is not None
    return folder
