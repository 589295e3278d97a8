"""Turn per-question results into figures, check them against the gate, and render them.

One dictionary of figures (``summarise``) feeds every output — the rich tables, the
``--json`` object, the Markdown report and the quality gate — so they cannot disagree.
Shares are in 0..1; a figure with nothing to measure (e.g. F1 in a category that has only
unanswerable questions) is ``None`` rather than a misleading 0 or 1.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from qa.errors import QAError
from qa.evaluation.intervals import LEVEL, bootstrap_interval
from qa.evaluation.metrics import percentile
from qa.evaluation.runner import EvalRun, QuestionResult

Figures = dict[str, float | int | None]

METRICS: dict[str, str] = {
    "exact_match": "Exact match (answerable)",
    "f1": "Token F1 (answerable)",
    "contains_gold": "Answer contains a gold answer",
    "em_all": "EM over all questions (SQuAD v2)",
    "f1_all": "F1 over all questions (SQuAD v2)",
    "citations_verbatim": "Citations verbatim",
    "evidence_covered": "Citation covers the evidence",
    "recall_at_1": "Retrieval recall@1",
    "recall_at_5": "Retrieval recall@5",
    "mrr": "Retrieval MRR",
    "answerable_answered": "Answerable questions answered",
    "unanswerable_null": "Unanswerable questions abstained",
    "abstention_accuracy": "Answer/abstain decision correct",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
}
"""Every gate-able figure with its human label, in display order."""

CATEGORY_COLUMNS: dict[str, str] = {
    "exact_match": "EM", "f1": "F1", "contains_gold": "cont", "evidence_covered": "cite",
    "recall_at_1": "R@1", "recall_at_5": "R@5", "mrr": "MRR", "answerable_answered": "ans",
    "unanswerable_null": "null", "abstention_accuracy": "dec", "latency_p50_ms": "p50ms",
}
"""Short headers so the per-category table fits 100 columns (the legend is printed under it)."""
CATEGORY_LEGEND = ("cont = answer contains gold, cite = citation covers evidence, ans = answerable answered, "
                   "null = unanswerable abstained, dec = answer/abstain decision correct")
MAX_FAILURES_SHOWN = 40


def _share(flags: Sequence[bool | float]) -> float | None:
    return sum(float(f) for f in flags) / len(flags) if flags else None


#: Every figure that is a mean over questions: which questions it is measured over
#: ("answerable", "unanswerable" or "all") and the value one question contributes. One
#: table, so the figures and their confidence intervals (``qa.evaluation.intervals``)
#: cannot measure different things.
PER_QUESTION: dict[str, tuple[str, Callable[[QuestionResult], float]]] = {
    "exact_match": ("answerable", lambda r: r.em),
    "f1": ("answerable", lambda r: r.f1),
    "contains_gold": ("answerable", lambda r: float(r.contains)),
    "em_all": ("all", lambda r: r.em),
    "f1_all": ("all", lambda r: r.f1),
    "evidence_covered": ("answerable", lambda r: float(bool(r.evidence_covered))),
    "recall_at_1": ("answerable", lambda r: float(r.rank == 1)),
    "recall_at_5": ("answerable", lambda r: float(r.rank is not None and r.rank <= 5)),
    "mrr": ("answerable", lambda r: 1.0 / r.rank if r.rank else 0.0),
    "answerable_answered": ("answerable", lambda r: float(r.answered)),
    "unanswerable_null": ("unanswerable", lambda r: float(not r.answered)),
    "abstention_accuracy": ("all", lambda r: float(r.decision_correct)),
}


def question_sets(results: Sequence[QuestionResult]) -> dict[str, list[QuestionResult]]:
    """The questions each ``PER_QUESTION`` figure is measured over."""
    return {"answerable": [r for r in results if r.row.answerable],
            "unanswerable": [r for r in results if not r.row.answerable], "all": list(results)}


def summarise(results: Sequence[QuestionResult]) -> Figures:
    """The figures for a group of questions (see ``METRICS`` for their meaning)."""
    sets = question_sets(results)
    citations = sum(r.citations for r in results)
    latencies = [r.latency_ms for r in results]
    means = {name: _share([value(r) for r in sets[base]]) for name, (base, value) in PER_QUESTION.items()}
    return {
        "n": len(results),
        "answerable": len(sets["answerable"]),
        "unanswerable": len(sets["unanswerable"]),
        **{name: means[name] for name in ("exact_match", "f1", "contains_gold", "em_all", "f1_all")},
        "citations": citations,
        "citations_verbatim": sum(r.citations_verbatim for r in results) / citations if citations else None,
        "evidence_covered": means["evidence_covered"],
        # dataset problem, counted as misses
        "evidence_not_found": sum(not r.evidence_found for r in sets["answerable"]),
        **{name: means[name] for name in ("recall_at_1", "recall_at_5", "mrr", "answerable_answered",
                                          "unanswerable_null", "abstention_accuracy")},
        "latency_p50_ms": round(percentile(latencies, 50), 1) if latencies else None,
        "latency_p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
    }


def intervals(results: Sequence[QuestionResult]) -> dict[str, tuple[float, float] | None]:
    """The ``LEVEL`` bootstrap interval of every per-question figure (``qa.evaluation.intervals``)."""
    sets = question_sets(results)
    return {name: bootstrap_interval([[value(r) for r in sets[part]]
                                      for part in (("answerable", "unanswerable") if base == "all" else (base,))])
            for name, (base, value) in PER_QUESTION.items()}


def fmt_interval(interval: tuple[float, float] | None) -> str:
    return "" if interval is None else f"{interval[0]:.3f}–{interval[1]:.3f}"


def by_category(results: Sequence[QuestionResult]) -> dict[str, Figures]:
    groups: dict[str, list[QuestionResult]] = {}
    for result in results:
        groups.setdefault(result.row.category, []).append(result)
    return {name: summarise(group) for name, group in sorted(groups.items())}


def failure_list(results: Sequence[QuestionResult]) -> list[dict[str, Any]]:
    """Questions to look at: answerable ones missed (F1 < 0.5 or abstained), unanswerable ones answered."""
    out: list[dict[str, Any]] = []
    for r in results:
        if not r.failed:
            continue
        if not r.row.answerable:
            why = "answered an unanswerable question"
        elif not r.answered:
            why = "abstained"
        else:
            why = f"wrong answer (F1 {r.f1:.2f})"
        out.append({"id": r.row.id, "category": r.row.category, "question": r.row.question,
                    "answerable": r.row.answerable, "gold": r.row.answers, "answer": r.answer.answer,
                    "score": r.answer.score, "f1": round(r.f1, 4), "why": why})
    return out


def settings_summary(run: EvalRun) -> dict[str, Any]:
    s = run.settings
    documents = run.dataset.documents
    corpus = f"(temporary: {len(documents)} SQuAD articles)" if documents is not None else str(s.corpus_dir)
    return {"embed_model": s.embed_model, "reader": s.reader, "reader_model": s.reader_model, "top_k": run.top_k,
            "abstain_threshold": s.abstain_threshold, "early_exit": s.early_exit,
            "early_exit_margin": s.early_exit_margin,
            "fusion": s.fusion, "dense_weight": s.dense_weight,
            "chunk_tokens": s.chunk_tokens, "chunk_overlap": s.chunk_overlap,
            "torch_threads": s.torch_threads, "corpus_dir": corpus, "index_dir": str(s.index_dir)}


def run_to_dict(run: EvalRun) -> dict[str, Any]:
    """The ``--json`` object: one self-describing record of the run."""
    return {
        "dataset": [str(p) for p in run.dataset.paths],
        "format": run.dataset.fmt,
        "split": run.dataset.split,
        "n": len(run.results),
        "n_in_files": run.dataset.total_rows,
        "settings": settings_summary(run),
        "overall": summarise(run.results),
        # per-question figures' bootstrap intervals over questions, [low, high]
        "intervals": {"level": LEVEL, **{name: None if ci is None else [round(ci[0], 4), round(ci[1], 4)]
                                         for name, ci in intervals(run.results).items()}},
        "categories": by_category(run.results),
        "failures": failure_list(run.results),
        "seconds": {"total": round(run.seconds, 2), "warm_up_and_index": round(run.index_seconds, 2)},
    }


# --------------------------------------------------------------------------- quality gate


def load_thresholds(path: Path) -> dict[str, float]:
    """Read ``metric = minimum`` pairs from a TOML file; unknown metric names are an error."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise QAError(f"cannot read thresholds {path}: {exc}") from None
    unknown = sorted(set(data) - set(METRICS))
    if unknown:
        raise QAError(f"{path}: unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRICS)}")
    bad = [k for k, v in data.items() if isinstance(v, bool) or not isinstance(v, int | float)]
    if bad:
        raise QAError(f"{path}: thresholds must be numbers: {', '.join(bad)}")
    return {key: float(value) for key, value in data.items()}


