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

from classifier.ml.phi_tagger import STRONG, PhiTagger, TaggedSpan

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
        spans = self.tagger.spans(text, words)
        spans += census_names_the_tagger_leans_to(text, words, spans, self.tagger.whole_words)
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
            for s in spans
            if s.entity_type in wanted
        ]


LEANS_TO_A_NAME = 0.15  # a word the tagger calls a name with this weight, under STRONG (0.5)
LEANING_NAME_SCORE = 0.5
LEANING_NAME_LETTERS = 6  # shorter ones were misspellings and abbreviations: NEICE, stong, PERL


def census_names_the_tagger_leans_to(
    text: str, words: list[TaggedSpan], spans: list[TaggedSpan], ordinary: frozenset[str]
) -> list[TaggedSpan]:
    """Words the tagger leans to calling a name without saying so (PERSON at 0.15 to 0.5)
    that are census names and no ordinary word, nor a misspelt one ("NEICE", "stong"), nor a
    device's name ("Passy", "Quinton"): "PER DOUGLASS WILL HOLD" (0.26 from a tagger that never
    saw the note). A census list and the tagger's doubt together are as good as a title before
    the name."""
    from classifier.detection.filters import device_eponyms
    from classifier.detection.name_lexicon import known_name
    from classifier.detection.names import common, misspelt

    out = []
    taken = [(s.start, s.end) for s in spans]
    for w in words:
        if w.entity_type != "PERSON" or not LEANS_TO_A_NAME <= w.score < STRONG:
            continue
        value = text[w.start : w.end]
        if len(value) < LEANING_NAME_LETTERS or not value.isalpha() or common(value):
            continue
        if misspelt(value, ordinary):
            continue
        if value.lower() in device_eponyms():
            continue
        if not known_name(value, ordinary) or any(a < w.end and w.start < b for a, b in taken):
            continue
        out.append(TaggedSpan(w.start, w.end, "PERSON", LEANING_NAME_SCORE))
    return out
