from pathlib import Path

import pytest

from qa.assistant import Assistant
from qa.errors import IndexCorruptError, IndexNotFoundError
from qa.index_store import current_version, load_index
from qa.settings import Settings


def test_round_trip_keeps_documents_chunks_and_vectors(fake_settings: Settings) -> None:
    assistant = Assistant(fake_settings)
    report = assistant.index()
    assert sorted(report.added) == ["other.md", "rok-unodc-strategic-dialogue-2026-01-23.txt"]
    loaded = load_index(fake_settings.index_dir)
    assert len(loaded.chunks) == report.chunks == loaded.faiss_index.ntotal
    for chunk in loaded.chunks:
        assert chunk.text == loaded.documents[chunk.doc_id].text[chunk.start:chunk.end]
    assert loaded.manifest.fingerprint["model"] == "hashing-64"


def test_staleness_is_detected_and_update_is_incremental(fake_settings: Settings) -> None:
    assistant = Assistant(fake_settings)
    assistant.index()
    docs_dir = fake_settings.corpus_dir
    assert assistant.indexer.stale_reasons(__import__("qa.documents").documents.load_corpus(docs_dir)[0]) == []
    (docs_dir / "other.md").write_text("# Harbour report\n\nThe harbour handled 24 million containers.\n")
    (docs_dir / "new.txt").write_text("A new statement about fisheries.\n")
    report = Assistant(fake_settings).index()
    assert report.updated == ["other.md"] and report.added == ["new.txt"]
    assert report.unchanged == ["rok-unodc-strategic-dialogue-2026-01-23.txt"]
    assert report.embedded_texts == 2  # only the two changed documents were embedded
    (docs_dir / "new.txt").unlink()
    report = Assistant(fake_settings).index()
    assert report.removed == ["new.txt"] and report.embedded_texts == 0


def test_changed_settings_make_the_index_stale(fake_settings: Settings) -> None:
    Assistant(fake_settings).index()
    other = fake_settings.model_copy(update={"chunk_tokens": 64, "chunk_overlap": 8})
    docs = __import__("qa.documents").documents.load_corpus(other.corpus_dir)[0]
    assert Assistant(other).indexer.stale_reasons(docs) == ["settings or model differ from the index"]


def test_missing_index_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="qa index"):
        load_index(tmp_path)


def test_truncated_faiss_file_gives_a_clear_error(fake_settings: Settings) -> None:
    Assistant(fake_settings).index()
    faiss_file = current_version(fake_settings.index_dir) / "vectors.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:40])
    with pytest.raises(IndexCorruptError, match="qa index --rebuild"):
        load_index(fake_settings.index_dir)


def test_a_corrupt_index_is_rebuilt_by_ask(fake_settings: Settings) -> None:
    Assistant(fake_settings).index()
    (current_version(fake_settings.index_dir) / "chunks.jsonl").write_text("garbage\n")
    assistant = Assistant(fake_settings)
    assistant.warm_up()
    assert assistant.health()["chunks"] > 0


def test_only_one_complete_version_is_kept(fake_settings: Settings) -> None:
    Assistant(fake_settings).index()
    (fake_settings.corpus_dir / "x.txt").write_text("Another document.\n")
    Assistant(fake_settings).index()
    versions = [p for p in fake_settings.index_dir.iterdir() if p.is_dir()]
    assert versions == [current_version(fake_settings.index_dir)]
