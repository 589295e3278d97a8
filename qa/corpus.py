"""Writing to the corpus folder: uploads and removals, confined to that folder.

Documents added over HTTP become ordinary files in the corpus (so a later ``qa index``
sees them too); a JSON upload is stored as text plus a ``.meta.json`` sidecar that keeps
its title and metadata. Every path is checked to stay inside the corpus folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path

from qa.errors import DocumentNotFoundError, InvalidDocumentError

SIDECAR_SUFFIX = ".meta.json"
UPLOAD_DIR = "uploads"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_corpus_path(root: Path, doc_id: str) -> Path:
    """The file behind ``doc_id``, refusing anything that would leave the corpus folder."""
    if not doc_id or "\x00" in doc_id or doc_id.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", doc_id):
        raise DocumentNotFoundError(f"no document with id '{doc_id}'")
    base = root.resolve()
    path = (base / doc_id.split("#", 1)[0]).resolve()
    if not path.is_relative_to(base) or path == base:
        raise DocumentNotFoundError(f"no document with id '{doc_id}'")
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _unique_name(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    stem = _SAFE_NAME.sub("-", stem).strip("-.")[:80] or "document"
    path = folder / f"{stem}{suffix}"
    if path.exists():
        path = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{suffix}"
    return path


def save_text_document(root: Path, title: str, text: str, metadata: dict[str, str]) -> Path:
    """Store a JSON-submitted document as ``uploads/<title>.txt`` with a metadata sidecar."""
    if not text.strip():
        raise InvalidDocumentError("document text is empty")
    data = text.encode("utf-8")
    path = _unique_name(root / UPLOAD_DIR, title or "document", ".txt", data)
    _atomic_write(path.with_name(path.name + SIDECAR_SUFFIX),
                  json.dumps({"title": title, "metadata": metadata}, ensure_ascii=False).encode("utf-8"))
    _atomic_write(path, data)
    return path


def save_uploaded_file(root: Path, filename: str, data: bytes) -> Path:
    """Store an uploaded file under ``uploads/`` with a sanitised name and a supported suffix."""
    from qa.loaders import loader_for

    name = Path(filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    if not suffix or loader_for(Path(name)) is None:
        raise InvalidDocumentError(f"unsupported file type '{suffix or name}'")
    if not data:
        raise InvalidDocumentError("uploaded file is empty")
    path = _unique_name(root / UPLOAD_DIR, Path(name).stem, suffix, data)
    _atomic_write(path, data)
    return path


def remove_document_file(root: Path, doc_id: str) -> None:
    """Delete the corpus file of ``doc_id`` (and its sidecar); multi-document files are refused."""
    if "#" in doc_id:
        raise InvalidDocumentError(
            f"'{doc_id}' is one record of a multi-document file; edit {doc_id.split('#', 1)[0]} instead")
    path = safe_corpus_path(root, doc_id)
    if not path.is_file():
        raise DocumentNotFoundError(f"no document with id '{doc_id}'")
    path.unlink()
    path.with_name(path.name + SIDECAR_SUFFIX).unlink(missing_ok=True)


def read_sidecar(path: Path) -> tuple[str | None, dict[str, str]]:
    """Title and metadata from ``<file>.meta.json`` when present."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return None, {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    meta = data.get("metadata") or {}
    return data.get("title"), {str(k): str(v) for k, v in meta.items() if v is not None}
