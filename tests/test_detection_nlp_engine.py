"""The tokenizer-only NLP engine gives Presidio what the full spaCy model with its pipes off
and lower-case lemmas gave (the engine the PHI tagger's detector ran on before)."""

from __future__ import annotations

import pytest
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from classifier.detection.analyzer import SPACY_MODEL
from classifier.detection.nlp_engine import Keywords, TokenizerNlpEngine

SENTENCES = [
    "Pt is a 67 y.o. female admitted 9/2/92 by Dr. Forman-Lyons, RRT (617) 555-0142.",
    "SSN: 123-45-6789; MRN#4456123 seen at St. Mary's, 14.03.2024; e-mail a.b@example.org.",
    "CONTINUES ON A/C 10/700/.50/5 WITH NO RECENT ABG.\n\n DAN A. FORMAN-LYONS, RRT\n",
    "Call 617.253.1000 or +44 20 7946 0958, IBAN DE89 3704 0044 0532 0130 00, don't wait!",
    "",
    "   \n\t ",
]


@pytest.fixture(scope="module")
def engines() -> tuple[SpacyNlpEngine, TokenizerNlpEngine]:
    full = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    full.load()
    assert full.nlp is not None
    nlp = full.nlp["en"]
    for pipe in list(nlp.pipe_names):
        nlp.disable_pipe(pipe)
    ours = TokenizerNlpEngine(SPACY_MODEL, max_length=100_000)
    ours.load()
    return full, ours


@pytest.mark.parametrize("text", SENTENCES)
def test_same_tokens_offsets_lemmas_and_keywords(engines, text):
    full, ours = engines
    doc = full.get_nlp("en")(text)
    lemmas = [t.lower_ for t in doc]  # the lower-case lemma the tagger's detector used
    expected_keywords = type(full.process_text(text, "en")).set_keywords(full, lemmas, "en")
    got = ours.process_text(text, "en")
    assert [t.text for t in got.tokens] == [t.text for t in doc]
    assert got.tokens_indices == [t.idx for t in doc]
    assert got.lemmas == lemmas
    assert list(got.keywords) == expected_keywords
    assert got.entities == []


def test_keywords_are_a_list_with_set_membership():
    words = Keywords(["call", "ssn", "call"])
    assert words == ["call", "ssn", "call"]
    assert "ssn" in words and "mrn" not in words


def test_stop_words_and_punctuation_as_the_vocabulary_says(engines):
    full, ours = engines
    for word in ("the", "and", "Patient", ",", "(", "SSN", "be"):
        assert ours.is_stopword(word, "en") == full.is_stopword(word, "en")
        assert ours.is_punct(word, "en") == full.is_punct(word, "en")
