"""Calibrated abstention: one logistic score over general signals, one threshold.

Signals of a candidate answer (none mentions any document's words): the reader's span
score, its margin over "no answer" and its gap to the best span of the same question, how
much of the question the cited sentence covers, the retrieval similarity and rank of the
passage, whether the span has the entity type the question asks for, how much of the span
merely repeats the question, and its length. The same score ranks the candidates and
decides abstention, so the weights are fitted on *every* candidate of labelled questions
(a small learned ranker: is this span a correct answer?) and the threshold on each
question's best candidate (``qa calibrate``). Shipped per reader in
``qa/calibration_data/<reader>.json``; the rule is documented in the README.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qa.lexical import tokenize

if TYPE_CHECKING:
    from qa.answering import Candidate

FEATURES = ("reader", "margin", "gap", "coverage", "dense", "lexical", "passage_rank", "type_match", "echo",
            "length")
DATA_DIR = Path(__file__).resolve().parent / "calibration_data"


def coverage(question: str, passage: str) -> float:
    """Share of the question's content terms that occur in the passage (0..1)."""
    terms = set(tokenize(question))
    return len(terms & set(tokenize(passage))) / len(terms) if terms else 0.0


def _type_match(question: str, answer: str, spacy_model: str) -> float:
    """1 if the question wants an entity type and the answer holds one of it; 0.5 if no type is wanted."""
    from qa.question import analyse

    info = analyse(question)
    if not info.labels:
        return 0.5
    from qa.annotate import parse_sentence

    return 1.0 if any(m.label in info.labels for m in parse_sentence(answer, spacy_model).entities) else 0.0


def features(candidate: Candidate, question: str, answer: str, quote: str, spacy_model: str,
             best_reader: float | None = None) -> dict[str, float]:
    """The signals of one candidate, as named floats.

    ``best_reader`` is the highest reader score among the question's candidates: the gap to
    it is what lets the ranker weigh the reader's own preference against the other signals.
    """
    answer_terms = set(tokenize(answer))
    echo = len(answer_terms & set(tokenize(question))) / len(answer_terms) if answer_terms else 1.0
    best = candidate.reader_score if best_reader is None else best_reader
    return {
        "reader": candidate.reader_score,
        "margin": candidate.reader_score - candidate.null_score,
        "gap": candidate.reader_score - best,
        "passage_rank": math.log1p(candidate.passage_rank),
        "length": math.log1p(len(answer.split())),
        "coverage": coverage(question, quote),
        "dense": candidate.retrieval.dense_score or 0.0,
        "lexical": math.log1p(max(0.0, candidate.retrieval.lexical_score or 0.0)),
        "type_match": _type_match(question, answer, spacy_model),
        "echo": echo,
    }


@dataclass(frozen=True)
class Calibration:
    """``confidence = sigmoid(bias + sum(weight * feature))``; abstain below ``threshold``."""

    weights: dict[str, float] = field(default_factory=lambda: {"reader": 3.0, "coverage": 3.0, "dense": 3.0,
                                                                "echo": -2.0})
    bias: float = -5.0
    threshold: float = 0.35
    fitted_on: str = "hand-set defaults"

    def confidence(self, values: dict[str, float]) -> float:
        z = self.bias + sum(w * values.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps({"weights": self.weights, "bias": self.bias, "threshold": self.threshold,
                           "fitted_on": self.fitted_on}, indent=2)

    @classmethod
    def load(cls, reader: str) -> Calibration:
        """The shipped calibration for a reader, or the defaults when none was fitted yet."""
        path = DATA_DIR / f"{reader}.json"
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights={k: float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   threshold=float(data["threshold"]), fitted_on=str(data.get("fitted_on", "")))


#: One labelled question for fitting: its candidates' (features, is correct) and whether it has an answer.
Group = tuple[list[tuple[dict[str, float], bool]], bool]


def fit(groups: list[Group], min_answered: float = 0.95, fitted_on: str = "") -> Calibration:
    """Fit the weights on every candidate, then the threshold on each question's best one.

    The logistic regression learns "is this candidate a correct answer" from all candidates
    of all questions, so it ranks spans (not only scores the one an older rule put first).
    The threshold maximises correct answer/abstain decisions over the questions' top
    candidates while still answering at least ``min_answered`` of the answerable questions
    whose top candidate is correct (so calibration never buys abstention by silencing good
    answers).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = [(values, correct) for cands, _ in groups for values, correct in cands]
    if not rows:
        raise ValueError("calibration needs at least one question with a candidate answer")
    x = np.array([[values.get(name, 0.0) for name in FEATURES] for values, _ in rows], dtype=np.float64)
    y = np.array([1 if correct else 0 for _, correct in rows])
    if len(set(y)) < 2:
        raise ValueError("calibration needs both correct and incorrect candidate answers")
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit((x - mean) / std, y)
    coef = model.coef_[0] / std
    bias = float(model.intercept_[0] - (model.coef_[0] * mean / std).sum())
    calib = Calibration(weights={n: float(c) for n, c in zip(FEATURES, coef)}, bias=bias, fitted_on=fitted_on)
    return replace(calib, threshold=pick_threshold(calib, groups, min_answered))


def pick_threshold(calib: Calibration, groups: list[Group], min_answered: float) -> float:
    """The threshold on the top candidate's confidence that makes the most right answer/abstain calls."""
    import numpy as np

    tops = []
    for cands, answerable in groups:
        if cands:
            conf, correct = max(((calib.confidence(v), c) for v, c in cands), key=lambda t: t[0])
            tops.append((conf, correct, answerable))
    if not tops:
        return calib.threshold
    scores = np.array([t[0] for t in tops])
    good = np.array([t[1] for t in tops])
    answerable = np.array([t[2] for t in tops])
    best, best_acc = 0.5, -1.0
    for t in np.unique(np.concatenate([scores, [0.0, 1.0]])):
        answered = scores >= t
        if good.any() and answered[good].mean() < min_answered:
            continue
        acc = float(np.mean(np.where(answered, good, ~answerable)))
        if acc > best_acc:
            best, best_acc = float(t), acc
    return best
