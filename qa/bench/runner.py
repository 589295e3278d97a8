"""The benchmark run: which sections, in which order, with which sizes; results as one dict.

Order matters for fairness and time: the model is loaded once; every corpus is ingested
first (ingest is timed before any server competes for the cores); the thread matrix runs
on the main corpus and picks the recommended setting; the other sizes and the synthetic
1M-chunk index are then measured with that setting; cold start runs last. Results are
written after every section, so a failure late in a long run keeps what was measured.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from qa.bench.ingest import IngestResult, chunks_per_doc, label, run_ingest
from qa.bench.report import evaluate_targets, write_reports
from qa.bench.stats import load_average
from qa.bench.textgen import questions_for

PROTOCOL = [
    ("Ingest: the model is loaded before timing; 'pipeline' is load_corpus + Assistant.index(rebuild=True) "
     "(chunking, embedding, FAISS, BM25, JSONL, checksums, fsync); 'raw encode' is SentenceTransformer.encode on "
     "the same chunk texts with the same batch size, half of them right before the pipeline and half right "
     "after. 'embed share' is the time spent inside encode during the pipeline itself (a drift-free cross-check)."),
    ("Query latency: every question is first asked in lower case (the models are uncased: same passages and "
     "reader input, fills the content caches, misses the question-embedding cache); then each question is asked "
     "once and its floor (question embedding + FAISS search + reader) timed back to back, in alternating order. "
     "HTTP runs send the same questions, at c=1 as written, at higher concurrency in other letter-case forms "
     "(same work, never a question-cache hit), after the same warm-up, on a fresh server per thread setting."),
    "HTTP target rule: pass when HTTP p50 <= 1.2 x in-process p50 + 3 ms (both figures are shown).",
    ("Thread settings: QA_TORCH_THREADS / QA_FAISS_THREADS for the server (env) and set in-process "
     "(torch.set_num_threads, faiss.omp_set_num_threads) for the in-process figures of the same row."),
]
NOTE = ("Timings are wall-clock on a shared 2-core machine (other jobs, e.g. model training, may run at the same "
        "time), so absolute figures are inflated and noisy; every target is a ratio of two figures measured in "
        "the same run under the same load.")


@dataclass
class BenchConfig:
    """What to run. ``preset`` gives the ``--quick`` and default (full) runs."""

    mode: str
    sizes: list[int]
    scale_n: int
    scale_store: bool
    questions: int
    http_levels: dict[int, int]
    batch_questions: int
    batch_size: int
    thread_configs: list[tuple[int, int]]
    cold_runs: int
    out_json: Path
    out_md: Path
    work_dir: Path
    embed_model: str | None = None
    seed: int = 20260123
    skip: set[str] = field(default_factory=set)
    #: Seed questions timed by the reader section (None = all of them).
    reader_questions: int | None = None

    @classmethod
    def preset(cls, quick: bool, out_json: Path, out_md: Path, work_dir: Path, extra_sizes: list[int]) -> BenchConfig:
        if quick:
            return cls("quick", sorted({500, *extra_sizes}), 200_000, False, 12, {1: 12, 4: 12, 16: 16}, 12, 6,
                       [(1, 1)], 0, out_json, out_md, work_dir)
        return cls("full", sorted({1000, 10_000, *extra_sizes}), 1_000_000, True, 30, {1: 30, 4: 30, 16: 48}, 32, 8,
                   [(1, 1), (2, 1)], 3, out_json, out_md, work_dir)


def cfg_name(threads: tuple[int, int]) -> str:
    return f"torch{threads[0]}-faiss{threads[1]}"


def _log(message: str) -> None:
    sys.stderr.write(f"[{datetime.now(UTC):%H:%M:%S}] {message}\n")
    sys.stderr.flush()


class Run:
    """One benchmark run: holds the shared model, the results, and writes them as it goes."""

    def __init__(self, config: BenchConfig, log: Callable[[str], None] = _log) -> None:
        from qa.embedding import make_embedder
        from qa.settings import Settings

        self.config = config
        self.log = log
        self.settings = Settings(embed_model=config.embed_model) if config.embed_model else Settings()
        self.embedder = make_embedder(self.settings.embed_model)
        self.started = time.time()
        self.results: dict[str, Any] = {
            "meta": {"mode": config.mode, "started_utc": _utc(), "cpus": os.cpu_count(), "load_start": load_average(),
                     "note": NOTE, "embed_model": self.settings.embed_model, "seed": config.seed,
                     "sizes": [label(s) for s in config.sizes], "scale_n": config.scale_n},
            "ingest": {}, "inprocess": {}, "http": {}, "errors": [], "notes": list(PROTOCOL)}
        self.ingested: dict[str, IngestResult] = {}

    # -- helpers ------------------------------------------------------------------
    def save(self) -> None:
        meta = self.results["meta"]
        meta.update(finished_utc=_utc(), duration_s=round(time.time() - self.started, 1), load_end=load_average())
        self.results["targets"] = evaluate_targets(self.results)
        write_reports(self.results, self.config.out_json, self.config.out_md)

    def section(self, name: str, fn: Callable[[], None]) -> None:
        """Run one section; on failure record the error and go on (the report says what is missing)."""
        if name in self.config.skip:
            self.results["notes"].append(f"section '{name}' skipped on request")
            return
        started = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001  (a benchmark keeps the other sections' figures)
            self.log(f"section {name} failed: {exc}")
            self.results["errors"].append({"section": name, "error": f"{type(exc).__name__}: {exc}",
                                           "traceback": traceback.format_exc(limit=6)})
        self.results.setdefault("section_seconds", {})[name] = round(time.perf_counter() - started, 1)
        self.save()

    def questions(self, size: str, n: int) -> list[str]:
        docs = self.ingested[size].figures["documents"]
        return questions_for(self.config.seed, range(docs), n)

    @property
    def main_size(self) -> str:
        labels = list(self.ingested)
        return "10k" if "10k" in labels else labels[-1]

    # -- sections -----------------------------------------------------------------
    def ingest(self) -> None:
        self.embedder.warm_up()
        per_doc = chunks_per_doc(self.settings, self.embedder, self.config.seed)
        for n in self.config.sizes:
            result = run_ingest(self.config.work_dir, n, self.settings, self.embedder, self.config.seed, per_doc,
                                self.log)
            self.ingested[result.label] = result
            self.results["ingest"][result.label] = result.figures
            self.results["main_size"] = self.main_size
            self.save()

    def latency(self, size: str, threads: tuple[int, int]) -> None:
        """In-process, then HTTP, for one corpus and one thread setting (same questions first)."""
        from qa.assistant import Assistant
        from qa.bench.http_load import Server, run_server_bench
        from qa.bench.latency import measure_inprocess
        from qa.runtime import configure_threads

        ing = self.ingested[size]
        c = self.config
        pool = self.questions(size, c.questions)
        name = cfg_name(threads)
        configure_threads(*threads)
        settings = self.settings.model_copy(update={"corpus_dir": ing.corpus_dir, "index_dir": ing.index_dir,
                                                    "torch_threads": threads[0], "faiss_threads": threads[1]})
        assistant = Assistant(settings, embedder=self.embedder)
        assistant.warm_up(build=False)
        self.results["inprocess"].setdefault(size, {})[name] = measure_inprocess(
            assistant, pool, self.log, f"{size} {name}")
        self.save()
        env = {"QA_TORCH_THREADS": str(threads[0]), "QA_FAISS_THREADS": str(threads[1]),
               "QA_EMBED_MODEL": settings.embed_model}
        server = Server(c.work_dir / f"server-{size}-{name}.log", env, ing.corpus_dir, ing.index_dir)
        try:
            server.wait_ready(pool[0])
            self.log(f"http {size} {name}: first answer {server.first_answer_s:.1f}s after start")
            self.results["http"].setdefault(size, {})[name] = run_server_bench(
                server, pool, c.http_levels, c.batch_questions, c.batch_size, self.log, f"{size} {name}")
        finally:
            server.stop()

    def thread_matrix(self) -> None:
        main = self.main_size
        for threads in self.config.thread_configs:
            self.section(f"latency-{main}-{cfg_name(threads)}", partial(self.latency, main, threads))
        http = self.results["http"].get(main, {})
        ranked = sorted(http.items(), key=lambda kv: (-kv[1]["levels"].get("4", {}).get("throughput_rps", 0),
                                                      kv[1]["levels"].get("1", {}).get("p50_ms", 0)))
        if ranked:
            best = ranked[0][0]
            self.results["threads"] = {"recommended": best, "explanation": _explain(http, best)}
        self.save()

    def other_sizes(self) -> None:
        best = self.results.get("threads", {}).get("recommended")
        threads = next((t for t in self.config.thread_configs if cfg_name(t) == best), self.config.thread_configs[0])
        for size in self.ingested:
            if size != self.main_size:
                self.section(f"latency-{size}", partial(self.latency, size, threads))

    def run(self) -> dict[str, Any]:
        from qa.bench.reading import reader_section
        from qa.bench.sections import cold_section, scale_section

        self.section("ingest", self.ingest)
        if not self.ingested:
            return self.results
        self.thread_matrix()
        self.other_sizes()
        self.section("reader-seed", lambda: reader_section(self))
        self.section("scale", lambda: scale_section(self))
        self.section("coldstart", lambda: cold_section(self))
        self.log(f"done in {time.time() - self.started:.0f}s → {self.config.out_json}, {self.config.out_md}")
        return self.results


def _explain(http: dict[str, Any], best: str) -> str:
    parts = []
    for name, v in http.items():
        lv = v["levels"]
        parts.append(f"{name}: c=1 {lv.get('1', {}).get('throughput_rps', 0):.2f} req/s "
                     f"(p50 {lv.get('1', {}).get('p50_ms', 0):.0f} ms), c=4 {lv.get('4', {}).get('throughput_rps', 0):.2f}"
                     f" req/s (p50 {lv.get('4', {}).get('p50_ms', 0):.0f} ms), c=16 p99 "
                     f"{lv.get('16', {}).get('p99_ms', 0):.0f} ms")
    return ("Recommended: " + best + " (highest throughput at c=4). " + "; ".join(parts) + ".")


def _utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
