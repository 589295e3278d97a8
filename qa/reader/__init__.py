"""Extractive span reader (MiniLM fine-tuned on SQuAD 1.0 with negatives).

Importing this package is cheap: torch/transformers load only on ``SpanReader.warm_up``.
"""

from qa.reader.model import ReaderSpan, SpanReader

__all__ = ["ReaderSpan", "SpanReader"]
