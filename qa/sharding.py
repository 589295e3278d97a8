"""Sharded index: documents split over N complete indexes, searched as one.

Layout (``index_dir``)::

    shards.json                 # n_shards, fingerprint, duplicates, the active version of each shard
    shard-00-of-04/CURRENT      # each shard is an ordinary index folder (qa.index_store),
    shard-00-of-04/v-.../       #   written and verified with write_index / load_index
    ...

Why by document and by hash: a document's chunks stay together (citations never span
shards) and ``sha256(doc_id) mod N`` gives every process and machine the same answer, so
an update rewrites only the shards whose documents changed. Changing N reuses every stored
vector (chunks and vectors are looked up by document and content hash, wherever they are);
the new shard folders carry N in their name so they never overwrite the old ones until
``shards.json`` switches to them. ``shards.json`` is written last, so a reader sees the old
or the new shard set; a shard whose CURRENT disagrees with it is reported, never mixed in.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from qa.distributed.sharded_index import ShardedIndex
from qa.documents import SkippedFile, content_hash, load_corpus
from qa.embedding import make_embedder
from qa.errors import ConfigurationError, IndexCorruptError, IndexNotFoundError, IndexWriteError, QAError
from qa.index_store import POINTER, REBUILD_HINT, LoadedIndex, current_version, load_index, read_manifest, write_index
from qa.indexing import Indexer, IndexReport
from qa.schemas import Chunk, Document
from qa.settings import Settings

logger = logging.getLogger("qa")
SHARDS_FILE = "shards.json"
MAX_SHARDS = 1024
ASSIGNMENT = "sha256(doc_id) mod n_shards"
Fresh = dict[str, tuple[list[Chunk], np.ndarray]]
"""Newly chunked and embedded documents: doc_id -> (chunks in order, their vectors)."""


class ShardSet(BaseModel):
    """Contents of ``shards.json``: which shard versions together form the index."""

    format_version: int = 1
    created_at: str
    n_shards: int
    assignment: str = ASSIGNMENT
    fingerprint: dict[str, Any]
    duplicates: dict[str, str] = {}
    shards: list[str | None]


def shard_of(doc_id: str, n_shards: int) -> int:
    """Stable shard of a document: the same in every process (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big") % n_shards


def shard_name(shard: int, n_shards: int) -> str:
    width = max(2, len(str(n_shards - 1)))
    return f"shard-{shard:0{width}d}-of-{n_shards:0{width}d}"


def is_sharded(index_dir: Path) -> bool:
    return (index_dir / SHARDS_FILE).is_file()


def read_shard_set(index_dir: Path) -> ShardSet:
    path = index_dir / SHARDS_FILE
    if not path.is_file():
        raise IndexNotFoundError(f"No index in {index_dir}; run `qa index` to build it")
    try:
        shard_set = ShardSet.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError) as exc:
        raise IndexCorruptError(f"{path} is unreadable ({type(exc).__name__}); {REBUILD_HINT}") from exc
    if shard_set.assignment != ASSIGNMENT or len(shard_set.shards) != shard_set.n_shards:
        raise IndexCorruptError(f"{path} describes an unknown shard layout; {REBUILD_HINT}")
    return shard_set


def _write_shard_set(index_dir: Path, shard_set: ShardSet) -> None:
    """Atomic replace: readers see the old or the new shard set, never a torn file."""
    tmp = index_dir / f".{SHARDS_FILE}.{uuid.uuid4().hex}"
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(shard_set.model_dump_json(indent=2))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, index_dir / SHARDS_FILE)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise IndexWriteError(f"could not write {index_dir / SHARDS_FILE} ({exc.strerror or exc})") from exc


def load_sharded_index(index_dir: Path, verify: bool = True) -> ShardedIndex:
    """Load every shard named in ``shards.json`` (each verified) and join them into one index view."""
    shard_set = read_shard_set(index_dir)
    parts: list[LoadedIndex] = []
    names: list[str] = []
    for shard, version in enumerate(shard_set.shards):
        if version is None:
            continue
        folder = index_dir / shard_name(shard, shard_set.n_shards)
        active = current_version(folder)
        if active is None or active.name != version:
            raise IndexCorruptError(f"shard {folder.name} is at {active.name if active else 'nothing'} but "
                                    f"{SHARDS_FILE} names {version} (an update was interrupted or is under way); "
                                    "run `qa index`")
        part = load_index(folder, verify=verify)
        if part.manifest.fingerprint != shard_set.fingerprint:
            raise IndexCorruptError(f"shard {folder.name} was built with other settings; {REBUILD_HINT}")
        parts.append(part)
        names.append(folder.name)
    return ShardedIndex.from_parts(parts, names, shard_set.fingerprint, shard_set.duplicates, shard_set.created_at)


