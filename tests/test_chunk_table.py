"""The compact chunk store: chunks are rows over the documents' text, checked when built or loaded."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.chunk_table import ChunkStoreError, ChunkTable
from qa.schemas import Chunk, Document

DOCS = {"a.txt": Document(doc_id="a.txt", title="A", text="Alpha beta. Gamma delta. Epsilon."),
        "b.txt": Document(doc_id="b.txt", title="B", text="Zeta eta theta.")}


def _chunks() -> list[Chunk]:
    spans = [("a.txt", 0, 11), ("b.txt", 0, 15), ("a.txt", 12, 24), ("a.txt", 25, 33)]
    return [Chunk(chunk_id=i, doc_id=d, start=s, end=e, text=DOCS[d].text[s:e]) for i, (d, s, e) in enumerate(spans)]


def test_rows_give_back_equal_chunks_and_group_by_document() -> None:
    table = ChunkTable.from_chunks(DOCS, _chunks())
    assert list(table) == _chunks() and table[-1] == _chunks()[-1] and table[1:3] == _chunks()[1:3]
    assert dict(table.by_doc) == {"a.txt": [0, 2, 3], "b.txt": [1]}
    assert table.by_doc.get("missing.txt", []) == [] and "missing.txt" not in table.by_doc
    assert list(table.texts()) == [c.text for c in _chunks()]
    assert table.span_lengths().tolist() == [11, 15, 12, 8]
    assert table.nbytes == 4 * 4 + 8 * 4 * 2
    with pytest.raises(IndexError, match="out of range"):
        table[4]


@pytest.mark.parametrize(("change", "reason"), [
    ({"chunk_id": 7}, "has id 7"),
    ({"doc_id": "c.txt"}, "unknown document 'c.txt'"),
    ({"end": 99}, "fall outside"),
    ({"text": "Alpha BETA."}, "text differs"),
])
def test_a_row_that_does_not_fit_its_document_is_refused_by_name(change: dict, reason: str) -> None:
    bad = _chunks()
    bad[0] = bad[0].model_copy(update=change)
    with pytest.raises(ChunkStoreError, match=reason):
        ChunkTable.from_chunks(DOCS, bad)


def test_jsonl_round_trip_streams_the_same_rows(tmp_path: Path) -> None:
    (tmp_path / "chunks.jsonl").write_text("".join(c.model_dump_json() + "\n" for c in _chunks()))
    assert list(ChunkTable.from_jsonl(DOCS, tmp_path / "chunks.jsonl")) == _chunks()


@given(st.lists(st.tuples(st.sampled_from(sorted(DOCS)), st.integers(0, 40), st.integers(0, 40)), max_size=30))
def test_every_chunk_is_its_documents_slice(spans: list[tuple[str, int, int]]) -> None:
    rows = [(d, min(s, e, len(DOCS[d].text)), min(max(s, e), len(DOCS[d].text))) for d, s, e in spans]
    table = ChunkTable.from_rows(DOCS, [(i, d, s, e, None) for i, (d, s, e) in enumerate(rows)])
    for i, chunk in enumerate(table):
        assert (chunk.chunk_id, chunk.doc_id) == (i, rows[i][0])
        assert chunk.text == DOCS[chunk.doc_id].text[chunk.start:chunk.end]
    assert sorted(r for rs in table.by_doc.values() for r in rs) == list(range(len(rows)))
    assert np.array_equal(table.span_lengths(), [e - s for _, s, e in rows])
