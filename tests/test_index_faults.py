"""Faults while writing or reading the index: never a mix, never a silent wrong answer."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.assistant import Assistant
from qa.errors import IndexCorruptError, IndexWriteError
from qa.index_store import current_version, load_index
from qa.settings import Settings


def _write_corpus(folder: Path, n: int, tag: str) -> None:
    for i in range(n):
        (folder / f"doc-{i:04d}.txt").write_text(
            f"Statement {i} ({tag})\n\nThe agency {tag} reported result number {i} to the committee. " * 3,
            encoding="utf-8")


@pytest.mark.slow
def test_sigkill_during_index_leaves_old_or_new_index(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    _write_corpus(corpus, 150, "old")
    settings = Settings(corpus_dir=corpus, index_dir=index, embed_model="hashing-64")
    Assistant(settings).index()
    old_docs = set(load_index(index).documents)
    _write_corpus(corpus, 300, "new")
    new_docs = {f"doc-{i:04d}.txt" for i in range(300)}
    env = {**os.environ, "QA_EMBED_MODEL": "hashing-64"}
    started = time.perf_counter()
    probe = subprocess.run([sys.executable, "-c", "import qa.cli"], env=env)
    startup = time.perf_counter() - started  # kill points are spread over start-up + indexing
    assert probe.returncode == 0
    rng = random.Random(7)
    outcomes = []
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", "from qa.cli import main; main()", "index",
                                 "--corpus", str(corpus), "--index", str(index)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(startup, startup * 4 + 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        loaded = load_index(index)  # verifies every checksum
        docs = set(loaded.documents)
        assert docs in (old_docs, new_docs)
        assert all("new" in loaded.documents[d].text for d in docs) or docs == old_docs
        outcomes.append("new" if docs == new_docs else "old")
        if docs == new_docs:  # start the next trial from the old corpus state again
            _write_corpus(corpus, 300, f"v{len(outcomes)}")
            new_docs = {f"doc-{i:04d}.txt" for i in range(300)}
            old_docs = docs
    versions = [p for p in index.iterdir() if p.is_dir() and p.name.startswith("v-")]
    assert current_version(index) in versions


def test_disk_full_keeps_the_old_index(fake_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    Assistant(fake_settings).index()
    before = load_index(fake_settings.index_dir)
    (fake_settings.corpus_dir / "extra.txt").write_text("Something new about ports.\n")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("qa.index_store._write_jsonl", full)
    with pytest.raises(IndexWriteError, match="No space left on device"):
        Assistant(fake_settings).index()
    after = load_index(fake_settings.index_dir)
    assert set(after.documents) == set(before.documents)
    assert not [p for p in fake_settings.index_dir.iterdir() if p.name.startswith(".tmp-")]


def test_chunk_store_disagreeing_with_faiss_is_detected(fake_settings: Settings) -> None:
    Assistant(fake_settings).index()
    folder = current_version(fake_settings.index_dir)
    chunks = folder / "chunks.jsonl"
    chunks.write_text("".join(chunks.read_text().splitlines(keepends=True)[:-1]))
    with pytest.raises(IndexCorruptError, match="damaged"):
        load_index(fake_settings.index_dir)
    # Even with a forged checksum the row counts are compared.
    import hashlib

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["checksums"]["chunks.jsonl"] = hashlib.sha256(chunks.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match="disagree"):
        load_index(fake_settings.index_dir)


def test_manifest_from_another_model_is_stale_and_rebuilt(fake_settings: Settings,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    Assistant(fake_settings).index()
    folder = current_version(fake_settings.index_dir)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["fingerprint"]["model"] = "some-other-model"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assistant = Assistant(fake_settings)
    with caplog.at_level("WARNING", logger="qa"):
        assistant.warm_up()
    assert "settings or model differ" in caplog.text
    assert load_index(fake_settings.index_dir).manifest.fingerprint["model"] == "hashing-64"


def test_damaged_pointer_is_a_clear_error(fake_settings: Settings) -> None:
    Assistant(fake_settings).index()
    (fake_settings.index_dir / "CURRENT").write_text("../../etc")
    with pytest.raises(IndexCorruptError, match="qa index --rebuild"):
        load_index(fake_settings.index_dir)
