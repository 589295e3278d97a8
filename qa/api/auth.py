"""API-key check for write endpoints: off unless ``QA_API_KEY`` is set, then a bearer token."""

from __future__ import annotations

import hmac

from fastapi import Request

from qa.errors import AuthError, ForbiddenError


def require_api_key(request: Request) -> None:
    """401 without a bearer token, 403 with a wrong one (constant-time comparison)."""
    expected = request.app.state.settings.api_key
    if not expected:
        raise ForbiddenError("write endpoints are disabled; set QA_API_KEY on the server to enable them")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("missing API key: send 'Authorization: Bearer <key>'")
    if not hmac.compare_digest(token.strip().encode("utf-8"), expected.encode("utf-8")):
        raise ForbiddenError("wrong API key")
