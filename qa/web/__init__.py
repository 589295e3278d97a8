"""The web page: a single static page that talks to the JSON API, plus a server-rendered source viewer.

``web_router`` is included by :func:`qa.api.app.create_app`; it serves ``GET /`` (the page),
``/static/*`` (its HTML, CSS and JavaScript; no build step, no CDN) and
``GET /view/{doc_id}`` (a whole document with the cited characters wrapped in ``<mark id="cited">``).
"""

from qa.web.routes import STATIC_DIR, render_document, web_router

__all__ = ["STATIC_DIR", "render_document", "web_router"]
