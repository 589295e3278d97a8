"""The HTTP API. ``create_app(settings)`` is the only way to get an app (no global instance)."""

from qa.api.app import create_app

__all__ = ["create_app"]
