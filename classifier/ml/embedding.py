"""Document embeddings from the classifier's own frozen encoder, over the whole document.

A model whose `model.onnx` has a second output, `embedding` (the [CLS] hidden state of the last
layer, added by classifier/training/embedding_output.py), can be read in windows: the document
is cut into consecutive windows of `max_length` tokens (at most MAX_WINDOWS), each window's
[CLS] vector is computed, and their mean describes the whole document, not only its first
screen. The small heads (classifier/ml/heads.py) are trained on these vectors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

EMBEDDING_OUTPUT = "embedding"
MAX_WINDOWS = 8
CHARS_PER_TOKEN_BOUND = 8


def window_ids(tokenizer: Any, text: str, max_length: int, max_windows: int) -> list[list[int]]:
    """Token ids of the document's consecutive windows, each with [CLS] ... [SEP]."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    body = max_length - 2
    prefix = text[: CHARS_PER_TOKEN_BOUND * max_length * max_windows]
    ids = tokenizer.encode(prefix, add_special_tokens=False).ids or [sep_id]
    chunks = [ids[i : i + body] for i in range(0, len(ids), body)][:max_windows]
    return [[cls_id, *chunk, sep_id] for chunk in chunks]


def run_windows(session: Any, input_names: set[str], windows: list[list[int]]) -> np.ndarray:
    """The `embedding` output for each window, as one (windows, dim) array."""
    width = max(len(w) for w in windows)
    feeds = {
        "input_ids": np.zeros((len(windows), width), dtype=np.int64),
        "attention_mask": np.zeros((len(windows), width), dtype=np.int64),
        "token_type_ids": np.zeros((len(windows), width), dtype=np.int64),
    }
    for row, ids in enumerate(windows):
        feeds["input_ids"][row, : len(ids)] = ids
        feeds["attention_mask"][row, : len(ids)] = 1
    feeds = {k: v for k, v in feeds.items() if k in input_names}
    (out,) = session.run([EMBEDDING_OUTPUT], feeds)
    result: np.ndarray = out
    return result


def document_embedding(
    session: Any, input_names: set[str], tokenizer: Any, text: str, max_length: int
) -> np.ndarray:
    """The mean of the window embeddings of `text`, L2-normalised."""
    vectors = run_windows(
        session, input_names, window_ids(tokenizer, text, max_length, MAX_WINDOWS)
    )
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    result: np.ndarray = mean / norm if norm else mean
    return result
