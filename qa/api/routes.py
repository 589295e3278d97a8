"""Thin routes: parse, call the Assistant, return its models."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from qa.api.schemas import AskRequest, DocumentFull, DocumentSummary, ErrorBody, Health
from qa.assistant import Assistant
from qa.schemas import Answer

router = APIRouter()


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


@router.post("/ask", response_model=Answer, responses={422: {"model": ErrorBody}})
def ask(body: AskRequest, assistant: AssistantDep) -> Answer:
    """Answer a question with a verbatim span and citations, or ``answer: null`` with a reason."""
    return assistant.ask(body.question, top_k=body.top_k)


@router.get("/documents", response_model=list[DocumentSummary])
def list_documents(assistant: AssistantDep) -> list[DocumentSummary]:
    return [DocumentSummary(doc_id=d.doc_id, title=d.title, metadata=d.metadata) for d in assistant.documents()]


@router.get("/documents/{doc_id:path}", response_model=DocumentFull, responses={404: {"model": ErrorBody}})
def get_document(doc_id: str, assistant: AssistantDep) -> DocumentFull:
    doc = assistant.document(doc_id)
    return DocumentFull(doc_id=doc.doc_id, title=doc.title, metadata=doc.metadata, text=doc.text)


@router.get("/health", response_model=Health)
def health(assistant: AssistantDep) -> Health:
    return Health(**assistant.health())
