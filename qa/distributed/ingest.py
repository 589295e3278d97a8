"""``qa index --engine ray``: the same index as the local engine, built on Ray Data.

Stages and why:

1. parse (tasks): every corpus file is read and normalised in parallel; only ids and content
   hashes come back to the driver, which plans the update exactly as the local engine does
   (``qa.sharding.plan_update``: dedupe, stable shard assignment, what to embed, which shards
   to write) — so both engines agree on every document and every shard;
2. chunk (tasks): documents to (re)embed are chunked where they are;
3. embed (``map_batches`` on an actor pool): one model per actor, loaded once, on a GPU when
   the cluster has one. Actors are restartable and their batches retried, and Ray Data keeps
   only the output of the attempt that finished, so a killed worker loses and duplicates
   nothing; the shard writer checks both anyway (every chunk once, every document complete);
4. write (one task per changed shard, after a ``groupby`` on the shard): the shard's new
   chunks are merged with the vectors it can reuse and written with ``write_index`` on the
   shared index folder. The driver then publishes ``shards.json`` (``qa.sharding.commit``).
"""

from __future__ import annotations

import functools
import json
import os
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from qa.distributed import RayEngineError, require_ray
from qa.documents import SkippedFile, content_hash, doc_id_for, iter_corpus_files, load_file
from qa.embedding import Embedder, SentenceTransformerEmbedder, make_embedder
from qa.errors import CorpusNotFoundError, QAError
from qa.index_store import load_index
from qa.indexing import Indexer, IndexReport
from qa.schemas import Chunk, Document
from qa.settings import Settings
from qa.sharding import ShardPlan, commit, plan_update, resolve_shards, version_of, write_shard

LOCAL_CPUS = 2
RETRIES = 3
FAULT_ENV = "QA_RAY_FAULT_CRASH_ONCE"
"""Fault injection for tests: a marker path; the first embedding batch creates it and kills its worker."""


@contextmanager
def ray_session(address: str | None = None, num_cpus: int = LOCAL_CPUS) -> Iterator[Any]:
    """Join ``address`` (or ``$RAY_ADDRESS``), reuse this process's open session, or start a bounded local one."""
    ray = require_ray()
    if ray.is_initialized():
        yield ray
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    options: dict[str, Any] = {"address": address} if address else {
        "address": "local", "num_cpus": num_cpus, "include_dashboard": False}
    try:
        ray.init(**options, logging_level="WARNING", configure_logging=True)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise RayEngineError(f"could not start or reach Ray at {address or 'a local cluster'} ({exc})") from exc
    try:
        yield ray
    finally:
        ray.shutdown()


def _settings(settings_json: str) -> Settings:
    return Settings.model_validate_json(settings_json)


@functools.lru_cache(maxsize=2)
def _indexer(settings_json: str) -> Indexer:
    """One chunker (and tokenizer) per worker process, reused by every task it runs."""
    settings = _settings(settings_json)
    return Indexer(settings, make_embedder(settings.embed_model))


def _fingerprint(settings_json: str) -> dict[str, Any]:
    return _indexer(settings_json).fingerprint()


def _parse(row: dict[str, Any], root: str) -> list[dict[str, Any]]:
    path, base = Path(row["path"]), Path(root)
    common = {"file_no": row["file_no"], "title": "", "text": "", "metadata": "{}", "hash": "", "error": ""}
    try:
        docs = load_file(path, base)
    except (ValueError, UnicodeError, OSError) as exc:
        return [{**common, "rec_no": 0, "doc_id": doc_id_for(path, base), "error": str(exc) or type(exc).__name__}]
    return [{**common, "rec_no": i, "doc_id": d.doc_id, "title": d.title, "text": d.text,
             "metadata": json.dumps(d.metadata, ensure_ascii=False), "hash": content_hash(d.text)}
            for i, d in enumerate(docs)]


def _corpus_order(keys: list[dict[str, Any]]) -> tuple[list[tuple[str, str]], list[SkippedFile], set[tuple[int, int]]]:
    """(doc_id, hash) in corpus order, skipped files, and the rows that count (first of each doc_id)."""
    entries: list[tuple[str, str]] = []
    skipped: list[SkippedFile] = []
    accepted: set[tuple[int, int]] = set()
    seen: set[str] = set()
    for key in sorted(keys, key=lambda k: (k["file_no"], k["rec_no"])):
        if key["error"]:
            skipped.append(SkippedFile(key["doc_id"], key["error"]))
        elif key["doc_id"] in seen:
            skipped.append(SkippedFile(key["doc_id"], "duplicate document id"))
        else:
            seen.add(key["doc_id"])
            entries.append((key["doc_id"], key["hash"]))
            accepted.add((int(key["file_no"]), int(key["rec_no"])))
    return entries, skipped, accepted


