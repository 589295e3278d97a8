"""`qa eval` end to end on a tiny corpus with the hashing embedder (no model download, seconds).

What matters here is the plumbing, not answer quality: every question is asked once, the
figures are in range and computed as documented, the outputs have the promised shape,
bad datasets fail with their line numbers, and SQuAD files index into a reusable cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.evaluation.dataset import DatasetError, EvalRow
from qa.evaluation.report import failure_list, markdown_report, run_to_dict, summarise
from qa.evaluation.runner import (
    EvalRun,
    QuestionResult,
    chunk_contains,
    count_verbatim,
    in_split,
    load_dataset,
    locate_evidence,
    run_eval,
    squad_index_dir,
    write_predictions,
)
from qa.schemas import Answer, Chunk, Citation, Document
from qa.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOC_ID = "harbour.txt"
DOC_TEXT = (
    "Harbour Festival Announced\n\n"
    "The Harbour Festival will take place in Lisbon on 12 May 2026. "
    "It is organised by the Maritime Culture Office, led by Ms. Ana Costa. "
    "About 4,000 visitors are expected over three days.\n\n"
    "The festival programme includes boat parades, a fish market and evening concerts. "
    "Tickets cost 15 euros and can be bought at the harbour gate."
)
ROWS = [
    {"id": "q1", "question": "Where will the Harbour Festival take place?", "answers": ["Lisbon"],
     "answerable": True, "evidence": "The Harbour Festival will take place in Lisbon on 12 May 2026.",
     "doc_id": DOC_ID, "category": "event"},
    {"id": "q2", "question": "Who leads the Maritime Culture Office?", "answers": ["Ms. Ana Costa", "Ana Costa"],
     "answerable": True, "evidence": "It is organised by the Maritime Culture Office, led by Ms. Ana Costa.",
     "doc_id": DOC_ID, "category": "people"},
    {"id": "q3", "question": "How much do tickets cost?", "answers": ["15 euros"], "answerable": True,
     "evidence": "Tickets cost 15 euros", "category": "event"},
    {"id": "q4", "question": "Who won the rowing race?", "answers": [], "answerable": False, "evidence": None,
     "category": "unanswerable"},
]
JSON_KEYS = {"overall", "categories", "failures", "dataset", "n", "settings", "intervals"}
METRIC_KEYS = {"exact_match", "f1", "contains_gold", "em_all", "f1_all", "citations_verbatim", "evidence_covered",
               "recall_at_1", "recall_at_5", "mrr", "answerable_answered", "unanswerable_null",
               "abstention_accuracy", "latency_p50_ms", "latency_p95_ms"}


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("eval-ws")
    (root / "corpus").mkdir()
    (root / "corpus" / DOC_ID).write_text(DOC_TEXT, encoding="utf-8")
    (root / "eval").mkdir()
    _write_jsonl(root / "eval" / "mini.jsonl", ROWS)
    return root


def _settings(root: Path) -> Settings:
    return Settings(corpus_dir=root / "corpus", index_dir=root / "index", embed_model="hashing-64")


def _env(root: Path) -> dict[str, str]:
    return {"QA_EMBED_MODEL": "hashing-64", "QA_CACHE_DIR": str(root / "cache")}


@pytest.fixture(scope="module")
def run(workspace: Path) -> EvalRun:
    return run_eval([workspace / "eval" / "mini.jsonl"], _settings(workspace))


# --------------------------------------------------------------------------- runner


def test_every_question_is_asked_once_with_figures_in_range(run: EvalRun) -> None:
    assert [r.row.id for r in run.results] == ["q1", "q2", "q3", "q4"]
    overall = summarise(run.results)
    assert (overall["n"], overall["answerable"], overall["unanswerable"]) == (4, 3, 1)
    for key in METRIC_KEYS - {"latency_p50_ms", "latency_p95_ms"}:
        value = overall[key]
        assert value is not None and 0.0 <= value <= 1.0, key
    assert overall["citations_verbatim"] == 1.0  # the composer quotes documents verbatim by construction
    assert overall["recall_at_5"] == 1.0  # a one-document corpus: the evidence is always retrieved
    p50, p95 = overall["latency_p50_ms"], overall["latency_p95_ms"]
    assert p50 is not None and p95 is not None and 0 < p50 <= p95


def test_json_object_shape(run: EvalRun) -> None:
    data = json.loads(json.dumps(run_to_dict(run)))
    assert JSON_KEYS <= set(data)
    assert data["n"] == 4 and METRIC_KEYS <= set(data["overall"])
    assert set(data["categories"]) == {"event", "people", "unanswerable"}
    assert data["categories"]["unanswerable"]["f1"] is None  # nothing answerable to score there
    assert data["settings"]["embed_model"] == "hashing-64"
    # every per-question figure has its bootstrap interval, which holds the figure
    assert data["intervals"]["level"] == 0.95
    low, high = data["intervals"]["f1"]
    assert low - 1e-4 <= data["overall"]["f1"] <= high + 1e-4
    assert data["intervals"]["unanswerable_null"] is not None and "latency_p50_ms" not in data["intervals"]


def test_predictions_one_line_per_question(run: EvalRun, tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    write_predictions(run.results, out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2", "q3", "q4"]
    assert all({"question", "answer", "score", "citations", "alternatives", "reason"} <= set(line) for line in lines)


def test_markdown_report(run: EvalRun) -> None:
    text = markdown_report(run)
    assert text.startswith("# Evaluation: mini.jsonl")
    assert "| Token F1 (answerable) |" in text and "## Per category" in text and "## Failures" in text
    assert "| Metric | Value | 95% CI |" in text


def test_split_is_deterministic_and_partitions() -> None:
    ids = [f"id-{i}" for i in range(2000)]
    fit = {i for i in ids if in_split(i, "fit")}
    holdout = {i for i in ids if in_split(i, "holdout")}
    assert fit.isdisjoint(holdout) and fit | holdout == set(ids)
    assert 0.45 < len(fit) / len(ids) < 0.55
    assert all(in_split(i, "all") for i in ids)


def test_load_dataset_merges_limits_and_refuses_mixes(tmp_path: Path) -> None:
    a = _write_jsonl(tmp_path / "a.jsonl", ROWS[:2])
    b = _write_jsonl(tmp_path / "b.jsonl", ROWS[2:])
    merged = load_dataset([a, b])
    assert [r.id for r in merged.rows] == ["q1", "q2", "q3", "q4"] and merged.fmt == "jsonl"
    assert [r.id for r in load_dataset([a, b], limit=3).rows] == ["q1", "q2", "q3"]
    with pytest.raises(DatasetError, match="duplicate id 'q1'"):
        load_dataset([a, _write_jsonl(tmp_path / "c.jsonl", ROWS[:1])])
    squad = tmp_path / "s.json"
    squad.write_text(json.dumps(_squad()), encoding="utf-8")
    with pytest.raises(DatasetError, match="cannot mix"):
        load_dataset([a, squad])
    with pytest.raises(DatasetError, match="no eval dataset"):
        load_dataset([])
    with pytest.raises(DatasetError, match="not found: .*missing.json"):
        load_dataset([a, tmp_path / "missing.json"])


def test_locate_evidence_prefers_given_offset_and_searches_all_docs() -> None:
    docs = {"a": Document(doc_id="a", title="A", text="x 1066 y 1066 z"),
            "b": Document(doc_id="b", title="B", text="only here")}
    row = EvalRow(id="1", question="q?", answers=["1066"], answerable=True, evidence="1066", doc_id="a",
                  evidence_start=9)
    assert locate_evidence(row, docs) == ("a", 9, 13)
    row = EvalRow(id="2", question="q?", answers=["here"], answerable=True, evidence="only here")
    assert locate_evidence(row, docs) == ("b", 0, 9)
    row = EvalRow(id="3", question="q?", answers=["x"], answerable=True, evidence="absent")
    assert locate_evidence(row, docs) is None


def test_chunk_contains_and_long_evidence_rule() -> None:
    chunk = Chunk(chunk_id=0, doc_id="a", start=100, end=200, text="x" * 100)
    assert chunk_contains(chunk, ("a", 120, 150), longest_chunk=100)
    assert not chunk_contains(chunk, ("b", 120, 150), longest_chunk=100)
    assert not chunk_contains(chunk, ("a", 180, 220), longest_chunk=100)  # straddles: fits some other chunk
    assert chunk_contains(chunk, ("a", 90, 250), longest_chunk=100)  # longer than any chunk: 100/160 held
    assert not chunk_contains(chunk, ("a", 10, 250), longest_chunk=100)  # only 100/240 held


def _answer(answer: str | None, quote: str = "abc", start: int = 0) -> Answer:
    cite = Citation(doc_id="d", title="T", start=start, end=start + len(quote), quote=quote, score=0.5)
    return Answer(question="q", answer=answer, score=0.5, citations=[cite])


def test_count_verbatim_catches_a_quote_that_is_not_the_text() -> None:
    docs = {"d": Document(doc_id="d", title="T", text="abcdef")}
    assert count_verbatim(_answer("a"), docs) == (1, 1)
    assert count_verbatim(_answer("a", quote="abX"), docs) == (1, 0)
    assert count_verbatim(_answer("a", quote="def", start=2), docs) == (1, 0)


def _result(rid: str, answerable: bool, answer: str | None, f1: float, rank: int | None = None,
            covered: bool | None = None, latency: float = 10.0) -> QuestionResult:
    row = EvalRow(id=rid, question="q?", answers=["gold"] if answerable else [], answerable=answerable,
                  evidence="gold" if answerable else None, category="c")
    return QuestionResult(row=row, answer=_answer(answer), latency_ms=latency, em=float(f1 == 1.0), f1=f1,
                          contains=f1 == 1.0, citations=1, citations_verbatim=1, evidence_covered=covered,
                          rank=rank)


def test_summarise_and_failures_by_hand() -> None:
    results = [_result("a", True, "gold", 1.0, rank=1, covered=True, latency=10),
               _result("b", True, "other", 0.2, rank=3, covered=False, latency=20),
               _result("c", True, None, 0.0, rank=None, covered=False, latency=30),
               _result("d", False, None, 1.0, latency=40),
               _result("e", False, "oops", 0.0, latency=50)]
    s = summarise(results)
    assert s["f1"] == pytest.approx(0.4) and s["exact_match"] == pytest.approx(1 / 3)
    assert s["f1_all"] == pytest.approx(2.2 / 5)
    assert s["recall_at_1"] == pytest.approx(1 / 3) and s["recall_at_5"] == pytest.approx(2 / 3)
    assert s["mrr"] == pytest.approx((1 + 1 / 3) / 3)
    assert s["evidence_covered"] == pytest.approx(1 / 3)
    assert s["answerable_answered"] == pytest.approx(2 / 3) and s["unanswerable_null"] == 0.5
    assert s["abstention_accuracy"] == pytest.approx(3 / 5)
    assert s["latency_p50_ms"] == 30.0 and s["latency_p95_ms"] == pytest.approx(48.0)
    whys = {f["id"]: f["why"] for f in failure_list(results)}
    assert set(whys) == {"b", "c", "e"}
    assert whys["c"] == "abstained" and whys["e"].startswith("answered")


# --------------------------------------------------------------------------- SQuAD


def _squad() -> dict[str, object]:
    context = "The Normans gave their name to Normandy, a region in France. Rollo was their first ruler."
    return {"version": "v2.0", "data": [{"title": "Normans", "paragraphs": [{"context": context, "qas": [
        {"id": "s1", "question": "Which region is named after the Normans?", "is_impossible": False,
         "answers": [{"text": "Normandy", "answer_start": 31}]},
        {"id": "s2", "question": "Who was the first ruler of the Normans?", "is_impossible": False,
         "answers": [{"text": "Rollo", "answer_start": 61}, {"text": "Rollo", "answer_start": 61}]},
        {"id": "s3", "question": "Who was the last ruler of the Normans?", "is_impossible": True,
         "answers": [], "plausible_answers": [{"text": "Rollo", "answer_start": 61}]},
    ]}]}]}


def test_squad_file_evaluates_end_to_end_with_a_cached_index(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "mini-squad.json"
    path.write_text(json.dumps(_squad()), encoding="utf-8")
    settings = Settings(corpus_dir=tmp_path / "unused", index_dir=tmp_path / "unused-index", embed_model="hashing-64")
    first = run_eval([path], settings)
    assert first.dataset.fmt == "squad"
    assert [r.row.id for r in first.results] == ["s1", "s2", "s3"]
    overall = summarise(first.results)
    assert (overall["answerable"], overall["unanswerable"]) == (2, 1)
    assert overall["recall_at_5"] == 1.0 and overall["citations_verbatim"] == 1.0
    cache = squad_index_dir(load_dataset([path]), settings)
    assert cache.parent == tmp_path / "cache" and cache.name.startswith("squad-")
    version = (cache / "CURRENT").read_text(encoding="utf-8")
    second = run_eval([path], settings, split="all")
    assert (cache / "CURRENT").read_text(encoding="utf-8") == version  # unchanged index reused, not rebuilt
    assert [r.answer.answer for r in second.results] == [r.answer.answer for r in first.results]
    assert not (tmp_path / "unused-index").exists()  # the configured index is never touched


# --------------------------------------------------------------------------- CLI


def test_cli_json_prints_one_object(workspace: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(workspace / "eval" / "mini.jsonl"), "--json",
                                      "--corpus", str(workspace / "corpus"), "--index", str(workspace / "index"),
                                      "--predictions", str(workspace / "p.jsonl")], env=_env(workspace))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert JSON_KEYS <= set(data) and data["n"] == 4
    assert len((workspace / "p.jsonl").read_text(encoding="utf-8").splitlines()) == 4


def test_cli_default_dataset_and_tables(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)  # default dataset: eval/*.jsonl relative to the working directory
    result = CliRunner().invoke(app, ["eval", "--limit", "2", "--report", "r.md"], env=_env(workspace))
    assert result.exit_code == 0, result.output
    assert "Token F1" in result.stdout and "Per category" in result.stdout
    assert (workspace / "r.md").read_text(encoding="utf-8").startswith("# Evaluation: mini.jsonl")


def test_cli_malformed_dataset_raises_with_line_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(ROWS[0]) + "\n{not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(bad)], env=_env(tmp_path))
    assert isinstance(result.exception, DatasetError)
    assert f"{bad}:2: invalid JSON" in str(result.exception)


def test_qa_eval_command_exits_non_zero_on_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(ROWS[0]) + "\n" + json.dumps({**ROWS[1], "answers": "x"}) + "\n", encoding="utf-8")
    qa = Path(sys.executable).parent / "qa"
    command = [str(qa)] if qa.exists() else [sys.executable, "-c", "from qa.cli import main; main()"]
    env = {**os.environ, **_env(tmp_path), "COLUMNS": "300"}
    done = subprocess.run([*command, "eval", str(bad)], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Error:" in done.stderr and "bad.jsonl:2:" in done.stderr and "answers" in done.stderr