def load_any_index(index_dir: Path) -> LoadedIndex:
    """The index in ``index_dir``, sharded or not (the Assistant's single loading call)."""
    return load_sharded_index(index_dir) if is_sharded(index_dir) else load_index(index_dir)


@dataclass
class ShardPlan:
    """What an update will do, decided from document ids and content hashes only."""

    index_dir: Path
    n_shards: int
    fingerprint: dict[str, Any]
    order: list[str]
    hashes: dict[str, str]
    duplicates: dict[str, str]
    report: IndexReport
    todo: list[str]
    sources: dict[str, Path]
    dirty: list[int]
    versions: list[str | None]
    previous: dict[Path, LoadedIndex]
    layout_changed: bool
    members: list[list[str]] = field(default_factory=list)

    def folder(self, shard: int) -> Path:
        return self.index_dir if self.n_shards == 1 else self.index_dir / shard_name(shard, self.n_shards)


def resolve_shards(index_dir: Path, requested: int | None) -> int:
    """``--shards`` when given, else the current layout's count (1 for an unsharded or missing index)."""
    if requested is not None:
        if not 1 <= requested <= MAX_SHARDS:
            raise ConfigurationError(f"--shards must be between 1 and {MAX_SHARDS}, got {requested}")
        return requested
    return read_shard_set(index_dir).n_shards if is_sharded(index_dir) else 1


def _previous_parts(index_dir: Path, fingerprint: dict[str, Any]) -> tuple[dict[Path, LoadedIndex], ShardSet | None]:
    """Verified index folders of the current layout whose settings match: the reusable vectors."""
    shard_set = None
    folders: list[Path] = []
    try:
        if is_sharded(index_dir):
            shard_set = read_shard_set(index_dir)
            folders = [index_dir / shard_name(s, shard_set.n_shards) for s, v in enumerate(shard_set.shards) if v]
        elif current_version(index_dir) is not None:
            folders = [index_dir]
    except QAError as exc:
        logger.warning("previous index in %s is not usable (%s); starting over", index_dir, exc)
        return {}, None
    parts: dict[Path, LoadedIndex] = {}
    for folder in folders:
        try:
            part = load_index(folder)
        except QAError as exc:
            logger.warning("%s is not usable (%s); its documents will be embedded again", folder, exc)
            continue
        if part.manifest.fingerprint == fingerprint:
            parts[folder] = part
    return parts, shard_set


def plan_update(index_dir: Path, entries: list[tuple[str, str]], n_shards: int, fingerprint: dict[str, Any],
                rebuild: bool = False, skipped: list[SkippedFile] | None = None) -> ShardPlan:
    """Dedupe (first in corpus order wins), assign shards, find what to embed and which shards to write."""
    report = IndexReport(skipped=list(skipped or []))
    order: list[str] = []
    hashes: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    for doc_id, digest in entries:
        if digest in by_hash:
            report.duplicates[doc_id] = by_hash[digest]
            continue
        by_hash[digest] = doc_id
        hashes[doc_id] = digest
        order.append(doc_id)
    parts, old_set = ({}, None) if rebuild else _previous_parts(index_dir, fingerprint)
    stored: dict[str, str] = {}
    sources: dict[str, Path] = {}
    for folder, part in parts.items():
        for doc_id, entry in part.manifest.documents.items():
            stored[doc_id] = entry.hash
            if hashes.get(doc_id) == entry.hash:
                sources[doc_id] = folder
    todo: list[str] = []
    for doc_id in order:
        if doc_id in sources:
            report.unchanged.append(doc_id)
        else:
            (report.updated if doc_id in stored else report.added).append(doc_id)
            todo.append(doc_id)
    report.removed = sorted(set(stored) - set(order))
    members: list[list[str]] = [[] for _ in range(n_shards)]
    for doc_id in order:
        members[shard_of(doc_id, n_shards) if n_shards > 1 else 0].append(doc_id)
    if n_shards > 1:
        members = [sorted(m) for m in members]
    plan = ShardPlan(index_dir, n_shards, fingerprint, order, hashes, report.duplicates, report, todo, sources,
                     [], [None] * n_shards, parts, layout_changed=False, members=members)
    same_layout = (old_set is not None and old_set.n_shards == n_shards) if n_shards > 1 else \
        (old_set is None and index_dir in parts)
    for shard in range(n_shards):
        folder = plan.folder(shard)
        held = parts.get(folder) if same_layout else None
        expected = {d: hashes[d] for d in members[shard]}
        if not expected and n_shards > 1:
            clean = not folder.exists()
        else:
            clean = held is not None and {d: e.hash for d, e in held.manifest.documents.items()} == expected and (
                n_shards > 1 or held.manifest.duplicates == report.duplicates)
        if clean:
            active = current_version(folder) if expected else None
            plan.versions[shard] = active.name if active else None
        else:
            plan.dirty.append(shard)
    plan.layout_changed = bool(plan.dirty) or not same_layout or (n_shards > 1 and old_set is not None and (
        old_set.duplicates != report.duplicates or old_set.shards != plan.versions))
    return plan


