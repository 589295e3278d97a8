"""Training batches: which windows (or shared-normalisation groups) go together, and their loss.

Kept apart from the training loop so the loop only schedules, steps and checkpoints.
"""

from __future__ import annotations

import numpy as np

from qa.reader.data import Features, batch_plan
from qa.reader.groups import GroupFeatures, group_loss


def training_plan(lengths: np.ndarray, group_lengths: np.ndarray, batch_size: int, groups_per_batch: int,
                  seed: int) -> list[tuple[int, np.ndarray]]:
    """One epoch's batches, ``(0, window indices)`` or ``(1, group indices)``, in a seeded order.

    Deterministic in ``seed`` (the run's seed plus the epoch), which is what lets a resumed run
    skip exactly the batches already done.
    """
    plan = [(0, b) for b in batch_plan(lengths, batch_size, seed)]
    if len(group_lengths):
        plan += [(1, b) for b in batch_plan(group_lengths, groups_per_batch, seed + 7919)]
        order = np.random.default_rng(seed + 104729).permutation(len(plan))
        plan = [plan[i] for i in order]
    return plan


def padded(feats: Features, rows: np.ndarray) -> tuple[object, object, object]:
    """input ids, token types and attention mask of ``rows``, right-padded to the longest."""
    import torch

    width = max(len(feats.input_ids[i]) for i in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for r, i in enumerate(rows):
        n = len(feats.input_ids[i])
        ids[r, :n] = torch.from_numpy(feats.input_ids[i].astype(np.int64))
        types[r, :n] = torch.from_numpy(feats.token_type_ids[i].astype(np.int64))
        mask[r, :n] = 1
    return ids, types, mask


def batch_loss(model: object, feats: Features, groups: GroupFeatures | None, kind: int, idx: np.ndarray,
               with_null: bool = False) -> object:
    """The loss of one planned batch: per-window cross-entropy, or the groups' shared softmax."""
    import torch

    if kind == 0:
        ids, types, mask = padded(feats, idx)
        return model(input_ids=ids, token_type_ids=types, attention_mask=mask,  # type: ignore[operator]
                     start_positions=torch.from_numpy(feats.start_positions[idx]),
                     end_positions=torch.from_numpy(feats.end_positions[idx])).loss.float()
    assert groups is not None
    rows = np.concatenate([groups.windows[g] for g in idx])
    ids, types, mask = padded(groups.features, rows)
    out = model(input_ids=ids, token_type_ids=types, attention_mask=mask)  # type: ignore[operator]
    return group_loss(out.start_logits.float(), out.end_logits.float(), mask,
                      torch.from_numpy(groups.group_of[rows]),
                      torch.from_numpy(groups.features.start_positions[rows]),
                      torch.from_numpy(groups.features.end_positions[rows]), with_null)
