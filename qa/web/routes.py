"""Routes of the web page: ``/`` (the single page), ``/static/*`` and ``/view/{doc_id}``.

The page itself is static HTML + CSS + a little JavaScript that calls the JSON API
(``POST /ask``, ``GET /documents``); nothing is built and nothing is loaded from outside.

``/view/{doc_id}?start=S&end=E`` is rendered on the server: the document text is split
into ``text[:S]``, ``text[S:E]`` and ``text[E:]``, each passed through ``html.escape``,
and the middle part is wrapped in ``<mark id="cited">``. Offsets are Python string
indices (code points), the same ones every citation carries. The page's script also
reads a ``#S-E`` fragment, so a link with only the fragment works too.
"""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from qa.errors import DocumentNotFoundError, QAError
from qa.schemas import Document

STATIC_DIR = Path(__file__).resolve().parent / "static"
APP_NAME = "Cited answers"

# Everything the pages use comes from this server: no inline script, no inline style, no CDN.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

web_router = APIRouter()
web_router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


@web_router.get("/", include_in_schema=False)
def index_page() -> FileResponse:
    """The single page: question box, answer, citations, documents."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                        headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


def _parse_offset(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


@web_router.get("/view/{doc_id:path}", include_in_schema=False, response_class=HTMLResponse)
def view_document(request: Request, doc_id: str, start: str | None = None, end: str | None = None) -> HTMLResponse:
    """The whole document as a readable page, with ``text[start:end]`` marked and scrolled to."""
    root = request.scope.get("root_path", "").rstrip("/")
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None:
        return _error_page(503, "The index is not ready", "The server has not loaded its index yet. "
                           "Try again in a moment.", root)
    try:
        doc = assistant.document(doc_id)
    except DocumentNotFoundError:
        return _error_page(404, "Document not found",
                           f"No document with the id \u201c{doc_id}\u201d is indexed.", root)
    except QAError as exc:
        return _error_page(exc.http_status, "The document cannot be shown", str(exc), root)
    page = render_document(doc, _parse_offset(start), _parse_offset(end), root=root,
                           range_given=start is not None or end is not None)
    return HTMLResponse(page, headers=SECURITY_HEADERS)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _label(key: str) -> str:
    return key.replace("_", " ").replace("-", " ").strip().capitalize() or key


def _metadata_html(doc: Document) -> str:
    rows = []
    for key, value in doc.metadata.items():
        if value.startswith(("https://", "http://")) and not any(ch.isspace() for ch in value):
            shown = f'<a href="{_e(value)}" rel="noopener noreferrer">{_e(value)}</a>'
        elif key == "date":
            shown = f'<time datetime="{_e(value)}">{_e(value)}</time>'
        else:
            shown = _e(value)
        rows.append(f"<dt>{_e(_label(key))}</dt><dd>{shown}</dd>")
    rows.append(f"<dt>Document id</dt><dd><code>{_e(doc.doc_id)}</code></dd>")
    rows.append(f"<dt>Length</dt><dd>{len(doc.text):,} characters</dd>")
    return '<dl class="meta">' + "".join(rows) + "</dl>"


def _page(title: str, body: str, root: str, scripts: tuple[str, ...] = ()) -> str:
    script_tags = "".join(f'<script src="{_e(root)}/static/{name}" defer></script>' for name in scripts)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} \u00b7 {APP_NAME}</title>\n"
        f'<link rel="stylesheet" href="{_e(root)}/static/style.css">\n{script_tags}\n</head>\n'
        '<body class="view-page">\n'
        '<a class="skip-link" href="#main">Skip to the document</a>\n'
        '<header class="site-header"><div class="wrap header-inner">'
        f'<a class="brand" href="{_e(root)}/">{APP_NAME}</a>'
        '<span class="tagline">Every answer is quoted from the indexed documents.</span>'
        "</div></header>\n"
        f'<main id="main" class="wrap doc" tabindex="-1">\n{body}\n</main>\n</body>\n</html>\n'
    )


def render_document(doc: Document, start: int | None = None, end: int | None = None, root: str = "",
                    range_given: bool = False) -> str:
    """The HTML of the source page; ``text[start:end]`` is wrapped in ``<mark id="cited">`` when valid."""
    text = doc.text
    valid = start is not None and end is not None and 0 <= start < end <= len(text)
    notice = ""
    if valid:
        assert start is not None and end is not None
        body_text = (f"{_e(text[:start])}<mark id=\"cited\" tabindex=\"-1\">{_e(text[start:end])}</mark>"
                     f"{_e(text[end:])}")
        notice = ('<p class="cited-note"><span class="swatch" aria-hidden="true"></span> The cited passage is '
                  f'highlighted (characters {start:,}\u2013{end:,}). '
                  '<a class="jump-link" href="#cited">Jump to the cited passage</a></p>')
    else:
        body_text = _e(text)
        if range_given or start is not None or end is not None:
            notice = ('<p class="notice" role="note">The cited range '
                      f"{_e('?' if start is None else start)}\u2013{_e('?' if end is None else end)} "
                      f"is not inside this document ({len(text):,} characters), so nothing is highlighted.</p>")
        else:
            # A link may carry the range only as a #start-end fragment; view.js marks it then.
            notice = ('<p class="cited-note" id="fragment-note" hidden><span class="swatch" aria-hidden="true">'
                      '</span> The cited passage is highlighted. '
                      '<a class="jump-link" href="#cited">Jump to the cited passage</a></p>')
    body = (
        f'<p class="back"><a href="{_e(root)}/">\u2190 Ask another question</a></p>\n'
        f"<h1>{_e(doc.title)}</h1>\n"
        f"{_metadata_html(doc)}\n{notice}\n"
        f'<div id="doc-text" class="doc-text">{body_text}</div>'
    )
    return _page(doc.title, body, root, scripts=("view.js",))


def _error_page(status: int, heading: str, message: str, root: str) -> HTMLResponse:
    body = (f'<h1>{_e(heading)}</h1>\n<p class="error-text">{_e(message)}</p>\n'
            f'<p><a href="{_e(root)}/">\u2190 Back to the question page</a></p>')
    return HTMLResponse(_page(heading, body, root), status_code=status, headers=SECURITY_HEADERS)
