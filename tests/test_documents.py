from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.documents import extract_metadata, load_corpus, normalize_text
from tests.conftest import SEED_CORPUS, SEED_DOC_ID


def test_seed_document_metadata_comes_from_its_header_and_footer() -> None:
    docs, skipped = load_corpus(SEED_CORPUS)
    assert skipped == []
    doc = next(d for d in docs if d.doc_id == SEED_DOC_ID)
    assert doc.title.startswith("ROK-UNODC Strategic Dialogue Held on January 23")
    assert doc.metadata["publisher"] == "Ministry of Foreign Affairs of the Republic of Korea"
    assert doc.metadata["date"] == "2026-01-23"
    assert doc.metadata["type"] == "Press release"


def test_doc_id_is_the_path_inside_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "note.txt").write_text("Hello there.", encoding="utf-8")
    docs, _ = load_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["a/b/note.txt"]


def test_plain_text_without_header_uses_first_line_as_title() -> None:
    title, meta = extract_metadata("Quarterly update\n\nSales rose.")
    assert title == "Quarterly update" and meta == {}


@given(st.text())
def test_normalisation_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once


@pytest.mark.parametrize(("header", "date"), [
    ("PRESS RELEASE\nBridgetown, 21 October 2024\n\nThe fund opened.", "2024-10-21"),
    ("MANILA, 18 February 2026 – The Department met IOM.", "2026-02-18"),
    ("JOINT COMMUNIQUE\nSamarkand, Republic of Uzbekistan, 9-10 June 2026\n1. The Meeting met.", "2026-06-09"),
    ("Press release | 10 March 2026\nJapan and UNDP launch a project.", "2026-03-10"),
    ("Seoul, January 23, 2026\nThe dialogue was held.", "2026-01-23"),
    ("Annual Report 2024\nThe year 2024 in review.", None),  # a year is no dateline
    ("Geneva, 31 February 2026\nA wrong day.", None),  # an impossible day gives no date
])
def test_a_dateline_dates_the_document(header: str, date: str | None) -> None:
    _, meta = extract_metadata(header)
    assert meta.get("date") == date


@pytest.mark.parametrize(("header", "title"), [
    # labels, a publisher and a dateline around the headline, in any order: the longest header line
    ("MINISTRY OF ENERGY\nNEWS RELEASE\nAmman, 14 November 2024\n\nJordan Hosts Regional Training Workshop on Solar "
     "Mini-Grids\n\nThe Ministry hosted a five-day workshop on solar mini-grids in Aqaba for engineers and planners.",
     "Jordan Hosts Regional Training Workshop on Solar Mini-Grids"),
    ("PRESS RELEASE\nCaribbean Agency (CARDA)\nBridgetown, 21 October 2024\n"
     "CARDA Director Announces US$85 Million Fund\n"
     "The Director of the agency today announced the creation of a fund for coastal resilience in the region.",
     "CARDA Director Announces US$85 Million Fund"),
    # a numbered section ends the header; of two lines as long, the later (publishers come first)
    ("Economic Commission for Latin America\nSeventh Regional Conference on Official Statistics\n"
     "Montevideo, 14 October 2026\n1. Organisation\nThe conference was held.",
     "Seventh Regional Conference on Official Statistics"),
    # a date line followed by the body, not by a headline: the headline is the line before
    ("Norway and Indonesia Hold Third Round of Consultations\n03/14/2026 | Press release\nThe third round of the "
     "consultations took place at the Ministry of Foreign Affairs in Oslo on 12-13 March 2026.",
     "Norway and Indonesia Hold Third Round of Consultations"),
])
def test_the_headline_is_found_among_the_header_lines(header: str, title: str) -> None:
    assert extract_metadata(header)[0] == title


@given(st.lists(st.sampled_from([
    "PRESS RELEASE", "MINISTRY OF ENERGY", "Amman, 14 November 2024", "03/14/2026 | Press release", "# Notes",
    "- a list item.", "1. Organisation", "Jordan Hosts Regional Workshop on Solar Mini-Grids for Rural Communities",
    "The ministry hosted a five-day workshop on solar mini-grids in Aqaba for engineers and planners.", "",
]), max_size=14))
def test_the_title_is_always_one_of_the_texts_lines(lines: list[str]) -> None:
    text = normalize_text("\n".join(lines))
    title, _ = extract_metadata(text)
    assert title == "" or title in [line.strip() for line in text.split("\n")]
