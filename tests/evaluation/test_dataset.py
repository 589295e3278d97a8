"""The seed eval set is valid and grounded; the JSONL and SQuAD loaders behave."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from pathlib import Path

import pytest

from qa.errors import QAError
from qa.evaluation.dataset import DatasetError, EvalRow, is_squad_file, load_eval_rows, load_squad

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "eval" / "seed.jsonl"
CORPUS = ROOT / "corpus"
EXTERNAL = ROOT.parent / "shared" / "external"
SQUAD2_SAMPLE = EXTERNAL / "squad2-dev-sample.json"

ANSWERABLE_CATEGORIES = {"participants", "topics", "projects", "event", "organisation"}
ID_PREFIX = {"participants": "p", "topics": "t", "projects": "j", "event": "e", "organisation": "o",
             "unanswerable": "u"}


@pytest.fixture(scope="module")
def seed_rows() -> list[EvalRow]:
    return load_eval_rows(SEED)


def _doc_text(doc_id: str) -> str:
    return (CORPUS / doc_id).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- seed set


def test_seed_size_and_categories(seed_rows: list[EvalRow]) -> None:
    counts = Counter(row.category for row in seed_rows)
    assert len(seed_rows) >= 60
    assert counts["unanswerable"] >= 12
    assert ANSWERABLE_CATEGORIES <= set(counts)
    assert set(counts) <= ANSWERABLE_CATEGORIES | {"unanswerable"}
    for row in seed_rows:
        assert row.answerable == (row.category != "unanswerable"), row.id
        assert re.fullmatch(ID_PREFIX[row.category] + r"\d{2}", row.id), row.id


def test_seed_questions_are_distinct(seed_rows: list[EvalRow]) -> None:
    questions = [row.question.lower().rstrip("?. ") for row in seed_rows]
    assert len(set(questions)) == len(questions)


def test_seed_evidence_and_answers_are_verbatim(seed_rows: list[EvalRow]) -> None:
    for row in seed_rows:
        assert row.doc_id is not None, row.id
        text = _doc_text(row.doc_id)
        if not row.answerable:
            continue
        assert row.evidence is not None
        assert row.evidence in text, f"{row.id}: evidence not verbatim in {row.doc_id}"
        # The evidence must locate one place in the document, or say which one.
        if row.evidence_start is None:
            assert text.count(row.evidence) == 1, f"{row.id}: evidence is ambiguous"
        else:
            assert text[row.evidence_start:row.evidence_start + len(row.evidence)] == row.evidence
        for answer in row.answers:
            assert answer in text, f"{row.id}: gold answer {answer!r} not verbatim in the document"
        assert any(answer in row.evidence for answer in row.answers), f"{row.id}: evidence holds no answer"
        assert len(set(row.answers)) == len(row.answers), f"{row.id}: duplicate gold answers"


def test_seed_answers_survive_corpus_normalisation(seed_rows: list[EvalRow]) -> None:
    """Offsets in the system refer to the *normalised* text, so golds must occur there too."""
    documents = pytest.importorskip("qa.documents")
    normalize_text = getattr(documents, "normalize_text", None)
    if normalize_text is None:
        pytest.skip("qa.documents.normalize_text not available")
    for row in seed_rows:
        if not row.answerable or row.doc_id is None:
            continue
        text = normalize_text(_doc_text(row.doc_id))
        assert row.evidence is not None and row.evidence in text, row.id
        for answer in row.answers:
            assert answer in text, (row.id, answer)


# --------------------------------------------------------------------------- press-release sets

PRESS = ROOT / "eval" / "press"


@pytest.mark.parametrize(("folder", "name"), [(PRESS, "dev.jsonl"), (PRESS, "unseen.jsonl"),
                                            (PRESS.with_name("press2"), "dev.jsonl"),
                                            (PRESS.with_name("press2"), "unseen.jsonl"),
                                            (PRESS.with_name("press3"), "dev.jsonl"),
                                            (PRESS.with_name("press3"), "unseen.jsonl")])
def test_press_sets_are_verbatim_in_their_corpus(folder: Path, name: str) -> None:
    """eval/press/, eval/press2/ and eval/press3/ (README, "Span rules…"): every gold answer and its evidence
    occur, once, in the normalised text of a document of the folder's corpus/."""
    from qa.documents import normalize_text

    rows = load_eval_rows(folder / name)
    assert len({row.id for row in rows}) == len(rows) >= 60
    assert Counter(row.answerable for row in rows)[False] >= 15
    for row in rows:
        assert row.doc_id is not None and (folder / "corpus" / row.doc_id).is_file(), row.id
        if not row.answerable:
            continue
        text = normalize_text((folder / "corpus" / row.doc_id).read_text(encoding="utf-8"))
        assert row.evidence is not None and text.count(row.evidence) == 1, row.id
        assert any(answer in row.evidence for answer in row.answers), row.id
        assert all(answer in text for answer in row.answers), row.id  # a variant may be stated elsewhere


