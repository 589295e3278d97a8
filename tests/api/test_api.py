"""The HTTP API through FastAPI's TestClient, with the real model and index."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from qa.api import create_app
from qa.assistant import Assistant
from tests.conftest import SEED_DOC_ID

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(seed_assistant: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(seed_assistant.settings, assistant=seed_assistant)) as test_client:
        yield test_client


def test_ask_returns_a_cited_answer(client: TestClient) -> None:
    response = client.post("/ask", json={"question": "Who co-chaired the ROK-UNODC Strategic Dialogue?"})
    assert response.status_code == 200
    body = response.json()
    assert "Candice Welsch" in body["answer"]
    doc = client.get(f"/documents/{body['citations'][0]['doc_id']}").json()
    for cite in body["citations"]:
        assert cite["quote"] == doc["text"][cite["start"]:cite["end"]]
    assert set(body) >= {"question", "answer", "score", "citations", "reason"}


def test_unanswerable_gets_null(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "What is the capital of France?"}).json()
    assert body["answer"] is None and body["reason"]


@pytest.mark.parametrize("payload, fragment", [
    ({"question": ""}, "question"),
    ({"question": "   "}, "empty"),
    ({"question": "x" * 1001}, "1000"),
    ({"question": "Who?", "top_k": 0}, "top_k"),
    ({"question": "Who?", "top_k": 21}, "top_k"),
    ({"question": "Who?", "colour": "red"}, "colour"),
    ({}, "question"),
    ({"question": "?!?"}, "no words"),
])
def test_bad_requests_get_422_with_a_reason(client: TestClient, payload: dict, fragment: str) -> None:
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    assert fragment in response.json()["detail"]


def test_documents_list_and_fetch(client: TestClient) -> None:
    listing = client.get("/documents").json()
    assert [d["doc_id"] for d in listing] == [SEED_DOC_ID]
    assert listing[0]["metadata"]["date"] == "2026-01-23"
    doc = client.get(f"/documents/{SEED_DOC_ID}").json()
    assert doc["text"].startswith("Ministry of Foreign Affairs")


def test_unknown_document_is_404(client: TestClient) -> None:
    response = client.get("/documents/no-such-doc.txt")
    assert response.status_code == 404 and "no-such-doc.txt" in response.json()["detail"]


def test_health_and_openapi(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["documents"] == 1 and health["chunks"] >= 1
    assert client.get("/docs").status_code == 200
    assert "/ask" in client.get("/openapi.json").json()["paths"]
