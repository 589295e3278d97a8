#!/usr/bin/env bash
# One-command set-up for a fresh machine: virtual environment, the CPU build of torch
# (first, so pip never pulls a multi-GB CUDA build), the package with its test extras,
# the index over corpus/, and a sample question. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test]"
.venv/bin/qa index
.venv/bin/qa ask "Who co-chaired the ROK-UNODC Strategic Dialogue?"
.venv/bin/qa ask "What is the capital of France?"
