"""The Ray engine on a bounded local cluster (2 CPUs): ingestion on Ray Data, serving on Ray Serve.

Slow (a Ray cluster, worker processes, HTTP); skipped with the reason when Ray is not installed.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from distributed_helpers import SEED_DOC, deadline, hashing_settings, make_corpus, needs_ray
from typer.testing import CliRunner

from qa.cli import app
from qa.index_store import current_version, load_index
from qa.sharding import build_index, load_any_index, read_shard_set, shard_name, shard_of

pytestmark = [pytest.mark.slow, needs_ray]


def test_ingest_survives_a_killed_worker_without_losing_or_duplicating_chunks(
        ray_cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.distributed.ingest import FAULT_ENV, build_with_ray

    corpus = make_corpus(tmp_path, 200)
    (corpus / "broken.pdf").write_bytes(b"not a pdf at all")
    marker = tmp_path / "worker-killed"
    monkeypatch.setenv(FAULT_ENV, str(marker))  # the first embedding batch kills its actor (os._exit)
    on_ray = hashing_settings(tmp_path, "ray", corpus)
    with deadline(900):
        report = build_with_ray(on_ray, shards=3)
    assert marker.exists(), "no worker was killed: the fault was not injected"
    monkeypatch.delenv(FAULT_ENV)
    local = build_index(hashing_settings(tmp_path, "local", corpus), shards=3)
    assert (len(report.added), report.skipped, report.chunks) == (201, local.skipped, local.chunks)
    assert report.embedded_texts == report.chunks  # every chunk embedded exactly once, none lost
    ray_index, local_index = load_any_index(on_ray.index_dir), load_any_index(tmp_path / "local")
    keys = [(c.doc_id, c.start, c.end, c.text) for c in ray_index.chunks]
    assert len(set(keys)) == len(keys) and keys == [(c.doc_id, c.start, c.end, c.text) for c in local_index.chunks]
    for shard in range(3):
        part = load_index(on_ray.index_dir / shard_name(shard, 3))
        assert [c.chunk_id for c in part.chunks] == list(range(len(part.chunks)))
        assert all(shard_of(d, 3) == shard for d in part.documents)
    assert np.array_equal(np.asarray(ray_index.vectors), np.asarray(local_index.vectors))


def test_cli_ray_engine_updates_only_the_changed_shard(ray_cluster: Any, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, 40)
    args = ["index", "--engine", "ray", "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    env = {"QA_EMBED_MODEL": "hashing-64"}
    with deadline(600):
        first = CliRunner().invoke(app, [*args, "--shards", "4"], env=env)
        assert first.exit_code == 0, first.output
        assert "added 41 / updated 0 / removed 0 / unchanged 0" in first.output
        before = {s: current_version(tmp_path / "index" / shard_name(s, 4)) for s in range(4)}
        doc = corpus / "press-00013.txt"
        doc.write_text(doc.read_text(encoding="utf-8") + "\nA closing remark on port security.\n", encoding="utf-8")
        second = CliRunner().invoke(app, args, env=env)
    assert second.exit_code == 0, second.output
    assert "added 0 / updated 1 / removed 0 / unchanged 40" in second.output
    after = {s: current_version(tmp_path / "index" / shard_name(s, 4)) for s in range(4)}
    assert [s for s in range(4) if after[s] != before[s]] == [shard_of("press-00013.txt", 4)]
    assert read_shard_set(tmp_path / "index").shards[shard_of("press-00013.txt", 4)] == after[
        shard_of("press-00013.txt", 4)].name  # type: ignore[union-attr]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_over_http_from_replicas(ray_cluster: Any, tmp_path: Path) -> None:
    from qa.distributed.serve import deploy, shutdown

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_DOC, corpus / SEED_DOC.name)
    settings = hashing_settings(tmp_path, "index", corpus).model_copy(update={"port": _free_port()})
    with deadline(600):
        url = deploy(settings, replicas=2)
        try:
            answer = httpx.post(f"{url}/ask", json={"question": "Who co-chaired the ROK-UNODC Strategic Dialogue?"},
                                timeout=120)
            health = httpx.get(f"{url}/health", timeout=30)
            empty = httpx.post(f"{url}/ask", json={"question": "   "}, timeout=30)
        finally:
            shutdown()
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "Candice Welsch" in body["answer"] and body["citations"][0]["doc_id"] == SEED_DOC.name
    assert health.json() == {"status": "ok", "documents": 1, "chunks": health.json()["chunks"], "model": "hashing-64"}
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]  # the API's own validation
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{url}/health", timeout=5)  # shut down: nothing listens any more
