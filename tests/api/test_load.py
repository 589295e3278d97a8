"""A bounded load test against a real server process on 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from qa.settings import Settings

pytestmark = pytest.mark.slow

QUESTIONS = ["Who co-chaired the dialogue?", "Where is UNODC headquartered?", "When was UNODC established?",
             "What is the capital of France?", "How many containers did the harbour handle?",
             "Which agencies took part?"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def server(fake_settings: Settings, tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "QA_EMBED_MODEL": "hashing-64"}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-c", "from qa.cli import main; main()", "serve", "--port", str(port),
                             "--corpus", str(fake_settings.corpus_dir), "--index", str(fake_settings.index_dir)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("server did not start: " + (tmp_path / "server.log").read_text())
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def test_concurrent_clients_get_the_single_client_answers(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        expected = {q: client.post("/ask", json={"question": q}).json() for q in QUESTIONS}
    clients, per_client = 8, 24

    def run(worker: int) -> list[tuple[int, str, dict]]:
        out = []
        with httpx.Client(base_url=server, timeout=30) as client:
            for i in range(per_client):
                question = QUESTIONS[(worker + i) % len(QUESTIONS)]
                response = client.post("/ask", json={"question": question})
                out.append((response.status_code, question, response.json()))
        return out

    with ThreadPoolExecutor(clients) as pool:
        results = [r for batch in pool.map(run, range(clients)) for r in batch]
    assert len(results) == clients * per_client
    assert all(status == 200 for status, _, _ in results)
    mismatched = [q for _, q, body in results if body != expected[q]]
    assert mismatched == []
    batch = httpx.post(f"{server}/ask/batch", json={"questions": QUESTIONS}, timeout=30).json()
    assert batch == [expected[q] for q in QUESTIONS]
