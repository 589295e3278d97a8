"""The in-memory chunk store: three integer arrays over the documents' own text.

Why not a list of ``Chunk`` objects: a chunk is a slice of its document, so keeping its
text again (plus a pydantic object per chunk) costs about three times the corpus in RAM —
3 GB of the server's 5.9 GB at one million chunks. Here a chunk is a row (document
number, start, end) and the ``Chunk`` a caller asks for is built on access, sliced from
the document, so ``chunk.text == document.text[chunk.start:chunk.end]`` holds by
construction and the store costs 16 bytes per chunk.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from qa.schemas import Chunk, Document


class ChunkStoreError(ValueError):
    """The chunk rows do not fit the documents (wrong id, offsets out of range, text differs)."""


class RowsByDoc(Mapping[str, list[int]]):
    """``doc_id -> row numbers`` in row order, from one stable sort (no list per document kept)."""

    def __init__(self, doc_ids: Sequence[str], doc_of: np.ndarray) -> None:
        self._order = np.argsort(doc_of, kind="stable")
        self._bounds = np.searchsorted(doc_of[self._order], np.arange(len(doc_ids) + 1))
        self._number = {d: i for i, d in enumerate(doc_ids)}

    def __getitem__(self, doc_id: str) -> list[int]:
        i = self._number[doc_id]
        lo, hi = int(self._bounds[i]), int(self._bounds[i + 1])
        if lo == hi:
            raise KeyError(doc_id)
        return self._order[lo:hi].tolist()

    def __iter__(self) -> Iterator[str]:
        return (d for d, i in self._number.items() if self._bounds[i + 1] > self._bounds[i])

    def __len__(self) -> int:
        return int(np.count_nonzero(np.diff(self._bounds)))


class ChunkTable(Sequence[Chunk]):
    """A read-only sequence of chunks; row ``i`` is the chunk with ``chunk_id == i``."""

    def __init__(self, documents: Mapping[str, Document], doc_ids: list[str], doc_of: np.ndarray,
                 starts: np.ndarray, ends: np.ndarray) -> None:
        self._documents = documents
        self._doc_ids = doc_ids
        self._doc_of = np.ascontiguousarray(doc_of, dtype=np.int32)
        self._starts = np.ascontiguousarray(starts, dtype=np.int64)
        self._ends = np.ascontiguousarray(ends, dtype=np.int64)
        self._by_doc: RowsByDoc | None = None

    @classmethod
    def from_rows(cls, documents: Mapping[str, Document], rows: Iterable[tuple[int, str, int, int, str | None]],
                  ) -> ChunkTable:
        """Build from ``(chunk_id, doc_id, start, end, text)`` rows, checking each against its document.

        ``text`` may be None (nothing to compare). Raises :class:`ChunkStoreError` naming the first
        bad row: a chunk id out of sequence, an unknown document, offsets outside the text, or a
        stored text that is not the document's slice.
        """
        number: dict[str, int] = {}
        doc_ids: list[str] = []
        # typed arrays, not lists: a million Python ints would cost ~100 MB the allocator keeps
        doc_of, starts, ends = array("i"), array("q"), array("q")
        for row, (chunk_id, doc_id, start, end, text) in enumerate(rows):
            if chunk_id != row:
                raise ChunkStoreError(f"chunk {row} has id {chunk_id}")
            doc = documents.get(doc_id)
            if doc is None:
                raise ChunkStoreError(f"chunk {row} names unknown document {doc_id!r}")
            if not 0 <= start <= end <= len(doc.text):
                raise ChunkStoreError(f"chunk {row} offsets {start}..{end} fall outside {doc_id!r}")
            if text is not None and doc.text[start:end] != text:
                raise ChunkStoreError(f"chunk {row} text differs from {doc_id!r}[{start}:{end}]")
            if doc_id not in number:
                number[doc_id] = len(doc_ids)
                doc_ids.append(doc_id)
            doc_of.append(number[doc_id])
            starts.append(start)
            ends.append(end)
        return cls(documents, doc_ids, np.frombuffer(doc_of, dtype=np.int32), np.frombuffer(starts, dtype=np.int64),
                   np.frombuffer(ends, dtype=np.int64))

    @classmethod
    def from_chunks(cls, documents: Mapping[str, Document], chunks: Iterable[Chunk]) -> ChunkTable:
        return cls.from_rows(documents, ((c.chunk_id, c.doc_id, c.start, c.end, c.text) for c in chunks))

    @classmethod
    def from_jsonl(cls, documents: Mapping[str, Document], path: Path) -> ChunkTable:
        """Stream ``chunks.jsonl`` line by line, so loading never holds the whole file in memory."""
        def rows() -> Iterator[tuple[int, str, int, int, str | None]]:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        item = json.loads(line)
                        yield int(item["chunk_id"]), str(item["doc_id"]), int(item["start"]), int(item["end"]), \
                            item.get("text")
        return cls.from_rows(documents, rows())

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, row: int) -> Chunk: ...

    @overload
    def __getitem__(self, row: slice) -> list[Chunk]: ...

    def __getitem__(self, row: int | slice) -> Chunk | list[Chunk]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        i = int(row)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"chunk row {row} out of range (0..{len(self) - 1})")
        doc_id = self._doc_ids[self._doc_of[i]]
        start, end = int(self._starts[i]), int(self._ends[i])
        return Chunk(chunk_id=i, doc_id=doc_id, start=start, end=end, text=self._documents[doc_id].text[start:end])

    def __iter__(self) -> Iterator[Chunk]:
        return (self[i] for i in range(len(self)))

    def span_lengths(self) -> np.ndarray:
        """``end - start`` of every chunk, without building any ``Chunk``."""
        return self._ends - self._starts

    def texts(self) -> Iterator[str]:
        """Every chunk's text in row order (for BM25 and batch embedding)."""
        for i in range(len(self)):
            doc = self._documents[self._doc_ids[self._doc_of[i]]]
            yield doc.text[int(self._starts[i]):int(self._ends[i])]

    @property
    def by_doc(self) -> RowsByDoc:
        if self._by_doc is None:
            self._by_doc = RowsByDoc(self._doc_ids, self._doc_of)
        return self._by_doc

    @property
    def nbytes(self) -> int:
        return int(self._doc_of.nbytes + self._starts.nbytes + self._ends.nbytes)
