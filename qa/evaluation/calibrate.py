"""``qa calibrate``: fit the abstention rule on labelled questions and ship it.

Every candidate the assistant considers for a question is labelled with its token F1
against the gold answers (0 when the question has none); a listwise ranker learns which
candidate of a question is the answer, and a logistic regression on the ranker's top
candidate (correct = F1 >= 0.5) gives the confidence that decides abstention with a
threshold chosen to maximise correct answer/abstain decisions (see ``qa.calibration.fit``).
Several datasets can be combined (e.g. the shipped set and the SQuAD sample's ``fit``
half), so the rule is not tuned to one corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qa.calibration import DATA_DIR, DEFAULT_MIN_ANSWERED, Calibration, Group, fit
from qa.evaluation.metrics import token_f1
from qa.evaluation.runner import Format, Split, load_dataset, prepare_assistant
from qa.settings import Settings

def collect(paths: Sequence[Path], settings: Settings, fmt: Format = "auto", split: Split = "all",
            limit: int | None = None) -> list[Group]:
    """Per question: every candidate's (features, token F1), and whether it is answerable."""
    dataset = load_dataset(paths, fmt, split, limit)
    prepared = prepare_assistant(dataset, settings)
    groups: list[Group] = []
    try:
        assistant = prepared.assistant
        for row in dataset.rows:
            cands = []
            for _, cand, _, values in assistant.ranked_candidates(row.question):
                answer = assistant.state.index.documents[cand.doc_id].text[cand.start:cand.end]
                cands.append((values, token_f1(answer, row.answers) if row.answerable else 0.0))
            groups.append((cands, row.answerable))
    finally:
        prepared.close()
    return groups


def calibrate(datasets: Sequence[tuple[Sequence[Path], Split]], settings: Settings,
              output: Path | None = None, min_answered: float | None = None) -> Calibration:
    """Fit on every dataset given and write ``qa/calibration_data/<reader>.json`` (or ``output``).

    ``min_answered`` None means ``DEFAULT_MIN_ANSWERED``.
    """
    min_answered = DEFAULT_MIN_ANSWERED if min_answered is None else min_answered
    groups: list[Group] = []
    names = []
    for paths, split in datasets:
        groups.extend(collect(paths, settings, split=split))
        names.append(", ".join(Path(p).name for p in paths) + ("" if split == "all" else f" [{split}]"))
    result = fit(groups, min_answered=min_answered, fitted_on="; ".join(names) + f" ({len(groups)} questions, min_answered {min_answered})")
    target = output or DATA_DIR / f"{settings.reader}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.to_json() + "\n", encoding="utf-8")
    return result
