"""HTTP benchmark: a real server subprocess on 127.0.0.1 and a bounded httpx load against it.

Why a subprocess: the numbers must include what a deployment pays (uvicorn, middleware,
JSON), and the server's RSS must be its own, not the benchmark's. The load generator is
closed-loop: ``concurrency`` workers each send their next request as soon as the previous
answer arrives, so throughput and latency are measured at a fixed number of requests in
flight (no unbounded queue building up).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from qa.bench.latency import case_variant
from qa.bench.stats import cpu_snapshot, percentiles, proc_memory, ratio


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def qa_command() -> list[str]:
    """The installed ``qa`` console script next to this interpreter, else the same via ``-c``."""
    script = Path(sys.executable).with_name("qa")
    return [str(script)] if script.is_file() else [sys.executable, "-c", "from qa.cli import main; main()"]


class Server:
    """``qa serve`` (or the index-only bench server) in a subprocess, with its start-up timings."""

    def __init__(self, log_path: Path, env: dict[str, str], corpus_dir: Path | None, index_dir: Path,
                 index_only: bool = False) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        if index_only:
            cmd = [sys.executable, "-m", "qa.bench.probes", "serve", "--index", str(index_dir),
                   "--port", str(self.port)]
        else:
            assert corpus_dir is not None
            cmd = [*qa_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--corpus", str(corpus_dir), "--index", str(index_dir)]
        self._log = log_path.open("w")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, **env})
        self.ready_s = 0.0
        self.first_answer_s = 0.0

    def wait_ready(self, first_question: str, timeout_s: float = 900.0) -> None:
        """Poll ``/health`` until it answers, then time the first ``/ask`` (start-up to first answer)."""
        deadline = self.started + timeout_s
        with httpx.Client(base_url=self.base_url, timeout=60.0) as client:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with code {self.proc.returncode}; see {self._log.name}")
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"server not ready after {timeout_s:.0f}s; see {self._log.name}")
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
            self.ready_s = time.perf_counter() - self.started
            response = client.post("/ask", json={"question": first_question})
            response.raise_for_status()
            self.first_answer_s = time.perf_counter() - self.started

    def memory(self) -> dict[str, int]:
        return proc_memory(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


async def _load(base_url: str, bodies: list[dict[str, Any]], concurrency: int, path: str
                ) -> tuple[list[float], float, int]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    errors = 0
    pending = iter(bodies)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=300.0) as client:
        async def worker() -> None:
            nonlocal errors
            for body in pending:  # one shared iterator: each body is sent exactly once
                started = time.perf_counter()
                response = await client.post(path, json=body)
                elapsed = time.perf_counter() - started
                if response.status_code == 200:
                    latencies.append(elapsed)
                else:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, wall, errors


def load(base_url: str, bodies: list[dict[str, Any]], concurrency: int, path: str = "/ask",
         server_pid: int | None = None) -> dict[str, Any]:
    """Send every body with ``concurrency`` requests in flight; latency percentiles, throughput, CPU use.

    CPU figures (in cores, averaged over the level): the server's own use, this load
    generator's, and everything else on the machine (other jobs competing for the cores).
    """
    busy0, server0 = cpu_snapshot(server_pid) if server_pid else (0.0, 0.0)
    _, client0 = cpu_snapshot()
    latencies, wall, errors = asyncio.run(_load(base_url, bodies, concurrency, path))
    out: dict[str, Any] = {"concurrency": concurrency, "requests": len(bodies), "errors": errors,
                           "wall_s": round(wall, 3),
                           "throughput_rps": round(len(latencies) / wall, 3) if wall else 0.0, **percentiles(latencies)}
    if server_pid and wall:
        busy1, server1 = cpu_snapshot(server_pid)
        _, client1 = cpu_snapshot()
        server_cores, client_cores = (server1 - server0) / wall, (client1 - client0) / wall
        out["cpu_cores"] = {"server": round(server_cores, 2), "load_generator": round(client_cores, 2),
                            "other_processes": round(max(0.0, (busy1 - busy0) / wall - server_cores - client_cores), 2)}
        out["server_cpu_s_per_request"] = round((server1 - server0) / max(1, len(latencies)), 4)
    return out


def _forms(questions: list[str], n: int, first_variant: int) -> tuple[list[str], int]:
    """``n`` requests cycling over ``questions``, each (question, case form) used once; next free form."""
    out = [case_variant(questions[r % len(questions)], first_variant + r // len(questions)) for r in range(n)]
    return out, first_variant + -(-n // len(questions))


def run_server_bench(server: Server, questions: list[str], levels: dict[int, int], batch_questions: int,
                     batch_size: int, log: Any = print, tag: str = "") -> dict[str, Any]:
    """Warm the server's content caches, then load it at each concurrency and with ``/ask/batch``.

    Every level sends the same questions (so levels are comparable), each in a case form not
    sent before (so the question-embedding cache never hits); c=1 uses them as written,
    exactly as the in-process measurement does.
    """
    warm = load(server.base_url, [{"question": case_variant(q, 0)} for q in questions], 4)
    log(f"http {tag}: warm-up {warm['requests']} requests in {warm['wall_s']:.1f}s")
    out: dict[str, Any] = {"startup_ready_s": round(server.ready_s, 3),
                           "startup_first_answer_s": round(server.first_answer_s, 3), "levels": {},
                           "memory_after_warm_up": server.memory()}
    levels_out: dict[str, Any] = out["levels"]
    variant = 1
    for concurrency, n in levels.items():
        forms, variant = _forms(questions, n, variant)
        levels_out[str(concurrency)] = lv = load(server.base_url, [{"question": q} for q in forms], concurrency,
                                                 server_pid=server.proc.pid)
        log(f"http {tag}: c={concurrency} p50 {lv['p50_ms']:.1f} ms, {lv['throughput_rps']:.2f} req/s, "
            f"cores {lv.get('cpu_cores')}")
    if batch_questions:
        forms, variant = _forms(questions, batch_questions, variant)
        bodies = [{"questions": forms[i:i + batch_size]} for i in range(0, len(forms), batch_size)]
        batch = load(server.base_url, bodies, 1, "/ask/batch", server_pid=server.proc.pid)
        batch["batch_size"] = batch_size
        batch["questions_per_s"] = round(len(forms) / batch["wall_s"], 3) if batch["wall_s"] else 0.0
        out["batch"] = batch
        if "1" in levels_out:
            out["ratio_batch_vs_single_c1_questions_per_s"] = ratio(batch["questions_per_s"],
                                                                   levels_out["1"]["throughput_rps"])
    if "1" in levels_out and "4" in levels_out:
        out["ratio_throughput_c4_vs_c1"] = ratio(levels_out["4"]["throughput_rps"], levels_out["1"]["throughput_rps"])
    out["memory"] = server.memory()
    return out
