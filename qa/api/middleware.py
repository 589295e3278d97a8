"""Cross-cutting HTTP concerns, each a small pure-ASGI or HTTP middleware.

- body size cap (413) before any parsing, also for bodies without Content-Length;
- JSON-only content type on ``POST /ask`` (415);
- a time budget per request (503 instead of a hung connection);
- structured request logs (no question text, no Authorization header) and Prometheus metrics;
- a last-resort handler: no stack trace ever reaches a client.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import CONTENT_TYPE_LATEST

logger = logging.getLogger("qa.http")


class BodyLimit:
    """Reject request bodies over ``max_bytes`` with 413, counting streamed bytes too."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        too_big = JSONResponse(status_code=413, content={"detail": f"request body over {self.max_bytes} bytes"})
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await too_big(scope, receive, send)
            return
        seen = 0
        exceeded = False
        replied = False

        async def limited_receive() -> dict:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True  # whatever the app answers now is replaced by 413 below
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message: dict) -> None:
            nonlocal replied
            if not exceeded:
                await send(message)
            elif not replied:
                replied = True
                await too_big(scope, receive, send)

        await self.app(scope, limited_receive, guarded_send)


class Metrics:
    """Request counts and latency histograms by route and status; index size gauges."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("qa_requests_total", "HTTP requests", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("qa_request_seconds", "HTTP request latency", ["method", "route", "status"],
                                 registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
        self.documents = Gauge("qa_index_documents", "Indexed documents", registry=self.registry)
        self.chunks = Gauge("qa_index_chunks", "Indexed chunks", registry=self.registry)

    def render(self, assistant: Any) -> Response:
        try:
            health = assistant.health()
            self.documents.set(health["documents"])
            self.chunks.set(health["chunks"])
        except Exception:  # metrics must never fail because the index is not ready
            pass
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def _route_of(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", None) or "unmatched"


def install(app: FastAPI, max_body_bytes: int, timeout_s: float, log_questions: bool = False) -> Metrics:
    """Add every middleware to ``app`` and return its metrics (exposed at ``GET /metrics``)."""
    metrics = Metrics()

    @app.middleware("http")
    async def observe(request: Request, call_next: Any) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            if (request.method == "POST" and request.url.path == "/ask"
                    and not request.headers.get("content-type", "").lower().startswith("application/json")):
                response: Response = JSONResponse(
                    status_code=415, content={"detail": "POST /ask needs 'Content-Type: application/json'"})
            else:
                response = await asyncio.wait_for(call_next(request), timeout=timeout_s)
            status = response.status_code
            return response
        except asyncio.TimeoutError:
            status = 503
            return JSONResponse(status_code=503, content={"detail": f"request took longer than {timeout_s:g}s"})
        except Exception:  # never leak a stack trace; log it server-side without request secrets
            logger.exception("unhandled error on %s %s", request.method, request.url.path)
            return JSONResponse(status_code=500, content={"detail": "internal error"})
        finally:
            elapsed = time.perf_counter() - started
            route = _route_of(request)
            metrics.requests.labels(request.method, route, str(status)).inc()
            metrics.latency.labels(request.method, route, str(status)).observe(elapsed)
            record: dict[str, Any] = {"method": request.method, "path": request.url.path, "status": status,
                                      "latency_ms": round(elapsed * 1000, 2),
                                      "question_chars": getattr(request.state, "question_chars", None)}
            if log_questions:
                record["question"] = getattr(request.state, "question", None)
            logger.info(json.dumps(record, ensure_ascii=False))

    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return metrics
