"""Request and response bodies of the HTTP API (separate from the library's models)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qa.schemas import Filters

MAX_QUESTION_CHARS = 1000
# At least one letter or digit, and no control characters: stated in the schema so clients
# (and schema-driven fuzzers) know exactly what is accepted.
QUESTION_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*[^\W_][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


class AskRequest(BaseModel):
    """Body of ``POST /ask``. Unknown fields are rejected so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                          json_schema_extra={"pattern": QUESTION_PATTERN},
                          examples=["Who co-chaired the ROK-UNODC Strategic Dialogue?"])
    top_k: int = Field(default=5, ge=1, le=20)
    filters: Filters | None = None

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question must not be empty or only whitespace")
        if any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 for ch in value):
            raise ValueError("question must not contain control characters")
        if not re.search(r"[^\W_]", value):
            raise ValueError("question has no words to search for (only punctuation or symbols)")
        return value


class AskBatchRequest(BaseModel):
    """Body of ``POST /ask/batch``: several questions answered with one batched embedding call."""

    model_config = ConfigDict(extra="forbid")

    questions: list[Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                                         json_schema_extra={"pattern": QUESTION_PATTERN})]] = Field(
        min_length=1, max_length=64)
    top_k: int = Field(default=5, ge=1, le=20)
    filters: Filters | None = None

    @field_validator("questions")
    @classmethod
    def _each_valid(cls, values: list[str]) -> list[str]:
        for i, value in enumerate(values):
            try:
                AskRequest._not_blank(value)
            except ValueError as exc:
                raise ValueError(f"questions[{i}]: {exc}") from exc
            if len(value) > MAX_QUESTION_CHARS:
                raise ValueError(f"questions[{i}]: longer than {MAX_QUESTION_CHARS} characters")
        return values


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    metadata: dict[str, str]


class DocumentFull(DocumentSummary):
    text: str


class Health(BaseModel):
    status: str
    documents: int
    chunks: int
    model: str


class ErrorBody(BaseModel):
    detail: str


class DocumentIn(BaseModel):
    """Body of ``POST /documents`` as JSON (files are uploaded as multipart field ``file``)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=500, json_schema_extra={"pattern": r"\S"})
    text: str = Field(min_length=1, json_schema_extra={"pattern": r"\S"})
    metadata: dict[str, str] = Field(default_factory=dict)

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be empty or only whitespace")
        return value


class IndexSummary(BaseModel):
    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: int
    chunks: int
