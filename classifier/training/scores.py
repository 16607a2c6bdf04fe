"""Classification metrics for the manifest and model card (torch-free)."""

from __future__ import annotations

import itertools

import numpy as np


def macro_f1(gold: list[int], pred: list[int], n_labels: int) -> tuple[float, list[float]]:
    f1s = []
    for k in range(n_labels):
        tp = sum(1 for g, p in zip(gold, pred, strict=False) if g == k and p == k)
        fp = sum(1 for g, p in zip(gold, pred, strict=False) if g != k and p == k)
        fn = sum(1 for g, p in zip(gold, pred, strict=False) if g == k and p != k)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    present = [f for k, f in enumerate(f1s) if k in set(gold)]
    return (sum(present) / len(present) if present else 0.0), f1s


def expected_calibration_error(probs: np.ndarray, gold: np.ndarray, bins: int = 15) -> float:
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == gold
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (confidence > lo) & (confidence <= hi)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(ece)


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """Temperature scaling: the T minimising validation NLL, by a fine grid search."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.05), np.log(10.0), 400)):
        scaled = logits / t
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        nll = -log_probs[np.arange(len(gold)), gold].mean()
        if nll < best_nll:
            best_t, best_nll = float(t), float(nll)
    return best_t
