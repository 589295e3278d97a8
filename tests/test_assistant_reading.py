"""How the Assistant asks its reader: the early exit reads the top passage first (fast tests, fake reader)."""

from __future__ import annotations

import numpy as np
import pytest

from qa.assistant import Assistant
from qa.calibration import Calibration
from qa.early_exit import EXIT_FEATURES, ExitRule
from qa.reader.model import ReaderSpan
from qa.settings import Settings


class SpyReader:
    """Scores each passage by a hash of its text; records the passages of every call."""

    def __init__(self, null: float = 3.0) -> None:
        self.calls: list[int] = []
        self.null = null

    def warm_up(self) -> None:
        return None

    def read(self, question: str, passages: list[str], top_n: int = 5, choices: tuple[str, ...] = ()) -> list:
        self.calls.append(len(passages))
        spans = [ReaderSpan(i, 0, max(1, min(12, len(p))), float(sum(map(ord, p)) % 13), self.null)
                 for i, p in enumerate(passages) for _ in [0] if p.strip()]
        return sorted(spans, key=lambda s: -s.score)[:top_n]


def _assistant(settings: Settings, margin: float | None, null: float = 3.0, early_exit: bool = True,
               rule: ExitRule | None = None) -> tuple[Assistant, SpyReader]:
    spy = SpyReader(null)
    assistant = Assistant(settings.model_copy(update={"early_exit_margin": margin, "early_exit": early_exit}),
                          reader=spy, calibration=Calibration(early_exit=rule))
    assistant.warm_up()
    return assistant, spy


def _rule(bias: float) -> ExitRule:
    """A learned rule that ignores its signals: always stops (high bias) or never does (low)."""
    return ExitRule(weights=dict.fromkeys(EXIT_FEATURES, 0.0), bias=bias, threshold=0.9)


def _read(assistant: Assistant, question: str) -> list[ReaderSpan]:
    return assistant.read_passages(question, assistant.retrieve(question, 5), np.zeros(1), ())


def test_without_early_exit_all_passages_are_read_at_once(fake_settings: Settings) -> None:
    assistant, spy = _assistant(fake_settings, 0.0, null=-1.0, early_exit=False, rule=_rule(30.0))
    _read(assistant, "Who co-chaired the dialogue?")
    assert spy.calls == [5]


def test_without_a_rule_or_margin_all_passages_are_read_at_once(fake_settings: Settings) -> None:
    assistant, spy = _assistant(fake_settings, None, null=-1.0)
    _read(assistant, "Who co-chaired the dialogue?")
    assert spy.calls == [5]


def test_the_learned_rule_decides_whether_to_read_on(fake_settings: Settings) -> None:
    stopper, spy = _assistant(fake_settings, None, rule=_rule(30.0))
    spans = _read(stopper, "Who co-chaired the dialogue?")
    assert spy.calls == [1] and spans and {s.passage for s in spans} == {0}
    reader_on, spy = _assistant(fake_settings, None, rule=_rule(-30.0))
    _read(reader_on, "Who co-chaired the dialogue?")
    assert spy.calls == [1, 4]


def _labelled(assistant: Assistant, question: str, same_document: bool) -> list:
    """The retrieved passages, the second one made a "WHO:" line (of the top passage's document or not)."""
    retrieved = assistant.retrieve(question, 5)
    top = retrieved[0].chunk
    doc_id = top.doc_id if same_document else next(r.chunk.doc_id for r in retrieved if r.chunk.doc_id != top.doc_id)
    line = retrieved[1].chunk.model_copy(update={"doc_id": doc_id, "text": "WHO: Opening remarks by Dr. A. Bello."})
    return [retrieved[0], retrieved[1].model_copy(update={"chunk": line}), *retrieved[2:]]


@pytest.mark.parametrize(("same_document", "calls"), [(True, [5]), (False, [1])])
def test_a_line_labelled_for_the_question_further_down_the_document_is_always_read(
        fake_settings: Settings, same_document: bool, calls: list[int]) -> None:
    """A stopping rule would leave "WHO: …" unread; only the top passage's document's lines count."""
    assistant, spy = _assistant(fake_settings, None, rule=_rule(30.0))
    question = "Who gave the opening remarks?"
    assistant.read_passages(question, _labelled(assistant, question, same_document), np.zeros(1), ())
    assert spy.calls == calls


def test_a_margin_replaces_the_learned_rule(fake_settings: Settings) -> None:
    assistant, spy = _assistant(fake_settings, 100.0, rule=_rule(30.0))  # the rule would stop; the margin does not
    _read(assistant, "Who co-chaired the dialogue?")
    assert spy.calls == [1, 4]


def test_early_exit_reads_only_the_top_passage_when_it_clearly_answers(fake_settings: Settings) -> None:
    assistant, spy = _assistant(fake_settings, 0.0, null=-1.0)  # every span beats "no answer"
    spans = _read(assistant, "Who co-chaired the dialogue?")
    assert spy.calls == [1] and spans and {s.passage for s in spans} == {0}


