"""Names, places, dates, organisations, ages, titles and other identifiers from the PHI tagger
(classifier/ml/phi_tagger.py), a token-classification model trained on annotated notes and
sentences. Replaces spaCy's NER: it reads clinical text (upper case, abbreviations) where the
general-purpose model guesses."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from classifier.ml.phi_tagger import PhiTagger

NAME = "PhiTaggerRecognizer"


class PhiTaggerRecognizer(EntityRecognizer):
    def __init__(self, tagger: PhiTagger) -> None:
        self.tagger = tagger
        super().__init__(supported_entities=list(tagger.types), name=NAME)

    def load(self) -> None:  # the tagger is loaded already
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(self.supported_entities)
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
            for s in self.tagger.tag(text)
            if s.entity_type in wanted
        ]
