"""Property tests: normalisation must be stable, or offsets computed on stored text drift."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qa.documents import make_document, normalize_text
from qa.loaders.common import build_document, fixed_point
from qa.loaders.pdf import PAGE_SEPARATOR, join_pages

# Text rich in the characters normalisation touches: combining marks, Hangul jamo,
# zero-width characters, odd spaces and every kind of line end.
TRICKY = st.text(alphabet=st.one_of(
    st.characters(),
    st.sampled_from(["e", "\u0301", "\u0327", "\u1100", "\u1161", "\u11a8", "\u200b", "\ufeff",
                     "\u00a0", "\u3000", "\t", " ", "\n", "\r", "\f", "\v"]),
))


@settings(deadline=None, max_examples=300)
@example("e\u200b\u0301")
@given(TRICKY)
def test_normalize_text_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once


@settings(deadline=None, max_examples=300)
@example("e\u200b\u0301")
@example("\u1100\ufeff\u1161")
@given(TRICKY)
def test_two_passes_reach_a_fixed_point(raw: str) -> None:
    twice = fixed_point(raw)
    assert normalize_text(twice) == twice


@settings(deadline=None, max_examples=200)
@example("e\u200b\u0301")
@given(TRICKY)
def test_loader_documents_store_normalised_text(raw: str) -> None:
    doc = build_document("d", raw)
    assert doc.text == normalize_text(doc.text)
    assert doc.text == make_document("d", doc.text).text


@settings(deadline=None, max_examples=200)
@given(st.lists(TRICKY, max_size=6))
def test_joined_pages_survive_normalisation_with_valid_offsets(raw_pages: list[str]) -> None:
    pages = [fixed_point(p) for p in raw_pages]
    text, offsets = join_pages(pages)
    assert normalize_text(text) == text
    assert len(offsets) == len(pages)
    bounds = offsets[1:] + [len(text)] if offsets else []
    for start, end, page in zip(offsets, bounds, pages, strict=True):
        assert text.startswith(page, start)
        assert text[start:end].strip(PAGE_SEPARATOR) == page
