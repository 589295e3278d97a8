"""Shared-normalisation groups: a question read against its own paragraph *and* its look-alikes.

Why: at answer time the reader reads the five retrieved passages and the best span over all
of them wins, but a reader trained one window at a time learns span scores that are only
comparable *within* a window (every window has its own softmax). Measured with the phase-10
reader on the SQuAD sample, its top span lay outside the gold paragraph for 21–24% of the
answerable questions, although the gold paragraph was read for 97% of them; choosing within
the gold paragraph would have scored F1 0.69 instead of 0.62 on the held-out half. Training
some questions with one softmax over every window of their paragraph and of the same-article
paragraphs most like the question (Clark & Gardner, 2018, "Simple and Effective
Multi-Paragraph Reading Comprehension") teaches scores that compare across passages.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from qa.lexical import tokenize
from qa.reader.data import Example, Features, build_features


@dataclass
class GroupFeatures:
    """The windows of every group (gold window labelled with its span, others (0, 0)) and their group."""

    features: Features
    #: Group index of each window; a group's windows are contiguous, in group order.
    group_of: np.ndarray

    @cached_property
    def windows(self) -> list[np.ndarray]:
        """Window indices of each group, in order."""
        starts = np.flatnonzero(np.diff(self.group_of)) + 1
        return np.split(np.arange(len(self.group_of)), starts) if len(self.group_of) else []

    def __len__(self) -> int:
        return len(self.windows)

    def lengths(self) -> np.ndarray:
        """The longest window of each group (what a batch of groups is padded to)."""
        lengths = self.features.lengths()
        return np.asarray([int(lengths[w].max()) for w in self.windows], dtype=np.int64)


def distractor_groups(examples: list[Example], articles: list[list[Example]], ratio: float, size: int,
                      rng: np.random.Generator) -> list[list[Example]]:
    """For a ``ratio`` share of ``examples``: the example, then up to ``size - 1`` other paragraphs
    of its article, the ones sharing the most (idf-weighted) question terms first.

    Like retrieval errors, the distractors are on the question's topic; a paragraph holding the
    answer text is skipped, so no distractor is really answerable. Distractors carry no answer.
    """
    if size < 2:
        raise ValueError(f"a shared-normalisation group needs at least 2 passages, got size={size}")
    paragraphs: dict[int, dict[int, str]] = {}
    for art in articles:
        for ex in art:
            paragraphs.setdefault(ex.article, {})[ex.paragraph] = ex.context
    terms: dict[tuple[int, int], set[str]] = {}
    idf: dict[int, dict[str, float]] = {}

    def article_terms(article: int) -> None:
        if article in idf:
            return
        df: Counter[str] = Counter()
        for p, ctx in paragraphs[article].items():
            terms[(article, p)] = set(tokenize(ctx))
            df.update(terms[(article, p)])
        n = len(paragraphs[article])
        idf[article] = {t: math.log(1 + n / c) for t, c in df.items()}

    groups: list[list[Example]] = []
    for i in sorted(rng.permutation(len(examples))[: round(ratio * len(examples))].tolist()):
        ex = examples[i]
        article_terms(ex.article)
        q_terms = set(tokenize(ex.question))
        answer = (ex.answer_text or "").lower()
        scored = sorted(
            ((-sum(idf[ex.article].get(t, 0.0) for t in q_terms & terms[(ex.article, p)]), p)
             for p, ctx in paragraphs[ex.article].items()
             if p != ex.paragraph and not (answer and answer in ctx.lower())))
        distractors = [Example(f"{ex.qid}#grp{p}", ex.question, paragraphs[ex.article][p], None, None, ex.article, p)
                       for _, p in scored[: size - 1]]
        if distractors:
            groups.append([ex, *distractors])
    return groups


def build_group_features(tokenizer: Any, groups: list[list[Example]], max_length: int,
                         stride: int) -> GroupFeatures:
    """Tokenise every group's passages; keep only groups whose answer fits wholly in some window."""
    flat = [ex for group in groups for ex in group]
    owner = np.asarray([g for g, group in enumerate(groups) for _ in group], dtype=np.int64)
    feats = build_features(tokenizer, flat, max_length, stride)
    window_group = owner[feats.example_index]  # non-decreasing: windows come out in example order
    answered = np.zeros(len(groups), dtype=bool)
    np.logical_or.at(answered, window_group, feats.start_positions > 0)
    rows = np.flatnonzero(answered[window_group])
    kept = Features([feats.input_ids[r] for r in rows], [feats.token_type_ids[r] for r in rows],
                    feats.start_positions[rows], feats.end_positions[rows], feats.example_index[rows])
    _, group_of = np.unique(window_group[rows], return_inverse=True)
    return GroupFeatures(kept, group_of.astype(np.int64))


def group_loss(start_logits: Any, end_logits: Any, mask: Any, group_of: Any, start_positions: Any,
               end_positions: Any, with_null: bool = False) -> Any:
    """Cross-entropy of the answer's start and end under one softmax per group over all its windows' tokens.

    A group's target is every window that holds the whole answer (overlapping windows can
    hold it twice: their probabilities are summed). Padding never takes probability, and
    neither does a window's "no answer" position (index 0) unless ``with_null``: the group
    is there to make *spans* comparable across passages, while each window's null score keeps
    the meaning the per-window examples teach it ("this passage does not say"). Pushing the
    distractors' null scores down too (``with_null``, the phase-11 run) weakened abstention:
    on held-out negatives null beat span less often (answer-sentence-removed 81.1 → 77.4%,
    swapped questions 88.6 → 83.4%). Scaled like the usual QA loss, ``(start + end) / 2``
    averaged over groups.
    """
    import torch

    losses = []
    for g in torch.unique(group_of):
        rows = group_of == g
        valid = mask[rows].bool()
        if not with_null:
            valid[:, 0] = False
        target = start_positions[rows] > 0
        for logits, positions in ((start_logits, start_positions), (end_logits, end_positions)):
            scores = logits[rows].masked_fill(~valid, float("-inf"))
            gold = scores[target].gather(1, positions[rows][target].unsqueeze(1))
            losses.append(torch.logsumexp(scores.flatten(), 0) - torch.logsumexp(gold.flatten(), 0))
    return torch.stack(losses).sum() / len(losses) if losses else start_logits.sum() * 0.0
