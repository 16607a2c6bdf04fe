#!/usr/bin/env python3
"""Cache, once, what the frozen encoder and the lexical model say of every corpus document, so
the benchmarks train and score small heads without running the encoder again.

For each document of ../shared/data/corpus/documents.jsonl and unseen_kinds_dev.jsonl: the
first window's [CLS] embedding and encoder logits, the mean of the window embeddings (up to
classifier.ml.embedding.MAX_WINDOWS windows), and the shipped lexical model's logits. Written
outside the project (default /tmp/classifier-cache/MODEL.npz); never commit it.

usage: nice -n 10 .venv-dev/bin/python benchmarks/embedding_cache.py [--model-dir models/NAME]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "classifier-cache"
sys.path.insert(0, str(ROOT))

from corpus_slices import CORPUS, UNSEEN, benchmark_parser, data_missing, model_dir, read_jsonl  # noqa: E402

from classifier.errors import ModelError  # noqa: E402
from classifier.ml.embedding import MAX_WINDOWS, window_ids  # noqa: E402
from classifier.ml.text_classifier import TextClassifier, onnx_session  # noqa: E402
from classifier.training.embedding_output import add_embedding_output  # noqa: E402


def cache_path(model: TextClassifier) -> Path:
    return CACHE / f"{model.version}.npz"


def rows() -> list[dict[str, Any]]:
    """The corpus documents, then the unseen kinds (the order of the cached arrays)."""
    return read_jsonl(CORPUS) + read_jsonl(UNSEEN)


def load(model: TextClassifier) -> dict[str, np.ndarray]:
    """The cached arrays (`ids`, `first`, `mean`, `windows`, `encoder`, `lexical`)."""
    with np.load(cache_path(model)) as arrays:
        return {k: arrays[k] for k in arrays.files}


def _reused_encoder(model: TextClassifier) -> dict[str, np.ndarray] | None:
    """The encoder arrays of the model whose encoder this one reuses (`encoder_from`, same
    tokenizer), when that model is cached: the same weights give the same outputs."""
    source = model.manifest.get("encoder_from")
    if not source:
        return None
    source_dir = ROOT / source if not Path(source).is_absolute() else Path(source)
    try:
        other = TextClassifier(source_dir, threads=1)
    except ModelError:  # an unusable source: compute afresh
        return None
    same = other.manifest["files"]["tokenizer.json"] == model.manifest["files"]["tokenizer.json"]
    if not same or not cache_path(other).is_file():
        return None
    return {k: v for k, v in load(other).items() if k != "lexical"}


def build(model: TextClassifier) -> Path:
    reused = _reused_encoder(model)
    if reused is not None:
        assert model.lexical is not None
        lexical = model.lexical.logits([r["text"] for r in rows()])
        np.savez(cache_path(model), **reused, lexical=lexical.astype(np.float32))
        return cache_path(model)
    return _build(model)


def _build(model: TextClassifier) -> Path:
    from tokenizers import Tokenizer

    CACHE.mkdir(parents=True, exist_ok=True)
    onnx_path = CACHE / f"{model.version}-embedding.onnx"
    add_embedding_output(model.model_dir / "model.onnx", onnx_path)
    session = onnx_session(onnx_path, threads=1)
    names = {i.name for i in session.get_inputs()}
    tokenizer = Tokenizer.from_file(str(model.model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    docs = rows()
    first, mean, logits, count = [], [], [], []
    started = time.time()
    for n, row in enumerate(docs):
        windows = window_ids(tokenizer, row["text"], model.max_length, MAX_WINDOWS)
        feeds = _feeds(windows, names)
        out_logits, vectors = session.run(["logits", "embedding"], feeds)
        first.append(vectors[0])
        mean.append(vectors.mean(axis=0))
        logits.append(out_logits[0])
        count.append(len(windows))
        if n % 500 == 0:
            print(f"{n}/{len(docs)} {time.time() - started:.0f}s", flush=True)
    assert model.lexical is not None
    lexical = model.lexical.logits([r["text"] for r in docs])
    path = cache_path(model)
    np.savez(
        path,
        ids=np.array([r["id"] for r in docs]),
        first=np.array(first, dtype=np.float32),
        mean=np.array(mean, dtype=np.float32),
        windows=np.array(count),
        encoder=np.array(logits, dtype=np.float32),
        lexical=lexical.astype(np.float32),
    )
    return path


def _feeds(windows: list[list[int]], names: set[str]) -> dict[str, np.ndarray]:
    width = max(len(w) for w in windows)
    ids = np.zeros((len(windows), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, w in enumerate(windows):
        ids[row, : len(w)], mask[row, : len(w)] = w, 1
    feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    return {k: v for k, v in feeds.items() if k in names}


def main() -> int:
    a = benchmark_parser(__doc__).parse_args()
    if data_missing():
        return 0
    model = TextClassifier(model_dir(a.model_dir), threads=1)
    print(f"wrote {build(model)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def tfidf(model: TextClassifier) -> Any:
    """The shipped lexical model's TF-IDF vectors of every cached document (same order as
    `rows()`), cached beside the embeddings."""
    import scipy.sparse as sp

    path = CACHE / f"{model.version}-tfidf.npz"
    if path.is_file():
        return sp.load_npz(path).tocsr()
    assert model.lexical is not None
    indices, values, indptr = [], [], [0]
    for row in rows():
        index, value = model.lexical.features(row["text"])
        indices.append(index)
        values.append(value)
        indptr.append(indptr[-1] + len(index))
    shape = (len(indptr) - 1, len(model.lexical.vocabulary))
    matrix = sp.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)), shape=shape
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    sp.save_npz(path, matrix)
    return matrix


def cached(model: TextClassifier) -> dict[str, Any]:
    """The cache (built when missing) with the TF-IDF matrix under `tfidf` and the rows."""
    if not cache_path(model).is_file():
        build(model)
    arrays: dict[str, Any] = load(model)
    arrays["tfidf"] = tfidf(model)
    arrays["rows"] = rows()
    return arrays