# --------------------------------------------------------------------------- JSONL loader


def _row(id_: str = "x01", **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {"id": id_, "question": "Where was it held?", "answers": ["Seoul"], "answerable": True,
                              "evidence": "held in Seoul", "doc_id": "d.txt", "category": "event"}
    row.update(overrides)
    return row


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loads_valid_file_with_blank_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, [json.dumps(_row("a")), "", "   ",
                             json.dumps({"id": "b", "question": " capital of France? ", "answers": [],
                                         "answerable": False, "evidence": None})])
    rows = load_eval_rows(path)
    assert [row.id for row in rows] == ["a", "b"]
    assert rows[1].question == "capital of France?"
    assert rows[1].category == "uncategorised" and rows[1].doc_id is None


@pytest.mark.parametrize(
    ("bad_line", "fragment"),
    [
        ('{"id": "x03", "question": ', "invalid JSON"),
        (json.dumps({k: v for k, v in _row("x03").items() if k != "evidence"}), "missing field 'evidence'"),
        (json.dumps(_row("x03", answers=[])), "at least one answer"),
        (json.dumps(_row("x03", answers=[""])), "empty"),
        (json.dumps(_row("x03", evidence=None)), "evidence"),
        (json.dumps(_row("x03", answerable=False)), "answers == []"),
        (json.dumps(_row("x03", answers=[], answerable=False)), "evidence null"),
        (json.dumps(_row("x03", question="   ")), "question"),
        (json.dumps(_row("x03", colour="red")), "unknown field 'colour'"),
        (json.dumps(_row("x03", answerable="yes")), "answerable"),
        (json.dumps(_row("x01")), "duplicate id 'x01' (first on line 1)"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_bad_row_reported_with_line_number(tmp_path: Path, bad_line: str, fragment: str) -> None:
    path = _write(tmp_path, [json.dumps(_row("x01")), json.dumps(_row("x02")), bad_line, json.dumps(_row("x04"))])
    with pytest.raises(DatasetError) as info:
        load_eval_rows(path)
    message = str(info.value)
    assert f"{path}:3:" in message
    assert fragment in message
    assert "\n" not in message  # QAError messages are one line
    assert isinstance(info.value, QAError)
    assert [line for line, _ in info.value.problems] == [3]


def test_all_bad_rows_are_reported_at_once(tmp_path: Path) -> None:
    path = _write(tmp_path, [json.dumps(_row("a")), "{oops", json.dumps(_row("b", answers=[])),
                             json.dumps(_row("a")), json.dumps(_row("c"))])
    with pytest.raises(DatasetError) as info:
        load_eval_rows(path)
    assert [line for line, _ in info.value.problems] == [2, 3, 4]
    for line in (2, 3, 4):
        assert f"{path}:{line}:" in str(info.value)


def test_many_bad_rows_are_truncated(tmp_path: Path) -> None:
    path = _write(tmp_path, ["not json"] * 30)
    with pytest.raises(DatasetError) as info:
        load_eval_rows(path)
    message = str(info.value)
    assert f"{path}:20:" in message and f"{path}:21:" not in message
    assert "and 10 more" in message and "30 problems" in message


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_file_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match="no rows"):
        load_eval_rows(path)


def test_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not found"):
        load_eval_rows(tmp_path / "nope.jsonl")


# --------------------------------------------------------------------------- SQuAD


def _squad(tmp_path: Path, qas: list[dict[str, object]], context: str = "Seoul and Seoul; Vienna.") -> Path:
    path = tmp_path / "mini-squad.json"
    data = {"version": "1.1", "data": [{"title": "Some_Title", "paragraphs": [
        {"context": "First paragraph.", "qas": []},
        {"context": context, "qas": qas},
    ]}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_is_squad_file(tmp_path: Path) -> None:
    assert not is_squad_file(SEED)
    assert not is_squad_file(tmp_path / "missing.json")
    assert is_squad_file(_squad(tmp_path, []))
    other = tmp_path / "other.json"
    other.write_text('{"data": [{"title": "t"}]}', encoding="utf-8")
    assert not is_squad_file(other)


def test_load_squad_fixes_offsets_strips_and_drops(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _squad(tmp_path, [
        {"id": "ok", "question": "q1?", "answers": [{"text": "Vienna", "answer_start": 17}]},
        {"id": "second", "question": "q2?", "answers": [{"text": "Seoul", "answer_start": 10}]},
        {"id": "wrong", "question": "q3?", "answers": [{"text": "Seoul", "answer_start": 8},
                                                        {"text": "Seoul", "answer_start": 0}]},
        {"id": "space", "question": "q4?", "answers": [{"text": " Vienna", "answer_start": 16}]},
        {"id": "absent", "question": "q5?", "answers": [{"text": "Paris", "answer_start": 0}]},
        {"id": "none", "question": "q6?", "answers": []},
    ])
    with caplog.at_level(logging.WARNING, logger="qa.evaluation.dataset"):
        documents, rows = load_squad(path)
    assert len(documents) == 1
    doc = documents[0]
    assert doc.text == "First paragraph.\n\nSeoul and Seoul; Vienna."
    assert doc.title == "Some Title"
    assert re.fullmatch(r"squad-[0-9a-f]{8}/000-some-title", doc.doc_id)
    assert doc.metadata == {"source": "squad", "file": "mini-squad.json"}
    by_id = {row.id: row for row in rows}
    assert set(by_id) == {"ok", "second", "wrong", "space"}
    offset = len("First paragraph.\n\n")
    assert by_id["ok"].evidence_start == offset + 17
    assert by_id["second"].evidence_start == offset + 10  # the second occurrence, as stated
    assert by_id["wrong"].evidence_start == offset + 10  # nearest occurrence to the wrong offset 8
    assert by_id["wrong"].answers == ["Seoul"]  # de-duplicated
    assert by_id["space"].evidence == "Vienna" and by_id["space"].evidence_start == offset + 17
    for row in rows:
        assert row.evidence is not None and row.evidence_start is not None
        assert doc.text[row.evidence_start:row.evidence_start + len(row.evidence)] == row.evidence
    assert "dropped 2 of 6" in caplog.text


def test_load_squad_rejects_non_squad(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        load_squad(SEED)
    with pytest.raises(DatasetError, match="not found"):
        load_squad(tmp_path / "missing.json")


@pytest.mark.skipif(not SQUAD2_SAMPLE.exists(), reason="shared SQuAD sample not present")
def test_squad2_dev_sample() -> None:
    assert is_squad_file(SQUAD2_SAMPLE)
    documents, rows = load_squad(SQUAD2_SAMPLE)
    assert len(documents) == 2
    assert [doc.title for doc in documents] == ["Normans", "Computational complexity theory"]
    assert len(rows) == 626
    assert sum(not row.answerable for row in rows) == 333
    texts = {doc.doc_id: doc.text for doc in documents}
    for doc in documents:
        assert re.fullmatch(r"squad-[0-9a-f]{8}/\d{3}-[a-z0-9-]+", doc.doc_id)
    assert len({row.id for row in rows}) == len(rows)
    for row in rows:
        assert row.doc_id in texts
        if row.answerable:
            assert row.evidence is not None and row.evidence_start is not None
            text = texts[row.doc_id]
            assert text[row.evidence_start:row.evidence_start + len(row.evidence)] == row.evidence, row.id
            assert row.evidence == row.answers[0]
        else:
            assert row.answers == [] and row.evidence is None
