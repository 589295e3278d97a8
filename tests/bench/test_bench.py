"""The benchmark runs end to end at a tiny size (hashing embedder), so it keeps working.

No timing is asserted: only that every section ran, every target row is present with a
measured figure, and both reports were written. The ANN threshold is lowered so the
synthetic-index path (approximate index, recall against exact search, chunk store,
server on it) runs too.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa import vectors
from qa.bench.cli import parse_size, parse_threads
from qa.bench.coldstart import parse_importtime, summarise_imports
from qa.bench.runner import BenchConfig, Run
from qa.bench.scale import recall_at, synth_vectors
from qa.bench.stats import percentiles
from qa.bench.store import fast_chunks
from qa.bench.textgen import generate_doc, questions_for
from qa.documents import make_document


def test_generator_is_deterministic_and_states_its_facts() -> None:
    a, b = generate_doc(7, 3), generate_doc(7, 3)
    assert a == b and a.text != generate_doc(7, 4).text
    for fact in a.facts:
        assert fact.answer in a.text
    doc = make_document(a.name, a.text)
    assert doc.metadata.get("publisher") and doc.metadata.get("date")
    qs = questions_for(7, range(20), 10)
    assert len(set(qs)) == 10


def test_helpers() -> None:
    assert parse_size("10k") == 10_000 and parse_size("1M") == 1_000_000 and parse_size("500") == 500
    assert parse_threads("2,1") == (2, 1)
    p = percentiles([0.001 * i for i in range(1, 101)])
    assert p["n"] == 100 and 49 < p["p50_ms"] < 52 and p["p99_ms"] <= 100
    v = synth_vectors(np.eye(8, dtype=np.float32), 50, seed=1)
    assert v.shape == (50, 8) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert recall_at([np.array([1, 2, 3])], np.array([[1, 2, 4]]), 3) == pytest.approx(2 / 3, abs=1e-3)
    gen = generate_doc(1, 1)
    doc = make_document(gen.name, gen.text)
    chunks = fast_chunks(doc, 0, 600, 100)
    assert chunks and all(c.text == doc.text[c.start:c.end] for c in chunks)
    rows = parse_importtime("import time: self [us] | cumulative | imported package\n"
                            "import time:       500 |        500 |     pandas\n"
                            "import time:       100 |        600 |   sklearn\n"
                            "import time:        50 |        650 | sentence_transformers\n")
    summary = summarise_imports(rows)
    assert summary["not_needed_top"][0]["package"] == "pandas"
    assert "sklearn" in summary["not_needed_top"][0]["imported_via"]


def test_bench_runs_end_to_end_at_a_tiny_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors, "ANN_THRESHOLD", 1_500)
    config = BenchConfig("test", [60], 2_000, True, 3, {1: 3, 4: 4, 16: 16}, 3, 2, [(1, 1)], 0,
                         tmp_path / "out" / "bench.json", tmp_path / "out" / "bench.md", tmp_path / "work",
                         embed_model="hashing-64", reader_questions=3)
    results = Run(config, log=lambda _: None).run()
    assert results["errors"] == []
    on_disk = json.loads((tmp_path / "out" / "bench.json").read_text())
    assert on_disk["targets"] == json.loads(json.dumps(results["targets"]))
    targets = results["targets"]
    assert len(targets) == 7
    assert all(t["measured"] != "not measured" for t in targets), targets
    assert results["ingest"]["60"]["chunks"] > 0
    assert results["scale"]["index"]["index"]["type"] != "IndexFlatIP"
    assert results["scale"]["server"]["memory"]["VmHWM"] > 0
    assert results["coldstart"]["qa_ask"]["median_s"] > 0
    reading = results["reader_seed"]  # the shipped corpus, all passages vs early exit, same questions
    assert reading["questions"] == 3 and reading["all_passages"]["p50_ms"] > 0 and reading["early_exit"]["p50_ms"] > 0
    assert reading["default"] == "early_exit"  # the shipped default stops early when the rule says so
    assert set(reading["by_threads"]) >= {"torch1-faiss1"} and reading["threads"] in reading["by_threads"]
    md = (tmp_path / "out" / "bench.md").read_text()
    assert "## Targets" in md and "PASS" in md or "FAIL" in md
