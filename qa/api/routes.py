"""Thin routes: parse, call the Assistant, return its models."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from qa.api.auth import require_api_key
from qa.api.schemas import AskBatchRequest, AskRequest, DocumentFull, DocumentIn, DocumentSummary, ErrorBody, Health, IndexSummary
from qa.assistant import Assistant
from qa.errors import InvalidDocumentError
from qa.indexing import IndexReport
from qa.schemas import Answer

router = APIRouter()


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


@router.post("/ask", response_model=Answer, responses={422: {"model": ErrorBody}})
def ask(body: AskRequest, request: Request, assistant: AssistantDep) -> Answer:
    """Answer a question with a verbatim span and citations, or ``answer: null`` with a reason."""
    request.state.question_chars = len(body.question)
    request.state.question = body.question
    return assistant.ask(body.question, top_k=body.top_k, filters=body.filters)


@router.post("/ask/batch", response_model=list[Answer], responses={422: {"model": ErrorBody}})
def ask_batch(body: AskBatchRequest, assistant: AssistantDep) -> list[Answer]:
    """Answer several questions at once (questions are embedded in one batch)."""
    return assistant.ask_many(body.questions, top_k=body.top_k, filters=body.filters)


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


def _summary(report: IndexReport) -> IndexSummary:
    return IndexSummary(added=report.added, updated=report.updated, removed=report.removed,
                        unchanged=len(report.unchanged), chunks=report.chunks)


@router.post("/documents", response_model=IndexSummary, status_code=201, dependencies=[Depends(require_api_key)],
             responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 422: {"model": ErrorBody}},
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": DocumentIn.model_json_schema()},
                 "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                                    "properties": {"file": {"type": "string", "format": "binary"}}}}},
                 "required": True}})
async def add_document(request: Request, assistant: AssistantDep) -> IndexSummary:
    """Add a document (JSON ``{title, text, metadata}`` or a multipart ``file``); the index is updated."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidDocumentError("multipart body needs a 'file' field")
        data = await upload.read()
        report = await run_in_threadpool(assistant.add_file, upload.filename or "upload", data)
    elif content_type.startswith("application/json"):
        try:
            body = DocumentIn.model_validate_json(await request.body())
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidDocumentError(f"{'.'.join(map(str, first['loc'])) or 'body'}: {first['msg']}") from exc
        report = await run_in_threadpool(assistant.add_text, body.title, body.text, body.metadata)
    else:
        raise InvalidDocumentError("send application/json or multipart/form-data")
    return _summary(report)


@router.delete("/documents/{doc_id:path}", response_model=IndexSummary, dependencies=[Depends(require_api_key)],
               responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody}})
def delete_document(doc_id: str, assistant: AssistantDep) -> IndexSummary:
    """Remove a document from the corpus folder and the index."""
    return _summary(assistant.remove(doc_id))
