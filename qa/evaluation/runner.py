"""Run the shipped Assistant over an eval set and measure every question.

The evaluator deliberately uses the *same* :class:`~qa.assistant.Assistant` that the CLI
and the API use (one instance, one warm-up), so the figures describe what users get and
not a re-implementation. Per-question measurements live here; aggregation, the quality
gate and rendering live in :mod:`qa.evaluation.report`.

SQuAD files bring their own documents: they are indexed as a temporary corpus whose index
is cached under ``$QA_CACHE_DIR`` (default ``~/.cache/qa``), keyed by the file bytes and
the settings that change vectors or chunks, so a second run skips the embedding.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from qa.evaluation.dataset import DatasetError, EvalRow, is_squad_file, load_eval_rows, load_squad
from qa.evaluation.metrics import contains_gold, exact_match, spans_overlap, token_f1
from qa.schemas import Answer, Chunk, Document
from qa.settings import Settings

if TYPE_CHECKING:  # the Assistant pulls in torch & co.; keep `import runner` cheap
    from qa.assistant import Assistant

logger = logging.getLogger(__name__)

Format = Literal["auto", "jsonl", "squad"]
Split = Literal["fit", "holdout", "all"]
CACHE_ENV = "QA_CACHE_DIR"
FAIL_F1 = 0.5
"""An answerable question whose best-gold F1 is below this is listed as a failure."""
RETRIEVAL_DEPTH = 5
"""Retrieval is scored on at least this many chunks so recall@5 is always defined."""
LONG_EVIDENCE_OVERLAP = 0.5
"""Share of an evidence span a chunk must hold when the evidence is longer than any chunk."""


# --------------------------------------------------------------------------- datasets


@dataclass
class EvalDataset:
    """Rows to ask plus, for SQuAD, the documents they are about (None = use the corpus)."""

    paths: list[Path]
    fmt: Literal["jsonl", "squad"]
    rows: list[EvalRow]
    documents: list[Document] | None = None
    digest: str = ""
    split: Split = "all"
    total_rows: int = 0


def in_split(question_id: str, split: Split) -> bool:
    """Deterministic ~50/50 split by question id, stable across runs and machines.

    Fit parameters (thresholds, weights) on ``fit`` and report on ``holdout`` so a
    figure is never measured on the data it was tuned on.
    """
    if split == "all":
        return True
    fit = int(hashlib.sha1(question_id.encode("utf-8")).hexdigest()[-1], 16) < 8
    return fit if split == "fit" else not fit


def _file_format(path: Path, fmt: Format) -> Literal["jsonl", "squad"]:
    if fmt != "auto":
        return fmt
    if not path.is_file():  # a folder: let the loader produce its clear message
        return "jsonl"
    return "squad" if is_squad_file(path) else "jsonl"


def load_dataset(paths: Sequence[Path], fmt: Format = "auto", split: Split = "all",
                 limit: int | None = None) -> EvalDataset:
    """Load one or more eval files of one kind; raise :class:`DatasetError` on any problem.

    Several JSONL files are merged (they all ask about the corpus); several SQuAD files
    are merged into one temporary corpus. Mixing the two kinds is refused because they
    need different corpora. Ids must be unique across files so predictions stay joinable.
    """
    if not paths:
        raise DatasetError("no eval dataset given (and no eval/*.jsonl in the current folder)")
    for path in map(Path, paths):
        if not path.exists():  # before format detection, which would call it "not SQuAD"
            raise DatasetError(f"eval file not found: {path}")
    kinds = {path: _file_format(path, fmt) for path in map(Path, paths)}
    if len(set(kinds.values())) > 1:
        listing = ", ".join(f"{p} ({k})" for p, k in kinds.items())
        raise DatasetError(f"cannot mix SQuAD and JSONL eval files in one run: {listing}")
    kind = next(iter(kinds.values()))
    rows: list[EvalRow] = []
    documents: list[Document] = []
    digest = hashlib.sha256()
    origin: dict[str, Path] = {}
    for path in kinds:
        if kind == "squad":
            docs, file_rows = load_squad(path)
            documents.extend(docs)
        else:
            file_rows = load_eval_rows(path)
        digest.update(path.read_bytes())
        for row in file_rows:
            if row.id in origin:
                raise DatasetError(f"duplicate id '{row.id}' in {origin[row.id]} and {path}")
            origin[row.id] = path
        rows.extend(file_rows)
    total = len(rows)
    rows = [row for row in rows if in_split(row.id, split)]
    if limit is not None:
        rows = rows[:max(0, limit)]
    if not rows:
        raise DatasetError(f"no questions left to ask after --split {split} and --limit {limit}")
    return EvalDataset(paths=list(kinds), fmt=kind, rows=rows, documents=documents if kind == "squad" else None,
                       digest=digest.hexdigest(), split=split, total_rows=total)


# --------------------------------------------------------------------------- one question


@dataclass
class QuestionResult:
    """Everything measured for one question; aggregated by :mod:`qa.evaluation.report`."""

    row: EvalRow
    answer: Answer
    latency_ms: float
    em: float
    f1: float
    contains: bool
    citations: int
    citations_verbatim: int
    evidence_found: bool = True
    evidence_covered: bool | None = None
    rank: int | None = None

    @property
    def answered(self) -> bool:
        return self.answer.answer is not None

    @property
    def decision_correct(self) -> bool:
        """Answered an answerable question, or abstained on an unanswerable one."""
        return self.answered == self.row.answerable

    @property
    def failed(self) -> bool:
        if self.row.answerable:
            return not self.answered or self.f1 < FAIL_F1
        return self.answered


def locate_evidence(row: EvalRow, documents: Mapping[str, Document]) -> tuple[str, int, int] | None:
    """``(doc_id, start, end)`` of the row's evidence, or None if it is in no indexed document.

    A given ``evidence_start`` wins when it is right (SQuAD answers such as "1066" occur
    more than once); otherwise the first occurrence, in ``doc_id`` or, without one, in
    any document (sorted by id so the result is deterministic).
    """
    if row.evidence is None:
        return None
    evidence = row.evidence
    candidates = [row.doc_id] if row.doc_id is not None else sorted(documents)
    for doc_id in candidates:
        doc = documents.get(doc_id)
        if doc is None:
            continue
        start = row.evidence_start
        if start is not None and doc.text[start:start + len(evidence)] == evidence:
            return doc_id, start, start + len(evidence)
        found = doc.text.find(evidence)
        if found >= 0:
            return doc_id, found, found + len(evidence)
    return None


def chunk_contains(chunk: Chunk, span: tuple[str, int, int], longest_chunk: int) -> bool:
    """True if the chunk holds the evidence; for evidence longer than any chunk, half of it."""
    doc_id, start, end = span
    if chunk.doc_id != doc_id:
        return False
    if chunk.start <= start and end <= chunk.end:
        return True
    if end - start > longest_chunk:
        shared = min(end, chunk.end) - max(start, chunk.start)
        return shared >= LONG_EVIDENCE_OVERLAP * (end - start)
    return False


def count_verbatim(answer: Answer, documents: Mapping[str, Document]) -> tuple[int, int]:
    """``(citations, verbatim citations)`` over the answer, its alternatives and closest passages."""
    citations = [*answer.citations, *(c for alt in answer.alternatives for c in alt.citations)]
    verbatim = 0
    for cite in citations:
        doc = documents.get(cite.doc_id)
        if doc is not None and doc.text[cite.start:cite.end] == cite.quote:
            verbatim += 1
    return len(citations), verbatim


def evaluate_row(assistant: Assistant, row: EvalRow, top_k: int, longest_chunk: int) -> QuestionResult:
    """Ask (timed), then retrieve (untimed) so the query-embedding cache cannot flatter latency."""
    started = time.perf_counter()
    answer = assistant.ask(row.question, top_k=top_k)
    latency_ms = (time.perf_counter() - started) * 1000.0
    documents = assistant.state.index.documents
    total, verbatim = count_verbatim(answer, documents)
    result = QuestionResult(row=row, answer=answer, latency_ms=latency_ms,
                            em=exact_match(answer.answer, row.answers), f1=token_f1(answer.answer, row.answers),
                            contains=contains_gold(answer.answer, row.answers),
                            citations=total, citations_verbatim=verbatim)
    if not row.answerable:
        return result
    span = locate_evidence(row, documents)
    if span is None:
        logger.warning("%s: evidence not found in any indexed document; counted as a miss", row.id)
        result.evidence_found = False
        result.evidence_covered = False
        return result
    doc_id, start, end = span
    result.evidence_covered = answer.answer is not None and any(
        c.doc_id == doc_id and spans_overlap(c.start, c.end, start, end) for c in answer.citations)
    retrieved = assistant.retrieve(row.question, top_k=max(RETRIEVAL_DEPTH, top_k))
    for rank, hit in enumerate(retrieved, start=1):
        if chunk_contains(hit.chunk, span, longest_chunk):
            result.rank = rank
            break
    return result


def evaluate(assistant: Assistant, rows: Sequence[EvalRow], top_k: int,
             on_progress: Callable[[QuestionResult], None] | None = None) -> list[QuestionResult]:
    """Ask every row with a warmed-up assistant; ``on_progress`` is called after each one."""
    chunks = assistant.state.index.chunks
    longest = max((c.end - c.start for c in chunks), default=0)
    results: list[QuestionResult] = []
    for row in rows:
        result = evaluate_row(assistant, row, top_k, longest)
        results.append(result)
        if on_progress is not None:
            on_progress(result)
    return results


# --------------------------------------------------------------------------- assistants


def cache_root() -> Path:
    """Where SQuAD indexes are kept: ``$QA_CACHE_DIR`` or ``~/.cache/qa``."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "qa"


