"""SQuAD 1.0 loading, article-level split and window labelling for reader training.

Why a separate module: the data rules (answer-offset repair, held-out articles; the "no answer"
negatives are in `qa.reader.negatives`) decide what the figures in the model card mean, so they are
kept small and testable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa.reader.features import context_range, encode_windows


@dataclass(frozen=True)
class Example:
    """A question paired with a context; ``answer_start is None`` marks a negative (no answer)."""

    qid: str
    question: str
    context: str
    answer_text: str | None
    answer_start: int | None
    article: int
    paragraph: int


@dataclass
class Features:
    """Tokenised training windows (unpadded) with CLS-or-span labels."""

    input_ids: list[np.ndarray]
    token_type_ids: list[np.ndarray]
    start_positions: np.ndarray
    end_positions: np.ndarray
    #: The example (index into the list given to ``build_features``) each window comes from.
    example_index: np.ndarray

    def __len__(self) -> int:
        return len(self.input_ids)

    def lengths(self) -> np.ndarray:
        return np.fromiter(
            (len(x) for x in self.input_ids), dtype=np.int64, count=len(self.input_ids)
        )


def sha256_file(path: Path) -> str:
    """Content hash of the training file, recorded in the model card for provenance."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_articles(path: Path) -> list[list[Example]]:
    """Read SQuAD JSON into per-article answerable examples, repairing answer offsets.

    The rebuilt train file gives ``answer_start`` as a first occurrence and some answer texts
    carry edge spaces (see /work/shared/external/README.md): spaces are stripped and the
    offset moved with them; rows whose text is not at the offset, or is empty, are skipped.
    """
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)["data"]
    articles: list[list[Example]] = []
    for a_idx, article in enumerate(data):
        rows: list[Example] = []
        for p_idx, para in enumerate(article["paragraphs"]):
            context = para["context"]
            for qa in para["qas"]:
                if not qa.get("answers"):
                    continue
                ans = qa["answers"][0]
                text, start = ans["text"], int(ans["answer_start"])
                if start < 0 or context[start : start + len(text)] != text:
                    continue
                lead = len(text) - len(text.lstrip())
                text = text.strip()
                if not text:
                    continue
                rows.append(
                    Example(
                        qa["id"],
                        qa["question"],
                        context,
                        text,
                        start + lead,
                        a_idx,
                        p_idx,
                    )
                )
        articles.append(rows)
    return articles


def split_by_article(
    articles: list[list[Example]], eval_questions: int
) -> tuple[list[Example], list[Example], list[list[Example]]]:
    """Hold back whole articles from the end of the file so eval text is never trained on.

    Returns (train pool, eval questions = the last ``eval_questions`` of held-out articles,
    held-out articles for eval negatives).
    """
    held: list[list[Example]] = []
    count = 0
    cut = len(articles)
    while cut > 1 and count < eval_questions:
        cut -= 1
        held.insert(0, articles[cut])
        count += len(articles[cut])
    pool = [ex for art in articles[:cut] for ex in art]
    eval_rows = (
        [ex for art in held for ex in art][-eval_questions:] if eval_questions else []
    )
    return pool, eval_rows, held


def build_features(
    tokenizer: Any,
    examples: list[Example],
    max_length: int,
    stride: int,
    chunk: int = 2000,
) -> Features:
    """Tokenise into overlapping windows; label the answer tokens, or (0, 0) = CLS when absent."""
    ids: list[np.ndarray] = []
    types: list[np.ndarray] = []
    starts: list[int] = []
    ends: list[int] = []
    owners: list[int] = []
    for c0 in range(0, len(examples), chunk):
        batch = examples[c0 : c0 + chunk]
        enc = encode_windows(
            tokenizer,
            [e.question for e in batch],
            [e.context for e in batch],
            max_length,
            stride,
        )
        for w, sample in enumerate(enc["overflow_to_sample_mapping"]):
            ex = batch[sample]
            ids.append(np.asarray(enc["input_ids"][w], dtype=np.int32))
            types.append(np.asarray(enc["token_type_ids"][w], dtype=np.int8))
            s_tok, e_tok = _label(ex, enc.sequence_ids(w), enc["offset_mapping"][w])
            starts.append(s_tok)
            ends.append(e_tok)
            owners.append(c0 + sample)
    return Features(
        ids, types, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64),
        np.asarray(owners, dtype=np.int64),
    )


def _label(
    ex: Example, sequence_ids: list[int | None], offsets: list[tuple[int, int]]
) -> tuple[int, int]:
    """Token start/end of the answer inside this window, or (0, 0) if it is not fully inside."""
    if ex.answer_start is None or ex.answer_text is None:
        return 0, 0
    first, last = context_range(sequence_ids)
    a, b = ex.answer_start, ex.answer_start + len(ex.answer_text)
    if first < 0 or offsets[first][0] > a or offsets[last][1] < b:
        return 0, 0
    s = first
    while s <= last and offsets[s][0] <= a:
        s += 1
    e = last
    while e >= first and offsets[e][1] >= b:
        e -= 1
    return s - 1, e + 1


def batch_plan(
    lengths: np.ndarray, batch_size: int, seed: int, bucket_batches: int = 50
) -> list[np.ndarray]:
    """Length-grouped batches: shuffle, sort inside buckets of ``bucket_batches`` batches, shuffle batches.

    Most SQuAD windows are ~170 tokens, far below max_length; grouping similar lengths cuts
    padding (and CPU time) several-fold while keeping batch order random. Deterministic in seed,
    which is what lets a resumed run skip exactly the batches already done.
    """
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(lengths))
    size = batch_size * bucket_batches
    batches: list[np.ndarray] = []
    for b0 in range(0, len(perm), size):
        bucket = perm[b0 : b0 + size]
        bucket = bucket[np.argsort(lengths[bucket], kind="stable")]
        batches.extend(
            bucket[i : i + batch_size] for i in range(0, len(bucket), batch_size)
        )
    order = rng.permutation(len(batches))
    return [batches[i] for i in order]


def heldout_squad(path: Path, eval_questions: int = 1000) -> dict[str, Any]:
    """The reader's held-out questions as a SQuAD file, with every paragraph of their articles.

    Why: questions the reader never trained on, about text it never saw, with the other
    paragraphs of each article left in as retrieval distractors; ``qa calibrate`` fits the
    early exit on them (``eval/squad-train-heldout.json``), apart from both eval sets.
    """
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)["data"]
    _, eval_rows, _ = split_by_article(load_articles(path), eval_questions)
    keep = {ex.qid for ex in eval_rows}
    articles = sorted({ex.article for ex in eval_rows})
    return {"version": f"squad-train-heldout-{eval_questions}", "data": [
        {"title": data[a]["title"],
         "paragraphs": [{"context": p["context"], "qas": [q for q in p["qas"] if q["id"] in keep]}
                        for p in data[a]["paragraphs"]]} for a in articles]}
