"""Reader cost on the shipped seed corpus: every passage read vs the early exit.

The issue's reader target is about the seed corpus (one press release, ~10 chunks), so this
section indexes ``corpus/`` into the bench's work folder (the repository's own index is not
touched) and asks the questions of ``eval/seed.jsonl`` (all of them unless the config says
``reader_questions``). For each question the passages are
retrieved once, then the reader step alone (``Assistant.read_passages``) is timed with all ``top_k``
passages and with the early exit (the learned rule, or ``QA_EARLY_EXIT_MARGIN`` when set), in
alternating order, on the same passages.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.bench.stats import percentiles, ratio

if TYPE_CHECKING:
    from qa.bench.runner import Run

SEED_CORPUS = Path("corpus")
SEED_QUESTIONS = Path("eval/seed.jsonl")


def reader_section(run: Run) -> None:
    """Reader p50 per question on the seed corpus, all passages vs early exit; skipped without the files.

    Measured with every core (the issue's "on 2 cores", and what ``qa serve`` uses unless
    ``QA_TORCH_THREADS`` says otherwise), which the target row judges, and at one torch thread.
    """
    from qa.assistant import Assistant
    from qa.bench.runner import cfg_name
    from qa.evaluation.runner import load_dataset
    from qa.reader.model import resolve_precision
    from qa.runtime import configure_threads

    if not SEED_CORPUS.is_dir() or not SEED_QUESTIONS.is_file():
        run.results["notes"].append(f"reader section skipped: run from the repository root ({SEED_CORPUS}/ and "
                                    f"{SEED_QUESTIONS} not found)")
        return
    margin = run.settings.early_exit_margin  # None: the learned rule shipped with the calibration
    rows = load_dataset([SEED_QUESTIONS]).rows
    wanted = run.config.reader_questions
    picked = rows if wanted is None else random.Random(run.config.seed).sample(rows, min(len(rows), wanted))
    questions = [r.question for r in picked]
    index_dir = run.config.work_dir / "seed-index"
    settings = run.settings.model_copy(update={"corpus_dir": SEED_CORPUS, "index_dir": index_dir,
                                               "early_exit": False})
    full = Assistant(settings, embedder=run.embedder)
    full.warm_up()
    early = Assistant(settings.model_copy(update={"early_exit": True}), embedder=run.embedder,
                      reader=full.reader, calibration=full.composer.calibration)
    early.warm_up(build=False)
    cores = os.cpu_count() or 1
    by_threads = {}
    for threads in dict.fromkeys([(cores, cores), (1, 1)]):
        configure_threads(*threads)
        by_threads[cfg_name(threads)] = _time_reads(full, early, questions)
    configure_threads(cores, cores)  # leave every core on, as the server default
    rule = "learned rule" if margin is None else f"margin {margin}"
    judged = by_threads[cfg_name((cores, cores))]
    out: dict[str, Any] = {"questions": len(questions), "passages": settings.top_k, "early_exit_rule": rule,
                           "threads": cfg_name((cores, cores)),
                           "precision": resolve_precision(settings.reader_precision),
                           "default": "early_exit" if run.settings.early_exit else "all_passages",
                           **judged, "by_threads": by_threads}
    run.results["reader_seed"] = out
    for name, figures in by_threads.items():
        run.log(f"reader on the seed corpus, {name}: p50 {figures['all_passages']['p50_ms']:.1f} ms "
                f"(all {settings.top_k} passages) vs {figures['early_exit']['p50_ms']:.1f} ms (early exit, {rule}: "
                f"{figures['answered_from_top_passage']:.0%} of {len(questions)} from the top)")


def _time_reads(full: Any, early: Any, questions: list[str]) -> dict[str, Any]:
    """The reader step alone per question, every passage vs the early exit, in alternating order."""
    from qa.question import choices

    times: dict[str, list[float]] = {"all_passages": [], "early_exit": []}
    exited = 0
    for i, q in enumerate(questions):
        vector = full.question_vector(q)
        passages = full.retrieve(q)
        options = choices(q)
        full.read_passages(q, passages, vector, options)  # warm caches for this question
        order = [(full, "all_passages"), (early, "early_exit")]
        for assistant, key in order if i % 2 else reversed(order):
            t = time.perf_counter()
            spans = assistant.read_passages(q, passages, vector, options)
            times[key].append(time.perf_counter() - t)
            if key == "early_exit" and spans and {s.passage for s in spans} == {0} and not options:
                exited += 1
    out: dict[str, Any] = {k: percentiles(v) for k, v in times.items()}
    out["ratio_early_vs_all_p50"] = ratio(out["early_exit"]["p50_ms"], out["all_passages"]["p50_ms"])
    out["answered_from_top_passage"] = round(exited / max(1, len(questions)), 3)
    return out