def index_fingerprint(settings: Settings) -> dict[str, object]:
    """The settings that change chunks or vectors: a different value needs another index."""
    return {"embed_model": settings.embed_model, "chunk_tokens": settings.chunk_tokens,
            "chunk_overlap": settings.chunk_overlap, "tokenizer_encoding": settings.tokenizer_encoding}


def squad_index_dir(dataset: EvalDataset, settings: Settings) -> Path:
    """``<cache>/squad-<sha256(files, fingerprint)[:16]>``: one index per data and settings."""
    key = hashlib.sha256(dataset.digest.encode("ascii"))
    key.update(json.dumps(index_fingerprint(settings), sort_keys=True).encode("utf-8"))
    return cache_root() / f"squad-{key.hexdigest()[:16]}"


@dataclass
class PreparedAssistant:
    """A warmed-up assistant plus the temporary corpus folder to delete afterwards."""

    assistant: Assistant
    settings: Settings
    index_seconds: float
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def prepare_assistant(dataset: EvalDataset, settings: Settings, progress: bool = False) -> PreparedAssistant:
    """Build the Assistant the dataset needs, warmed up exactly once.

    JSONL: the configured corpus and index, as ``qa ask`` would use them. SQuAD: the
    file's articles indexed directly into the cache folder; ``warm_up(build=True)`` is
    avoided because it would re-read the (empty) corpus folder and drop the documents.
    """
    from qa.assistant import Assistant
    from qa.runtime import configure_threads

    started = time.perf_counter()
    if dataset.documents is None:
        assistant = Assistant(settings)
        assistant.warm_up(progress=progress)
        return PreparedAssistant(assistant, settings, time.perf_counter() - started)
    tmp = tempfile.TemporaryDirectory(prefix="qa-squad-corpus-")
    try:
        index_dir = squad_index_dir(dataset, settings)
        index_dir.mkdir(parents=True, exist_ok=True)
        squad_settings = settings.model_copy(update={"corpus_dir": Path(tmp.name), "index_dir": index_dir})
        assistant = Assistant(squad_settings)
        configure_threads(squad_settings.torch_threads, squad_settings.faiss_threads)  # as warm_up() does
        assistant.embedder.warm_up()
        assistant.index(documents=dataset.documents, skipped=[], progress=progress)
        assistant.reader.warm_up()
    except BaseException:
        tmp.cleanup()
        raise
    return PreparedAssistant(assistant, squad_settings, time.perf_counter() - started, tmp)


