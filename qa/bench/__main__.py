"""``python -m qa.bench``: the same command as ``qa bench``, without the rest of the CLI."""

from __future__ import annotations

import typer

from qa.bench.cli import bench_cmd


def main() -> None:
    typer.run(bench_cmd)


if __name__ == "__main__":
    main()
