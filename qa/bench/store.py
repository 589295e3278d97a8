"""A synthetic chunk store for the scale benchmark, written by the production ``write_index``.

Why synthesised this way: a realistic 1M-chunk store needs ~130k documents of release
text. Running the generator and the real chunker (tiktoken + the model's tokenizer) over
all of them takes longer than the whole benchmark may, so documents are assembled from a
pool of generated paragraphs (sentence offsets precomputed once) under fresh headers, and
cut into sentence-aligned chunks of the real chunker's average size and overlap. What
matters for memory and load time — the number and size of documents and chunks, the
overlap duplication, the vocabulary BM25 indexes — matches the real pipeline; the files
are written and loaded by the production code.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from qa.bench.textgen import CATEGORIES, CITIES, PUBLISHERS, TOPICS, generate_doc
from qa.schemas import Chunk, Document

_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
Span = tuple[int, int]


def sentence_spans(text: str) -> Iterator[Span]:
    """Sentence spans per line: a cut after . ! or ? followed by space and a capital or digit."""
    for line in _LINE.finditer(text):
        start = line.start()
        for cut in _SENTENCE_END.finditer(line.group()):
            yield start, line.start() + cut.start()
            start = line.start() + cut.end()
        if line.end() > start:
            yield start, line.end()


def pack(doc: Document, spans: list[Span], first_id: int, target_chars: int, overlap_chars: int) -> list[Chunk]:
    """Sentence-packed chunks of about ``target_chars`` with whole-sentence overlap (no tokenizer)."""
    chunks: list[Chunk] = []
    i = 0
    while i < len(spans):
        j = i + 1
        while j < len(spans) and spans[j][1] - spans[i][0] <= target_chars:
            j += 1
        s, e = spans[i][0], spans[j - 1][1]
        chunks.append(Chunk(chunk_id=first_id + len(chunks), doc_id=doc.doc_id, start=s, end=e, text=doc.text[s:e]))
        if j >= len(spans):
            break
        k = j
        while k - 1 > i and spans[j - 1][1] - spans[k - 1][0] <= overlap_chars:
            k -= 1
        i = k
    return chunks


def fast_chunks(doc: Document, first_id: int, target_chars: int, overlap_chars: int) -> list[Chunk]:
    return pack(doc, list(sentence_spans(doc.text)), first_id, target_chars, overlap_chars)


class ParagraphPool:
    """Body paragraphs of generated releases with their sentence spans (computed once)."""

    def __init__(self, seed: int, docs: int = 1500) -> None:
        self.paragraphs: list[tuple[str, tuple[Span, ...]]] = []
        self.footers: list[str] = []
        for i in range(docs):
            parts = generate_doc(seed, 50_000_000 + i).text.strip().split("\n\n")
            self.footers.append(parts[-1])
            for para in parts[3:-1]:  # skip publisher, date line, headline; footer kept apart
                self.paragraphs.append((para, tuple(sentence_spans(para))))

    def document(self, rng: random.Random, i: int) -> tuple[Document, list[Span]]:
        """Release ``i``: a fresh header, 9–13 pooled paragraphs, a pooled footer."""
        pub, topic = rng.choice(PUBLISHERS), rng.choice(TOPICS).title()
        month, day, year = rng.randint(1, 12), rng.randint(1, 28), rng.choice((2024, 2025, 2026))
        headline = f"{topic} Meeting No. {i + 1} Held in {rng.choice(CITIES)}"
        pieces = [pub, f"{month:02d}/{day:02d}/{year} | {rng.choice(CATEGORIES)} | {topic}", headline]
        spans: list[Span] = []
        at = 0
        for line in pieces:
            spans.append((at, at + len(line)))
            at += len(line) + 2
        body = [self.paragraphs[rng.randrange(len(self.paragraphs))] for _ in range(rng.randint(9, 13))]
        for para, rel in body:
            spans.extend((at + s, at + e) for s, e in rel)
            pieces.append(para)
            at += len(para) + 2
        footer = rng.choice(self.footers)
        spans.append((at, at + len(footer)))
        text = "\n\n".join([*pieces, footer])
        meta = {"date": f"{year}-{month:02d}-{day:02d}", "type": "Press release", "publisher": pub,
                "distributor": "Public Technologies (PUBT)"}
        return Document(doc_id=f"synthetic/release-{i:07d}.txt", title=headline, text=text, metadata=meta), spans


@contextmanager
def _prebuilt_faiss(index: Any) -> Iterator[None]:
    """Let ``write_index`` store the index just built and measured instead of building it twice."""
    import qa.index_store as store

    original = store.build_faiss
    store.build_faiss = lambda vectors, dimension: index  # type: ignore[assignment]
    try:
        yield
    finally:
        store.build_faiss = original  # type: ignore[assignment]


def build_store(index_dir: Path, n: int, seed: int, vectors: np.ndarray, faiss_index: Any,
                fingerprint: dict[str, Any], target_chars: int, overlap_chars: int,
                log: Callable[[str], None] = print) -> dict[str, Any]:
    """Write an ``n``-chunk index (synthesised releases, synthetic vectors) with ``write_index``."""
    from qa.bench.scale import describe_index
    from qa.index_store import write_index

    stamp = index_dir / ".bench-store.json"
    wanted = {"n": n, "seed": seed, "target_chars": target_chars, "overlap_chars": overlap_chars,
              "fingerprint": fingerprint, "index": describe_index(faiss_index), "vectors_sum": float(vectors[:1000].sum()),
              "generator": 2}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        log(f"store {n}: reusing {index_dir}")
        return {"reused": True}
    started = time.perf_counter()
    pool = ParagraphPool(seed)
    rng = random.Random(seed)
    documents: list[Document] = []
    chunks: list[Chunk] = []
    while len(chunks) < n:
        doc, spans = pool.document(rng, len(documents))
        documents.append(doc)
        chunks.extend(pack(doc, spans, len(chunks), target_chars, overlap_chars))
    del chunks[n:]
    gen_s = time.perf_counter() - started
    chars = sum(len(c.text) for c in chunks)
    log(f"store {n}: {len(documents)} documents, {len(chunks)} chunks synthesised in {gen_s:.1f}s; writing")
    started = time.perf_counter()
    stamp.unlink(missing_ok=True)
    with _prebuilt_faiss(faiss_index):
        write_index(index_dir, documents, chunks, vectors, fingerprint)
    write_s = time.perf_counter() - started
    stamp.write_text(json.dumps(wanted))
    return {"reused": False, "documents": len(documents), "chunks": len(chunks), "synthesise_s": round(gen_s, 2),
            "write_index_s": round(write_s, 2), "avg_chunk_chars": round(chars / len(chunks), 1),
            "chunk_chars_over_doc_chars": round(chars / sum(len(d.text) for d in documents), 3)}
