"""Helpers for the sharding and Ray tests: generated corpora, settings, a hard time limit, the Ray skip."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from qa.distributed.synthetic import write_press_releases
from qa.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SEED_DOC = REPO / "corpus" / "rok-unodc-strategic-dialogue-2026-01-23.txt"


def ray_installed() -> bool:
    try:
        return find_spec("ray") is not None
    except (ImportError, ValueError):  # ValueError: sys.modules["ray"] is None (hidden)
        return False


needs_ray = pytest.mark.skipif(not ray_installed(),
                               reason="Ray is not installed; the Ray engine tests need: pip install '.[ray]'")


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging CI) when the block runs longer than ``seconds``."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"gave up after {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def make_corpus(root: Path, releases: int, with_seed: bool = True) -> Path:
    """The shipped release (the eval set asks about it) plus ``releases`` generated distractors."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if with_seed:
        shutil.copy(SEED_DOC, corpus / SEED_DOC.name)
    write_press_releases(corpus, releases)
    return corpus


def hashing_settings(root: Path, name: str, corpus: Path) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=root / name, embed_model="hashing-64")
