"""App factory: model and index are loaded once in the lifespan; errors are mapped once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response

from qa.api.middleware import install
from qa.api.routes import router
from qa.assistant import Assistant
from qa.errors import QAError
from qa.settings import Settings
from qa.web.routes import web_router


def _readable(exc: RequestValidationError) -> str:
    """One line per problem: ``field: message`` (pydantic's list is hard to read in a terminal)."""
    parts = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        msg = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc) or 'body'}: {msg}")
    return "; ".join(parts) or "invalid request"


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """Build the API around one Assistant (created and warmed up at start-up if not given)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        shared = assistant or Assistant(settings)
        shared.warm_up()
        app.state.assistant = shared
        app.state.settings = shared.settings
        yield

    app = FastAPI(title="qa: cited extractive question answering", version="0.1.0", lifespan=lifespan,
                  description="Answers only from its sources: every answer is a verbatim span with citations.")

    @app.exception_handler(QAError)
    async def _qa_error(_: Request, exc: QAError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _readable(exc)})

    metrics = install(app, settings.max_body_bytes, settings.request_timeout_s, settings.log_questions)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["content-type", "authorization"])

    @app.get("/metrics", include_in_schema=False)
    def _metrics(request: Request) -> Response:
        return metrics.render(request.app.state.assistant)

    app.include_router(router)
    app.include_router(web_router)
    return app
