"""The NLP engine Presidio runs on when the PHI tagger finds the named entities: spaCy only
splits the text into words (for the context words) and a lemma is the lower-case word.

It loads the spaCy model's tokenizer and vocabulary without its pipes (no weights: start-up
0.4 s instead of several), and gives Presidio the same tokens, offsets, lemmas and keywords
as the full model with its pipes off would, built in one pass over the words; the context
enhancer's token and keyword look-ups, which Presidio does once per finding, become list and
set look-ups instead of walks over the spaCy Doc (benchmarks/detect_equivalence.py checks the
findings are the same)."""

from __future__ import annotations

import functools
from typing import Any

from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

STOPWORD_CACHE = 65_536  # distinct words whose stop-word / punctuation answer is kept


class Keywords(list[str]):
    """Presidio's keyword list, with membership by a set (the context enhancer asks whether
    each of a finding's neighbours is in it)."""

    def __init__(self, words: list[str]):
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


class TokenizerNlpEngine(SpacyNlpEngine):
    """spaCy's tokenizer of `model_name` (the model's own rules and vocabulary), no pipes."""

    def __init__(self, model_name: str, max_length: int):
        super().__init__(models=[{"lang_code": "en", "model_name": model_name}])
        self.model_name = model_name
        self.max_length = max_length

    def load(self) -> None:
        import spacy

        config = spacy.util.get_model_meta(spacy.util.get_package_path(self.model_name))
        nlp = spacy.load(self.model_name, exclude=config.get("components", []))
        nlp.max_length = self.max_length
        self.nlp = {"en": nlp}  # type: ignore[assignment]  # Presidio types it None
        self._is_stop = functools.lru_cache(STOPWORD_CACHE)(self._lexeme_is_stop)
        self._is_punct = functools.lru_cache(STOPWORD_CACHE)(self._lexeme_is_punct)

    def _lexeme_is_stop(self, word: str, language: str) -> bool:
        return bool(self.get_nlp(language).vocab[word].is_stop)

    def _lexeme_is_punct(self, word: str, language: str) -> bool:
        return bool(self.get_nlp(language).vocab[word].is_punct)

    def is_stopword(self, word: str, language: str) -> bool:
        return bool(self._is_stop(word, language))

    def is_punct(self, word: str, language: str) -> bool:
        return bool(self._is_punct(word, language))

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        if not self.nlp:
            raise ValueError("NLP engine is not loaded. Consider calling .load()")
        tokens = list(self.nlp[language].make_doc(text))
        artifacts = NlpArtifacts(
            entities=[],
            tokens=tokens,  # a list: the context enhancer walks it once per finding
            tokens_indices=[t.idx for t in tokens],
            lemmas=[t.lower_ for t in tokens],
            nlp_engine=self,
            language=language,
            scores=[],
        )
        artifacts.keywords = Keywords(artifacts.keywords)
        return artifacts

    def process_batch(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("the Detector analyses one window at a time")