def _chunk(row: dict[str, Any], settings_json: str) -> list[dict[str, Any]]:
    if not row["embed"]:
        return []  # unchanged: its stored chunks and vectors are reused by the shard writer
    doc = Document(doc_id=row["doc_id"], title=row["title"], text=row["text"], metadata=json.loads(row["metadata"]))
    chunks = _indexer(settings_json).chunker.chunk(doc)
    return [{"shard": row["shard"], "kind": "chunk", "doc_id": doc.doc_id, "title": "", "text": c.text,
             "metadata": "", "start": c.start, "end": c.end, "n_chunks": len(chunks)} for c in chunks]


class EmbedActor:
    """One embedding model per actor, loaded once; vectors for a batch of chunk rows."""

    def __init__(self, model: str, device: str, batch_size: int) -> None:
        import torch

        torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1"))))
        embedder: Embedder = make_embedder(model)
        if isinstance(embedder, SentenceTransformerEmbedder) and device != "cpu":
            embedder = SentenceTransformerEmbedder(model, device=device)
        embedder.warm_up()
        self.embedder = embedder
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        marker = os.environ.get(FAULT_ENV)
        if marker and not os.path.exists(marker):
            Path(marker).write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)  # a worker dying mid-batch, as an OOM kill or a lost node would
        batch["vector"] = self.embedder.encode([str(t) for t in batch["text"]], batch_size=self.batch_size)
        return batch


def _write_group(batch: dict[str, np.ndarray], plan: ShardPlan) -> dict[str, list[Any]]:
    """Write one shard from its rows (documents, fresh chunks with vectors, one marker) and report it."""
    shard = int(batch["shard"][0])
    documents: dict[str, Document] = {}
    rows: dict[str, list[tuple[int, int, str, np.ndarray, int]]] = {}
    for i, kind in enumerate(batch["kind"]):
        doc_id = str(batch["doc_id"][i])
        if kind == "doc":
            documents[doc_id] = Document(doc_id=doc_id, title=str(batch["title"][i]), text=str(batch["text"][i]),
                                         metadata=json.loads(str(batch["metadata"][i])))
        elif kind == "chunk":
            rows.setdefault(doc_id, []).append((int(batch["start"][i]), int(batch["end"][i]), str(batch["text"][i]),
                                                np.asarray(batch["vector"][i], dtype=np.float32),
                                                int(batch["n_chunks"][i])))
    fresh: dict[str, tuple[list[Chunk], np.ndarray]] = {}
    for doc_id, found in rows.items():
        found.sort(key=lambda r: (r[0], r[1]))
        if len({(r[0], r[1]) for r in found}) != len(found) or len(found) != found[0][4]:
            raise RayEngineError(f"shard {shard}: {doc_id} arrived as {len(found)} chunk rows for "
                                 f"{found[0][4]} chunks (lost or duplicated work)")
        fresh[doc_id] = ([Chunk(chunk_id=j, doc_id=doc_id, start=r[0], end=r[1], text=r[2])
                          for j, r in enumerate(found)], np.stack([r[3] for r in found]))
    todo = set(plan.todo)
    missing = [d for d in plan.members[shard] if d not in documents or (d in todo and d not in fresh)]
    if missing:
        raise RayEngineError(f"shard {shard}: no rows arrived for {len(missing)} document(s), e.g. {missing[0]}")
    reused = {plan.sources[d] for d in plan.members[shard] if d not in fresh}
    written = write_shard(plan, shard, documents, fresh, {folder: load_index(folder) for folder in reused})
    return {"shard": [shard], "version": [version_of(plan.folder(shard)) if written is not None else ""],
            "chunks": [len(written.chunks) if written is not None else 0],
            "embedded": [sum(len(c) for c, _ in fresh.values())]}


