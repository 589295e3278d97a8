"""Extractive span reader: finds verbatim answer spans (with a "no answer" score) in passages.

Why this shape: the assistant must cite text exactly, so the reader returns character
offsets into the caller's own strings (never detokenised text), and it reports the CLS
"null" score per passage so the caller can abstain when retrieval brought the wrong text.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import numpy as np

from qa.question import option_pattern
from qa.settings import Precision
from qa.reader.features import (
    WEIGHTS_DIR,
    check_window_args,
    context_range,
    encode_windows,
    tight_span,
)

log = logging.getLogger(__name__)

#: Best start / end token candidates considered per window; 20 is the usual HF n-best and
#: leaves enough candidates for ``top_n`` non-overlapping spans.
N_BEST = 20
#: Weight/compute precisions: "auto" is bf16 where the CPU multiplies bf16 natively, else fp32.
PRECISIONS: tuple[str, ...] = get_args(Precision)
#: A blank line: the end of a paragraph, which no answer span runs across.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class ReaderSpan:
    """One answer candidate: ``passages[passage][start:end]`` is the answer, verbatim."""

    #: Index into the passages passed to ``read()``.
    passage: int
    #: Character offset into ``passages[passage]``.
    start: int
    #: Exclusive end offset.
    end: int
    #: start_logit + end_logit of the span.
    score: float
    #: Best CLS (start+end at index 0) logit sum over that passage's windows.
    null_score: float


class SpanReader:
    """Thread-safe, lazily loaded extractive QA reader (MiniLM fine-tuned on SQuAD + negatives)."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        max_length: int = 384,
        stride: int = 128,
        max_answer_tokens: int = 30,
        batch_size: int = 16,
        quantize: bool = False,
        num_threads: int | None = None,
        precision: str = "auto",
    ) -> None:
        check_window_args(max_length, stride)
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
        if quantize and precision == "bf16":
            raise ValueError("int8 quantisation works on fp32 weights: precision 'bf16' cannot be combined with it")
        if max_answer_tokens < 1:
            raise ValueError(
                f"max_answer_tokens must be >= 1, got {max_answer_tokens!r}"
            )
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        if num_threads is not None and num_threads < 1:
            raise ValueError(f"num_threads must be >= 1 or None, got {num_threads!r}")
        self.model_dir = Path(model_dir) if model_dir is not None else WEIGHTS_DIR
        self.max_length = max_length
        self.stride = stride
        self.max_answer_tokens = max_answer_tokens
        self.batch_size = batch_size
        # No int8 by default: dynamic quantisation cost 4.2 F1 points on the held-out slice
        # (see weights/MODEL_CARD.md), above the 0.5-point tolerance; bf16 cost 0.01 there.
        self.quantize = quantize
        self.precision = precision
        self.num_threads = num_threads
        self._lock = threading.Lock()
        # Fast tokenizers mutate their Rust truncation state per call ("Already borrowed"
        # under concurrency), so tokenisation is serialised; the forward pass is not.
        self._tok_lock = threading.Lock()
        self._tokenizer: Any = None
        self._model: Any = None

    @property
    def loaded(self) -> bool:
        """True once ``warm_up`` has loaded the weights."""
        return self._model is not None

    def warm_up(self) -> None:
        """Load tokenizer and model from local files only; idempotent and thread-safe."""
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            import torch
            from transformers import AutoModelForQuestionAnswering, AutoTokenizer

            if not (self.model_dir / "config.json").is_file():
                raise FileNotFoundError(
                    f"no reader weights in {self.model_dir} (config.json missing)"
                )
            if self.num_threads is not None:
                # Process-wide: torch has no per-model thread pool.
                torch.set_num_threads(self.num_threads)
            tokenizer = AutoTokenizer.from_pretrained(
                self.model_dir, local_files_only=True
            )
            if not getattr(tokenizer, "is_fast", False):
                raise RuntimeError("reader needs a fast tokenizer (offset mapping)")
            # Weights are stored fp16 to halve the package; CPU kernels want fp32 or bf16.
            bf16 = not self.quantize and resolve_precision(self.precision) == "bf16"
            dtype = torch.bfloat16 if bf16 else torch.float32
            model = AutoModelForQuestionAnswering.from_pretrained(
                self.model_dir, local_files_only=True, dtype=dtype
            ).to(dtype)
            model.eval()
            if self.quantize:
                model = _quantize(model)
            self._tokenizer = tokenizer
            self._model = model  # published last: other threads test this attribute

    def read(
        self, question: str, passages: Sequence[str], top_n: int = 5, choices: Sequence[str] = ()
    ) -> list[ReaderSpan]:
        """Best ``top_n`` non-overlapping spans over all passages, highest score first.

        Every passage is covered by overlapping windows, so no text is ignored. Spans that
        coincide or overlap (typically the same answer seen from two windows) keep only the
        best-scoring one. Passages yielding no candidate simply contribute nothing. With
        ``choices`` (the options of "Seoul or Vienna?") the answer is the one option occurrence
        chosen by :func:`_choose_option`; when no option occurs, the reader proposes free spans.
        """
        if top_n < 1:
            raise ValueError(f"top_n must be >= 1, got {top_n!r}")
        passages = list(passages)
        if not question.strip() or not passages:
            return []
        self.warm_up()
        with self._tok_lock:
            enc = encode_windows(
                self._tokenizer,
                [question] * len(passages),
                passages,
                self.max_length,
                self.stride,
            )
        start_logits, end_logits = self._logits(enc["input_ids"], enc["token_type_ids"])
        sample_map = enc["overflow_to_sample_mapping"]
        null = np.full(len(passages), -np.inf)
        best: dict[tuple[int, int, int], float] = {}
        for w, p in enumerate(sample_map):
            s_log, e_log = start_logits[w], end_logits[w]
            null[p] = max(null[p], float(s_log[0] + e_log[0]))
            for key, score in self._window_spans(
                passages[p],
                p,
                enc.sequence_ids(w),
                enc["offset_mapping"][w],
                s_log,
                e_log,
            ):
                if score > best.get(key, -np.inf):
                    best[key] = score
        forced = _option_scores(passages, choices, enc, start_logits, end_logits) if choices else {}
        if forced:
            return [_choose_option(question, choices, passages, forced, null)]
        chosen: list[ReaderSpan] = []
        for (p, start, end), score in sorted(best.items(), key=lambda kv: -kv[1]):
            if any(c.passage == p and start < c.end and c.start < end for c in chosen):
                continue
            chosen.append(ReaderSpan(p, start, end, score, float(null[p])))
            if len(chosen) == top_n:
                break
        return chosen

    def _logits(
        self, input_ids: list[list[int]], token_type_ids: list[list[int]]
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Run all windows in length-sorted batches (padding per batch), return per-window logits."""
        import torch

        order = sorted(range(len(input_ids)), key=lambda i: len(input_ids[i]))
        starts: list[np.ndarray] = [np.empty(0)] * len(input_ids)
        ends: list[np.ndarray] = [np.empty(0)] * len(input_ids)
        pad = self._tokenizer.pad_token_id or 0
        with torch.inference_mode():
            for b in range(0, len(order), self.batch_size):
                idx = order[b : b + self.batch_size]
                width = max(len(input_ids[i]) for i in idx)
                ids = torch.full((len(idx), width), pad, dtype=torch.long)
                types = torch.zeros((len(idx), width), dtype=torch.long)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for r, i in enumerate(idx):
                    n = len(input_ids[i])
                    ids[r, :n] = torch.tensor(input_ids[i])
                    types[r, :n] = torch.tensor(token_type_ids[i])
                    mask[r, :n] = 1
                out = self._model(
                    input_ids=ids, token_type_ids=types, attention_mask=mask
                )
                s = out.start_logits.float().numpy()
                e = out.end_logits.float().numpy()
                for r, i in enumerate(idx):
                    n = len(input_ids[i])
                    starts[i], ends[i] = s[r, :n], e[r, :n]
        return starts, ends

    def _window_spans(
        self,
        text: str,
        passage: int,
        sequence_ids: list[int | None],
        offsets: list[tuple[int, int]],
        s_log: np.ndarray,
        e_log: np.ndarray,
    ) -> list[tuple[tuple[int, int, int], float]]:
        """Valid (passage, char start, char end) spans of one window with their logit sums."""
        first, last = context_range(sequence_ids)
        if first < 0:
            return []
        ctx_s = s_log[first : last + 1]
        ctx_e = e_log[first : last + 1]
        k = min(N_BEST, len(ctx_s))
        top_s = np.argsort(-ctx_s)[:k]
        top_e = np.argsort(-ctx_e)[:k]
        out: list[tuple[tuple[int, int, int], float]] = []
        for si in top_s:
            for ei in top_e:
                if ei < si or ei - si + 1 > self.max_answer_tokens:
                    continue
                a, b = offsets[first + si][0], offsets[first + ei][1]
                a, b = tight_span(text, a, b)
                if a >= b or PARAGRAPH_BREAK.search(text, a, b):
                    continue  # an answer never runs across a blank line into the next paragraph
                out.append(((passage, a, b), float(ctx_s[si] + ctx_e[ei])))
        return out


def _option_scores(passages: Sequence[str], choices: Sequence[str], enc: Any, start_logits: list[np.ndarray],
                   end_logits: list[np.ndarray]) -> dict[tuple[int, int, int], float]:
    """Best logit sum of every whole-word occurrence of an option, over the windows that hold it."""
    pattern = option_pattern(choices)
    found = [[m.span() for m in pattern.finditer(text)] for text in passages]
    best: dict[tuple[int, int, int], float] = {}
    for w, p in enumerate(enc["overflow_to_sample_mapping"]):
        first, last = context_range(enc.sequence_ids(w))
        if first < 0 or not found[p]:
            continue
        offsets = enc["offset_mapping"][w][first:last + 1]
        for a, b in found[p]:
            i = next((t for t, (x, y) in enumerate(offsets) if x <= a < y), None)
            j = next((t for t, (x, y) in enumerate(offsets) if x < b <= y), None)
            if i is None or j is None or j < i:
                continue  # the occurrence is not (wholly) inside this window
            score = float(start_logits[w][first + i] + end_logits[w][first + j])
            best[(p, a, b)] = max(score, best.get((p, a, b), -np.inf))
    return best


def _choose_option(question: str, choices: Sequence[str], passages: Sequence[str],
                   scored: dict[tuple[int, int, int], float], null: np.ndarray) -> ReaderSpan:
    """The one option occurrence that answers: first by how much of the rest of the question its
    sentence repeats, then by the reader's score.

    Why not the reader alone: with both options written in the question, a SQuAD-trained reader
    has no reason to prefer the option whose context matches the question ("held in Seoul or
    Vienna?" scored "Headquartered in Vienna" above "held in Seoul"). One span is returned, so
    the ranker downstream only decides whether to answer, not which option.
    """
    from qa.lexical import tokenize
    from qa.text import cached_sentences

    terms = set(tokenize(question)) - {t for c in choices for t in tokenize(c)}

    def coverage(p: int, a: int) -> float:
        s, e = next(((s, e) for s, e in cached_sentences(passages[p]) if s <= a < e), (0, len(passages[p])))
        return len(terms & set(tokenize(passages[p][s:e]))) / max(1, len(terms))

    (p, a, b), score = max(scored.items(), key=lambda kv: (coverage(kv[0][0], kv[0][1]), kv[1]))
    return ReaderSpan(p, a, b, score, float(null[p]))


def resolve_precision(precision: str) -> str:
    """"auto" → "bf16" only on CPUs with native bf16 arithmetic (AVX512-BF16 or AMX).

    Why not bf16 everywhere: without those instructions torch emulates bf16 matmuls and the
    reader gets slower, not faster; with them it runs about 2x faster than fp32.
    """
    if precision != "auto":
        return precision
    import torch

    check = getattr(getattr(torch.backends, "cpu", None), "get_cpu_capability", None)
    capability = str(check()) if check else ""
    native = capability in {"AVX512", "AMX"} and _cpu_has_bf16()
    return "bf16" if native else "fp32"


def _cpu_has_bf16() -> bool:
    """True when /proc/cpuinfo lists avx512_bf16 or amx_bf16 (Linux; False elsewhere)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="ignore")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _quantize(model: Any) -> Any:
    """Dynamic int8 quantisation of Linear layers (~2x faster on CPU); fp32 if unavailable."""
    import torch

    try:
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore"
            )  # torch.ao.quantization is deprecated but still works
            return torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
    except Exception as exc:  # noqa: BLE001 - any quantisation failure must fall back to fp32
        log.warning("int8 quantisation unavailable (%s); using fp32", exc)
        return model
