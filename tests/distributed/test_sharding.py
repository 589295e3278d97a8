"""Sharded index: stable assignment, an exact merge (the answers of one index), shard-local updates.

Fast: the hashing embedder, the eval set's 90 questions, the shipped release plus 60 generated
releases that share its vocabulary (so BM25 statistics really differ from shard to shard).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from distributed_helpers import REPO, SEED_DOC, hashing_settings, make_corpus
from typer.testing import CliRunner

from qa.assistant import Assistant
from qa.cli import app
from qa.distributed.sharded_index import ShardedIndex
from qa.errors import IndexCorruptError
from qa.index_store import current_version, load_index
from qa.schemas import Filters
from qa.settings import Settings
from qa.sharding import SHARDS_FILE, build_index, load_any_index, read_shard_set, shard_name, shard_of

EVAL = [json.loads(line) for line in (REPO / "eval" / "seed.jsonl").read_text(encoding="utf-8").splitlines() if line]


def retrieval_key(assistant: Assistant, question: str) -> list[tuple]:
    return [(r.chunk.doc_id, r.chunk.start, r.chunk.end, r.score, r.dense_score, r.lexical_score)
            for r in assistant.retrieve(question, top_k=20)]


def versions(index_dir: Path) -> dict[str, str]:
    """Active version folder of every shard folder (what an update may or may not touch)."""
    return {p.name: current_version(p).name for p in sorted(index_dir.iterdir())  # type: ignore[union-attr]
            if p.is_dir() and p.name.startswith("shard-")}


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, Assistant]:
    root = tmp_path_factory.mktemp("pair")
    corpus = make_corpus(root, 60)
    plain = Assistant(hashing_settings(root, "plain", corpus))
    plain.warm_up()
    build_index(hashing_settings(root, "sharded", corpus), shards=4)
    sharded = Assistant(hashing_settings(root, "sharded", corpus))
    sharded.warm_up()
    return plain, sharded


@pytest.fixture()
def small(tmp_path: Path) -> Settings:
    return hashing_settings(tmp_path, "index", make_corpus(tmp_path, 30))


def test_every_eval_answer_and_ranking_is_that_of_one_index(pair: tuple[Assistant, Assistant]) -> None:
    plain, sharded = pair
    assert isinstance(sharded.state.index, ShardedIndex) and len(sharded.state.index.parts) == 4
    for row in EVAL:
        assert sharded.ask(row["question"]).model_dump() == plain.ask(row["question"]).model_dump(), row["id"]
        assert retrieval_key(sharded, row["question"]) == retrieval_key(plain, row["question"]), row["id"]


def test_filters_apply_before_ranking_across_shards(pair: tuple[Assistant, Assistant]) -> None:
    plain, sharded = pair
    filters = [Filters(publisher="UNODC"), Filters(doc_ids=[SEED_DOC.name, "press-00003.txt", "press-00040.txt"]),
               Filters(date_from="2023-01-01", date_to="2025-12-31")]
    for f in filters:
        for row in EVAL[:15]:
            assert sharded.ask(row["question"], filters=f).model_dump() == \
                plain.ask(row["question"], filters=f).model_dump(), (row["id"], f)


def test_bm25_with_global_statistics_is_bit_identical(pair: tuple[Assistant, Assistant]) -> None:
    plain, sharded = pair
    assert [(c.doc_id, c.start) for c in sharded.state.index.chunks] == \
        [(c.doc_id, c.start) for c in plain.state.index.chunks]
    for query in ["UNODC drug trafficking Korea", "Vienna budget million", "who co-chaired the dialogue", "zzz"]:
        assert np.array_equal(sharded.state.index.lexical.scores(query), plain.state.index.lexical.scores(query))


def test_each_shard_is_a_complete_index_holding_its_hash_assigned_documents(
        pair: tuple[Assistant, Assistant]) -> None:
    _, sharded = pair
    index_dir = sharded.settings.index_dir
    shard_set = read_shard_set(index_dir)
    seen: set[str] = set()
    for shard in range(4):
        part = load_index(index_dir / shard_name(shard, 4))  # verified like any index
        assert part.manifest.duplicates == {} and shard_set.shards[shard] == current_version(
            index_dir / shard_name(shard, 4)).name  # type: ignore[union-attr]
        assert all(shard_of(doc_id, 4) == shard for doc_id in part.documents)
        seen |= set(part.documents)
    assert seen == set(sharded.state.index.documents) and len(seen) == 61
    assert [shard_of(d, 4) for d in ("a.txt", "press-00001.txt", SEED_DOC.name)] == [
        shard_of(d, 4) for d in ("a.txt", "press-00001.txt", SEED_DOC.name)]  # no salted hash() in the rule
    assert shard_of("a.txt", 1000) == int.from_bytes(__import__("hashlib").sha256(b"a.txt").digest()[:8], "big") % 1000


def test_an_update_rewrites_only_the_shards_whose_documents_changed(small: Settings) -> None:
    build_index(small, shards=3)
    before = versions(small.index_dir)
    changed = small.corpus_dir / "press-00007.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe harbour of Busan handled 23 million containers.\n",
                       encoding="utf-8")
    report = build_index(small)  # keeps 3 shards
    after = versions(small.index_dir)
    own = shard_name(shard_of("press-00007.txt", 3), 3)
    assert report.updated == ["press-00007.txt"] and len(report.unchanged) == 30
    assert report.embedded_texts == len(load_any_index(small.index_dir).by_doc["press-00007.txt"])
    assert [name for name in after if after[name] != before[name]] == [own]
    assert read_shard_set(small.index_dir).shards[shard_of("press-00007.txt", 3)] == after[own]
    (small.corpus_dir / "press-00011.txt").unlink()
    report = build_index(small)
    assert report.removed == ["press-00011.txt"] and report.embedded_texts == 0
    assert [n for n in versions(small.index_dir) if versions(small.index_dir)[n] != after[n]] == \
        [shard_name(shard_of("press-00011.txt", 3), 3)]
    assert build_index(small).changed is False and versions(small.index_dir) != before


def test_resharding_reuses_every_vector_and_one_shard_is_the_plain_layout(small: Settings) -> None:
    question = "Who co-chaired the dialogue?"
    plain = Assistant(small)
    plain.warm_up()  # the default, unsharded index
    expected = plain.ask(question).model_dump()
    first = build_index(small, shards=3)
    assert first.embedded_texts == 0 and first.unchanged and not (small.index_dir / "CURRENT").exists()
    assert not any(p.name.startswith("v-") for p in small.index_dir.iterdir())
    report = build_index(small, shards=2)
    assert report.embedded_texts == 0 and report.chunks == first.chunks
    assert sorted(p.name for p in small.index_dir.iterdir()) == [shard_name(0, 2), shard_name(1, 2), SHARDS_FILE]
    assert Assistant(small).ask(question).model_dump() == expected
    report = build_index(small, shards=1)
    assert report.embedded_texts == 0 and not (small.index_dir / SHARDS_FILE).exists()
    assert not any(p.name.startswith("shard-") for p in small.index_dir.iterdir())
    unsharded = Assistant(small)
    assert type(unsharded.state.index).__name__ == "LoadedIndex" and unsharded.ask(question).model_dump() == expected


def test_the_assistant_keeps_a_sharded_index_up_to_date(small: Settings) -> None:
    build_index(small, shards=3)
    (small.corpus_dir / "new.txt").write_text("The fisheries agency of Peru counted 412 vessels in 2025.\n",
                                              encoding="utf-8")
    assistant = Assistant(small)
    report = assistant.warm_up()  # stale: one document added; the update stays sharded
    assert report is not None and report.added == ["new.txt"] and report.embedded_texts == 1
    assert read_shard_set(small.index_dir).n_shards == 3
    assert "412" in (assistant.ask("How many vessels did the fisheries agency of Peru count?").answer or "")
    report = assistant.add_text("Tide report", "The tide gauge in Busan read 3.2 metres on Monday.")
    assert report.added and isinstance(assistant.state.index, ShardedIndex)


def test_a_damaged_shard_is_named_and_repaired_by_re_embedding_only_its_documents(small: Settings) -> None:
    build_index(small, shards=3)
    shard = small.index_dir / shard_name(1, 3)
    damaged = load_index(shard)
    (current_version(shard) / "chunks.jsonl").write_text("garbage\n")  # type: ignore[operator]
    with pytest.raises(IndexCorruptError, match="qa index"):
        load_any_index(small.index_dir)
    report = Assistant(small).warm_up()
    assert report is not None and report.embedded_texts == len(damaged.chunks)
    assert len(load_any_index(small.index_dir).documents) == 31


def test_a_half_published_update_is_reported_not_mixed(small: Settings) -> None:
    build_index(small, shards=3)
    pointer = small.index_dir / shard_name(2, 3) / "CURRENT"
    pointer.write_text("v-20000101T000000-deadbeef", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="interrupted"):
        load_any_index(small.index_dir)


def test_cli_index_with_shards_then_ask(small: Settings) -> None:
    env = {"QA_EMBED_MODEL": "hashing-64"}
    args = ["--corpus", str(small.corpus_dir), "--index", str(small.index_dir)]
    result = CliRunner().invoke(app, ["index", "--shards", "3", *args], env=env)
    assert result.exit_code == 0, result.output
    assert "added 31 / updated 0 / removed 0 / unchanged 0" in result.output and is_sharded_dir(small.index_dir)
    again = CliRunner().invoke(app, ["index", *args], env=env)
    assert "unchanged 31" in again.output and "0 embedded" in again.output
    asked = CliRunner().invoke(app, ["ask", "Who co-chaired the dialogue?", "--json", *args], env=env)
    assert asked.exit_code == 0 and "Candice Welsch" in json.loads(asked.stdout)["answer"]


def is_sharded_dir(index_dir: Path) -> bool:
    return (index_dir / SHARDS_FILE).is_file() and read_shard_set(index_dir).n_shards == 3


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QA_EMBED_MODEL": "hashing-64"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300, check=False,
                          cwd=REPO)


def test_the_default_path_never_imports_ray(small: Settings) -> None:
    build_index(small, shards=2)
    code = ("import sys; import qa.cli, qa.assistant, qa.api, qa.sharding\n"
            "from qa.assistant import Assistant; from qa.settings import Settings\n"
            "a = Assistant(Settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2], embed_model='hashing-64'))\n"
            "assert a.ask('Who co-chaired the dialogue?').answer\n"
            "assert 'ray' not in sys.modules, 'ray was imported'")
    result = _python(code, str(small.corpus_dir), str(small.index_dir))
    assert result.returncode == 0, result.stderr


def test_without_ray_the_ray_engine_is_one_clear_error(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['ray'] = None  # as if not installed\n"
            "from qa.cli import main; sys.argv = ['qa'] + sys.argv[1:]; main()")
    corpus = make_corpus(tmp_path, 2)
    for command in (["index", "--engine", "ray"], ["serve", "--engine", "ray"]):
        result = _python(code, *command, "--corpus", str(corpus), "--index", str(tmp_path / "i"))
        assert result.returncode == 1, result.stderr
        assert "pip install 'qa[ray]'" in result.stderr and "Traceback" not in result.stderr
    result = _python(code, "index", "--address", "10.0.0.1:6379", "--corpus", str(corpus))
    assert result.returncode == 1 and "--engine ray" in result.stderr


@pytest.mark.slow
def test_real_model_answers_are_those_of_one_index(tmp_path: Path, real_embedder) -> None:
    """The real model (continuous scores, no hashing ties): every 6th eval question, answers and rankings."""
    from qa.documents import load_corpus
    from qa.sharding import ShardAwareIndexer, build_local

    corpus = make_corpus(tmp_path, 30)
    plain = Assistant(Settings(corpus_dir=corpus, index_dir=tmp_path / "plain"), embedder=real_embedder)
    plain.warm_up()
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "sharded")
    build_local(ShardAwareIndexer(settings, real_embedder), load_corpus(corpus)[0], n_shards=3)
    sharded = Assistant(settings, embedder=real_embedder)
    sharded.warm_up()
    assert isinstance(sharded.state.index, ShardedIndex)
    for row in EVAL[::6]:
        assert sharded.ask(row["question"]).model_dump() == plain.ask(row["question"]).model_dump(), row["id"]
        assert retrieval_key(sharded, row["question"]) == retrieval_key(plain, row["question"]), row["id"]