def _embed_and_write(ray: Any, parsed: Any, plan: ShardPlan, accepted: set[tuple[int, int]], settings: Settings,
                     workers: int | None, progress: bool, timings: dict[str, float]) -> list[dict[str, Any]]:
    """Stages 2-4 for the documents of the shards that change; returns one result row per shard."""
    import ray.data as rd

    context = rd.DataContext.get_current()
    context.enable_progress_bars = progress
    dimension = int(plan.fingerprint["dimension"])
    wanted = {d: s for s in plan.dirty for d in plan.members[s]}
    todo = set(plan.todo)
    settings_json = settings.model_dump_json()
    zeros = np.zeros(dimension, dtype=np.float32)

    def route(row: dict[str, Any]) -> list[dict[str, Any]]:
        if (int(row["file_no"]), int(row["rec_no"])) not in accepted or row["doc_id"] not in wanted:
            return []
        return [{**row, "shard": wanted[row["doc_id"]], "embed": row["doc_id"] in todo}]

    def as_doc_row(row: dict[str, Any]) -> dict[str, Any]:
        return {"shard": row["shard"], "kind": "doc", "doc_id": row["doc_id"], "title": row["title"],
                "text": row["text"], "metadata": row["metadata"], "start": 0, "end": 0, "n_chunks": 0, "vector": zeros}

    started = time.perf_counter()
    work = parsed.flat_map(route).materialize()
    chunks = work.flat_map(functools.partial(_chunk, settings_json=settings_json)).materialize()  # done before the
    # actor pool takes its CPUs, so chunk tasks never wait for CPUs held by idle embedding actors
    timings["chunk"] = time.perf_counter() - started
    gpus = int(ray.cluster_resources().get("GPU", 0))
    size = workers or gpus or max(1, int(ray.cluster_resources().get("CPU", 1)) - 1)
    forwarded = {k: v for k, v in os.environ.items() if k.startswith(("QA_", "HF_"))}
    with warnings.catch_warnings():  # bounded retries are still passed as ray_remote_args in Ray 2.60
        warnings.simplefilter("ignore", DeprecationWarning)
        embedded = chunks.map_batches(
            EmbedActor, fn_constructor_kwargs={"model": settings.embed_model, "device": "cuda" if gpus else "cpu",
                                               "batch_size": settings.embed_batch_size},
            batch_size=max(settings.embed_batch_size, 32), batch_format="numpy",
            compute=rd.ActorPoolStrategy(size=size), num_gpus=1 if gpus else None, num_cpus=None if gpus else 1,
            runtime_env={"env_vars": forwarded}, max_restarts=RETRIES, max_task_retries=RETRIES)
    markers = rd.from_items([{"shard": s, "kind": "marker", "doc_id": "", "title": "", "text": "", "metadata": "",
                              "start": 0, "end": 0, "n_chunks": 0, "vector": zeros} for s in plan.dirty])
    slim = replace(plan, previous={})
    written = embedded.union(work.map(as_doc_row), markers).groupby("shard", num_partitions=len(plan.dirty)).map_groups(
        _write_group, fn_kwargs={"plan": slim}, batch_format="numpy", max_retries=2)
    started = time.perf_counter()
    results = list(written.take_all())
    timings["embed_and_write"] = time.perf_counter() - started
    return results


def build_with_ray(settings: Settings, shards: int | None = None, address: str | None = None, rebuild: bool = False,
                   progress: bool = False, workers: int | None = None,
                   timings: dict[str, float] | None = None) -> IndexReport:
    """Build or update the (sharded) index on Ray; same plan, same files, same report as the local engine.

    ``workers`` is the embedding actor pool size (default: one per GPU, else CPUs - 1); ``timings``,
    when given, receives seconds per stage (for the throughput figures in qa/distributed/README.md).
    """
    started = time.perf_counter()
    timings = {} if timings is None else timings
    root = settings.corpus_dir
    if not root.is_dir():
        raise CorpusNotFoundError(f"Corpus folder not found: {root} (set --corpus or QA_CORPUS_DIR)")
    n = resolve_shards(settings.index_dir, shards)
    files = [{"path": str(p), "file_no": i} for i, p in enumerate(iter_corpus_files(root))]
    with ray_session(address) as ray:
        import ray.data as rd

        try:
            settings_json = settings.model_dump_json()
            fingerprint = ray.get(ray.remote(_fingerprint).remote(settings_json))
            stage = time.perf_counter()
            parsed = rd.from_items(files).flat_map(functools.partial(_parse, root=str(root))).materialize()
            keys = parsed.select_columns(["file_no", "rec_no", "doc_id", "hash", "error"]).take_all()
            entries, skipped, accepted = _corpus_order(keys)
            plan = plan_update(settings.index_dir, entries, n, fingerprint, rebuild, skipped)
            timings["parse_and_plan"] = time.perf_counter() - stage
            results = _embed_and_write(ray, parsed, plan, accepted, settings, workers, progress, timings) \
                if plan.dirty else []
        except ray.exceptions.RayError as exc:
            cause = getattr(exc, "cause", None)
            if isinstance(cause, QAError):
                raise type(cause)(str(cause)) from exc
            raise RayEngineError(f"Ray ingestion failed: {type(exc).__name__}: {str(exc).splitlines()[0]}") from exc
    commit(plan, {int(r["shard"]): (str(r["version"]) or None) for r in results})
    report = plan.report
    report.embedded_texts = sum(int(r["embedded"]) for r in results)
    written = {int(r["shard"]) for r in results}
    report.chunks = sum(int(r["chunks"]) for r in results) + sum(
        plan.previous[plan.folder(s)].manifest.n_chunks for s, v in enumerate(plan.versions) if v and s not in written)
    report.seconds = time.perf_counter() - started
    return report
