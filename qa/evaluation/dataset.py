"""Evaluation data: the JSONL question set and SQuAD-format files.

An eval row is a question plus every acceptable verbatim gold answer and the verbatim
evidence that supports it, or an explicitly unanswerable question (``answers == []``,
``evidence is None``) on which the right behaviour is to abstain.

Loading is strict and complete: a hand-written file is checked in full and *every* bad
row is reported at once (``path:line: reason``), so one run fixes them all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from qa.errors import QAError
from qa.schemas import Document

logger = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 20


class DatasetError(QAError):
    """An eval file is missing, unreadable or has invalid rows; the message lists them.

    ``problems`` keeps the ``(line, reason)`` pairs for callers that want them structured.
    """

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None) -> None:
        super().__init__(message)
        self.problems: list[tuple[int, str]] = problems or []


class EvalRow(BaseModel):
    """One evaluation question with its gold answers (verbatim spans) and evidence."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str
    question: str
    answers: list[str]
    answerable: bool
    evidence: str | None
    doc_id: str | None = None
    category: str = "uncategorised"
    # Exact character offset of ``evidence`` in its document's text: needed where the
    # evidence text occurs more than once (SQuAD answers such as "France" or "1066").
    evidence_start: int | None = None

    @field_validator("id", "question", "category")
    @classmethod
    def _non_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> EvalRow:
        if self.answerable:
            if not self.answers:
                raise ValueError("answerable row needs at least one answer")
            if any(not answer.strip() for answer in self.answers):
                raise ValueError("answers must not be empty strings")
            if self.evidence is None or not self.evidence.strip():
                raise ValueError("answerable row needs a non-empty evidence")
            if self.evidence_start is not None and self.evidence_start < 0:
                raise ValueError("evidence_start must be >= 0")
        else:
            if self.answers:
                raise ValueError("unanswerable row must have answers == []")
            if self.evidence is not None:
                raise ValueError("unanswerable row must have evidence null")
            if self.evidence_start is not None:
                raise ValueError("unanswerable row must have evidence_start null")
        return self


# --------------------------------------------------------------------------- JSONL


def _describe_validation_error(error: ValidationError) -> str:
    """One short clause per pydantic error, e.g. ``missing field 'evidence'``."""
    parts: list[str] = []
    for item in error.errors(include_url=False):
        loc = ".".join(str(part) for part in item.get("loc", ()))
        kind = item.get("type", "")
        msg = str(item.get("msg", "invalid"))
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if kind == "missing":
            parts.append(f"missing field '{loc}'")
        elif kind == "extra_forbidden":
            parts.append(f"unknown field '{loc}'")
        elif loc:
            parts.append(f"field '{loc}': {msg}")
        else:
            parts.append(msg)
    return ", ".join(parts) or "invalid row"


def _format_problems(path: Path, problems: list[tuple[int, str]]) -> str:
    shown = [f"{path}:{line}: {reason}" for line, reason in problems[:MAX_PROBLEMS_SHOWN]]
    more = len(problems) - len(shown)
    if more > 0:
        shown.append(f"... and {more} more")
    noun = "problem" if len(problems) == 1 else "problems"
    return f"invalid eval file {path} ({len(problems)} {noun}): " + "; ".join(shown)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(f"eval file not found: {path}") from None
    except IsADirectoryError:
        raise DatasetError(f"eval path is a directory, not a file: {path}") from None
    except OSError as exc:
        raise DatasetError(f"cannot read eval file {path}: {exc.strerror or exc}") from None


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(f"eval file {path} is not UTF-8 text (bad byte at offset {exc.start})") from None


def load_eval_rows(path: Path) -> list[EvalRow]:
    """Read a JSONL eval file; raise one :class:`DatasetError` listing every bad row.

    Blank lines are allowed. Problems found: invalid JSON, a line that is not an object,
    schema violations and duplicate ids (the first occurrence wins).
    """
    path = Path(path)
    text = _decode(path, _read_bytes(path))
    rows: list[EvalRow] = []
    problems: list[tuple[int, str]] = []
    first_line_of: dict[str, int] = {}
    # split("\n") rather than splitlines(): line numbers must match what editors show,
    # and splitlines() also breaks on U+2028 and friends inside JSON strings.
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            obj: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append((lineno, f"invalid JSON: {exc.msg} (column {exc.colno})"))
            continue
        if not isinstance(obj, dict):
            problems.append((lineno, f"expected a JSON object, got {type(obj).__name__}"))
            continue
        try:
            row = EvalRow.model_validate(obj)
        except ValidationError as exc:
            problems.append((lineno, _describe_validation_error(exc)))
            continue
        if row.id in first_line_of:
            problems.append((lineno, f"duplicate id '{row.id}' (first on line {first_line_of[row.id]})"))
            continue
        first_line_of[row.id] = lineno
        rows.append(row)
    if problems:
        raise DatasetError(_format_problems(path, problems), problems)
    if not rows:
        raise DatasetError(f"eval file {path} contains no rows")
    return rows


# --------------------------------------------------------------------------- SQuAD


