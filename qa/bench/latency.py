"""In-process query latency, next to the unavoidable steps measured on the same questions.

Why this protocol:
- every question is asked once in a lower-cased form first (a warm-up pass). The embedding
  model is uncased, so this retrieves the same passages and fills the content caches
  (spaCy sentence parses, sentence splits) as a running server would have them, while the
  measured, original-case question still misses the question-embedding LRU cache;
- for each measured question the full ``ask`` and the floor (question embedding, FAISS
  search, answer extraction by the reader) are timed back to back, in alternating order,
  so background load drifts affect both sides alike;
- the remaining steps (BM25 + fusion, answer composition) are timed too, to show where any
  gap between ``ask`` and the floor goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from qa.bench.stats import percentiles, ratio
from qa.question import choices
from qa.vectors import search


def warm_variant(question: str) -> str:
    """The warm-up form of a question: same tokens for an uncased model, another cache key."""
    return question.lower()


def case_variant(question: str, k: int) -> str:
    """Form ``k`` of a question: 0 lower case, 1 as written, k ≥ 2 upper case in blocks of k-1 letters.

    Why: the embedding model is uncased and BM25, question analysis and the reader all
    lower-case, so every form does exactly the same work; only the question-embedding
    cache key differs. One set of questions can then be sent at several concurrency
    levels without later levels hitting the cache filled by earlier ones.
    """
    if k == 0:
        return question.lower()
    if k == 1:
        return question
    return "".join(ch.upper() if (i // (k - 1)) % 2 == 0 else ch.lower() for i, ch in enumerate(question))


def _floor(assistant: Any, question: str) -> dict[str, float]:
    """Time the unavoidable steps for ``question`` (and the avoidable rest, for the breakdown)."""
    state = assistant.state
    settings = assistant.settings
    k = settings.top_k
    t0 = time.perf_counter()
    vector = assistant.embedder.encode([question])[0]
    t1 = time.perf_counter()
    search(state.index.faiss_index, vector, min(len(state.index.chunks), max(settings.candidate_k, k)))
    t2 = time.perf_counter()
    retrieved = state.retriever.retrieve(question, k, vector)
    t3 = time.perf_counter()
    assistant.read_passages(question, retrieved, vector, choices(question))  # as ask() reads (early exit too)
    t4 = time.perf_counter()
    return {"embed": t1 - t0, "search": t2 - t1, "retrieve_all": t3 - t2, "read": t4 - t3}


def measure_inprocess(assistant: Any, questions: list[str], log: Callable[[str], None] = print,
                      tag: str = "") -> dict[str, Any]:
    """Warm-up pass, then ``ask`` vs floor per question; p50/p95/p99 of each in ms."""
    started = time.perf_counter()
    cold: list[float] = []
    for q in questions:
        t = time.perf_counter()
        assistant.ask(warm_variant(q))
        cold.append(time.perf_counter() - t)
    log(f"in-process {tag}: warm-up pass of {len(questions)} questions in {time.perf_counter() - started:.1f}s")
    asks: list[float] = []
    cached: list[float] = []
    parts: dict[str, list[float]] = {"embed": [], "search": [], "retrieve_all": [], "read": [], "floor": []}
    for i, q in enumerate(questions):
        if i % 2:
            f = _floor(assistant, q)
        t = time.perf_counter()
        assistant.ask(q)
        asks.append(time.perf_counter() - t)
        if not i % 2:
            f = _floor(assistant, q)
        t = time.perf_counter()
        assistant.ask(q)  # same question again: the question-embedding cache hits
        cached.append(time.perf_counter() - t)
        for key in ("embed", "search", "retrieve_all", "read"):
            parts[key].append(f[key])
        parts["floor"].append(f["embed"] + f["search"] + f["read"])
    ask_p = percentiles(asks)
    floor_p = percentiles(parts["floor"])
    out: dict[str, Any] = {
        "questions": len(questions), "ask": ask_p, "ask_cached_question": percentiles(cached),
        "ask_first_pass_cold_caches": percentiles(cold),
        "floor": floor_p, "floor_parts": {k: percentiles(v) for k, v in parts.items() if k != "floor"},
        "ratio_ask_vs_floor_p50": ratio(ask_p["p50_ms"], floor_p["p50_ms"]),
    }
    out["bm25_fusion_compose_estimate_p50_ms"] = round(
        ask_p["p50_ms"] - floor_p["p50_ms"], 3)
    return out

