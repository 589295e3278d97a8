"""Candidate ranking and calibrated abstention, both fitted on labelled questions.

Signals of a candidate answer (none mentions any document's words): the reader's span
score, its margin over "no answer" and its gap to the best span of the same question, how
much of the question the cited sentence covers, the retrieval similarity and rank of the
passage, whether the span has the entity type the question asks for, how much of the span
merely repeats the question, and its length; the confidence also weighs how close the cited
sentence is to the question (``sentence_sim``, embedding similarity).

Two models, because they answer two questions. The *ranker* (a listwise, softmax-over-the-
question's-candidates model: which of these spans is the answer?) orders the candidates;
it is fitted on every candidate of answerable questions with targets proportional to their
token F1, so it learns from near-misses too. The *confidence* (a logistic regression over
every candidate of every labelled question, unanswerable ones included: is this span a
correct answer?) decides, on the ranker's top candidate, whether to answer at all; its
threshold is chosen on each question's top candidate (``qa calibrate``). Measured with
5-fold cross-validation on the seed set and on the SQuAD sample's held-out half, this pair
beats one pointwise logistic doing both jobs: seed F1 0.641 → 0.726 with abstention on
unanswerable questions 0.30 → 0.25, SQuAD holdout F1 0.563 → 0.606 (the confidence fitted
on the ranker's top candidates alone abstained on only 5–10% of the seed's unanswerable
questions, so it was not kept). Shipped per reader in ``qa/calibration_data/<reader>.json``;
the rule is documented in the README.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qa.early_exit import ExitRule
from qa.lexical import tokenize

if TYPE_CHECKING:
    from qa.answering import Candidate

#: The ranker's signals. Each candidate also carries ``sentence_sim``, which only the confidence
#: weighs (measured on SQuAD's held-out half, ranking by it too lost 0.014 F1).
RANK_FEATURES = ("reader", "margin", "gap", "coverage", "dense", "lexical", "passage_rank", "type_match", "echo",
                 "length")
FEATURES = (*RANK_FEATURES, "sentence_sim")
CORRECT_F1 = 0.5
#: ``qa calibrate``'s default: the threshold keeps 99.5% of correct top answers answered (0.98
#: answered under 95% of held-out answerable questions with the phase-10 reader; README).
DEFAULT_MIN_ANSWERED = 0.995
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
             best_reader: float | None = None, sentence_sim: float = 0.0) -> dict[str, float]:
    """The signals of one candidate, as named floats.

    ``best_reader`` is the highest reader score among the question's candidates: the gap to
    it is what lets the ranker weigh the reader's own preference against the other signals.
    ``sentence_sim`` is the embedding similarity of the question and the cited sentence: a
    passage can match a question as a whole while the sentence the span comes from is about
    something else (asked who chairs a committee, the sentence names who chaired a session).
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
        "sentence_sim": sentence_sim,
    }


