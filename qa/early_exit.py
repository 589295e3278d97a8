"""Early exit: read the top passage first, and stop there when the rest would not change the answer.

Why: reading is most of a question's cost (about 0.1 ms per token on two cores, so five
passages take ~80 ms), and most questions are answered from the top passage. Whether the
other passages would change the answer is predicted, after the top passage is read, from
signals that cost nothing more: how strongly the reader prefers its best span there to "no
answer" (``margin``) and in absolute terms (``reader``), how clearly retrieval put that
passage first (its dense and lexical scores, and their gaps to the second passage's), and how
much of the question the best span's sentence holds. A logistic regression over those seven
signals, fitted by ``qa calibrate`` on questions where both reads were made, gives the probability that stopping loses nothing; the rule stops
when that probability reaches the threshold at which, on the same questions, the questions
that stop gain the most token F1 without losing correct answer/abstain decisions (README
"Early exit").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.calibration import Calibration, Group
    from qa.schemas import RetrievedChunk

EXIT_FEATURES = ("margin", "reader", "dense", "lexical", "dense_gap", "lexical_gap", "coverage")


def exit_features(question: str, spans: Sequence[Any],
                  retrieved: Sequence[RetrievedChunk]) -> dict[str, float] | None:
    """The exit signals, from the reader's spans in the top passage and the retrieval.

    ``spans`` are the reader's spans of ``retrieved[0]`` (``score``, ``null_score``, and
    ``start``/``end`` in its text). ``coverage`` is the calibration's signal for the best span:
    how much of the question its sentence holds (a top-passage span whose sentence says
    little of the question is often not where the answer is). None when there is nothing to
    decide: no span in the top passage, or no second passage.
    """
    if not spans or len(retrieved) < 2:
        return None
    from qa.answering import support_span
    from qa.calibration import coverage

    def lexical(r: RetrievedChunk) -> float:
        return math.log1p(max(0.0, r.lexical_score or 0.0))  # as the calibration's "lexical"

    first, second = retrieved[0], retrieved[1]
    best = max(spans, key=lambda s: s.score)
    sentence = support_span(first.chunk.text, best.start, best.end)
    return {"margin": max(s.score - s.null_score for s in spans), "reader": best.score,
            "dense": first.dense_score or 0.0, "lexical": lexical(first),
            "dense_gap": (first.dense_score or 0.0) - (second.dense_score or 0.0),
            "lexical_gap": lexical(first) - lexical(second),
            "coverage": coverage(question, first.chunk.text[sentence[0]:sentence[1]])}


@dataclass(frozen=True)
class ExitRule:
    """``p(stopping loses nothing) = sigmoid(bias + sum(weight * signal))``; stop at ``threshold``."""

    weights: dict[str, float]
    bias: float
    threshold: float
    fitted_on: str = ""
    #: Share of the fitting questions that stopped after the top passage.
    stop_rate: float = 0.0

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias + sum(w * values.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def stop(self, values: dict[str, float] | None) -> bool:
        return values is not None and self.probability(values) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold,
                "stop_rate": self.stop_rate, "fitted_on": self.fitted_on}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExitRule:
        return cls(weights={k: float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                   threshold=float(data["threshold"]), fitted_on=str(data.get("fitted_on", "")),
                   stop_rate=float(data.get("stop_rate", 0.0)))


@dataclass(frozen=True)
class ExitExample:
    """One labelled question read both ways: every passage, and the top passage only."""

    signals: dict[str, float] | None
    full: Group
    first: Group = field(default=([], False))


def outcome(calibration: Calibration, group: Group) -> tuple[float, bool]:
    """(token F1 of the answer given, 0 when abstaining; whether answering/abstaining was right)."""
    from qa.calibration import CORRECT_F1

    cands, answerable = group
    if not cands:
        return 0.0, not answerable
    scores = calibration.scored([values for values, _ in cands])
    top = max(range(len(cands)), key=lambda i: scores[i][0])
    answered = scores[top][1] >= calibration.threshold
    gain = float(cands[top][1]) if answered and answerable else 0.0
    return gain, (answered and answerable and gain >= CORRECT_F1) or (not answered and not answerable)


def fit_exit_rule(examples: Sequence[ExitExample], calibration: Calibration, fitted_on: str = "") -> ExitRule:
    """Fit the stop probability on ``examples`` and pick its threshold (see the module docstring).

    A question is labelled "safe" when the top passage alone gives an answer (or abstention)
    at least as good as all passages do, judged with ``calibration``, the one ``ask`` uses.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = []
    for ex in examples:
        if ex.signals is None:
            continue
        full, first = outcome(calibration, ex.full), outcome(calibration, ex.first)
        rows.append(([ex.signals[n] for n in EXIT_FEATURES], first[0] - full[0], int(first[1]) - int(full[1])))
    y = np.array([df >= -1e-9 and dd >= 0 for _, df, dd in rows], dtype=int)
    if len(rows) < 20 or len(set(y)) < 2:
        raise ValueError(f"the early exit needs at least 20 questions read both ways with safe and unsafe stops "
                         f"among them; got {len(rows)} ({int(y.sum())} safe)")
    x = np.array([r[0] for r in rows], dtype=np.float64)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / std, y)
    coef = model.coef_[0] / std
    rule = ExitRule(weights={n: float(c) for n, c in zip(EXIT_FEATURES, coef)},
                    bias=float(model.intercept_[0] - (model.coef_[0] * mean / std).sum()), threshold=1.0)
    probs = np.array([rule.probability(dict(zip(EXIT_FEATURES, r[0]))) for r in rows])
    threshold = _best_threshold(probs, np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
    return ExitRule(rule.weights, rule.bias, threshold, fitted_on, round(float((probs >= threshold).mean()), 4))


def _best_threshold(probs: Any, f1_change: Any, decision_change: Any) -> float:
    """The threshold whose stopping questions gain the most token F1 in total, never losing decisions.

    Over the fitting questions ordered by stop probability, stopping at a threshold changes the
    summed F1 and the count of right answer/abstain decisions by the running sums of their
    changes; of the thresholds where neither sum is negative, the one with the largest F1 sum
    is kept, and among equals the lowest (the most stopping). 1.0 = never stop.
    """
    import numpy as np

    order = np.argsort(-probs, kind="stable")
    f1_sum = np.cumsum(f1_change[order])
    dec_sum = np.cumsum(decision_change[order])
    ranked = probs[order]
    best, best_gain = -1, 0.0  # -1: stop nowhere
    for i in range(len(order)):
        if i + 1 < len(order) and ranked[i + 1] == ranked[i]:
            continue  # ties stop together: judge the threshold after the whole tie
        if f1_sum[i] >= -1e-9 and dec_sum[i] >= 0 and f1_sum[i] >= best_gain - 1e-9:
            best, best_gain = i, max(best_gain, float(f1_sum[i]))
    return float(ranked[best]) if best >= 0 else 1.0
