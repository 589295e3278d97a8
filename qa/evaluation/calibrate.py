"""``qa calibrate``: fit the abstention rule on labelled questions and ship it.

Every candidate the assistant considers for a question is labelled with its token F1
against the gold answers (0 when the question has none); a listwise ranker learns which
candidate of a question is the answer, and a logistic regression on the ranker's top
candidate (correct = F1 >= 0.5) gives the confidence that decides abstention with a
threshold chosen to maximise correct answer/abstain decisions (see ``qa.calibration.fit``).
Several datasets can be combined (e.g. the shipped set and the SQuAD sample's ``fit``
half), so the rule is not tuned to one corpus. The early exit's rule (``qa.early_exit``) is
fitted after it, on questions read both ways and judged with that calibration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from qa.calibration import DATA_DIR, DEFAULT_MIN_ANSWERED, Calibration, Group, fit, pick_threshold
from qa.early_exit import ExitExample, fit_exit_rule
from qa.evaluation.dataset import DatasetError
from qa.evaluation.metrics import token_f1
from qa.evaluation.runner import Format, Split, load_dataset, prepare_assistant
from qa.settings import Settings


def collect(paths: Sequence[Path], settings: Settings, fmt: Format = "auto", split: Split = "all",
            limit: int | None = None, both_ways: bool = False) -> list[ExitExample]:
    """Per question: every candidate's (features, token F1) and whether it is answerable.

    Every passage is read (no early exit), so the calibration sees what a full read proposes;
    with ``both_ways`` the top passage is also read alone, with the early exit's signals there.
    """
    dataset = load_dataset(paths, fmt, split, limit)
    prepared = prepare_assistant(dataset, settings.model_copy(update={"early_exit": False}))
    examples: list[ExitExample] = []
    try:
        assistant = prepared.assistant

        def labelled(ranked: list[tuple], answers: list[str], answerable: bool) -> Group:
            cands = []
            for _, cand, _, values in ranked:
                answer = assistant.state.index.documents[cand.doc_id].text[cand.start:cand.end]
                cands.append((values, token_f1(answer, answers) if answerable else 0.0))
            return cands, answerable

        for row in dataset.rows:
            full = labelled(assistant.ranked_candidates(row.question), row.answers, row.answerable)
            if not both_ways:
                examples.append(ExitExample(None, full))
                continue
            ranked, signals = assistant.read_top_passage(row.question)
            examples.append(ExitExample(signals, full, labelled(ranked, row.answers, row.answerable)))
    finally:
        prepared.close()
    return examples


def _name(paths: Sequence[Path], split: Split) -> str:
    return ", ".join(Path(p).name for p in paths) + ("" if split == "all" else f" [{split}]")


def calibrate(datasets: Sequence[tuple[Sequence[Path], Split]], settings: Settings,
              output: Path | None = None, min_answered: float | None = None,
              exit_datasets: Sequence[tuple[Sequence[Path], Split]] = (),
              keep_ranker: bool = False) -> Calibration:
    """Fit on every dataset given and write ``qa/calibration_data/<reader>.json`` (or ``output``).

    ``min_answered`` None means ``DEFAULT_MIN_ANSWERED``. With ``exit_datasets`` the early
    exit's rule is fitted on them too (read both ways, judged with the calibration just fitted).
    ``keep_ranker`` refits only the abstention (confidence, threshold, early exit) and keeps
    the shipped ranker's weights, so a new confidence signal does not also reshuffle which
    span wins (a refitted ranker moves near-ties on small sets for no measured gain).
    """
    min_answered = DEFAULT_MIN_ANSWERED if min_answered is None else min_answered
    groups: list[Group] = []
    names = []
    for paths, split in datasets:
        groups.extend(example.full for example in collect(paths, settings, split=split))
        names.append(_name(paths, split))
    try:
        fitted_on = "; ".join(names) + f" ({len(groups)} questions, min_answered {min_answered})"
        result = fit(groups, min_answered=min_answered, fitted_on=fitted_on)
        kept = Calibration.load(settings.reader) if keep_ranker else None
        if kept is not None and kept.rank_weights:
            origin = kept.fitted_on.split("; ranker kept from: ")[-1]  # the fit that made the ranker
            result = replace(result, rank_weights=kept.rank_weights,
                             fitted_on=f"{fitted_on}; ranker kept from: {origin}")
            result = replace(result, threshold=pick_threshold(result, groups, min_answered))
        if exit_datasets:
            examples = [ex for paths, split in exit_datasets
                        for ex in collect(paths, settings, split=split, both_ways=True)]
            fitted_on = "; ".join(_name(paths, split) for paths, split in exit_datasets) + f" ({len(examples)} questions)"
            result = replace(result, early_exit=fit_exit_rule(examples, result, fitted_on))
    except ValueError as exc:  # too few or too uniform questions: say so, nothing is written
        raise DatasetError(f"cannot calibrate on these questions: {exc}") from exc
    target = output or DATA_DIR / f"{settings.reader}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.to_json() + "\n", encoding="utf-8")
    return result