@dataclass(frozen=True)
class Calibration:
    """``confidence = sigmoid(bias + sum(weight * feature))``; abstain below ``threshold``."""

    weights: dict[str, float] = field(default_factory=lambda: {"reader": 3.0, "coverage": 3.0, "dense": 3.0,
                                                                "echo": -2.0})
    bias: float = -5.0
    threshold: float = 0.35
    fitted_on: str = "hand-set defaults"
    #: Listwise ranker weights; empty = rank by the confidence itself (older calibrations).
    rank_weights: dict[str, float] = field(default_factory=dict)
    #: When to stop reading after the top passage (``qa.early_exit``); None = read every passage.
    early_exit: ExitRule | None = None

    def confidence(self, values: dict[str, float]) -> float:
        z = self.bias + sum(w * values.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def rank_score(self, values: dict[str, float]) -> float:
        """The ranker's score of one candidate (only differences within a question matter)."""
        if not self.rank_weights:
            return self.confidence(values)
        return sum(w * values.get(name, 0.0) for name, w in self.rank_weights.items())

    def scored(self, candidates: list[dict[str, float]]) -> list[tuple[float, float]]:
        """``(rank score, confidence)`` of each of one question's candidates."""
        return [(self.rank_score(v), self.confidence(v)) for v in candidates]

    def to_json(self) -> str:
        data = {"weights": self.weights, "bias": self.bias, "threshold": self.threshold,
                "rank_weights": self.rank_weights, "fitted_on": self.fitted_on}
        if self.early_exit is not None:
            data["early_exit"] = self.early_exit.to_dict()
        return json.dumps(data, indent=2)

    @classmethod
    def load(cls, reader: str) -> Calibration:
        """The shipped calibration for a reader, or the defaults when none was fitted yet."""
        path = DATA_DIR / f"{reader}.json"
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights={k: float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   threshold=float(data["threshold"]), fitted_on=str(data.get("fitted_on", "")),
                   rank_weights={k: float(v) for k, v in data.get("rank_weights", {}).items()},
                   early_exit=ExitRule.from_dict(data["early_exit"]) if data.get("early_exit") else None)


#: One labelled question for fitting: its candidates' (features, token F1 with the gold answer;
#: 0 when it has none) and whether it has an answer. A bool works as F1 0/1.
Group = tuple[list[tuple[dict[str, float], float]], bool]


def fit_ranker(groups: list[Group], l2: float = 0.1) -> dict[str, float]:
    """Listwise ranker: softmax over a question's candidates, targets proportional to F1.

    Fitted on answerable questions with at least one correct candidate (the others teach
    nothing about *which* span is right). Features are standardised for the optimiser and
    the weights mapped back, so the shipped weights apply to raw signals.
    """
    import numpy as np
    from scipy.optimize import minimize

    data = []
    for cands, answerable in groups:
        gains = np.array([float(g) for _, g in cands])
        if answerable and len(cands) > 1 and gains.max() >= CORRECT_F1:
            x = np.array([[v.get(n, 0.0) for n in RANK_FEATURES] for v, _ in cands], dtype=np.float64)
            data.append((x, gains / gains.sum()))
    if not data:
        raise ValueError("the ranker needs answerable questions with a correct candidate among several")
    stacked = np.vstack([x for x, _ in data])
    mean, std = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    data = [((x - mean) / std, q) for x, q in data]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(w)
        for x, q in data:
            z = x @ w
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            total -= float((q * np.log(p + 1e-12)).sum())
            grad -= x.T @ (q - p)
        return total / len(data) + l2 * float(w @ w), grad / len(data) + 2 * l2 * w

    w = minimize(loss, np.zeros(len(RANK_FEATURES)), jac=True, method="L-BFGS-B").x / std
    return {n: float(c) for n, c in zip(RANK_FEATURES, w)}


def fit(groups: list[Group], min_answered: float = 0.95, fitted_on: str = "") -> Calibration:
    """Fit the ranker and the confidence on every candidate, then the threshold on each top one.

    The confidence is a logistic regression for "this candidate is a correct answer" (token
    F1 >= 0.5; no candidate of an unanswerable question is) over all candidates, so it sees
    many wrong spans next to the right ones. The threshold maximises correct answer/abstain
    decisions over the ranker's top candidates while still answering at least
    ``min_answered`` of the questions whose top candidate is correct (so calibration never
    buys abstention by silencing good answers).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = [(values, answerable and gain >= CORRECT_F1) for cands, answerable in groups for values, gain in cands]
    if not rows:
        raise ValueError("calibration needs at least one question with a candidate answer")
    x = np.array([[values.get(name, 0.0) for name in FEATURES] for values, _ in rows], dtype=np.float64)
    y = np.array([1 if correct else 0 for _, correct in rows])
    if len(set(y)) < 2:
        raise ValueError("calibration needs both correct and incorrect candidate answers")
    rank_weights = fit_ranker(groups)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit((x - mean) / std, y)
    coef = model.coef_[0] / std
    bias = float(model.intercept_[0] - (model.coef_[0] * mean / std).sum())
    calib = Calibration(weights={n: float(c) for n, c in zip(FEATURES, coef)}, bias=bias, fitted_on=fitted_on,
                        rank_weights=rank_weights)
    return replace(calib, threshold=pick_threshold(calib, groups, min_answered))


def pick_threshold(calib: Calibration, groups: list[Group], min_answered: float) -> float:
    """The threshold on the top candidate's confidence that makes the most right answer/abstain calls."""
    import numpy as np

    tops = []
    for cands, answerable in groups:
        if cands:
            scores = calib.scored([v for v, _ in cands])
            top = max(range(len(cands)), key=lambda i: scores[i][0])
            tops.append((scores[top][1], answerable and cands[top][1] >= CORRECT_F1, answerable))
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
