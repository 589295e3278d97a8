"""Retrieval helpers: the lexical top-k must equal a full stable sort, only faster."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qa.retrieval import top_positive


@given(arrays(np.float32, st.integers(0, 200), elements=st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.25])),
       st.integers(1, 60))
def test_top_positive_equals_a_stable_full_sort_without_zeros(scores: np.ndarray, k: int) -> None:
    expected = [int(i) for i in np.argsort(-scores, kind="stable")[:k] if scores[i] > 0]
    assert top_positive(scores, k).tolist() == expected
