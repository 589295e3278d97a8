"""``qa eval``: measure the shipped Assistant on an eval set, offline.

Kept apart from :mod:`qa.cli` so the evaluation code is imported only when the command
runs (``qa --help`` stays fast). Errors are raised as ``QAError``; ``qa.cli.main`` prints
them as one line and exits non-zero. With ``--json`` stdout carries exactly one JSON
object; progress and warnings go to stderr.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

DEFAULT_EVAL_DIR = Path("eval")


class FormatChoice(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    squad = "squad"


class SplitChoice(str, Enum):
    fit = "fit"
    holdout = "holdout"
    all = "all"


def default_datasets(folder: Path = DEFAULT_EVAL_DIR) -> list[Path]:
    """Every ``*.jsonl`` in ``eval/`` (relative to the working directory), sorted."""
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def eval_cmd(
    datasets: Annotated[Optional[list[Path]], typer.Argument(
        help="Eval files (JSONL or SQuAD JSON); default: every eval/*.jsonl.", show_default=False)] = None,
    top_k: Annotated[Optional[int], typer.Option("--top-k", min=1, max=20,
                                                 help="Passages to read (default QA_TOP_K).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with all figures.")] = False,
    predictions: Annotated[Optional[Path], typer.Option(
        "--predictions", help="Write one answer object per line (with its question id).")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a Markdown report.")] = None,
    fmt: Annotated[FormatChoice, typer.Option("--format", help="File format; auto detects SQuAD by content.")
                   ] = FormatChoice.auto,
    split: Annotated[SplitChoice, typer.Option(
        "--split", help="Question-id hash split: fit on one half, report on the other.")] = SplitChoice.all,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Ask only the first N questions.")] = None,
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Corpus folder (QA_CORPUS_DIR).")] = None,
    index: Annotated[Optional[Path], typer.Option("--index", help="Index folder (QA_INDEX_DIR).")] = None,
) -> None:
    """Evaluate answers, citations, retrieval, abstention and latency on an eval set."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from qa.cli import make_settings
    from qa.evaluation.report import print_run, run_to_dict, write_markdown
    from qa.evaluation.runner import QuestionResult, run_eval, write_predictions

    settings = make_settings(corpus, index)
    paths = list(datasets) if datasets else default_datasets()
    err = Console(stderr=True)
    show_progress = not as_json and err.is_terminal
    bar = Progress(TextColumn("asking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=True, disable=not show_progress)
    task = bar.add_task("asking", total=None)

    def started(n: int) -> None:
        bar.update(task, total=n)

    def advanced(_: QuestionResult) -> None:
        bar.advance(task)

    with bar:
        run = run_eval(paths, settings, top_k=top_k, fmt=fmt.value, split=split.value, limit=limit,
                       progress=show_progress, on_progress=advanced, on_start=started)
    if predictions is not None:
        write_predictions(run.results, predictions)
    if report is not None:
        write_markdown(run, report)
    if as_json:
        sys.stdout.write(json.dumps(run_to_dict(run), ensure_ascii=False, indent=2) + "\n")
    else:
        print_run(run, Console())
