"""Performance benchmark of the assistant: ``qa bench`` / ``python -m qa.bench``.

Ingest throughput, query latency (in process and over HTTP), memory, scale to 1M chunks
and cold start, each next to the figure it should be compared with, measured in the same
run; the targets table says pass or fail for each. See :mod:`qa.bench.runner`.
"""
