"""Shared fixtures: the real model is loaded once per session; fast tests use a hashing embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.assistant import Assistant
from qa.embedding import SentenceTransformerEmbedder
from qa.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEED_CORPUS = REPO / "corpus"
SEED_DOC_ID = "rok-unodc-strategic-dialogue-2026-01-23.txt"


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    embedder = SentenceTransformerEmbedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    return Settings(corpus_dir=root / "corpus", index_dir=root / "index")


@pytest.fixture(scope="session")
def seed_assistant(seed_settings: Settings, real_embedder: SentenceTransformerEmbedder) -> Assistant:
    """The real pipeline (real model, real FAISS) over a copy of the shipped corpus."""
    assistant = Assistant(seed_settings, embedder=real_embedder)
    assistant.warm_up()
    return assistant


@pytest.fixture()
def fake_settings(tmp_path: Path) -> Settings:
    """Settings for fast tests: a tiny corpus and the deterministic hashing embedder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_CORPUS / SEED_DOC_ID, corpus / SEED_DOC_ID)
    (corpus / "other.md").write_text(
        "# Harbour report\n\nThe harbour of Busan handled 23 million containers in 2024. "
        "The port authority expects growth.\n", encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", embed_model="hashing-64")
