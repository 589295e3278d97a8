"""``qa calibrate``: fit the abstention rule on labelled questions and ship it.

For every question the assistant's *top* candidate is labelled correct (token F1 with a
gold answer >= 0.5) or not (wrong span, or the question has no answer); a logistic
regression over the candidate's features then gives the confidence, and the threshold is
chosen to maximise correct answer/abstain decisions (see ``qa.calibration.fit``).
Several datasets can be combined (e.g. the shipped set and the SQuAD sample's ``fit``
half), so the rule is not tuned to one corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qa.calibration import DATA_DIR, Calibration, fit
from qa.evaluation.metrics import token_f1
from qa.evaluation.runner import Format, Split, load_dataset, prepare_assistant
from qa.settings import Settings

CORRECT_F1 = 0.5


def collect(paths: Sequence[Path], settings: Settings, fmt: Format = "auto", split: Split = "all",
            limit: int | None = None) -> list[tuple[dict[str, float], bool, bool]]:
    """(features of the top candidate, is it correct, is the question answerable) per question."""
    dataset = load_dataset(paths, fmt, split, limit)
    prepared = prepare_assistant(dataset, settings)
    rows: list[tuple[dict[str, float], bool, bool]] = []
    try:
        assistant = prepared.assistant
        for row in dataset.rows:
            ranked = assistant.ranked_candidates(row.question)
            if not ranked:
                continue
            _, cand, _, values = ranked[0]
            answer = assistant.state.index.documents[cand.doc_id].text[cand.start:cand.end]
            correct = row.answerable and token_f1(answer, row.answers) >= CORRECT_F1
            rows.append((values, correct, row.answerable))
    finally:
        prepared.close()
    return rows


def calibrate(datasets: Sequence[tuple[Sequence[Path], Split]], settings: Settings,
              output: Path | None = None, min_answered: float = 0.95) -> Calibration:
    """Fit on every dataset given and write ``qa/calibration_data/<reader>.json`` (or ``output``)."""
    rows: list[tuple[dict[str, float], bool, bool]] = []
    names = []
    for paths, split in datasets:
        rows.extend(collect(paths, settings, split=split))
        names.append(", ".join(Path(p).name for p in paths) + ("" if split == "all" else f" [{split}]"))
    result = fit(rows, min_answered=min_answered, fitted_on="; ".join(names) + f" ({len(rows)} questions)")
    target = output or DATA_DIR / f"{settings.reader}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.to_json() + "\n", encoding="utf-8")
    return result