def _looks_like_squad(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        return False
    for article in data["data"]:
        if not isinstance(article, dict) or not isinstance(article.get("title"), str):
            return False
        paragraphs = article.get("paragraphs")
        if not isinstance(paragraphs, list):
            return False
        for paragraph in paragraphs:
            if not isinstance(paragraph, dict):
                return False
            if not isinstance(paragraph.get("context"), str) or not isinstance(paragraph.get("qas"), list):
                return False
    return True


def is_squad_file(path: Path) -> bool:
    """True if ``path`` is a SQuAD JSON file: ``{"data": [{title, paragraphs: [{context, qas}]}]}``.

    Never raises: anything unreadable or of another shape is simply "not SQuAD".
    """
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return _looks_like_squad(data)


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "article"


def _locate(context: str, answer: str, start: Any) -> int | None:
    """Offset of ``answer`` in ``context``: the given one if right, else the nearest match.

    SQuAD v1 files rebuilt from answer texts give the *first* occurrence, and a few
    offsets are simply wrong; when the text is in the paragraph we move to the occurrence
    nearest the stated offset rather than drop a good question.
    """
    if isinstance(start, int) and not isinstance(start, bool) and 0 <= start:
        if context[start:start + len(answer)] == answer:
            return start
    found: list[int] = []
    pos = context.find(answer)
    while pos != -1:
        found.append(pos)
        pos = context.find(answer, pos + 1)
    if not found:
        return None
    if isinstance(start, int) and not isinstance(start, bool):
        return min(found, key=lambda p: (abs(p - start), p))
    return found[0]


def load_squad(path: Path) -> tuple[list[Document], list[EvalRow]]:
    """Turn a SQuAD v1.x/v2.0 file into one :class:`Document` per article plus eval rows.

    The document text is the article's paragraph contexts joined by a blank line, so a
    SQuAD ``answer_start`` maps to ``paragraph offset + answer_start``; that offset is kept
    as ``evidence_start`` and checked. Questions whose gold answer cannot be found in their
    paragraph (or that are otherwise unusable) are dropped with one counted warning.
    """
    path = Path(path)
    raw = _read_bytes(path)
    try:
        data = json.loads(_decode(path, raw))
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not _looks_like_squad(data):
        raise DatasetError(
            f"{path} is not a SQuAD file: expected {{\"data\": [{{\"title\", \"paragraphs\": [{{\"context\", \"qas\"}}]}}]}}"
        )
    if not data["data"]:
        raise DatasetError(f"SQuAD file {path} contains no articles")

    digest = hashlib.sha1(raw).hexdigest()[:8]
    documents: list[Document] = []
    rows: list[EvalRow] = []
    seen_ids: set[str] = set()
    dropped: Counter[str] = Counter()
    dropped_examples: list[str] = []
    fixed_offsets = 0
    total_questions = 0

    def drop(reason: str, qid: object) -> None:
        dropped[reason] += 1
        if len(dropped_examples) < 5:
            dropped_examples.append(str(qid))

    for index, article in enumerate(data["data"]):
        raw_title: str = article["title"]
        title = raw_title.replace("_", " ").strip() or f"Article {index}"
        doc_id = f"squad-{digest}/{index:03d}-{_slug(raw_title)}"
        contexts: list[str] = [paragraph["context"] for paragraph in article["paragraphs"]]
        offsets: list[int] = []
        cursor = 0
        for context in contexts:
            offsets.append(cursor)
            cursor += len(context) + 2  # the "\n\n" separator
        text = "\n\n".join(contexts)
        documents.append(Document(doc_id=doc_id, title=title, text=text,
                                  metadata={"source": "squad", "file": path.name}))

        for paragraph, context, par_offset in zip(article["paragraphs"], contexts, offsets, strict=True):
            for qa in paragraph["qas"]:
                total_questions += 1
                if not isinstance(qa, dict):
                    drop("not an object", "?")
                    continue
                qid = qa.get("id")
                if not isinstance(qid, str) or not qid.strip():
                    drop("missing id", qid)
                    continue
                if qid in seen_ids:
                    drop("duplicate id", qid)
                    continue
                question = qa.get("question")
                if not isinstance(question, str) or not question.strip():
                    drop("empty question", qid)
                    continue
                if qa.get("is_impossible", False) is True:
                    seen_ids.add(qid)
                    rows.append(EvalRow(id=qid, question=question, answers=[], answerable=False,
                                        evidence=None, doc_id=doc_id, category=title))
                    continue

                golds: list[tuple[str, Any]] = []
                for answer in qa.get("answers") or []:
                    if not isinstance(answer, dict) or not isinstance(answer.get("text"), str):
                        continue
                    gold_raw: str = answer["text"]
                    gold = gold_raw.strip()
                    if not gold:
                        continue
                    start = answer.get("answer_start")
                    if isinstance(start, int) and not isinstance(start, bool):
                        # Some texts carry surrounding spaces: move the offset with the strip.
                        start += len(gold_raw) - len(gold_raw.lstrip())
                    golds.append((gold, start))
                if not golds:
                    drop("no gold answer", qid)
                    continue
                evidence, stated_start = golds[0]
                local = _locate(context, evidence, stated_start)
                if local is None:
                    drop("answer not in paragraph", qid)
                    continue
                if local != stated_start:
                    fixed_offsets += 1
                evidence_start = par_offset + local
                if text[evidence_start:evidence_start + len(evidence)] != evidence:  # pragma: no cover
                    drop("offset mismatch", qid)
                    continue
                answers = list(dict.fromkeys(gold for gold, _ in golds))
                seen_ids.add(qid)
                rows.append(EvalRow(id=qid, question=question, answers=answers, answerable=True,
                                    evidence=evidence, evidence_start=evidence_start,
                                    doc_id=doc_id, category=title))

    if fixed_offsets:
        logger.info("%s: corrected %d SQuAD answer offsets to the nearest occurrence in the paragraph",
                    path.name, fixed_offsets)
    if dropped:
        reasons = ", ".join(f"{count} {reason}" for reason, count in dropped.most_common())
        logger.warning("%s: dropped %d of %d SQuAD questions (%s), e.g. %s",
                       path.name, sum(dropped.values()), total_questions, reasons, ", ".join(dropped_examples))
    if not rows:
        raise DatasetError(f"SQuAD file {path} yields no usable questions")
    return documents, rows
