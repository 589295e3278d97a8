"""Fixtures for the loader tests: the generated corpus, written once and loaded once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the helper modules beside this file

from loader_corpus import GeneratedCorpus, build_corpus  # noqa: E402

from qa.documents import SkippedFile, load_corpus  # noqa: E402
from qa.schemas import Document  # noqa: E402


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCorpus:
    """The generated corpus (written once per session; tests must not modify it)."""
    return build_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def loaded(corpus: GeneratedCorpus) -> tuple[dict[str, Document], list[SkippedFile]]:
    """``load_corpus`` over the generated corpus: documents by id, and the skipped files."""
    documents, skipped = load_corpus(corpus.root)
    return {d.doc_id: d for d in documents}, list(skipped)
