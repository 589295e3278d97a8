"""``python -m qa.reader.train``: an argparse front end generated from TrainConfig.

Generated from the config's fields, so the flags and the config cannot drift apart.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import get_args

from pydantic import ValidationError

from qa.reader import train as _train
from qa.reader.train import TrainConfig, train_reader


#: CLI flag names that differ from the TrainConfig field names (others: --field-name).
_CLI_NAMES = {"data_path": "data", "output_dir": "output", "num_threads": "threads"}


def main(argv: list[str] | None = None) -> int:
    """argparse front end generated from TrainConfig, so CLI and config cannot drift apart."""
    p = argparse.ArgumentParser(
        prog="python -m qa.reader.train", description=(_train.__doc__ or "").splitlines()[0]
    )
    for name, field in TrainConfig.model_fields.items():
        flag = "--" + _CLI_NAMES.get(name, name).replace("_", "-")
        if isinstance(field.default, bool):
            p.add_argument(
                flag,
                dest=name,
                action=argparse.BooleanOptionalAction,
                default=field.default,
            )
            continue
        kinds = get_args(field.annotation) or (field.annotation,)
        conv = next((t for t in (int, float, Path) if t in kinds), str)
        p.add_argument(
            flag,
            dest=name,
            type=conv,
            default=field.default,
            help=f"default: {field.default}",
        )
    try:
        config = TrainConfig(**vars(p.parse_args(argv)))
    except ValidationError as exc:  # one line per bad value, as argparse reports its own errors
        p.error("; ".join(f"--{_CLI_NAMES.get(str(e['loc'][0]), str(e['loc'][0])).replace('_', '-')}: {e['msg']}"
                          for e in exc.errors()))
    print(train_reader(config))
    return 0
