"""JSON Lines loader: one document per line with ``text`` and optional ``title``, ``id``, ``metadata``.

Why keep going past bad lines: an export with one corrupt record should still ingest
the rest. The loader contract returns a list, so the count of bad lines travels with
the good documents as ``metadata["skipped_lines"]``; only a file with no usable line
raises ``ValueError`` (and so becomes a ``SkippedFile``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from qa.documents import doc_id_for
from qa.loaders.common import build_document, clean_metadata, decode_text, iso_date, read_bytes
from qa.schemas import Document

_log = logging.getLogger(__name__)


def _as_text(value: Any) -> str | None:
    """A scalar as a string; containers as compact JSON so metadata stays ``dict[str, str]``."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _record_metadata(record: dict[str, Any]) -> dict[str, str]:
    """The record's own ``metadata`` object, stringified; a stated date is made ISO or dropped."""
    raw = record.get("metadata")
    if not isinstance(raw, dict):
        return {}
    metadata = clean_metadata({str(k): _as_text(v) for k, v in raw.items()})
    if "date" in metadata:
        iso = iso_date(metadata["date"])
        if iso:
            metadata["date"] = iso
        else:
            metadata.pop("date")
    return metadata


def _parse_line(line: str) -> dict[str, Any] | None:
    """The record on a line, or None when the line is not an object with non-blank ``text``."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    return record


def load_jsonl(path: Path, root: Path) -> list[Document]:
    """Documents ``f"{relative path}#{id or line number}"``; bad lines are counted, not fatal."""
    rel = doc_id_for(path, root)
    lines = decode_text(read_bytes(path)).split("\n")
    records: list[tuple[int, dict[str, Any]]] = []
    bad = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = _parse_line(line)
        if record is None:
            bad += 1
            _log.warning("%s line %d: not a JSON object with a non-blank 'text'; skipped", rel, number)
            continue
        records.append((number, record))
    if not records:
        raise ValueError(f"no usable lines ({bad} bad)" if bad else "no text found")
    documents: list[Document] = []
    for number, record in records:
        record_id = _as_text(record.get("id"))
        doc_id = f"{rel}#{record_id.strip() if record_id and record_id.strip() else number}"
        metadata = {**_record_metadata(record), "format": "jsonl", "line": str(number)}
        if bad:
            metadata["skipped_lines"] = str(bad)
        title = _as_text(record.get("title"))
        documents.append(build_document(doc_id, record["text"], title=title, metadata=metadata))
    return documents
