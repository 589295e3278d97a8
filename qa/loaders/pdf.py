"""PDF loader: text per page (pypdf) with page character ranges over the stored text.

Offsets are computed *after* normalisation: each page's text is normalised on its
own, then the pages are joined with ``"\\n\\n"``. Joining normalised pieces with a
blank line is itself normalised, so ``make_document`` leaves the text unchanged and
``metadata["page_offsets"]`` refers to ``Document.text``, like every other offset.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from qa.documents import doc_id_for
from qa.loaders.common import build_document, clean_metadata, fixed_point, iso_date
from qa.schemas import Document

PAGE_SEPARATOR = "\n\n"
_log = logging.getLogger(__name__)


def _open(path: Path) -> PdfReader:
    """Open and, when needed, try the empty user password; refuse anything else encrypted."""
    try:
        reader = PdfReader(path, strict=False)
    except OSError as exc:
        raise ValueError(f"unreadable file ({exc.strerror or type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on malformed files
        raise ValueError(f"unreadable PDF ({type(exc).__name__})") from exc
    if reader.is_encrypted:
        try:
            # Owner-password-only PDFs (no user password) open with "" and are readable.
            if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise ValueError("PDF is encrypted")
        except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
            raise ValueError("PDF is encrypted") from exc
    return reader


def _info(reader: PdfReader) -> tuple[str | None, dict[str, str]]:
    """Title, author, subject and creation date from the document information dictionary."""
    try:
        info = reader.metadata
    except Exception:  # noqa: BLE001 - a broken info dict must not lose the text
        return None, {}
    if info is None:
        return None, {}
    created: Any = None
    try:
        created = info.creation_date
    except Exception:  # noqa: BLE001 - malformed /CreationDate strings raise ValueError and others
        created = None
    title = " ".join(str(info.title or "").split()) or None
    return title, clean_metadata({
        "author": info.author,
        "description": info.subject,
        "date": iso_date(created) if created else None,
    })


def _page_texts(reader: PdfReader) -> list[str]:
    """Normalised text of each page; a page that fails to extract counts as empty."""
    texts: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            _log.warning("page %d: text extraction failed (%s)", number, type(exc).__name__)
            raw = ""
        texts.append(fixed_point(raw))
    return texts


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Join normalised page texts; return the text and each page's start offset.

    Page ``i`` spans ``text[offsets[i]:offsets[i + 1]]`` (the last runs to the end);
    stripped, that span equals the page's text. An empty page gets the offset where
    its text would have been, so the list always has one entry per page.
    """
    text = ""
    offsets: list[int] = []
    for page in pages:
        if page and text:
            text += PAGE_SEPARATOR
        offsets.append(len(text))
        text += page
    return text, offsets


def page_offsets(doc: Document) -> list[int]:
    """The page start offsets stored by this loader (empty for non-PDF documents)."""
    raw = doc.metadata.get("page_offsets", "")
    return [int(part) for part in raw.split(",") if part]


def page_for_offset(doc: Document, offset: int) -> int | None:
    """1-based page number containing ``offset`` of ``doc.text``, for citing PDF pages."""
    offsets = page_offsets(doc)
    if not offsets or not 0 <= offset <= len(doc.text):
        return None
    page = 0
    for number, start in enumerate(offsets):
        if start <= offset:
            page = number
    return page + 1


def load_pdf(path: Path, root: Path) -> list[Document]:
    """One document per PDF, with ``pages`` and ``page_offsets`` metadata."""
    reader = _open(path)
    try:
        pages = _page_texts(reader)
    except Exception as exc:  # noqa: BLE001 - broken page trees raise from reader.pages
        raise ValueError(f"unreadable PDF ({type(exc).__name__})") from exc
    if not pages:
        raise ValueError("PDF has no pages")
    text, offsets = join_pages(pages)
    if not text:
        raise ValueError("no text found in PDF (scanned images?)")
    title, info = _info(reader)
    metadata = {**info, "format": "pdf", "pages": str(len(pages)),
                "page_offsets": ",".join(str(o) for o in offsets)}
    doc = build_document(doc_id_for(path, root), text, title=title, metadata=metadata)
    if doc.text != text:  # cannot happen for fixed-point pieces; never store wrong offsets
        _log.warning("%s: normalisation changed the joined text; page offsets dropped", doc.doc_id)
        doc.metadata.pop("page_offsets", None)
    return [doc]