def test_early_exit_reads_on_when_the_top_passage_prefers_no_answer(fake_settings: Settings) -> None:
    assistant, spy = _assistant(fake_settings, 0.0, null=50.0)
    spans = _read(assistant, "Who co-chaired the dialogue?")
    assert spy.calls == [1, 4] and {s.passage for s in spans} == {0, 1, 2, 3, 4}


def test_reading_in_two_parts_gives_the_spans_of_one_read(fake_settings: Settings) -> None:
    """A margin no span reaches forces the second read; the merged spans equal one read of all."""
    whole, _ = _assistant(fake_settings, None, early_exit=False)
    split, spy = _assistant(fake_settings, 100.0)
    for question in ("Who co-chaired the dialogue?", "How many containers did Busan handle?", "projects"):
        assert _read(split, question) == _read(whole, question)
    assert spy.calls == [1, 4] * 3


def test_alternative_questions_always_read_every_passage(fake_settings: Settings) -> None:
    assistant, spy = _assistant(fake_settings, 0.0)
    retrieved = assistant.retrieve("Was it held in Seoul or Vienna?", 5)
    assistant.read_passages("Was it held in Seoul or Vienna?", retrieved, np.zeros(1), ("Seoul", "Vienna"))
    assert spy.calls == [5]


def test_the_margin_is_validated() -> None:
    with pytest.raises(ValueError, match="early_exit_margin"):
        Settings(early_exit_margin=-1.0)


def test_the_learned_early_exit_is_on_by_default_and_none_unsets_the_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().early_exit and Settings().early_exit_margin is None
    monkeypatch.setenv("QA_EARLY_EXIT", "false")
    assert not Settings().early_exit
    monkeypatch.setenv("QA_EARLY_EXIT_MARGIN", "none")
    assert Settings().early_exit_margin is None
    monkeypatch.setenv("QA_EARLY_EXIT_MARGIN", "2.5")
    assert Settings().early_exit_margin == 2.5


class SloppyReader:
    """Proposes a name one token too long ("Mr. Lee Chul,"), a lone comma and a span across a full stop."""

    def warm_up(self) -> None:
        return None

    def read(self, question: str, passages: list[str], top_n: int = 5, choices: tuple[str, ...] = ()) -> list:
        spans = []
        for i, passage in enumerate(passages):
            if (at := passage.find("Mr. Lee Chul,")) >= 0:
                spans.append(ReaderSpan(i, at, at + len("Mr. Lee Chul,"), 9.0, 0.0))
            if (comma := passage.find(",")) >= 0:
                spans.append(ReaderSpan(i, comma, comma + 1, 8.0, 0.0))
            if (stop := passage.find("UNODC. ")) >= 0:  # runs on into the next sentence
                spans.append(ReaderSpan(i, stop, stop + len("UNODC. Am"), 7.0, 0.0))
        return spans[:top_n]


def test_answers_never_show_dangling_punctuation_or_punctuation_alone(fake_settings: Settings) -> None:
    assistant = Assistant(fake_settings, reader=SloppyReader(), calibration=Calibration())
    assistant.warm_up()
    # one side asked about: "Mr. Lee Chul" is not widened to both co-chairs, which would hold "UNODC"
    answer = assistant.ask("Who spoke on behalf of the ministry?")
    shown = [answer.answer, *(a.answer for a in answer.alternatives)]
    assert shown and all(s and s.strip(",") == s for s in shown), shown
    assert "UNODC" in shown and not any("UNODC." in s for s in shown), shown  # "UNODC. Am…" → "UNODC"


class HeadlineReader:
    """Prefers a headline fragment; without the headline, finds the body's statement of the same fact."""

    HEADLINE = "ROK and UNODC on Cooperation"
    BODY = "The Ministry of Foreign Affairs and the United Nations Office on Drugs and Crime (UNODC)"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def warm_up(self) -> None:
        return None

    def read(self, question: str, passages: list[str], top_n: int = 5, choices: tuple[str, ...] = ()) -> list:
        self.calls.append(passages)
        spans = []
        for i, passage in enumerate(passages):
            drawn = (head := passage.find(self.HEADLINE)) >= 0
            if drawn:
                spans.append(ReaderSpan(i, head, head + len(self.HEADLINE), 11.0, 0.0))
            if (at := passage.find(self.BODY)) >= 0:
                spans.append(ReaderSpan(i, at, at + len(self.BODY), 3.0 if drawn else 9.0, 0.0))
        return sorted(spans, key=lambda s: -s.score)[:top_n]


def test_a_headline_that_draws_the_reader_is_read_past(fake_settings: Settings) -> None:
    """The reader's best span lies in the headline: the passages are read again with the headline blanked."""
    reader = HeadlineReader()
    assistant = Assistant(fake_settings.model_copy(update={"early_exit": False}), reader=reader,
                          calibration=Calibration())
    assistant.warm_up()
    answer = assistant.ask("Which two parties held the strategic dialogue?")
    assert len(reader.calls) == 2
    first, second = reader.calls
    assert [len(p) for p in first] == [len(p) for p in second]  # blanked, so every offset still holds
    assert any(HeadlineReader.HEADLINE in p for p in first)
    assert not any(HeadlineReader.HEADLINE in p for p in second)
    assert answer.answer == HeadlineReader.BODY
    assert answer.citations[0].quote.startswith(HeadlineReader.BODY)
