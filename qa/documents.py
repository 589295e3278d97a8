"""Documents: reading a corpus folder into normalised text with stable ids and metadata.

Text is normalised (Unicode NFC, unified line endings and spaces) *before* any offset is
assigned, so every offset in the system refers to the stored ``Document.text``.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from qa.errors import CorpusNotFoundError
from qa.schemas import Document

MAX_FILE_BYTES = 50 * 1024 * 1024

_DATE_LINE = re.compile(r"^(?P<date>\d{1,2}/\d{1,2}/\d{4})(?:\s*\|\s*(?P<rest>.+))?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PUBLISHED = re.compile(r"^(?P<publisher>.+?) published this content on (?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})")
_DISTRIBUTED = re.compile(r"Distributed via (?P<distributor>[^,]+?)(?:,| on )")
_URL = re.compile(r"https?://\S+")
_MONTHS = tuple(calendar.month_name)[1:]
#: A release's dateline: "Bridgetown, 21 October 2024", "MANILA, 18 February 2026 – The …",
#: "Montevideo, 14-16 October 2026", "Press release | 10 March 2026", "Seoul, January 23, 2026".
DATELINE = re.compile(
    rf"^(?:[^\W\d][^,|\n]{{0,40}}[,|]\s*){{1,3}}(?:(?P<day>\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+(?P<month>{'|'.join(_MONTHS)})"
    rf"|(?P<month2>{'|'.join(_MONTHS)})\s+(?P<day2>\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?,)\s+(?P<year>\d{{4}})\s*(?:$|[-–—]\s)")

#: A header line that labels the document rather than titling it ("Press release | 10 March 2026").
_LABEL = re.compile(r"^(?:press\s+release|news\s+release|media\s+advisory|for\s+immediate\s+release)\b", re.IGNORECASE)
#: A numbered section heading ("1. Organisation", "1.1 …", "I. Attendance …") starts the body.
_SECTION = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+\S")
_BULLET = re.compile(r"[-*•–]\s")
HEADER_LINES = 10


def _is_body(line: str) -> bool:
    """A paragraph of running text: a sentence of a dozen words or more, or any very long line."""
    words = len(line.split())
    return words >= 40 or (words >= 12 and line.rstrip()[-1:] in ".!?\"”;:")


def _headline(lines: list[str]) -> str | None:
    """The longest line of the header block (before the first paragraph or numbered section), or None.

    Why: releases open with labels around the headline ("MINISTRY OF ENERGY…", "NEWS RELEASE",
    a dateline, "For immediate release"), in no fixed order; the headline is the longest of
    them (of two as long, the later: publishers come first). Taking the first line instead
    titled a third of the press sets' documents with an agency's name or "PRESS RELEASE", so
    citations showed no headline and answers cut from the headline ("Jordan Hosts Regional")
    were not recognised as such.
    """
    header: list[str] = []
    for line in lines[:HEADER_LINES]:
        if _is_body(line) or _SECTION.match(line):
            break
        header.append(line)
    else:
        return None  # no paragraph follows: no release layout (a note, a list), its first line titles it
    if header and header[0].startswith("#"):
        return header[0]  # a Markdown heading says which line titles the text
    titles = [line for line in header  # no dateline, label, list item ("- …") or sentence
              if not (_DATE_LINE.match(line) or DATELINE.match(line) or _LABEL.match(line)
                      or _BULLET.match(line) or line.endswith("."))]
    words = [sum(any(c.isalnum() for c in word) for word in line.split()) for line in titles]
    return max(zip(words, range(len(titles)), titles))[2] if titles else None  # ties: the later line


@dataclass(frozen=True)
class SkippedFile:
    """A file the loader could not use, with a one-line reason for the ingest summary."""

    path: str
    reason: str


def normalize_text(raw: str) -> str:
    """Normalise so offsets are stable: NFC, ``\\n`` line ends, plain spaces, no trailing blanks."""
    text = re.sub(r"[\u200b\ufeff]", "", raw)  # before NFC, so composition sees the final neighbours
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000\f\v]", " ", text)
    text = re.sub(r" +\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text: the identity used for staleness and de-duplication."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _us_date_to_iso(value: str) -> str | None:
    try:
        return datetime.strptime(value, "%m/%d/%Y").date().isoformat()
    except ValueError:
        return None


def extract_metadata(text: str) -> tuple[str, dict[str, str]]:
    """Find title, publisher, date and type where a press-release header states them.

    Pattern (common to wire-distributed releases): a publisher line, a
    ``MM/DD/YYYY | Type | ...`` line, then the headline; a footer that says who
    published and who distributed it. Without a header the first line is the title, and the
    date is the dateline's ("Bridgetown, 21 October 2024", "MANILA, 18 February 2026 – …"),
    the first day of a range; it dates the document for citations and for tense checks.
    """
    lines = [line.strip() for line in text.split("\n")]
    non_empty = [line for line in lines if line]
    metadata: dict[str, str] = {}
    title = _headline(non_empty) or (non_empty[0] if non_empty else "")
    for i, line in enumerate(non_empty[:4]):
        match = _DATE_LINE.match(line)
        if not match:
            continue
        iso = _us_date_to_iso(match.group("date"))
        if iso:
            metadata["date"] = iso
        if match.group("rest"):
            parts = [p.strip() for p in match.group("rest").split("|") if p.strip()]
            if parts:
                metadata["type"] = parts[0]
        if i >= 1:
            metadata["publisher"] = non_empty[i - 1]
        if i + 1 < len(non_empty) and not _is_body(non_empty[i + 1]):
            title = non_empty[i + 1]
        break
    dated = next((m for m in map(DATELINE.match, non_empty[:8]) if m), None)
    if dated and "date" not in metadata:
        day, month = dated.group("day") or dated.group("day2"), dated.group("month") or dated.group("month2")
        try:
            metadata["date"] = datetime(int(dated.group("year")), _MONTHS.index(month) + 1, int(day)).date().isoformat()
        except ValueError:  # "31 February": no date rather than a wrong one
            pass
    for line in non_empty[-3:]:
        published = _PUBLISHED.match(line)
        if published:
            metadata.setdefault("publisher", published.group("publisher").strip())
            try:
                day = datetime.strptime(published.group("date"), "%B %d, %Y").date().isoformat()
                metadata.setdefault("date", day)
            except ValueError:
                pass
        distributed = _DISTRIBUTED.search(line)
        if distributed:
            metadata["distributor"] = distributed.group("distributor").strip()
        url = _URL.search(line)
        if url:
            metadata.setdefault("source", url.group(0).rstrip(".,)"))
    if len(title) > 300:
        title = title[:297].rstrip() + "..."
    return title, metadata


def make_document(doc_id: str, raw_text: str, title: str | None = None,
                  metadata: dict[str, str] | None = None) -> Document:
    """Build a Document from raw text: normalise first, then derive title and metadata."""
    text = normalize_text(raw_text)
    found_title, found_meta = extract_metadata(text)
    merged = {**found_meta, **{k: str(v) for k, v in (metadata or {}).items() if v is not None}}
    if "date" in merged and not _ISO_DATE.match(merged["date"]):
        merged.pop("date")
    return Document(doc_id=doc_id, title=(title or found_title or doc_id).strip(), text=text, metadata=merged)


def decode_bytes(data: bytes) -> str:
    """Decode as UTF-8; otherwise detect the encoding (e.g. CP949/EUC-KR for Korean sources)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnicodeError("not text in any encoding that could be detected")
    return str(best)


