"""Small measuring helpers: percentiles, process memory from /proc, sizes on disk.

Why /proc and not psutil: it is not a dependency of the project, and ``VmHWM`` (the peak
resident set) is exactly the "peak RSS" the benchmark reports, read without sampling gaps.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
GIB = 1024 ** 3
MIB = 1024 ** 2


def percentiles(samples_s: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean in milliseconds (linear interpolation; empty input gives zeros)."""
    if not samples_s:
        return {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "mean_ms": 0.0}
    ordered = sorted(samples_s)

    def q(p: float) -> float:
        pos = (len(ordered) - 1) * p
        lo = int(pos)
        hi = min(lo + 1, len(ordered) - 1)
        return (ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)) * 1000.0

    return {"n": len(ordered), "p50_ms": round(q(0.50), 3), "p95_ms": round(q(0.95), 3),
            "p99_ms": round(q(0.99), 3), "mean_ms": round(statistics.fmean(ordered) * 1000.0, 3)}


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """``fn(*args, **kwargs)`` and its wall time in seconds."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` holds the elapsed seconds."""
    box: list[float] = [0.0]
    started = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - started


def proc_memory(pid: int | None = None) -> dict[str, int]:
    """Resident set now (``VmRSS``) and its peak (``VmHWM``) in bytes; {} where /proc is missing."""
    path = Path(f"/proc/{pid or os.getpid()}/status")
    out: dict[str, int] = {}
    try:
        for line in path.read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def reset_peak_rss(pid: int | None = None) -> bool:
    """Reset ``VmHWM`` to the current RSS (Linux ≥ 4.0: write 5 to clear_refs); False if not allowed."""
    try:
        Path(f"/proc/{pid or os.getpid()}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def tree_size(folder: Path) -> dict[str, int]:
    """Bytes per top-level entry of ``folder`` (sub-folders summed) plus ``total``."""
    sizes: dict[str, int] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            sizes[entry.name] = sum(p.stat().st_size for p in entry.rglob("*") if p.is_file())
        elif entry.is_file():
            sizes[entry.name] = entry.stat().st_size
    sizes["total"] = sum(sizes.values())
    return sizes


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` rounded for reports; inf when the denominator is 0."""
    return round(numerator / denominator, 3) if denominator else float("inf")


def cpu_snapshot(pid: int | None = None) -> tuple[float, float]:
    """(machine-wide busy CPU seconds, CPU seconds of ``pid`` or this process) from /proc; zeros elsewhere.

    Why: on a shared machine, whether c=4 can beat c=1 depends on how many cores other
    processes leave free; the difference of two snapshots says how busy the machine was and
    how much of it the server used during a load level.
    """
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        values = [int(x) for x in fields]
        busy = (sum(values[:8]) - values[3] - values[4]) / tick  # everything but idle and iowait
        stat = Path(f"/proc/{pid or os.getpid()}/stat").read_text()
        after = stat.rsplit(")", 1)[1].split()
        own = (int(after[11]) + int(after[12])) / tick  # utime + stime
    except (OSError, ValueError, IndexError):
        return 0.0, 0.0
    return busy, own


def load_average() -> list[float]:
    """The 1/5/15-minute load averages: evidence of how contended the machine was."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []
