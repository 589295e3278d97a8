"""The generated multi-format corpus end to end: index counts, citations on HTML and PDF sources."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from loader_corpus import GeneratedCorpus

from qa.assistant import Assistant
from qa.settings import Settings


def test_generated_corpus_indexes_and_cites_verbatim(corpus: GeneratedCorpus, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(corpus.root, root)
    settings = Settings(corpus_dir=root, index_dir=tmp_path / "index", embed_model="hashing-64",
                        reader="heuristic")
    assistant = Assistant(settings)
    started = time.perf_counter()
    report = assistant.index()
    seconds = time.perf_counter() - started
    indexed = len(report.added) + len(report.duplicates)
    assert indexed == corpus.expected_docs
    assert {s.path for s in report.skipped} == set(corpus.skipped)
    print(f"ingest: {indexed / seconds:.0f} documents/s, {report.chunks / seconds:.0f} chunks/s (hashing embedder)")
    rich = [d for d in corpus.phrases if d.endswith((".html", ".htm", ".pdf")) and d not in report.duplicates]
    for doc_id in rich[::10]:
        phrases = corpus.phrases[doc_id]
        answer = assistant.ask(f"Which {phrases[0].split()[0]} {phrases[0].split()[-1]}?",
                               filters=None)
        text_of = {d: assistant.document(d).text for d in {c.doc_id for c in answer.citations}}
        for cite in answer.citations:
            assert cite.quote == text_of[cite.doc_id][cite.start:cite.end]
        if answer.answer is not None:
            assert answer.answer in answer.citations[0].quote
    # An edit to one file re-embeds only that file.
    edited = next(d for d in rich if d.endswith(".html") and corpus.phrases[d])
    html = root / edited
    phrase = corpus.phrases[edited][0]
    raw = html.read_text(encoding="utf-8")
    assert phrase in raw
    html.write_text(raw.replace(phrase, phrase + " An edited sentence was added here", 1), encoding="utf-8")
    again = Assistant(settings).index()
    assert again.updated == [html.relative_to(root).as_posix()] and again.added == []
    assert again.embedded_texts == len([c for c in Assistant(settings).state.index.chunks
                                        if c.doc_id == again.updated[0]])


@pytest.mark.parametrize("suffix", [".html", ".pdf"])
def test_citations_point_into_html_and_pdf_text(corpus: GeneratedCorpus, tmp_path: Path, suffix: str) -> None:
    root = tmp_path / "c"
    root.mkdir()
    for path in sorted(corpus.root.rglob(f"*{suffix}"))[:5]:
        shutil.copy(path, root / path.name)
    assistant = Assistant(Settings(corpus_dir=root, index_dir=tmp_path / "i", embed_model="hashing-64",
                                   reader="heuristic"))
    assistant.warm_up()
    for doc in assistant.documents():
        words = doc.text.split()
        answer = assistant.ask(" ".join(words[5:12]) + "?")
        for cite in answer.citations:
            assert cite.quote == assistant.document(cite.doc_id).text[cite.start:cite.end]
