"""``qa bench``: options, presets, and the call into the runner.

Kept import-light (only typer at module level): ``qa.cli`` imports this module to register
the command, so anything imported here would slow down every ``qa`` command.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([kKmM]?)$")


def parse_size(text: str) -> int:
    """'500' → 500, '10k' → 10000, '1M' → 1000000."""
    match = _SIZE.match(text.strip())
    if not match:
        raise typer.BadParameter(f"size '{text}' is not a number like 500, 10k or 1M")
    factor = {"": 1, "k": 1000, "m": 1_000_000}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def parse_threads(text: str) -> tuple[int, int]:
    """'1,1' → (torch_threads, faiss_threads)."""
    try:
        torch_threads, faiss_threads = (int(x) for x in text.split(","))
    except ValueError as exc:
        raise typer.BadParameter(f"threads '{text}' must look like TORCH,FAISS (e.g. 1,1)") from exc
    if torch_threads < 1 or faiss_threads < 1:
        raise typer.BadParameter("thread counts must be at least 1")
    return torch_threads, faiss_threads


def bench_cmd(
    quick: Annotated[bool, typer.Option("--quick", help="Small smoke-size run (under 3 minutes).")] = False,
    size: Annotated[Optional[list[str]], typer.Option(
        "--size", help="Add a real-text corpus size, e.g. --size 100k (≈40 min of embedding on 2 cores).")] = None,
    scale_size: Annotated[Optional[str], typer.Option(
        "--scale-size", help="Synthetic-vector index size (default 1M; 200k with --quick).")] = None,
    threads: Annotated[Optional[list[str]], typer.Option(
        "--threads", help="TORCH,FAISS thread settings to compare (default 1,1 and 2,1).")] = None,
    questions: Annotated[Optional[int], typer.Option("--questions", min=2, help="Questions per latency run.")] = None,
    skip: Annotated[Optional[list[str]], typer.Option(
        "--skip", help="Skip a section: scale, coldstart or reader-seed.")] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Scale section: index only, no chunk store/server.")]
    = False,
    embed_model: Annotated[Optional[str], typer.Option("--embed-model", help="Embedder (default QA_EMBED_MODEL).")]
    = None,
    out: Annotated[Path, typer.Option("--out", help="JSON report.")] = Path("reports/bench.json"),
    md: Annotated[Path, typer.Option("--md", help="Markdown report.")] = Path("reports/bench.md"),
    work_dir: Annotated[Path, typer.Option("--work-dir", help="Generated corpora and indexes (reused).")]
    = Path("reports/bench-work"),
) -> None:
    """Benchmark ingest, query latency (in process and HTTP), memory, 1M-chunk scale and cold start."""
    from qa.bench.runner import BenchConfig, Run

    config = BenchConfig.preset(quick, out, md, work_dir, [parse_size(s) for s in size or []])
    if scale_size:
        config.scale_n = parse_size(scale_size)
    if threads:
        config.thread_configs = [parse_threads(t) for t in threads]
    if questions:
        config.questions = questions
    if no_store:
        config.scale_store = False
    config.embed_model = embed_model
    config.skip = set(skip or [])
    work_dir.mkdir(parents=True, exist_ok=True)
    results = Run(config).run()
    failed = [t["target"] for t in results.get("targets", []) if t["pass"] is False]
    typer.echo(f"wrote {out} and {md}; {len(failed)} target(s) failed, {len(results.get('errors', []))} error(s)")