def check_thresholds(metrics: Mapping[str, float | int | None], thresholds: Mapping[str, float]) -> list[str]:
    """One message per figure that misses its threshold ([] = the gate passes).

    Figures are minimums, except latencies (``*_ms``), which are maximums. A figure that
    was not measured fails too: a silently missing metric must not pass the gate.
    """
    problems: list[str] = []
    for name, limit in thresholds.items():
        value = metrics.get(name)
        if value is None:
            problems.append(f"{name}: not measured (threshold {limit:g})")
        elif name.endswith("_ms") and value > limit:
            problems.append(f"{name} = {value:.1f} is above the maximum {limit:g}")
        elif not name.endswith("_ms") and value < limit:
            problems.append(f"{name} = {value:.4f} is below the threshold {limit:g}")
    return problems


# --------------------------------------------------------------------------- rendering


def fmt_value(name: str, value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    if name.endswith("_ms"):
        return f"{value:.0f}"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def _title(run: EvalRun) -> str:
    names = ", ".join(p.name for p in run.dataset.paths)
    split = "" if run.dataset.split == "all" else f", split {run.dataset.split}"
    return f"{names} ({run.dataset.fmt}{split}): {len(run.results)} questions"


def _short(text: str | None, width: int) -> str:
    if text is None:
        return "—"
    return text if len(text) <= width else text[:width - 1] + "…"


def print_run(run: EvalRun, console: Console) -> None:
    """Human output: overall figures, the per-category table, then the failures."""
    overall = summarise(run.results)
    table = Table(title=escape(_title(run)), title_justify="left")
    table.add_column("Metric")
    table.add_column("Value", justify="right")
    table.add_column(f"{LEVEL:.0%} CI", justify="right", style="dim")
    table.add_column("Over", justify="right", style="dim")
    cis = intervals(run.results)
    over = {"answerable": overall["answerable"], "unanswerable": overall["unanswerable"], "all": overall["n"]}
    for name, label in METRICS.items():
        base = (PER_QUESTION[name][0] if name in PER_QUESTION else
                "citations" if name == "citations_verbatim" else "all")  # latencies: every question
        count = overall["citations"] if base == "citations" else over[base]
        table.add_row(label, fmt_value(name, overall[name]), fmt_interval(cis.get(name)), f"{count} {base}")
    console.print(table)
    if overall["evidence_not_found"]:
        console.print(f"[yellow]{overall['evidence_not_found']} answerable question(s) cite evidence found in no "
                      "indexed document; they count as retrieval and citation misses.[/yellow]")

    cats = Table(title="Per category", title_justify="left", caption=CATEGORY_LEGEND, caption_justify="left")
    cats.add_column("Category", no_wrap=True)
    cats.add_column("n", justify="right")
    for header in CATEGORY_COLUMNS.values():
        cats.add_column(header, justify="right")
    for name, figures in by_category(run.results).items():
        cats.add_row(escape(name), str(figures["n"]),
                     *(fmt_value(k, figures[k], digits=2) for k in CATEGORY_COLUMNS))
    console.print(cats)

    failures = failure_list(run.results)
    if failures:
        fails = Table(title=f"Failures ({len(failures)})", title_justify="left")
        fails.add_column("id", no_wrap=True)
        for header in ("question", "answered", "gold"):
            fails.add_column(header, overflow="fold", ratio=1)
        fails.add_column("F1", justify="right", no_wrap=True)
        for item in failures[:MAX_FAILURES_SHOWN]:
            gold = _short(item["gold"][0], 60) if item["gold"] else "(abstain)"
            answered = "(abstained)" if item["answer"] is None else _short(item["answer"], 60)
            fails.add_row(escape(item["id"]), escape(_short(item["question"], 70)), escape(answered), escape(gold),
                          f"{item['f1']:.2f}")
        console.print(fails)
        if len(failures) > MAX_FAILURES_SHOWN:
            console.print(f"… and {len(failures) - MAX_FAILURES_SHOWN} more (see --json or --report)")
    console.print(f"[dim]{run.seconds:.1f}s total ({run.index_seconds:.1f}s warm-up and index); "
                  f"top_k={run.top_k}, reader={escape(run.settings.reader)}, "
                  f"model={escape(run.settings.embed_model)}[/dim]")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_report(run: EvalRun) -> str:
    """The same content as the tables, as Markdown for a PR or a results folder."""
    overall = summarise(run.results)
    lines = [f"# Evaluation: {_md_cell(_title(run))}", "",
             "Settings: " + ", ".join(f"{k}={v}" for k, v in settings_summary(run).items()), "",
             f"| Metric | Value | {LEVEL:.0%} CI |", "|---|---:|---:|"]
    cis = intervals(run.results)
    lines += [f"| {label} | {fmt_value(name, overall[name])} | {fmt_interval(cis.get(name))} |"
              for name, label in METRICS.items()]
    lines += ["", "## Per category", "",
              "| Category | n | " + " | ".join(CATEGORY_COLUMNS.values()) + " |",
              "|---|" + "---:|" * (len(CATEGORY_COLUMNS) + 1)]
    for name, figures in by_category(run.results).items():
        cells = " | ".join(fmt_value(k, figures[k]) for k in CATEGORY_COLUMNS)
        lines.append(f"| {_md_cell(name)} | {figures['n']} | {cells} |")
    lines += ["", CATEGORY_LEGEND + "."]
    failures = failure_list(run.results)
    lines += ["", f"## Failures ({len(failures)})", ""]
    if failures:
        lines += ["| id | category | question | answered | gold | why |", "|---|---|---|---|---|---|"]
        for item in failures:
            gold = item["gold"][0] if item["gold"] else "(no answer)"
            lines.append(" | ".join(["", _md_cell(item["id"]), _md_cell(item["category"]),
                                     _md_cell(item["question"]), _md_cell(item["answer"] or "—"),
                                     _md_cell(gold), item["why"], ""]).strip())
    lines += ["", f"{run.seconds:.1f}s total ({run.index_seconds:.1f}s warm-up and index).", ""]
    return "\n".join(lines)


def write_markdown(run: EvalRun, path: Path) -> None:
    try:
        Path(path).write_text(markdown_report(run), encoding="utf-8")
    except OSError as exc:
        raise QAError(f"cannot write report to {path}: {exc.strerror or exc}") from None
