"""The web page's routes through FastAPI's TestClient (no browser, no real model: fast).

The app is the real one from ``create_app(settings)``; the hashing embedder stands in for
the sentence-transformers model so the index builds in a moment.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from qa.api import create_app
from qa.schemas import Document
from qa.settings import Settings
from qa.web.routes import STATIC_DIR, render_document

REPO = Path(__file__).resolve().parents[2]
PRESS = "rok-unodc-strategic-dialogue-2026-01-23.txt"
TRICKY_TEXT = (
    "Tricky <b>markup</b> & \"quotes\" in 'a' document\n\n"
    "An emoji \U0001F600 comes before the <script>alert(1)</script> part.\n"
    "Last line & end."
)

DOC_TEXT = re.compile(r'<div id="doc-text" class="doc-text">(?P<body>.*?)</div>', re.DOTALL)
MARK = re.compile(r'<mark id="cited" tabindex="-1">(?P<cited>.*?)</mark>', re.DOTALL)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("web")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / PRESS, corpus / PRESS)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "tricky.txt").write_text(TRICKY_TEXT, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", embed_model="hashing-64")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def split_view(page: str) -> tuple[str, str | None, str]:
    """(before, cited, after) as plain text from a /view page; cited is None without a mark."""
    body = DOC_TEXT.search(page)
    assert body, "the page has no #doc-text block"
    inner = body.group("body")
    mark = MARK.search(inner)
    if not mark:
        return html.unescape(inner), None, ""
    return (html.unescape(inner[:mark.start()]), html.unescape(mark.group("cited")),
            html.unescape(inner[mark.end():]))


def test_index_page_has_labelled_question_box(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<label for="question"' in page and "Your question" in page
    assert re.search(r'<input id="question"[^>]*maxlength="1000"', page)
    assert 'aria-live="polite"' in page
    assert "static/app.js" in page and "static/style.css" in page
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_page_loads_nothing_from_elsewhere() -> None:
    for name in ("index.html", "app.js", "view.js", "style.css"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text), name
        assert "@import" not in text and "innerHTML" not in text and "insertAdjacentHTML" not in text, name


@pytest.mark.parametrize(("path", "kind"), [("/static/app.js", "javascript"), ("/static/view.js", "javascript"),
                                            ("/static/style.css", "text/css"), ("/static/index.html", "text/html")])
def test_static_files_are_served(client: TestClient, path: str, kind: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert kind in response.headers["content-type"]
    assert response.text == (STATIC_DIR / path.rsplit("/", 1)[1]).read_text(encoding="utf-8")


def test_missing_static_file_is_404(client: TestClient) -> None:
    assert client.get("/static/nope.js").status_code == 404


def test_web_routes_stay_out_of_the_api_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/ask" in paths
    assert not any(p == "/" or p.startswith(("/view", "/static")) for p in paths)


def test_view_marks_exactly_the_cited_characters(client: TestClient) -> None:
    text = client.get(f"/documents/{PRESS}").json()["text"]
    start = text.index("Ms. Candice Welsch")
    end = start + len("Ms. Candice Welsch")
    response = client.get(f"/view/{PRESS}", params={"start": start, "end": end})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.count('<mark id="cited"') == 1
    before, cited, after = split_view(response.text)
    assert (before, cited, after) == (text[:start], text[start:end], text[end:])
    assert "Director-General" in response.text  # the whole document is there
    assert "<title>ROK-UNODC Strategic Dialogue" in response.text
    assert '<time datetime="2026-01-23">' in response.text  # metadata


def test_view_of_a_citation_from_ask(client: TestClient) -> None:
    answer = client.post("/ask", json={"question": "Who co-chaired the ROK-UNODC Strategic Dialogue?"}).json()
    citation = answer["citations"][0]
    page = client.get(f"/view/{citation['doc_id']}?start={citation['start']}&end={citation['end']}").text
    assert split_view(page)[1] == citation["quote"]


def test_view_escapes_text_and_counts_code_points(client: TestClient) -> None:
    start = TRICKY_TEXT.index("<script>")
    end = TRICKY_TEXT.index("</script>") + len("</script>")
    assert TRICKY_TEXT.index("\U0001F600") < start  # an astral character before the range
    page = client.get("/view/sub/tricky.txt", params={"start": start, "end": end}).text
    assert "<script>alert" not in page and "<b>markup" not in page
    assert split_view(page) == (TRICKY_TEXT[:start], TRICKY_TEXT[start:end], TRICKY_TEXT[end:])


@pytest.mark.parametrize("query", ["", "?start=5", "?start=abc&end=9", "?start=9&end=5", "?start=0&end=999999",
                                   "?start=-1&end=4"])
def test_view_without_a_usable_range_shows_the_text_unmarked(client: TestClient, query: str) -> None:
    response = client.get(f"/view/sub/tricky.txt{query}")
    assert response.status_code == 200
    before, cited, _ = split_view(response.text)
    assert cited is None and before == TRICKY_TEXT
    if query:
        assert "nothing is highlighted" in response.text


def test_view_of_unknown_document_is_a_404_page(client: TestClient) -> None:
    response = client.get("/view/unknown")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Document not found" in response.text
    assert "unknown" in response.text
    evil = client.get("/view/<img src=x onerror=alert(1)>.txt")
    assert evil.status_code == 404 and "<img" not in evil.text


@given(text=st.text(min_size=1, max_size=200), data=st.data())
def test_render_document_round_trips_any_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    page = render_document(Document(doc_id="d.txt", title="<T&>", text=text), start, end)
    assert split_view(page) == (text[:start], text[start:end], text[end:])
    assert "<title>&lt;T&amp;&gt;" in page
