"""`qa calibrate`'s data: every passage read for the calibration, the top one alone for the early exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.early_exit import EXIT_FEATURES
from qa.evaluation.calibrate import calibrate, collect
from qa.evaluation.dataset import DatasetError
from qa.settings import Settings

ROWS = [
    {"id": "a", "question": "Where was the strategic dialogue held?", "answers": ["Seoul"], "answerable": True,
     "evidence": "Seoul"},
    {"id": "b", "question": "How many containers did the harbour of Busan handle in 2024?",
     "answers": ["23 million"], "answerable": True,
     "evidence": "The harbour of Busan handled 23 million containers in 2024."},
    {"id": "c", "question": "Who won the rowing race?", "answers": [], "answerable": False, "evidence": None},
]


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "mini.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_collect_reads_every_passage_and_then_the_top_one_alone(fake_settings: Settings, tmp_path: Path) -> None:
    examples = collect([_jsonl(tmp_path)], fake_settings, both_ways=True)  # the early exit is on in the settings
    assert [ex.full[1] for ex in examples] == [True, True, False]
    assert any(values["passage_rank"] > 0 for ex in examples for values, _ in ex.full[0])  # no exit in the full read
    for ex in examples:
        assert ex.first[0] and all(values["passage_rank"] == 0 for values, _ in ex.first[0])
        assert ex.signals is not None and set(ex.signals) == set(EXIT_FEATURES)
    assert all(ex.signals is None and ex.first == ([], False) for ex in collect([_jsonl(tmp_path)], fake_settings))


def test_too_few_questions_for_the_early_exit_is_a_clear_error(fake_settings: Settings, tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    with pytest.raises(DatasetError, match="cannot calibrate on these questions: the early exit needs at least 20"):
        calibrate([([path], "all")], fake_settings, tmp_path / "out.json", exit_datasets=[([path], "all")])
    assert not (tmp_path / "out.json").exists()


def test_keep_ranker_refits_the_abstention_and_keeps_the_shipped_ranker(fake_settings: Settings,
                                                                         tmp_path: Path) -> None:
    from qa.calibration import Calibration

    shipped = Calibration.load(fake_settings.reader)
    path = _jsonl(tmp_path)
    kept = calibrate([([path], "all")], fake_settings, tmp_path / "kept.json", keep_ranker=True)
    refit = calibrate([([path], "all")], fake_settings, tmp_path / "refit.json")
    assert kept.rank_weights == shipped.rank_weights != refit.rank_weights
    assert kept.weights == refit.weights  # the confidence is fitted all the same
    assert "ranker kept from: " + shipped.fitted_on.split("; ranker kept from: ")[-1] in kept.fitted_on
    assert json.loads((tmp_path / "kept.json").read_text())["rank_weights"] == shipped.rank_weights
