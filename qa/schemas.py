"""Pydantic models shared by the library, the CLI, the API and the evaluator.

One answer model for every edge: the CLI's ``--json`` output and the HTTP body are
the same object, so they can never disagree.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Document(BaseModel):
    """A source document. All character offsets in the system refer to ``text``."""

    doc_id: str
    title: str
    text: str
    metadata: dict[str, str] = Field(default_factory=dict)


class Chunk(BaseModel):
    """A token-bounded, sentence-aligned slice of a document: ``text == document.text[start:end]``."""

    chunk_id: int
    doc_id: str
    start: int
    end: int
    text: str


class Citation(BaseModel):
    """A verbatim quote that supports an answer: ``quote == document.text[start:end]``."""

    doc_id: str
    title: str
    date: str | None = None
    start: int
    end: int
    quote: str
    score: float = Field(ge=0.0, le=1.0)


class Alternative(BaseModel):
    """A further candidate answer with its own support."""

    answer: str
    #: The answer's confidence times the ranker's odds of this candidate against the answer:
    #: never above the answer's score, and falling in the ranker's order.
    score: float = Field(ge=0.0, le=1.0)
    citations: list[Citation] = Field(default_factory=list)


class Answer(BaseModel):
    """The answer object: a verbatim span plus citations, or ``answer=None`` with a reason."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "question": "Who co-chaired the dialogue?",
        "answer": "Mr. Lee Chul ... and Ms. Candice Welsch ...",
        "score": 0.87,
        "citations": [{"doc_id": "press.txt", "title": "Title", "date": "2026-01-23", "start": 812,
                       "end": 1040, "quote": "...", "score": 0.91}],
        "alternatives": [],
        "reason": None,
    }]})

    question: str
    answer: str | None
    score: float = Field(ge=0.0, le=1.0)
    citations: list[Citation] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    reason: str | None = None


class RetrievedChunk(BaseModel):
    """A chunk returned by retrieval with its fused relevance score (higher is better)."""

    chunk: Chunk
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None


class Filters(BaseModel):
    """Metadata filters applied before ranking: only matching documents are searched."""

    model_config = ConfigDict(extra="forbid")

    doc_ids: list[str] | None = Field(default=None, max_length=1000)
    date_from: date | None = None
    date_to: date | None = None
    publisher: str | None = Field(default=None, max_length=300)

    def matches(self, doc: Document) -> bool:
        """Whether ``doc`` passes every filter that is set (undated documents fail date filters)."""
        if self.doc_ids is not None and doc.doc_id not in self.doc_ids:
            return False
        if self.publisher and self.publisher.casefold() not in doc.metadata.get("publisher", "").casefold():
            return False
        if self.date_from or self.date_to:
            try:
                day = date.fromisoformat(doc.metadata.get("date", ""))
            except ValueError:
                return False
            if (self.date_from and day < self.date_from) or (self.date_to and day > self.date_to):
                return False
        return True

    def is_empty(self) -> bool:
        return not (self.doc_ids is not None or self.date_from or self.date_to or self.publisher)
