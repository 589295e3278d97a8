"""Property: for any documents and any question, an answer is null or a verbatim, cited span."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.assistant import Assistant
from qa.errors import InvalidQuestionError
from qa.settings import Settings

words = st.sampled_from(["The", "ministry", "met", "in", "Seoul", "on", "3", "March", "2026", "and", "Mr.", "Kim",
                         "agreed", "projects", "with", "UNODC", "café", "서울", "—", "(PUBT)", "x" * 30])
sentence = st.lists(words, min_size=1, max_size=25).map(lambda ws: " ".join(ws) + ".")
document = st.lists(sentence, min_size=1, max_size=12).map(" ".join)
question = st.one_of(st.text(min_size=1, max_size=200), st.lists(words, min_size=1, max_size=12).map(" ".join))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(document, min_size=1, max_size=3), st.lists(question, min_size=1, max_size=4))
def test_answers_are_null_or_verbatim_cited_spans(docs: list[str], questions: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i, text in enumerate(docs):
            (corpus / f"d{i}.txt").write_text(text, encoding="utf-8")
        assistant = Assistant(Settings(corpus_dir=corpus, index_dir=Path(tmp) / "index", embed_model="hashing-64",
                                       reader="heuristic"))
        assistant.warm_up()
        for q in questions:
            try:
                answer = assistant.ask(q)
            except InvalidQuestionError:
                continue  # rejected with a reason: allowed
            assert 0.0 <= answer.score <= 1.0
            for cite in [*answer.citations, *(c for a in answer.alternatives for c in a.citations)]:
                assert cite.quote == assistant.document(cite.doc_id).text[cite.start:cite.end]
            if answer.answer is None:
                assert answer.reason
            else:
                assert answer.answer and answer.answer in answer.citations[0].quote
            for alt in answer.alternatives:  # each quotes its own document, even another one than the answer's
                assert alt.answer and alt.answer in alt.citations[0].quote
            for shown in [answer.answer or "x", *(a.answer for a in answer.alternatives)]:
                assert re.search(r"[^\W_]", shown), shown  # never a span of punctuation alone
                assert shown[-1] not in ",;:|-–—/" and shown[0] not in ",;:|-–—/", shown
            scores = [answer.score, *(a.score for a in answer.alternatives)]
            assert scores == sorted(scores, reverse=True)  # shown in the ranker's order, never more sure below
