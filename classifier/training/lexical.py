"""Fit the lexical model (TF-IDF + logistic regression) with scikit-learn, export it to the
numpy form `classifier.ml.lexical_model.LexicalModel` runs at serving time."""

from __future__ import annotations

import numpy as np

from classifier.ml.lexical_model import TOKEN, LexicalModel, with_heading_tokens
from classifier.training.corpus import Example

MAX_FEATURES = 20_000


def fit_lexical(train: list[Example], labels: list[str], c: float = 10.0) -> LexicalModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        min_df=2,
        max_features=MAX_FEATURES,
        ngram_range=(1, 2),
        token_pattern=TOKEN.pattern,
        dtype=np.float32,
    )
    x = vectorizer.fit_transform([with_heading_tokens(ex.text) for ex in train])
    y = [ex.label for ex in train]
    lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)
    order = [list(lr.classes_).index(label) for label in labels]  # the encoder's label order
    vocabulary = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    return LexicalModel(
        vocabulary, vectorizer.idf_.astype(np.float32), lr.coef_[order], lr.intercept_[order]
    )
