"""The persisted index: FAISS vectors, the chunk store, BM25, and a manifest with checksums.

Layout: ``index_dir/CURRENT`` names the active version folder ``v-…``; a build writes a
complete new folder, then atomically replaces ``CURRENT``. A reader therefore sees
either the old or the new index, never a mix, and a crash mid-build loses nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from qa.chunk_table import ChunkStoreError, ChunkTable, RowsByDoc
from qa.errors import (
    IndexCorruptError,
    IndexIncompatibleError,
    IndexNotFoundError,
    IndexWriteError,
)
from qa.lexical import LexicalIndex
from qa.schemas import Chunk, Document
from qa.vectors import build_faiss, read_faiss, write_faiss

FORMAT_VERSION = 1
POINTER = "CURRENT"
FILES = ("vectors.faiss", "vectors.npy", "documents.jsonl", "chunks.jsonl")
REBUILD_HINT = "run `qa index --rebuild`"


class DocumentEntry(BaseModel):
    hash: str
    title: str
    chunks: int


class Manifest(BaseModel):
    """What the index was built from; compared with the corpus and settings to detect staleness."""

    format_version: int = FORMAT_VERSION
    created_at: str
    fingerprint: dict[str, Any]
    dimension: int
    n_chunks: int
    documents: dict[str, DocumentEntry]
    duplicates: dict[str, str] = {}
    versions: dict[str, str]
    checksums: dict[str, str]


@dataclass
class LoadedIndex:
    """Everything needed to answer, in memory; shared read-only by all requests.

    ``chunks`` may be given as any sequence of ``Chunk``; it is kept as a compact
    :class:`~qa.chunk_table.ChunkTable` (offsets into ``documents``, no second copy of the text).
    """

    manifest: Manifest
    documents: dict[str, Document]
    chunks: Sequence[Chunk]
    vectors: np.ndarray
    faiss_index: Any
    lexical: LexicalIndex

    def __post_init__(self) -> None:
        if not isinstance(self.chunks, ChunkTable):
            self.chunks = ChunkTable.from_chunks(self.documents, self.chunks)

    @property
    def by_doc(self) -> RowsByDoc:
        """``doc_id -> chunk rows`` (a chunk's id is its row)."""
        assert isinstance(self.chunks, ChunkTable)
        return self.chunks.by_doc


def library_versions() -> dict[str, str]:
    """Versions whose change can alter vectors or file formats."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str] = {"format": str(FORMAT_VERSION)}
    for name in ("faiss-cpu", "bm25s", "sentence-transformers", "tiktoken"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _checksum_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): _sha256_file(p)
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "manifest.json"}


def _fsync_tree(folder: Path) -> None:
    for path in [*folder.rglob("*"), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_jsonl(path: Path, rows: Sequence[BaseModel]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(row.model_dump_json())
            handle.write("\n")


def current_version(index_dir: Path) -> Path | None:
    """The active version folder, or None when no index was ever completed."""
    pointer = index_dir / POINTER
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    if not name.startswith("v-") or "/" in name or "\\" in name:
        raise IndexCorruptError(f"index pointer {pointer} is damaged; {REBUILD_HINT}")
    return index_dir / name


def write_index(index_dir: Path, documents: list[Document], chunks: Sequence[Chunk], vectors: np.ndarray,
                fingerprint: dict[str, Any], duplicates: dict[str, str] | None = None) -> LoadedIndex:
    """Write a complete new version beside the old one, then switch ``CURRENT`` atomically."""
    if len(chunks) != len(vectors):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    by_id = {d.doc_id: d for d in documents}
    table = chunks if isinstance(chunks, ChunkTable) else ChunkTable.from_chunks(by_id, chunks)
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = index_dir / f".tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        dimension = int(fingerprint["dimension"])
        faiss_index = build_faiss(vectors, dimension)
        write_faiss(faiss_index, tmp / "vectors.faiss")
        np.save(tmp / "vectors.npy", vectors.astype(np.float32), allow_pickle=False)
        _write_jsonl(tmp / "documents.jsonl", documents)
        _write_jsonl(tmp / "chunks.jsonl", table)  # text included: the file stays readable without the code
        lexical = LexicalIndex.build(list(table.texts()))
        lexical.save(tmp / "bm25")
        counts = {doc_id: len(rows) for doc_id, rows in table.by_doc.items()}
        from qa.documents import content_hash

        manifest = Manifest(
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            fingerprint=fingerprint, dimension=dimension, n_chunks=len(chunks),
            documents={d.doc_id: DocumentEntry(hash=content_hash(d.text), title=d.title,
                                               chunks=counts.get(d.doc_id, 0)) for d in documents},
            duplicates=duplicates or {}, versions=library_versions(), checksums=_checksum_tree(tmp))
        (tmp / "manifest.json").write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        final = index_dir / f"v-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        os.replace(tmp, final)
        pointer_tmp = index_dir / f".{POINTER}.{uuid.uuid4().hex}"
        pointer_tmp.write_text(final.name, encoding="utf-8")
        with pointer_tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, index_dir / POINTER)
        _fsync_tree_dir(index_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexWriteError(f"could not write the index in {index_dir} ({exc.strerror or exc}); "
                              "the previous index is unchanged") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_old_versions(index_dir, keep=final.name)
    return LoadedIndex(manifest=manifest, documents=by_id, chunks=table,
                       vectors=vectors, faiss_index=faiss_index, lexical=lexical)


def read_documents(path: Path) -> dict[str, Document]:
    """``documents.jsonl`` streamed line by line: a 1M-chunk index must not be read whole."""
    with path.open(encoding="utf-8") as handle:
        documents = (Document.model_validate_json(line) for line in handle if line.strip())
        return {d.doc_id: d for d in documents}


def _fsync_tree_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_versions(index_dir: Path, keep: str) -> None:
    """Drop superseded versions and leftovers of interrupted builds."""
    for path in index_dir.iterdir():
        if path.is_dir() and path.name != keep and (path.name.startswith("v-") or path.name.startswith(".tmp-")):
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file() and path.name.startswith(f".{POINTER}."):
            path.unlink(missing_ok=True)


def read_manifest(index_dir: Path) -> Manifest:
    """The active manifest; a clear error when missing or unreadable."""
    version = current_version(index_dir)
    if version is None:
        raise IndexNotFoundError(f"No index in {index_dir}; run `qa index` to build it")
    try:
        return Manifest.model_validate_json((version / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError) as exc:
        raise IndexCorruptError(f"index manifest in {version} is unreadable ({type(exc).__name__}); {REBUILD_HINT}") from exc


def load_index(index_dir: Path, verify: bool = True) -> LoadedIndex:
    """Load the active version, verifying every file against the manifest's checksums."""
    manifest = read_manifest(index_dir)
    folder = current_version(index_dir)
    assert folder is not None
    if manifest.format_version != FORMAT_VERSION:
        raise IndexIncompatibleError(
            f"index format {manifest.format_version} is not supported (expected {FORMAT_VERSION}); {REBUILD_HINT}")
    if verify:
        found = _checksum_tree(folder)
        bad = sorted(name for name in set(found) | set(manifest.checksums)
                     if found.get(name) != manifest.checksums.get(name))
        if bad:
            raise IndexCorruptError(f"index files damaged or missing ({', '.join(bad[:3])}); {REBUILD_HINT}")
    try:
        documents = read_documents(folder / "documents.jsonl")
        chunks = ChunkTable.from_jsonl(documents, folder / "chunks.jsonl")
        vectors = np.load(folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
        faiss_index = read_faiss(folder / "vectors.faiss")
        lexical = LexicalIndex.load(folder / "bm25")
    except ChunkStoreError as exc:
        raise IndexCorruptError(f"index in {folder} has a chunk store that disagrees with its documents "
                                f"({exc}); {REBUILD_HINT}") from exc
    except Exception as exc:  # any parse failure means the files cannot be trusted
        raise IndexCorruptError(f"index in {folder} cannot be read ({type(exc).__name__}); {REBUILD_HINT}") from exc
    if not (len(chunks) == faiss_index.ntotal == len(vectors) == manifest.n_chunks):
        raise IndexCorruptError(
            f"index parts disagree: {len(chunks)} chunks, {faiss_index.ntotal} FAISS rows, "
            f"{manifest.n_chunks} in manifest; {REBUILD_HINT}")
    if vectors.ndim != 2 or vectors.shape[1] != manifest.dimension or faiss_index.d != manifest.dimension:
        raise IndexCorruptError(f"index vector dimension disagrees with manifest; {REBUILD_HINT}")
    return LoadedIndex(manifest=manifest, documents=documents, chunks=chunks,
                       vectors=vectors, faiss_index=faiss_index, lexical=lexical)
