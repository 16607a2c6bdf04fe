"""The classifier's `embedding` output and whole-document embeddings, on the real models."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.errors import ModelError
from classifier.ml.embedding import MAX_WINDOWS, window_ids
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir
from classifier.settings import ROOT
from tests.documents import CLINICAL_NOTE, CONTRACT

OLD = ROOT / "models" / "minilm-docclass-5"  # the same encoder, without the embedding output


def test_the_embedding_output_leaves_the_logits_as_they_were(model: TextClassifier) -> None:
    assert model.manifest["encoder_from"] == "models/minilm-docclass-5"
    old = TextClassifier(OLD)
    texts = [CLINICAL_NOTE, CONTRACT]
    assert np.array_equal(model.encoder_logits(texts), old.encoder_logits(texts))


def test_a_long_document_is_read_in_windows(model: TextClassifier) -> None:
    assert model.window_tokenizer is not None
    long_text = CLINICAL_NOTE * 40
    windows = window_ids(model.window_tokenizer, long_text, model.max_length, MAX_WINDOWS)
    assert len(windows) == MAX_WINDOWS and all(len(w) <= model.max_length for w in windows)
    short = window_ids(model.window_tokenizer, CONTRACT, model.max_length, MAX_WINDOWS)
    assert len(short) == 1
    vectors = model.embed([CLINICAL_NOTE, long_text, CONTRACT])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[2]) < float(vectors[0] @ vectors[1])


def test_a_model_without_the_output_cannot_embed() -> None:
    with pytest.raises(ModelError, match="no embedding output"):
        TextClassifier(OLD).embed([CONTRACT])


def test_the_active_model_is_the_one_these_tests_read(model: TextClassifier) -> None:
    assert model.model_dir == resolve_model_dir(ROOT / "models")