def assemble(plan: ShardPlan, shard: int, documents: dict[str, Document], fresh: Fresh,
             loaded: dict[Path, LoadedIndex]) -> tuple[list[Document], list[Chunk], np.ndarray]:
    """One shard's documents, chunks (renumbered from 0) and vectors: fresh ones or reused ones."""
    docs = [documents[d] for d in plan.members[shard]]
    chunks: list[Chunk] = []
    vectors: list[np.ndarray] = []
    for doc in docs:
        if doc.doc_id in fresh:
            doc_chunks, doc_vectors = fresh[doc.doc_id]
        else:
            part = loaded[plan.sources[doc.doc_id]]
            rows = part.by_doc.get(doc.doc_id, [])
            doc_chunks = [part.chunks[r] for r in rows]
            doc_vectors = np.asarray(part.vectors[rows], dtype=np.float32)
        base = len(chunks)
        chunks.extend([c.model_copy(update={"chunk_id": base + i}) for i, c in enumerate(doc_chunks)])
        vectors.append(doc_vectors)
    dimension = int(plan.fingerprint["dimension"])
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, dimension), np.float32)
    return docs, chunks, matrix


def write_shard(plan: ShardPlan, shard: int, documents: dict[str, Document], fresh: Fresh,
                loaded: dict[Path, LoadedIndex]) -> LoadedIndex | None:
    """Write one shard's new version; None when the shard has no documents (its folder goes at commit)."""
    if not plan.members[shard] and plan.n_shards > 1:
        return None
    docs, chunks, vectors = assemble(plan, shard, documents, fresh, loaded)
    return write_index(plan.folder(shard), docs, chunks, vectors, plan.fingerprint,
                       plan.duplicates if plan.n_shards == 1 else {})


def commit(plan: ShardPlan, versions: dict[int, str | None]) -> None:
    """Publish the written shards (``shards.json`` last), then remove what the new layout no longer uses."""
    for shard, version in versions.items():
        plan.versions[shard] = version
    index_dir = plan.index_dir
    keep: set[str] = set()
    if plan.n_shards > 1:
        if plan.layout_changed:
            _write_shard_set(index_dir, ShardSet(
                created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), n_shards=plan.n_shards,
                fingerprint=plan.fingerprint, duplicates=plan.duplicates, shards=plan.versions))
        keep = {shard_name(s, plan.n_shards) for s, v in enumerate(plan.versions) if v}
        (index_dir / POINTER).unlink(missing_ok=True)
    else:
        (index_dir / SHARDS_FILE).unlink(missing_ok=True)
    for path in index_dir.iterdir():
        stale_shard = path.name.startswith("shard-") and path.name not in keep
        stale_version = plan.n_shards > 1 and path.name.startswith("v-")
        if path.is_dir() and (stale_shard or stale_version):
            shutil.rmtree(path, ignore_errors=True)


def version_of(folder: Path) -> str:
    active = current_version(folder)
    if active is None:
        raise IndexWriteError(f"{folder} has no active version after writing it")
    return active.name


def joined(plan: ShardPlan, written: dict[int, LoadedIndex | None]) -> LoadedIndex:
    """The index after an update, from the shards just written and the verified clean ones (no reload)."""
    parts = {s: written[s] if s in written else plan.previous[plan.folder(s)]
             for s, v in enumerate(plan.versions) if v is not None}
    if plan.n_shards == 1:
        return parts[0]  # type: ignore[return-value]
    chosen = [p for p in parts.values() if p is not None]
    names = [plan.folder(s).name for s, p in parts.items() if p is not None]
    return ShardedIndex.from_parts(chosen, names, plan.fingerprint, plan.duplicates,
                                   datetime.now(timezone.utc).isoformat(timespec="seconds"))


