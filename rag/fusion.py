"""Pure scoring functions: rank fusion and score standardization."""
from __future__ import annotations

import numpy as np


def rrf(rankings: dict[str, list[int]], weights: dict[str, float], k: int = 60) -> dict[int, float]:
    """Weighted reciprocal rank fusion: Σ_leg w / (k + rank), rank from 1.

    Each ranking lists item ids best first; an item a leg did not rank gets nothing from it.
    """
    fused: dict[int, float] = {}
    for leg, ranked in rankings.items():
        w = weights.get(leg, 0.0)
        if w <= 0:
            continue
        for rank, item in enumerate(ranked, start=1):
            fused[item] = fused.get(item, 0.0) + w / (k + rank)
    return fused


def zscores(x: np.ndarray) -> np.ndarray:
    """How far each score stands above the rest, in standard deviations."""
    x = np.asarray(x, np.float64)
    if x.size == 0:
        return x
    std = x.std()
    return (x - x.mean()) / std if std > 1e-9 else np.zeros_like(x)


def group_max(values: np.ndarray, groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group: the max value and the position (into ``values``) where it occurs."""
    best = np.full(n_groups, -np.inf)
    where = np.full(n_groups, -1, np.int64)
    order = np.argsort(values, kind="stable")  # ascending: later writes are larger
    best[groups[order]] = values[order]
    where[groups[order]] = order
    return best, where
