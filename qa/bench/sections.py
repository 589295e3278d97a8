"""The scale and cold-start sections of a run (kept apart from the runner to stay small).

Scale: the synthetic index is built by the production ``build_faiss`` at the scale size,
so the benchmark measures whatever index type ``qa.vectors`` chooses there; the chunk
store for it is written by the production ``write_index`` and served by a real server
subprocess, whose peak RSS is the 1M-chunk memory figure.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.bench.ingest import label
from qa.bench.stats import tree_size

if TYPE_CHECKING:
    from qa.bench.runner import Run

METHOD = ("Vectors: each synthetic vector is a normalised mix of two real chunk embeddings of the {main} corpus "
          "(w in 0.2–0.7) plus Gaussian noise; queries are real question embeddings; recall@10 is against exact "
          "inner-product search over the same synthetic vectors. Chunk store: generated releases cut into "
          "sentence-aligned chunks of the real chunker's average size and overlap (no tokenizer, for speed), "
          "written with the production write_index (FAISS, vectors.npy, JSONL, BM25, checksums) and loaded by "
          "the production load_index in an API server subprocess (no corpus re-scan).")


def recommended_threads(run: Run) -> tuple[int, int]:
    """The thread setting the latency section recommended (else the first one compared)."""
    from qa.bench.runner import cfg_name

    best = run.results.get("threads", {}).get("recommended")
    return next((t for t in run.config.thread_configs if cfg_name(t) == best), run.config.thread_configs[0])


def _env(run: Run, threads: tuple[int, int]) -> dict[str, str]:
    return {"QA_TORCH_THREADS": str(threads[0]), "QA_FAISS_THREADS": str(threads[1]),
            "QA_EMBED_MODEL": run.settings.embed_model}


def scale_section(run: Run) -> None:
    """Index at ``scale_n`` synthetic vectors; with ``scale_store``, the chunk store, memory and a server."""
    import faiss

    from qa.bench.scale import run_index_scale, search_latency
    from qa.index_store import load_index

    c = run.config
    main = run.main_size
    ing = run.ingested[main]
    small = load_index(ing.index_dir)
    base = np.asarray(small.vectors, dtype=np.float32)
    queries = run.embedder.encode(run.questions(main, 200))
    k = max(run.settings.candidate_k, run.settings.top_k)
    flat_small, _ = search_latency(small.faiss_index, queries, min(k, small.faiss_index.ntotal))
    faiss.omp_set_num_threads(os.cpu_count() or 1)  # building is `qa index`'s job: all cores
    figures, vectors, index = run_index_scale(base, queries, c.scale_n, c.seed, k, c.work_dir / "scratch.faiss",
                                              run.log)
    scale: dict[str, Any] = {"label": label(c.scale_n), "method": METHOD.format(main=main), "index": figures,
                             "flat_small_search": flat_small, "base_vectors": len(base)}
    run.results["scale"] = scale
    run.log(f"scale {scale['label']}: recall@10 {figures['recall_at_10']}, search p50 {figures['search']['p50_ms']} ms"
            f" (flat {main}: {flat_small['p50_ms']} ms)")
    run.save()
    if not c.scale_store:
        return
    _store_and_server(run, scale, vectors, index)


def _store_and_server(run: Run, scale: dict[str, Any], vectors: np.ndarray, index: Any) -> None:
    from qa.bench.http_load import Server, run_server_bench
    from qa.bench.store import build_store
    from qa.index_store import current_version
    from qa.indexing import Indexer

    c = run.config
    main = run.main_size
    ing = run.ingested[main].figures
    target = int(ing["avg_chunk_chars"] * 1.12)  # packing "up to target" averages ~12% below it
    overlap = int(target * run.settings.chunk_overlap / run.settings.chunk_tokens)
    store_dir = c.work_dir / f"index-synthetic-{scale['label']}"
    fingerprint = Indexer(run.settings, run.embedder).fingerprint()
    scale["store"] = build_store(store_dir, c.scale_n, c.seed, vectors, index, fingerprint, target, overlap, run.log)
    del vectors, index
    gc.collect()
    folder = current_version(store_dir)
    assert folder is not None
    scale["store_files"] = tree_size(folder)
    run.save()
    run.log(f"scale {scale['label']}: memory probe (fresh process loading the index part by part)")
    done = subprocess.run([sys.executable, "-m", "qa.bench.probes", "memory", "--index", str(store_dir)],
                          check=True, capture_output=True, text=True, env={**os.environ, **_env(run, recommended_threads(run))})
    scale["memprobe"] = json.loads(done.stdout.strip().splitlines()[-1])
    run.save()
    questions = run.questions(main, c.questions)
    server = Server(c.work_dir / f"server-synthetic-{scale['label']}.log", _env(run, recommended_threads(run)), None, store_dir,
                    index_only=True)
    try:
        server.wait_ready(questions[0])
        run.log(f"scale {scale['label']}: server ready, first answer {server.first_answer_s:.1f}s after start")
        bench = run_server_bench(server, questions, {1: len(questions), 4: len(questions)}, 0, c.batch_size,
                                 run.log, f"{scale['label']} synthetic")
        scale["server"] = {"threads": recommended_threads(run), "http": bench, "memory": bench["memory"],
                           "startup_first_answer_s": bench["startup_first_answer_s"]}
    finally:
        server.stop()


def cold_section(run: Run) -> None:
    """``qa ask`` on the main corpus's built index: wall time, step probe, import time."""
    from qa.bench.coldstart import run_coldstart

    main = run.main_size
    ing = run.ingested[main]
    question = run.questions(main, 1)[0]
    cold = run_coldstart(ing.corpus_dir, ing.index_dir, question, run.config.cold_runs, _env(run, recommended_threads(run)))
    cold["corpus"] = main
    run.results["coldstart"] = cold
