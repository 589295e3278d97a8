"""``load_corpus`` over the generated multi-format corpus: counts, skips, text and metadata."""

from __future__ import annotations

from loader_corpus import KOREAN_PHRASES, GeneratedCorpus

from qa.documents import SkippedFile, normalize_text
from qa.loaders.pdf import page_for_offset, page_offsets
from qa.schemas import Document

Loaded = tuple[dict[str, Document], list[SkippedFile]]


def test_corpus_is_hundreds_of_documents_across_formats(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    documents, _ = loaded
    formats = {doc.metadata.get("format") for doc in documents.values()}
    assert corpus.expected_docs >= 300
    assert {"text", "markdown", "html", "pdf", "jsonl"} <= formats


def test_document_count_and_ids(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    documents, _ = loaded
    assert len(documents) == corpus.expected_docs
    assert set(documents) == set(corpus.phrases)


def test_skipped_files_have_reasons(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    _, skipped = loaded
    reasons = {s.path: s.reason for s in skipped}
    assert len(skipped) == len(corpus.skipped)
    assert set(reasons) == set(corpus.skipped)
    for path, fragment in corpus.skipped.items():
        assert fragment in reasons[path], (path, reasons[path])


def test_hidden_files_are_ignored(loaded: Loaded) -> None:
    documents, skipped = loaded
    assert not any(".hidden" in doc_id for doc_id in documents)
    assert not any(".hidden" in s.path for s in skipped)


def test_every_text_is_normalised_before_offsets(loaded: Loaded) -> None:
    documents, _ = loaded
    for doc in documents.values():
        assert doc.text == normalize_text(doc.text), doc.doc_id
        assert doc.text and doc.text == doc.text.strip()


def test_known_phrases_found_at_offsets_in_stored_text(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    documents, _ = loaded
    for doc_id, phrases in corpus.phrases.items():
        text = documents[doc_id].text
        for phrase in phrases:
            start = text.find(phrase)
            assert start >= 0, (doc_id, phrase)
            assert text[start:start + len(phrase)] == phrase


def test_titles(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    documents, _ = loaded
    for doc_id, title in corpus.titles.items():
        assert documents[doc_id].title == title, doc_id


def test_expected_metadata(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    documents, _ = loaded
    for doc_id, expected in corpus.metadata.items():
        actual = documents[doc_id].metadata
        assert {k: actual.get(k) for k in expected} == expected, doc_id
        assert all(isinstance(v, str) for v in actual.values())


def test_html_drops_script_style_and_navigation(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    documents, _ = loaded
    assert len(corpus.forbidden) >= 50
    for doc_id, forbidden in corpus.forbidden.items():
        text = documents[doc_id].text
        for fragment in forbidden:
            assert fragment not in text, (doc_id, fragment)


def test_html_title_comes_from_title_tag_not_og_title(loaded: Loaded) -> None:
    documents, _ = loaded
    doc = documents["web/page007.html"]
    assert doc.title == "Page title 7 | News"
    assert "OG title" not in doc.title
    assert doc.metadata["source"] == "https://example.org/news/7"  # canonical beats og:url
    assert doc.metadata["description"] == "Description of page 7"


def test_malformed_html_is_recovered(loaded: Loaded) -> None:
    documents, _ = loaded
    doc = documents["special/malformed.html"]
    assert "malformedmarker" in doc.text
    assert "<" not in doc.text


def test_pdf_page_offsets_point_at_page_texts(corpus: GeneratedCorpus, loaded: Loaded) -> None:
    documents, _ = loaded
    assert len(corpus.pdf_pages) >= 20
    saw_blank_page = False
    for doc_id, pages in corpus.pdf_pages.items():
        doc = documents[doc_id]
        offsets = page_offsets(doc)
        assert doc.metadata["pages"] == str(len(pages)) == str(len(offsets))
        assert offsets == sorted(offsets) and offsets[0] == 0
        bounds = offsets[1:] + [len(doc.text)]
        for number, (start, end, page_text) in enumerate(zip(offsets, bounds, pages, strict=True), start=1):
            expected = normalize_text(page_text)
            assert doc.text.startswith(expected, start), (doc_id, number)
            assert doc.text[start:end].strip() == expected, (doc_id, number)
            if expected:
                assert page_for_offset(doc, start) == number
                assert page_for_offset(doc, start + len(expected) - 1) == number
            else:
                saw_blank_page = True
    assert saw_blank_page


def test_pdf_info_dictionary(loaded: Loaded) -> None:
    documents, _ = loaded
    doc = documents["pdf/report003.pdf"]
    assert doc.title == "Report 3"
    assert doc.metadata["author"] == "Analyst 3"
    assert doc.metadata["date"] == "2024-04-04"


def test_jsonl_keeps_good_lines_and_counts_bad_ones(loaded: Loaded) -> None:
    documents, _ = loaded
    first = [d for d in documents.values() if d.doc_id.startswith("data/records0.jsonl#")]
    assert len(first) == 18
    assert {d.metadata["skipped_lines"] for d in first} == {"2"}
    assert "data/records0.jsonl#3" not in documents
    with_ids = documents["data/records1.jsonl#rec-1-4"]
    assert with_ids.title == "Record 1-4"
    assert with_ids.metadata["line"] == "4"
    assert "skipped_lines" not in with_ids.metadata


def test_press_release_metadata_from_text_files(loaded: Loaded) -> None:
    documents, _ = loaded
    doc = documents["text/doc0006.txt"]
    assert doc.title == "Headline 6"
    assert doc.metadata["date"] == "2026-01-07"
    assert doc.metadata["publisher"] == "Ministry 6"
    assert doc.metadata["type"] == "Press Release"


def test_korean_cp949_file_is_decoded(loaded: Loaded) -> None:
    documents, _ = loaded
    doc = documents["special/korean_cp949.txt"]
    assert doc.title == "외교부 보도자료"
    for phrase in KOREAN_PHRASES:
        assert phrase in doc.text
    assert "\ufffd" not in doc.text


def test_decomposed_accents_are_composed(loaded: Loaded) -> None:
    documents, _ = loaded
    doc = documents["text/doc0002.txt"]
    assert "Café au lait, résumé." in doc.text
    assert "\u0301" not in doc.text
