"""Subprocess entry points of the benchmark (``python -m qa.bench.probes ...``).

Why subprocesses: cold start and memory can only be measured in a fresh interpreter, and
the 1M-chunk server must not share the benchmark's heap.

- ``serve``: the HTTP API over an existing index without re-reading a corpus folder (the
  synthetic 1M-chunk index has no corpus files); otherwise exactly ``qa serve``.
- ``cold``: the steps of ``qa ask`` timed one by one, printed as one JSON object.
- ``memory``: RSS after each part of the loaded index, printed as one JSON object.

The ``cold``/``memory`` steps mirror ``Assistant.warm_up`` and ``load_index``; the headline
figures come from the real commands (``qa ask`` wall time, the server's peak RSS).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def _serve(index: Path, port: int) -> None:
    import uvicorn

    from qa.api import create_app
    from qa.assistant import Assistant
    from qa.settings import Settings

    class IndexOnlyAssistant(Assistant):
        """Loads the stored index as is (no corpus scan, no staleness check)."""

        def warm_up(self, build: bool = True, progress: bool = False) -> Any:
            return super().warm_up(build=False, progress=progress)

    settings = Settings(index_dir=index, corpus_dir=index, host="127.0.0.1", port=port)
    uvicorn.run(create_app(settings, IndexOnlyAssistant(settings)), host="127.0.0.1", port=port, log_level="warning")


def _cold(corpus: Path, index: Path, question: str) -> dict[str, Any]:
    steps: dict[str, float] = {}
    last = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[name] = round(now - last, 4)
        last = now

    from qa import cli

    mark("import_qa_cli")
    from qa.assistant import Assistant

    mark("import_qa_assistant")
    assistant: Assistant = cli.make_assistant(corpus, index)
    assistant.validate_question(question)
    mark("settings_and_assistant")
    from qa.runtime import configure_threads

    configure_threads(assistant.settings.torch_threads, assistant.settings.faiss_threads)
    from qa.documents import load_corpus

    loaded = load_corpus(assistant.settings.corpus_dir)
    mark("read_corpus")
    import sentence_transformers  # noqa: F401  (import cost apart from the model load)

    mark("import_sentence_transformers_torch")
    assistant.embedder.warm_up()
    mark("load_embedding_model")
    assistant.ensure_index(loaded=loaded)
    mark("staleness_check_and_load_index")
    assistant.reader.warm_up()
    mark("load_reader_spacy")
    assistant.ask(question)
    mark("first_ask")
    assistant.ask(question.lower())
    mark("second_ask")
    return {"steps_s": steps, "total_s": round(sum(steps.values()), 4)}


def _memory(index: Path) -> dict[str, Any]:
    import numpy as np

    from qa.bench.stats import proc_memory
    from qa.chunk_table import ChunkTable
    from qa.index_store import current_version, read_documents, read_manifest

    rows: list[tuple[str, int]] = []

    def mark(name: str) -> None:
        rows.append((name, proc_memory().get("VmRSS", 0)))

    from qa.assistant import Assistant
    from qa.settings import Settings

    mark("imports")
    assistant = Assistant(Settings(index_dir=index, corpus_dir=index))
    assistant.embedder.warm_up()
    mark("embedding_model")
    assistant.reader.warm_up()
    mark("reader_spacy")
    from qa.lexical import LexicalIndex
    from qa.vectors import read_faiss

    folder = current_version(index)
    assert folder is not None
    manifest = read_manifest(index)
    faiss_index = read_faiss(folder / "vectors.faiss")
    mark("faiss_index")
    vectors = np.load(folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
    mark("vectors_npy_mmap")
    documents = read_documents(folder / "documents.jsonl")
    mark("documents_jsonl")
    chunks = ChunkTable.from_jsonl(documents, folder / "chunks.jsonl")
    mark("chunk_table")
    lexical = LexicalIndex.load(folder / "bm25")
    mark("bm25")
    costs = _lexical_costs(lexical)
    del manifest, faiss_index, vectors, chunks, documents, lexical
    deltas = {name: rss - (rows[i - 1][1] if i else 0) for i, (name, rss) in enumerate(rows)}
    return {"rss_after_bytes": dict(rows), "delta_bytes": deltas, "peak_bytes": proc_memory().get("VmHWM", 0),
            "per_query_costs_ms": costs}


def _lexical_costs(lexical: Any) -> dict[str, float]:
    """p50 ms of the retriever's whole-collection steps (BM25 scores of every chunk, then their top 50)."""
    from qa.bench.stats import percentiles
    from qa.retrieval import top_positive

    queries = [f"Who co-chaired the {topic} meeting held in {city}?" for topic, city in
               zip(("maritime safety", "drug control", "digital trade", "public health", "food security"),
                   ("Seoul", "Vienna", "Geneva", "Nairobi", "Lima"))] * 3
    bm25: list[float] = []
    order: list[float] = []
    for q in queries:
        t0 = time.perf_counter()
        scores = lexical.scores(q)
        t1 = time.perf_counter()
        top_positive(scores, 50)
        t2 = time.perf_counter()
        bm25.append(t1 - t0)
        order.append(t2 - t1)
    return {"bm25_scores_p50": percentiles(bm25)["p50_ms"], "top_k_p50": percentiles(order)["p50_ms"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m qa.bench.probes")
    sub = parser.add_subparsers(dest="cmd", required=True)
    serve = sub.add_parser("serve")
    serve.add_argument("--index", type=Path, required=True)
    serve.add_argument("--port", type=int, required=True)
    cold = sub.add_parser("cold")
    cold.add_argument("--corpus", type=Path, required=True)
    cold.add_argument("--index", type=Path, required=True)
    cold.add_argument("--question", required=True)
    memory = sub.add_parser("memory")
    memory.add_argument("--index", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.cmd == "serve":
        _serve(args.index, args.port)
    elif args.cmd == "cold":
        sys.stdout.write(json.dumps(_cold(args.corpus, args.index, args.question)) + "\n")
    else:
        sys.stdout.write(json.dumps(_memory(args.index)) + "\n")


if __name__ == "__main__":
    main()