def doc_id_for(path: Path, root: Path) -> str:
    """Stable id: the file's POSIX path relative to the corpus folder."""
    return path.relative_to(root).as_posix()


def iter_corpus_files(root: Path) -> Iterator[Path]:
    """All files under ``root``, recursively, in a stable order; hidden files are ignored."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if path.is_file() and not any(part.startswith(".") for part in rel) and not path.name.endswith(".meta.json"):
            yield path


def load_file(path: Path, root: Path) -> list[Document]:
    """Read one file into documents; raises ``ValueError`` with a reason when it cannot."""
    from qa.loaders import loader_for

    size = path.stat().st_size
    if size == 0:
        raise ValueError("empty file")
    if size > MAX_FILE_BYTES:
        raise ValueError(f"file too large ({size} bytes > {MAX_FILE_BYTES})")
    loader = loader_for(path)
    if loader is None:
        raise ValueError(f"unsupported file type '{path.suffix or path.name}'")
    docs = loader(path, root)
    docs = [d for d in docs if d.text.strip()]
    if not docs:
        raise ValueError("no text found")
    from qa.corpus import read_sidecar

    title, metadata = read_sidecar(path)
    if len(docs) == 1 and (title or metadata):  # a ``.meta.json`` sidecar overrides what the text states
        doc = docs[0]
        docs = [doc.model_copy(update={"title": title or doc.title, "metadata": {**doc.metadata, **metadata}})]
    return docs


def load_corpus(root: Path) -> tuple[list[Document], list[SkippedFile]]:
    """Read every supported file under ``root``; bad files are skipped with a reason, never fatal."""
    if not root.is_dir():
        raise CorpusNotFoundError(f"Corpus folder not found: {root} (set --corpus or QA_CORPUS_DIR)")
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    seen: set[str] = set()
    for path in iter_corpus_files(root):
        try:
            docs = load_file(path, root)
        except (ValueError, UnicodeError, OSError) as exc:
            skipped.append(SkippedFile(doc_id_for(path, root), str(exc) or type(exc).__name__))
            continue
        for doc in docs:
            if doc.doc_id in seen:
                skipped.append(SkippedFile(doc.doc_id, "duplicate document id"))
                continue
            seen.add(doc.doc_id)
            documents.append(doc)
    return documents, skipped
