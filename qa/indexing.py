"""Indexing: corpus → chunks → vectors → persisted index, incrementally.

Only new or changed documents are chunked and embedded; unchanged ones keep their
stored chunks and vectors, so a daily re-index of a large folder costs only what changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qa.chunking import Chunker
from qa.documents import SkippedFile, content_hash
from qa.embedding import Embedder
from qa.errors import QAError
from qa.index_store import LoadedIndex, load_index, read_manifest, write_index
from qa.schemas import Chunk, Document
from qa.settings import Settings


@dataclass
class IndexReport:
    """What an indexing run did, for the CLI summary and for tests."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    skipped: list[SkippedFile] = field(default_factory=list)
    chunks: int = 0
    embedded_texts: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class Indexer:
    """Builds the index for a settings object with one embedder and one chunker."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self._chunker: Chunker | None = None

    @property
    def chunker(self) -> Chunker:
        """Built lazily: it needs the embedder's own token limit, which needs the model."""
        if self._chunker is None:
            self.embedder.warm_up()
            self._chunker = Chunker(self.settings.chunk_tokens, self.settings.chunk_overlap,
                                    self.settings.tokenizer_encoding, limit_counter=self.embedder.count_tokens,
                                    limit=self.embedder.max_seq_length)
        return self._chunker

    def fingerprint(self) -> dict[str, Any]:
        """Settings that change vectors or chunk boundaries; any difference means a full rebuild."""
        return {"model": self.settings.embed_model, "dimension": self.embedder.dimension,
                "max_seq_length": self.embedder.max_seq_length, "chunker": self.chunker.describe()}

    def stale_reasons(self, documents: list[Document]) -> list[str]:
        """Why the stored index does not match this corpus and these settings ([] = fresh)."""
        manifest = read_manifest(self.settings.index_dir)
        reasons: list[str] = []
        if manifest.fingerprint != self.fingerprint():
            reasons.append("settings or model differ from the index")
        stored = {doc_id: entry.hash for doc_id, entry in manifest.documents.items()}
        stored.update({dup: stored.get(orig, "") for dup, orig in manifest.duplicates.items()})
        current = {d.doc_id: content_hash(d.text) for d in documents}
        if stored != current:
            changed = sorted(set(stored) ^ set(current) | {k for k in current if stored.get(k) != current[k]})
            reasons.append(f"{len(changed)} document(s) added, changed or removed")
        return reasons

    def _previous(self, rebuild: bool) -> LoadedIndex | None:
        if rebuild:
            return None
        try:
            previous = load_index(self.settings.index_dir)
        except QAError:
            return None  # missing, corrupt or incompatible: start over
        return previous if previous.manifest.fingerprint == self.fingerprint() else None

    def build(self, documents: list[Document], skipped: list[SkippedFile] | None = None,
              rebuild: bool = False, progress: bool = False) -> tuple[LoadedIndex, IndexReport]:
        """Index ``documents``, reusing unchanged ones from the previous index unless ``rebuild``."""
        started = time.perf_counter()
        report = IndexReport(skipped=list(skipped or []))
        previous = self._previous(rebuild)
        old_hashes = {k: v.hash for k, v in previous.manifest.documents.items()} if previous else {}
        unique: list[Document] = []
        by_hash: dict[str, str] = {}
        for doc in documents:
            digest = content_hash(doc.text)
            if digest in by_hash:
                report.duplicates[doc.doc_id] = by_hash[digest]
                continue
            by_hash[digest] = doc.doc_id
            unique.append(doc)
        kept_chunks: list[Chunk] = []
        kept_vectors: list[np.ndarray] = []
        to_embed: list[Chunk] = []
        for doc in unique:
            old = old_hashes.get(doc.doc_id)
            if previous is not None and old == content_hash(doc.text):
                report.unchanged.append(doc.doc_id)
                rows = previous.by_doc.get(doc.doc_id, [])
                kept_chunks.extend(previous.chunks[r] for r in rows)
                kept_vectors.append(np.asarray(previous.vectors[rows], dtype=np.float32))
            else:
                (report.updated if old is not None else report.added).append(doc.doc_id)
                to_embed.extend(self.chunker.chunk(doc))
        report.removed = sorted(set(old_hashes) - {d.doc_id for d in unique})
        if previous is not None and not report.changed and report.duplicates == previous.manifest.duplicates:
            report.chunks = len(previous.chunks)
            report.seconds = time.perf_counter() - started
            return previous, report  # nothing to write: keep the verified index as it is
        new_vectors = self.embedder.encode([c.text for c in to_embed], batch_size=self.settings.embed_batch_size,
                                           progress=progress)
        report.embedded_texts = len(to_embed)
        all_chunks = [c.model_copy(update={"chunk_id": i}) for i, c in enumerate([*kept_chunks, *to_embed])]
        parts = [*kept_vectors, new_vectors]
        vectors = np.concatenate(parts) if parts else np.zeros((0, self.embedder.dimension), np.float32)
        loaded = write_index(self.settings.index_dir, unique, all_chunks, vectors,
                             self.fingerprint(), report.duplicates)
        report.chunks = len(all_chunks)
        report.seconds = time.perf_counter() - started
        return loaded, report
