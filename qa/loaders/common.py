"""Shared helpers for the format loaders: safe reading, decoding, dates and document building.

Every loader raises ``ValueError`` with a short, human-readable reason when a file
cannot be used; ``qa.documents.load_corpus`` turns that into a ``SkippedFile`` so one
bad file never stops an ingest.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from qa.documents import decode_bytes, make_document, normalize_text
from qa.schemas import Document

BINARY_REASON = "binary file"

# Byte-order marks of encodings that legitimately contain NUL bytes.
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# C0/C1 control characters other than the whitespace ones text files really use.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_SAMPLE_CHARS = 65_536
_MAX_CONTROL_RATIO = 0.05
_HANGUL_FIRST, _HANGUL_LAST = "\uac00", "\ud7a3"


def read_bytes(path: Path) -> bytes:
    """Read a file, turning OS errors into a short reason instead of a traceback."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValueError(f"unreadable file ({exc.strerror or type(exc).__name__})") from exc


def _is_ks_common_syllable(char: str) -> bool:
    """True for the 2,350 Hangul syllables of KS X 1001 (EUC-KR lead 0xB0-0xC8, trail >= 0xA1).

    Real Korean text uses these almost exclusively; the other 8,822 CP949 syllables
    are rare, so text dominated by them is another CJK encoding misread as CP949.
    """
    encoded = char.encode("cp949")
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xC8 and encoded[1] >= 0xA1


def try_cp949(data: bytes) -> str | None:
    """Decode as CP949 when the bytes are clearly Korean, else ``None``.

    Why: charset-normalizer misdetects short, mostly-English files with a few Hangul
    words (e.g. ``"The quick brown fox. 한국."`` comes back as Big5). Korean
    government and press sources are still often CP949/EUC-KR, so we try CP949
    explicitly, but only when (1) the bytes decode cleanly, (2) at least 90% of the
    non-ASCII letters are Hangul syllables and (3) at least 90% of those syllables are
    in the common KS X 1001 set. (2) rejects GBK/Big5 Chinese, which decodes to a mix
    of Hangul and Hanja; (3) rejects Shift_JIS and Big5, which land in CP949's rare
    extension syllables.
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    sample = text[:_SAMPLE_CHARS]
    letters = [c for c in sample if ord(c) > 0x7F and unicodedata.category(c)[0] == "L"]
    syllables = [c for c in letters if _HANGUL_FIRST <= c <= _HANGUL_LAST]
    if not syllables or len(syllables) < 0.9 * len(letters):
        return None
    common = sum(1 for c in syllables if _is_ks_common_syllable(c))
    return text if common >= 0.9 * len(syllables) else None


def _check_not_binary(text: str) -> str:
    sample = text[:_SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        raise ValueError(BINARY_REASON)
    return text


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: UTF-8, then a declared charset, then CP949 (Korean), then detection.

    NUL bytes (outside UTF-16/32 with a BOM) or a high share of control characters
    mean the file is binary, whatever its suffix says: ``ValueError("binary file")``.
    The final fallback is ``qa.documents.decode_bytes`` (charset-normalizer).
    """
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data and not data.startswith(_WIDE_BOMS):
        raise ValueError(BINARY_REASON)
    try:
        return _check_not_binary(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _check_not_binary(data.decode(codecs.lookup(declared).name))
        except (LookupError, UnicodeDecodeError):
            pass
    korean = try_cp949(data)
    if korean is not None:
        return _check_not_binary(korean)
    try:
        return _check_not_binary(decode_bytes(data))
    except UnicodeError as exc:
        raise ValueError(f"{BINARY_REASON} (no text encoding detected)") from exc


def iso_date(value: object) -> str | None:
    """A stated date as ISO 8601 ``YYYY-MM-DD`` (the form ``make_document`` keeps), else None.

    Accepts ISO strings (``2026-01-23T09:00:00+09:00``, ``...Z``), RFC 2822 dates and
    ``datetime``/``date`` objects. The calendar date is kept as stated, not converted
    to UTC, because that is the date the publisher printed.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def clean_metadata(values: dict[str, object]) -> dict[str, str]:
    """Metadata as single-line strings; empty and missing values are dropped."""
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            continue
        text = " ".join(str(value).split())
        if text:
            cleaned[key] = text
    return cleaned


def build_document(doc_id: str, raw_text: str, title: str | None = None,
                   metadata: dict[str, str] | None = None) -> Document:
    """``make_document`` on pre-normalised text, so ``doc.text == normalize_text(doc.text)``.

    Why normalise twice: ``normalize_text`` applies NFC *before* it deletes zero-width
    characters, so ``"e\\u200b\\u0301"`` becomes ``"e\\u0301"``, which a second pass
    composes to ``"é"``. One extra pass reaches the fixed point, so offsets computed on
    the stored text stay valid if anything re-normalises it later.
    """
    clean_title = " ".join(title.split()) if title else None
    return make_document(doc_id, normalize_text(raw_text), title=clean_title or None, metadata=metadata)


def fixed_point(text: str) -> str:
    """Normalise until stable (two passes suffice; see ``build_document``)."""
    return normalize_text(normalize_text(text))