def build_local(indexer: Indexer, documents: list[Document], skipped: list[SkippedFile] | None = None,
                n_shards: int | None = None, rebuild: bool = False,
                progress: bool = False) -> tuple[LoadedIndex, IndexReport]:
    """Chunk and embed in this process, then write only the shards that changed."""
    started = time.perf_counter()
    settings = indexer.settings
    n = resolve_shards(settings.index_dir, n_shards)
    plan = plan_update(settings.index_dir, [(d.doc_id, content_hash(d.text)) for d in documents], n,
                       indexer.fingerprint(), rebuild, skipped)
    by_id = {d.doc_id: d for d in documents}
    fresh: Fresh = {}
    if plan.todo:
        doc_chunks = [indexer.chunker.chunk(by_id[d]) for d in plan.todo]
        flat = [c for chunks in doc_chunks for c in chunks]
        vectors = indexer.embedder.encode([c.text for c in flat], batch_size=settings.embed_batch_size,
                                          progress=progress)
        offset = 0
        for doc_id, chunks in zip(plan.todo, doc_chunks):
            fresh[doc_id] = (chunks, vectors[offset:offset + len(chunks)])
            offset += len(chunks)
    written = {s: write_shard(plan, s, by_id, fresh, plan.previous) for s in plan.dirty}
    commit(plan, {s: version_of(plan.folder(s)) if p is not None else None for s, p in written.items()})
    index = joined(plan, written)
    plan.report.embedded_texts = sum(len(c) for c, _ in fresh.values())
    plan.report.chunks = len(index.chunks)
    plan.report.seconds = time.perf_counter() - started
    return index, plan.report


class ShardAwareIndexer(Indexer):
    """The Indexer for any index folder: unsharded folders behave exactly as with ``Indexer``."""

    def stale_reasons(self, documents: list[Document]) -> list[str]:
        if not is_sharded(self.settings.index_dir):
            return super().stale_reasons(documents)
        shard_set = read_shard_set(self.settings.index_dir)
        reasons: list[str] = []
        if shard_set.fingerprint != self.fingerprint():
            reasons.append("settings or model differ from the index")
        stored: dict[str, str] = {}
        for shard, version in enumerate(shard_set.shards):
            if version is not None:
                manifest = read_manifest(self.settings.index_dir / shard_name(shard, shard_set.n_shards))
                stored.update({doc_id: entry.hash for doc_id, entry in manifest.documents.items()})
        stored.update({dup: stored.get(orig, "") for dup, orig in shard_set.duplicates.items()})
        current = {d.doc_id: content_hash(d.text) for d in documents}
        if stored != current:
            changed = sorted(set(stored) ^ set(current) | {k for k in current if stored.get(k) != current[k]})
            reasons.append(f"{len(changed)} document(s) added, changed or removed")
        return reasons

    def build(self, documents: list[Document], skipped: list[SkippedFile] | None = None,
              rebuild: bool = False, progress: bool = False) -> tuple[LoadedIndex, IndexReport]:
        if not is_sharded(self.settings.index_dir):
            return super().build(documents, skipped, rebuild=rebuild, progress=progress)
        return build_local(self, documents, skipped, None, rebuild=rebuild, progress=progress)


def build_index(settings: Settings, engine: str = "local", shards: int | None = None, address: str | None = None,
                rebuild: bool = False, progress: bool = False) -> IndexReport:
    """``qa index`` with an engine and a shard count; the CLI only parses and calls this."""
    if engine == "ray":
        from qa.distributed.ingest import build_with_ray

        return build_with_ray(settings, shards=shards, address=address, rebuild=rebuild, progress=progress)
    if engine != "local":
        raise ConfigurationError(f"unknown engine '{engine}'; use 'local' or 'ray'")
    if address:
        raise ConfigurationError("--address is for a Ray cluster; add --engine ray")
    documents, skipped = load_corpus(settings.corpus_dir)
    indexer = ShardAwareIndexer(settings, make_embedder(settings.embed_model))
    n = resolve_shards(settings.index_dir, shards)
    if n == 1 and not is_sharded(settings.index_dir):  # the unsharded default path, unchanged
        return indexer.build(documents, skipped, rebuild=rebuild, progress=progress)[1]
    return build_local(indexer, documents, skipped, n, rebuild=rebuild, progress=progress)[1]

