"""Bootstrap confidence intervals for the evaluation's per-question figures.

Why: eval sets are small (the seed set has 70 answerable questions, a SQuAD half about
150), so a figure moves by several points when a handful of answers change. Comparing
two settings, or a figure against a target, without its interval invites reading noise as
progress: with 142 questions an F1 of 0.650 is compatible with anything from about 0.58
to 0.72. The interval here is the percentile bootstrap over questions (Efron and
Tibshirani, 1993): the questions a figure is measured over are resampled with
replacement, the figure is recomputed on each resample, and the middle ``level`` share
of those values is reported. Answerable and unanswerable questions are resampled
separately (a stratified bootstrap), so every resample keeps the set's mix. The seed is
fixed, so the same results always give the same interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RESAMPLES = 2000
LEVEL = 0.95


def bootstrap_interval(strata: Sequence[Sequence[float]], level: float = LEVEL, resamples: int = RESAMPLES,
                       seed: int = 0) -> tuple[float, float] | None:
    """Percentile interval of the mean of all ``strata`` values, each stratum resampled on its own.

    None when there is no value at all. A stratum of one value, or of equal values, never
    varies; so a figure every question gets right has the interval (1, 1).
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    if resamples < 1:
        raise ValueError(f"resamples must be >= 1, got {resamples!r}")
    arrays = [np.asarray(values, dtype=np.float64) for values in strata if len(values)]
    if not arrays:
        return None
    rng = np.random.default_rng(seed)
    totals = np.zeros(resamples)
    for values in arrays:
        totals += values[rng.integers(0, len(values), size=(resamples, len(values)))].sum(axis=1)
    means = totals / sum(len(values) for values in arrays)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)
