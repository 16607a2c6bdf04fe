"""Names, places, dates, organisations, ages, titles and other identifiers from the PHI tagger
(classifier/ml/phi_tagger.py), a token-classification model trained on annotated notes and
sentences. Replaces spaCy's NER: it reads clinical text (upper case, abbreviations) where the
general-purpose model guesses.

The model runs once per text: a caller that needs the word scores too (the Detector checks
other recognizers' guesses against them) computes them with `tagger.word_scores(text)` and
passes them in, `PhiTaggerRecognizer(tagger, words)`, as an ad-hoc recognizer for that text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from presidio_analyzer import EntityRecognizer, RecognizerResult

from classifier.ml.phi_tagger import PhiTagger, TaggedSpan

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

NAME = "PhiTaggerRecognizer"


class PhiTaggerRecognizer(EntityRecognizer):
    def __init__(self, tagger: PhiTagger, words: list[TaggedSpan] | None = None) -> None:
        self.tagger = tagger
        self.words = words  # the word scores of the one text this instance is for
        super().__init__(supported_entities=list(tagger.types), name=NAME)

    def load(self) -> None:  # the tagger is loaded already
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(self.supported_entities)
        words = self.words if self.words is not None else self.tagger.word_scores(text)
        return [
            RecognizerResult(
                s.entity_type,
                s.start,
                s.end,
                s.score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: NAME,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for s in self.tagger.spans(text, words)
            if s.entity_type in wanted
        ]
