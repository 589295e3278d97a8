"""Answer and retrieval metrics.

Answer metrics follow the official SQuAD v1.1/v2.0 evaluation script exactly (same
normalisation, same token F1), so figures are comparable with published ones. For an
unanswerable question (empty gold list) the right prediction is no answer: EM and F1 are
1.0 when the prediction is ``None`` or normalises to nothing, else 0.0 (SQuAD v2 rule).
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Sequence

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCTUATION = frozenset(string.punctuation)


def normalize_answer(text: str) -> str:
    """Lowercase, drop ASCII punctuation and the articles a/an/the, collapse whitespace.

    This is the official SQuAD normalisation: answers differing only in case, punctuation
    or a leading article ("the Mekong region" vs "Mekong region") count as equal.
    """
    text = text.lower()
    text = "".join(ch for ch in text if ch not in _PUNCTUATION)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def _tokens(text: str | None) -> list[str]:
    return normalize_answer(text).split() if text else []


def _usable_golds(golds: Sequence[str]) -> list[str]:
    # As in the official v2 script, golds that normalise to nothing are ignored; if none
    # is left the question is treated as unanswerable.
    return [gold for gold in golds if normalize_answer(gold)]


def _is_abstention(pred: str | None) -> bool:
    return pred is None or not normalize_answer(pred)


def exact_match(pred: str | None, golds: Sequence[str]) -> float:
    """1.0 if the normalised prediction equals any normalised gold, else 0.0.

    Empty ``golds`` means unanswerable: 1.0 iff the prediction is no answer.
    """
    usable = _usable_golds(golds)
    if not usable:
        return 1.0 if _is_abstention(pred) else 0.0
    if pred is None:
        return 0.0
    normalized = normalize_answer(pred)
    return 1.0 if any(normalized == normalize_answer(gold) for gold in usable) else 0.0


def _f1_single(pred_tokens: list[str], gold_tokens: list[str]) -> float:
    if not pred_tokens or not gold_tokens:
        return 1.0 if pred_tokens == gold_tokens else 0.0
    common = Counter(pred_tokens) & Counter(gold_tokens)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = same / len(pred_tokens)
    recall = same / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def token_f1(pred: str | None, golds: Sequence[str]) -> float:
    """Bag-of-tokens F1 between prediction and gold, maximised over the golds.

    Gives partial credit for a span that is slightly too long or too short, which EM
    does not. Empty ``golds``: 1.0 iff the prediction is no answer.
    """
    usable = _usable_golds(golds)
    if not usable:
        return 1.0 if _is_abstention(pred) else 0.0
    pred_tokens = _tokens(pred)
    return max(_f1_single(pred_tokens, _tokens(gold)) for gold in usable)


def contains_gold(pred: str | None, golds: Sequence[str]) -> bool:
    """True if some normalised gold occurs in the normalised prediction on token boundaries.

    A lenient "the answer is in there" check for long extractive answers (a whole clause
    that contains the gold). Token boundaries keep "1997" from matching "19970".
    Empty ``golds``: True iff the prediction is no answer, matching :func:`exact_match`.
    """
    usable = _usable_golds(golds)
    if not usable:
        return _is_abstention(pred)
    if pred is None:
        return False
    haystack = f" {normalize_answer(pred)} "
    return any(f" {normalize_answer(gold)} " in haystack for gold in usable)


def spans_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """True if half-open character spans ``[a_start, a_end)`` and ``[b_start, b_end)`` share a character.

    Used to decide whether a citation covers the gold evidence; touching spans
    (``a_end == b_start``) and empty spans do not overlap.
    """
    if a_end < a_start or b_end < b_start:
        raise ValueError("span end must not precede its start")
    return max(a_start, b_start) < min(a_end, b_end)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) with linear interpolation (numpy's default).

    Used for latency p50/p95 without pulling numpy into the report code.
    """
    if not values:
        raise ValueError("percentile of an empty sequence")
    if math.isnan(q) or not 0.0 <= q <= 100.0:
        raise ValueError(f"percentile q must be in [0, 100], got {q}")
    ordered = sorted(float(v) for v in values)
    position = (len(ordered) - 1) * q / 100.0
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    fraction = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction


def reciprocal_rank(hit_flags: Sequence[bool]) -> float:
    """1 / (rank of the first relevant result), or 0.0 if none is relevant (for MRR).

    ``hit_flags[i]`` says whether the result at rank ``i + 1`` is relevant.
    """
    for rank, hit in enumerate(hit_flags, start=1):
        if hit:
            return 1.0 / rank
    return 0.0
