"""Running the assistant across shards and machines: sharded search, Ray ingestion, Ray Serve.

Nothing here imports Ray at module level: the default (single-process) path imports
``qa.distributed.sharded_index`` through ``qa.sharding`` and must stay Ray-free. The Ray
modules (``ingest``, ``serve``) import it lazily through :func:`require_ray`, so a missing
optional dependency is one clear :class:`RayNotInstalledError` instead of a traceback.
"""

from __future__ import annotations

from types import ModuleType

from qa.errors import QAError

INSTALL_HINT = "pip install 'qa[ray]' (or: pip install 'ray[data,serve]')"


class RayNotInstalledError(QAError):
    """``--engine ray`` was asked for but the optional Ray dependency is not installed."""

    http_status = 501


class RayEngineError(QAError):
    """A Ray job failed for a reason the user can act on (cluster unreachable, a task kept failing)."""

    http_status = 503


def require_ray() -> ModuleType:
    """Import and return ``ray``, or raise RayNotInstalledError naming the install command."""
    try:
        import ray
    except ImportError as exc:
        raise RayNotInstalledError(f"the Ray engine needs the optional Ray dependency; {INSTALL_HINT}") from exc
    return ray
