"""Calibrated abstention: one logistic score over general signals, one threshold.

Signals of a candidate answer (none mentions any document's words): the reader's span
score and its margin over "no answer", how much of the question the cited sentence
covers, the retrieval similarity, whether the span has the entity type the question asks
for, and how much of the span merely repeats the question. Weights and the threshold are
fitted on labelled questions (``qa calibrate``) and shipped per reader in
``qa/calibration_data/<reader>.json``; the rule is documented in the README.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qa.lexical import tokenize

if TYPE_CHECKING:
    from qa.answering import Candidate

FEATURES = ("reader", "margin", "coverage", "dense", "lexical", "type_match", "echo")
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


def features(candidate: Candidate, question: str, answer: str, quote: str, spacy_model: str) -> dict[str, float]:
    """The signals of one candidate, as named floats."""
    answer_terms = set(tokenize(answer))
    echo = len(answer_terms & set(tokenize(question))) / len(answer_terms) if answer_terms else 1.0
    return {
        "reader": candidate.reader_score,
        "margin": candidate.reader_score - candidate.null_score,
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


def fit(rows: list[tuple[dict[str, float], bool, bool]], min_answered: float = 0.95,
        fitted_on: str = "") -> Calibration:
    """Fit weights by logistic regression and pick the threshold.

    ``rows`` are (features of the top candidate, top candidate is correct, question is
    answerable). The threshold maximises correct answer/abstain decisions while still
    answering at least ``min_answered`` of the answerable questions whose top candidate
    is correct (so calibration never buys abstention by silencing good answers).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[0][name] for name in FEATURES] for r in rows], dtype=np.float64)
    y = np.array([1 if r[1] else 0 for r in rows])
    if len(set(y)) < 2:
        raise ValueError("calibration needs both correct and incorrect top answers")
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=1000, class_weight="balanced").fit((x - mean) / std, y)
    coef = model.coef_[0] / std
    bias = float(model.intercept_[0] - (model.coef_[0] * mean / std).sum())
    calib = Calibration(weights={n: float(c) for n, c in zip(FEATURES, coef)}, bias=bias, fitted_on=fitted_on)
    scores = np.array([calib.confidence(r[0]) for r in rows])
    answerable = np.array([r[2] for r in rows])
    good = y == 1
    best, best_acc = 0.5, -1.0
    for t in np.unique(np.concatenate([scores, [0.0, 1.0]])):
        answered = scores >= t
        if good.any() and answered[good].mean() < min_answered:
            continue
        acc = float(np.mean(np.where(answered, good, ~answerable)))
        if acc > best_acc:
            best, best_acc = float(t), acc
    return Calibration(weights=calib.weights, bias=bias, threshold=best, fitted_on=fitted_on)
