"""``qa serve --engine ray``: the same FastAPI app, as Ray Serve replicas that each hold the index.

Why the app is built *in* each replica (an ingress builder, not a pickled app): ``create_app``
wires metrics registries and middleware that belong to one process; building it where it runs
keeps the HTTP contract byte-for-byte the one ``qa serve`` has, and Serve runs the app's
lifespan, so each replica loads the model and the (sharded or unsharded) index once.

The index is built or updated once, in a task, *before* the replicas start: replicas only read
it, so several replicas never race to write the same index folder.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from qa.distributed import require_ray
from qa.distributed.ingest import LOCAL_CPUS, ray_session
from qa.settings import Settings

APP_NAME = "qa"


def _build_app(settings_json: str) -> Any:
    from qa.api import create_app

    return create_app(Settings.model_validate_json(settings_json))


def _prepare_index(settings_json: str) -> int:
    """Build or update the index if it is missing or stale; returns its chunk count."""
    from qa.assistant import Assistant

    assistant = Assistant(Settings.model_validate_json(settings_json))
    assistant.ensure_index()
    return len(assistant.state.index.chunks)


def deploy(settings: Settings, replicas: int = 1, cpus_per_replica: float = 1.0) -> str:
    """Deploy on the Ray session of this process (see ``ray_session``); returns the base URL. Non-blocking."""
    ray = require_ray()
    from ray import serve

    settings_json = settings.model_dump_json()
    ray.get(ray.remote(_prepare_index).remote(settings_json))
    serve.start(http_options={"host": settings.host, "port": settings.port})
    def build() -> Any:  # a plain function: Serve calls builders in the replica, but treats partials as apps
        return _build_app(settings_json)

    ingress: Any = serve.deployment(serve.ingress(build)(), name="QAServer", num_replicas=replicas,
                                    ray_actor_options={"num_cpus": cpus_per_replica})
    serve.run(ingress.bind(), name=APP_NAME, route_prefix="/", blocking=False)
    return f"http://{settings.host}:{settings.port}"


def shutdown() -> None:
    """Remove the deployment and stop Serve on this session (the Ray session itself is left to its owner)."""
    require_ray()
    from ray import serve

    serve.shutdown()


def serve_forever(settings: Settings, replicas: int = 1, address: str | None = None) -> None:
    """Deploy, print where, and block until Ctrl-C; then shut Serve (and a local cluster) down."""
    if replicas < 1:
        from qa.errors import ConfigurationError

        raise ConfigurationError(f"--replicas must be at least 1, got {replicas}")
    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt  # a process manager's SIGTERM: the same clean shutdown as Ctrl-C

    cpus = 1.0 if address else min(1.0, LOCAL_CPUS / replicas)
    with ray_session(address):
        url = deploy(settings, replicas=replicas, cpus_per_replica=cpus)
        print(f"serving {replicas} replica(s) on Ray at {url}/ (Ctrl-C to stop)", flush=True)
        signal.signal(signal.SIGTERM, stop)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            shutdown()
