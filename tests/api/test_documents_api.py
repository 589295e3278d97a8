"""Document management over HTTP (fast: hashing embedder) and metadata filters."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from qa.api import create_app
from qa.settings import Settings

KEY = "s3cret-key"


@pytest.fixture()
def client(fake_settings: Settings) -> Iterator[TestClient]:
    settings = fake_settings.model_copy(update={"api_key": KEY})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


AUTH = {"Authorization": f"Bearer {KEY}"}


def test_writes_need_the_key(client: TestClient) -> None:
    doc = {"title": "Note", "text": "The committee met in Geneva."}
    assert client.post("/documents", json=doc).status_code == 401
    wrong = client.post("/documents", json=doc, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and "wrong API key" in wrong.json()["detail"]
    assert client.delete("/documents/other.md").status_code == 401


def test_writes_are_off_without_a_configured_key(fake_settings: Settings) -> None:
    with TestClient(create_app(fake_settings)) as c:
        response = c.post("/documents", json={"title": "x", "text": "y"}, headers=AUTH)
        assert response.status_code == 403 and "QA_API_KEY" in response.json()["detail"]


def test_add_json_document_then_ask_and_delete(client: TestClient) -> None:
    doc = {"title": "Fisheries statement", "text": "The fisheries committee met in Geneva on 3 March 2026.",
           "metadata": {"publisher": "Fisheries Office", "date": "2026-03-03"}}
    added = client.post("/documents", json=doc, headers=AUTH)
    assert added.status_code == 201, added.text
    new_id = added.json()["added"][0]
    listing = {d["doc_id"]: d for d in client.get("/documents").json()}
    assert listing[new_id]["title"] == "Fisheries statement"
    assert listing[new_id]["metadata"]["publisher"] == "Fisheries Office"
    removed = client.delete(f"/documents/{new_id}", headers=AUTH)
    assert removed.status_code == 200 and removed.json()["removed"] == [new_id]
    assert client.get(f"/documents/{new_id}").status_code == 404


def test_upload_a_file(client: TestClient) -> None:
    files = {"file": ("brief.md", b"# Brief\n\nThe brief covers port security.", "text/markdown")}
    response = client.post("/documents", files=files, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["added"] == ["uploads/brief.md"]
    bad = client.post("/documents", files={"file": ("x.exe", b"MZ\x00", "application/octet-stream")},
                      headers=AUTH)
    assert bad.status_code == 422 and "unsupported" in bad.json()["detail"]


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "..%2F..%2Fx"])
def test_delete_cannot_escape_the_corpus(client: TestClient, doc_id: str) -> None:
    response = client.delete(f"/documents/{doc_id}", headers=AUTH)
    assert response.status_code == 404


def test_filters_restrict_the_documents_searched(client: TestClient) -> None:
    body = {"question": "How many containers did the harbour handle?", "filters": {"doc_ids": ["other.md"]}}
    answer = client.post("/ask", json=body).json()
    assert all(c["doc_id"] == "other.md" for c in answer["citations"])
    body["filters"] = {"publisher": "Ministry of Foreign Affairs", "date_from": "2026-01-01"}
    answer = client.post("/ask", json=body).json()
    assert all(c["doc_id"] != "other.md" for c in answer["citations"])
    body["filters"] = {"date_to": "1990-01-01"}
    answer = client.post("/ask", json=body).json()
    assert answer["answer"] is None and "filters" in answer["reason"]
    bad = client.post("/ask", json={"question": "x?", "filters": {"date_from": "not a date"}})
    assert bad.status_code == 422
