from hypothesis import given, settings
from hypothesis import strategies as st

from qa.chunking import Chunker
from qa.documents import load_corpus, make_document
from tests.conftest import SEED_CORPUS

words = st.sampled_from(["the", "ministry", "said", "Mr.", "Lee", "and", "UNODC", "on", "January", "23,", "2026",
                         "projects", "crime", "Seoul", "co-chaired", "서울", "réunion", "x" * 40])
sentences = st.lists(words, min_size=1, max_size=40).map(lambda ws: " ".join(ws) + ".")
documents = st.lists(sentences, min_size=1, max_size=30).map(lambda ss: " ".join(ss))
paragraphs = st.lists(documents, min_size=1, max_size=4).map(lambda ps: "\n\n".join(ps))


@settings(max_examples=60, deadline=None)
@given(paragraphs, st.integers(min_value=16, max_value=120), st.integers(min_value=0, max_value=15))
def test_every_chunk_is_exactly_its_offsets_and_within_budget(raw: str, size: int, overlap: int) -> None:
    doc = make_document("gen.txt", raw)
    chunker = Chunker(size, overlap)
    chunks = chunker.chunk(doc)
    assert chunks, "non-empty text must give at least one chunk"
    for chunk in chunks:
        assert chunk.text == doc.text[chunk.start:chunk.end]
        assert chunker.count(chunk.text) <= size
    covered = " ".join(doc.text[c.start:c.end] for c in chunks)
    assert set(covered.split()) == set(doc.text.split())  # nothing dropped


def test_chunks_fit_the_embedders_own_token_limit() -> None:
    doc = make_document("d.txt", " ".join(["internationalization"] * 300) + ".")
    pieces = lambda text: len(text.split()) * 5  # an embedder whose tokens are 5 per word
    chunker = Chunker(500, 0, limit_counter=pieces, limit=100)
    for chunk in chunker.chunk(doc):
        assert pieces(chunk.text) <= 100
        assert chunk.text == doc.text[chunk.start:chunk.end]


def test_seed_chunks_are_sentence_aligned() -> None:
    docs, _ = load_corpus(SEED_CORPUS)
    chunker = Chunker(150, 20)  # larger than any seed sentence
    for chunk in chunker.chunk(docs[0]):
        assert chunk.text[-1] in ".!?)" or chunk.end == len(docs[0].text) or "\n" in docs[0].text[chunk.end:chunk.end + 2]


def test_bad_chunk_settings_name_the_value() -> None:
    import pytest

    from qa.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="overlap"):
        Chunker(50, 50)
    with pytest.raises(ConfigurationError, match="'no_such_encoding'"):
        Chunker(50, 5, encoding="no_such_encoding")