# --------------------------------------------------------------------------- a run


@dataclass
class EvalRun:
    """One evaluation: the dataset, the settings it ran with and every question's result."""

    dataset: EvalDataset
    settings: Settings
    top_k: int
    results: list[QuestionResult]
    index_seconds: float
    seconds: float


def run_eval(paths: Sequence[Path], settings: Settings, top_k: int | None = None, fmt: Format = "auto",
             split: Split = "all", limit: int | None = None, progress: bool = False,
             on_progress: Callable[[QuestionResult], None] | None = None,
             on_start: Callable[[int], None] | None = None) -> EvalRun:
    """Load, prepare one assistant, ask every question. ``on_start(n)`` fires after warm-up."""
    started = time.perf_counter()
    dataset = load_dataset(paths, fmt, split, limit)
    k = top_k or settings.top_k
    prepared = prepare_assistant(dataset, settings, progress=progress)
    try:
        if on_start is not None:
            on_start(len(dataset.rows))
        results = evaluate(prepared.assistant, dataset.rows, k, on_progress)
    finally:
        prepared.close()
    return EvalRun(dataset=dataset, settings=prepared.settings, top_k=k, results=results,
                   index_seconds=prepared.index_seconds, seconds=time.perf_counter() - started)


def write_predictions(results: Sequence[QuestionResult], path: Path) -> None:
    """One JSON answer object per line with the question id first, for diffing runs."""
    from qa.errors import QAError

    try:
        with Path(path).open("w", encoding="utf-8") as handle:
            for result in results:
                handle.write(json.dumps({"id": result.row.id, **result.answer.model_dump()}, ensure_ascii=False))
                handle.write("\n")
    except OSError as exc:
        raise QAError(f"cannot write predictions to {path}: {exc.strerror or exc}") from None
