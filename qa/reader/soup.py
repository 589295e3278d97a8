"""Weight averaging ("model soup") of readers fine-tuned one from another.

Why: two readers trained from the same starting weights with different recipes stay in one
basin of the loss, so their element-wise mean is itself a good reader and often keeps the
strengths of both (Wortsman et al., 2022, "Model soups"). The shipped weights are such a mean
(phases 10 and 11b, see the model card): phase 11b read SQuAD-style text better, phase 10
kept the long list and clause spans of press releases, and the mean kept most of each. This
module is how they were made, so the shipped weights can be reproduced from the runs.

The mean is taken in fp32 and stored in the first reader's dtype (fp16 for every reader this
project trains); the tokenizer and config are copied from the first reader, and
``soup.json`` records the sources, their weights and the SHA-256 of each source's tensors.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from qa.errors import ConfigurationError, ModelLoadError
from qa.reader.data import sha256_file

WEIGHTS_FILE = "model.safetensors"
#: Files copied from the first source: without them the folder does not load as a reader.
COPIED_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json")


def _mixing_weights(count: int, weights: Sequence[float] | None) -> list[float]:
    """Validated weights summing to 1 (equal when none are given)."""
    if count < 2:
        raise ConfigurationError(f"averaging needs at least two readers, got {count}")
    if weights is None:
        return [1.0 / count] * count
    if len(weights) != count:
        raise ConfigurationError(f"got {len(weights)} weight(s) for {count} readers; give one per reader")
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ConfigurationError(f"weights must be non-negative with a positive sum, got {list(weights)}")
    total = float(sum(weights))
    return [float(w) / total for w in weights]


def average_readers(sources: Sequence[Path], output: Path, weights: Sequence[float] | None = None) -> Path:
    """Write the weighted element-wise mean of ``sources`` (reader folders) to ``output``.

    Raises :class:`ConfigurationError` for bad weights or an output that is one of the
    sources, and :class:`ModelLoadError` when a source is not a reader folder or the
    readers do not share one architecture (tensor names and shapes must all agree).
    """
    from safetensors.torch import load_file, save_file

    sources = [Path(s) for s in sources]
    mix = _mixing_weights(len(sources), weights)
    output = Path(output)
    if any(output.resolve() == s.resolve() for s in sources):
        raise ConfigurationError(f"output folder {output} is one of the readers being averaged")
    for source in sources:
        missing = [name for name in (WEIGHTS_FILE, *COPIED_FILES) if not (source / name).is_file()]
        if missing:
            raise ModelLoadError(f"{source} is not a reader folder: missing {', '.join(missing)}")
    first = load_file(str(sources[0] / WEIGHTS_FILE))
    total = {name: tensor.float() * mix[0] for name, tensor in first.items()}
    for source, share in zip(sources[1:], mix[1:]):
        tensors = load_file(str(source / WEIGHTS_FILE))
        if tensors.keys() != first.keys():
            differ = sorted(set(tensors) ^ set(first))[:3]
            raise ModelLoadError(f"{source} has different tensors from {sources[0]} (e.g. {differ})")
        for name, tensor in tensors.items():
            if tensor.shape != first[name].shape:
                raise ModelLoadError(f"{source}: tensor {name} has shape {tuple(tensor.shape)}, "
                                     f"{sources[0]} has {tuple(first[name].shape)}")
            total[name] += tensor.float() * share
    output.mkdir(parents=True, exist_ok=True)
    save_file({name: value.to(first[name].dtype).contiguous() for name, value in total.items()},
              str(output / WEIGHTS_FILE), metadata={"format": "pt"})
    for name in COPIED_FILES:
        shutil.copyfile(sources[0] / name, output / name)
    record = {"sources": [{"path": str(s), "weight": w, "sha256": sha256_file(s / WEIGHTS_FILE)}
                          for s, w in zip(sources, mix)]}
    (output / "soup.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return output
