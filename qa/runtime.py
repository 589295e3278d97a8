"""Process-wide thread settings for the numeric libraries.

On a small machine, a server answering several requests at once should give each request
one core rather than let torch and FAISS each start a thread per core for every request
(oversubscription makes concurrent throughput worse, not better).
"""

from __future__ import annotations


def configure_threads(torch_threads: int | None, faiss_threads: int | None) -> None:
    """Apply thread counts when set (None leaves the library default)."""
    if torch_threads:
        import torch

        torch.set_num_threads(torch_threads)
    if faiss_threads:
        import faiss

        faiss.omp_set_num_threads(faiss_threads)
