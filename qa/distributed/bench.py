"""Ingest throughput of the Ray engine with 1 and 2 local embedding workers.

Run: ``python -m qa.distributed.bench --docs 300 --rounds 2`` (needs the ``ray`` extra). Why it
exists: the cluster estimate in ``qa/distributed/README.md`` scales a *measured* per-worker rate,
so the rate must be reproducible on any machine. Every run is a full rebuild of fresh generated
press releases with the real model; Ray's start-up is paid once, outside the timed runs.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from qa.distributed.synthetic import write_press_releases
from qa.settings import DEFAULT_MODEL, Settings


def measure(corpus: Path, index_dir: Path, workers: int, shards: int, model: str) -> dict[str, Any]:
    """One timed full build on the current Ray session."""
    from qa.distributed.ingest import build_with_ray

    settings = Settings(corpus_dir=corpus, index_dir=index_dir, embed_model=model)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    report = build_with_ray(settings, shards=shards, rebuild=True, workers=workers, timings=timings)
    total = time.perf_counter() - started
    return {"engine": f"ray, {workers} worker(s)", "docs": len(report.added), "chunks": report.chunks,
            "total_s": total, "parse_s": timings.get("parse_and_plan", 0.0), "chunk_s": timings.get("chunk", 0.0),
            "embed_write_s": timings.get("embed_and_write", 0.0),
            "docs_per_s": len(report.added) / total, "chunks_per_s": report.chunks / total,
            "embed_chunks_per_s": report.chunks / max(timings.get("embed_and_write", 0.0), 1e-9),
            "load": os.getloadavg()[0]}


def measure_local(corpus: Path, index_dir: Path, shards: int, model: str) -> dict[str, Any]:
    """The single-process engine on the same corpus, for comparison."""
    from qa.documents import load_corpus
    from qa.embedding import make_embedder
    from qa.sharding import ShardAwareIndexer, build_local

    settings = Settings(corpus_dir=corpus, index_dir=index_dir, embed_model=model)
    started = time.perf_counter()
    documents, skipped = load_corpus(corpus)
    _, report = build_local(ShardAwareIndexer(settings, make_embedder(model)), documents, skipped, shards, rebuild=True)
    total = time.perf_counter() - started
    return {"engine": "local (1 process)", "docs": len(report.added), "chunks": report.chunks, "total_s": total,
            "parse_s": float("nan"), "chunk_s": float("nan"), "embed_write_s": float("nan"), "docs_per_s": len(report.added) / total,
            "chunks_per_s": report.chunks / total, "embed_chunks_per_s": float("nan"), "load": os.getloadavg()[0]}


def measure_model(corpus: Path, model: str, chunks: int = 300) -> list[str]:
    """Pure encode rate of one embedding worker (1 and 2 torch threads): the per-worker rate to scale by K."""
    import torch

    from qa.documents import load_corpus
    from qa.embedding import make_embedder
    from qa.indexing import Indexer

    indexer = Indexer(Settings(corpus_dir=corpus, embed_model=model), make_embedder(model))
    texts = [c.text for d in load_corpus(corpus)[0] for c in indexer.chunker.chunk(d)][:chunks]
    lines = []
    for threads in (1, 2):
        torch.set_num_threads(threads)
        indexer.embedder.encode(texts[:16])
        started, cpu = time.perf_counter(), time.process_time()
        indexer.embedder.encode(texts, batch_size=64)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        lines.append(f"model only, {threads} torch thread(s): {len(texts)} chunks in {seconds:.1f}s wall = "
                     f"{len(texts) / seconds:.1f} chunks/s; {cpu:.1f} CPU-s = {len(texts) / cpu:.1f} chunks per "
                     f"CPU-second (load avg {os.getloadavg()[0]:.1f})")
    return lines


def table(rows: list[dict[str, Any]]) -> str:
    header = ("| engine | docs | chunks | total s | docs/s | chunks/s | parse s | chunk s | embed+write s | "
              "chunks/s in embed+write | load avg |")
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['engine']} | {r['docs']} | {r['chunks']} | {r['total_s']:.1f} | {r['docs_per_s']:.2f} | "
                     f"{r['chunks_per_s']:.1f} | {r['parse_s']:.1f} | {r['chunk_s']:.1f} | {r['embed_write_s']:.1f} | {r['embed_chunks_per_s']:.1f} | "
                     f"{r['load']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--local", action="store_true", help="also time the single-process engine")
    parser.add_argument("--model-only", action="store_true", help="only the pure encode rate of one worker")
    args = parser.parse_args(argv)
    if args.model_only:
        with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
            write_press_releases(Path(tmp) / "corpus", max(10, args.docs // 4))
            print("\n".join(measure_model(Path(tmp) / "corpus", args.model)))
        return
    from qa.distributed.ingest import ray_session

    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        root = Path(tmp)
        write_press_releases(root / "warm", 10, seed=1)
        write_press_releases(root / "corpus", args.docs)
        rows: list[dict[str, Any]] = []
        with ray_session():
            measure(root / "warm", root / "warm-index", 1, args.shards, args.model)  # worker start-up, untimed
            for _ in range(args.rounds):
                for workers in (1, 2):
                    rows.append(measure(root / "corpus", root / f"index-{workers}", workers, args.shards, args.model))
                    print(table(rows[-1:]).splitlines()[-1], flush=True)
        if args.local:
            rows.append(measure_local(root / "corpus", root / "index-local", args.shards, args.model))
        print(table(rows))


if __name__ == "__main__":
    main()
