"""The one-pass engine (classifier/detection/engine.py) against Presidio's AnalyzerEngine, on the
same recognizers and the shipped PHI tagger; its parts: spaCy's word splitting without spaCy
(words.py), the literal prefilter (prefilter.py), Presidio's classes without spaCy
(presidio_core.py), the recognizer list (data/presidio_recognizers.txt)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pytest

from classifier.detection import analyzer as analyzer_module
from classifier.detection import context, prefilter, words
from classifier.detection.analyzer import SPACY_MODEL, analyze, build_analyzer, load_tagger
from classifier.detection.engine import OnePassEngine
from classifier.detection.propagation import LEAK_CHARS, all_occurrences, occurrences
from classifier.detection.recognizers.tagger import PhiTaggerRecognizer
from classifier.settings import ROOT
from tests.test_detection_nlp_engine import SENTENCES

TEXTS = [
    *SENTENCES,
    "Dear Ms. Okafor,\nyour card 4111 1111 1111 1111 (Visa) and account no. 12345678 at "
    "routing 011000015 were charged on 25/12; SWIFT: DEUTDEFF500. Tel: 020 7946 0958.",
    "Patient MRN 00482913, DOB 14.03.1962, seen by Dr Lange (pager 617-555-0142) at "
    "Massachusetts General Hospital; daughter Anna visited. IP 192.168.0.12, "
    "host 2001:db8::1, mac 00:1B:44:11:3A:B7, id 123e4567-e89b-12d3-a456-426614174000.",
    "Case No. 1:21-cv-01234, Bar No. 123456, EIN 12-3456789, ITIN 912-70-1234, "
    "passport 912803456, driver license D1234567, NHS 943 476 5919, "
    "bitcoin 1BoatSLRHtKNngkdXEeobR76b53LETtpyT, https://example.org/a?b=1 and www.x.io.",
    "SSN 078-05-1120 ... (617)555-0199x45; born 1921, age 97; VIN 1HGCM82633A004352 "
    "- plate ABC-1234 — Straße 12, 10115 Berlin; 1600 Pennsylvania Ave NW, DC 20500.",
]


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    return load_tagger(ROOT / "models", "")


@pytest.fixture(scope="module")
def engines(tagger):  # type: ignore[no-untyped-def]
    return build_analyzer(tagger, presidio=True), build_analyzer(tagger)


def _keys(findings):  # type: ignore[no-untyped-def]
    """Findings without the recognizer's name: where two recognizers give the same span, type
    and score, Presidio keeps the one its recognizer set happens to list first (an order of
    object addresses), the one-pass engine the first in the registry's order."""
    return sorted((f.start, f.end, f.entity_type, round(f.score, 9), f.validated) for f in findings)


def test_the_serving_engine_is_the_one_pass_engine(engines) -> None:  # type: ignore[no-untyped-def]
    reference, ours = engines
    assert isinstance(ours, OnePassEngine)
    assert [r.name for r in ours.recognizers] == [r.name for r in reference.registry.recognizers]


@pytest.mark.parametrize("text", TEXTS)
def test_same_findings_as_presidio(engines, tagger, text) -> None:  # type: ignore[no-untyped-def]
    reference, ours = engines
    tagged = [PhiTaggerRecognizer(tagger, tagger.word_scores(text))]
    expected = _keys(analyze(reference, text, 0.0, tagged))
    assert _keys(analyze(ours, text, 0.0, tagged)) == expected
    assert expected or not text.strip()


def test_context_words_raise_a_score_as_presidio_does(engines) -> None:  # type: ignore[no-untyped-def]
    reference, ours = engines
    text = "Please call 555-0142 today. Later, in a sentence about apples and pears: 555-0143."
    found = _keys(analyze(ours, text, 0.0))
    assert found == _keys(analyze(reference, text, 0.0))
    scores = [score for _, _, kind, score, _ in found if kind == "PHONE_NUMBER"]
    assert scores[0] > scores[1] == 0.3  # the number after "call" gained the context boost


def test_the_recognizer_list_is_presidios_registry(tagger) -> None:  # type: ignore[no-untyped-def]
    def described(recognizers):  # type: ignore[no-untyped-def]
        return [
            (r.name, r.supported_entities, r.context, r.supported_language,
             [(p.name, p.regex, p.score) for p in getattr(r, "patterns", [])])
            for r in recognizers
        ]  # fmt: skip

    expected = described(analyzer_module.recognizers(tagger))
    assert described(analyzer_module.tagger_recognizers()) == expected


@pytest.fixture(scope="module")
def spacy_tokenizer():  # type: ignore[no-untyped-def]
    import spacy

    meta = spacy.util.get_model_meta(spacy.util.get_package_path(SPACY_MODEL))
    return spacy.load(SPACY_MODEL, exclude=meta.get("components", []))


def _hard_texts() -> list[str]:
    rng = random.Random(7)
    pieces = ["Dr.", "don't", "(617)555-0199.", "e-mail:", "U.S.", "10mg", "a.m.)", "“Hi”",
              "http://x.org/a.", "john@x.com,", "  ", "\n\n", " \n", "\t", "—", "...", "'s",
              "MRN#123", "12/25/2020", "x:y", "ID.", "St.", "Mary's", "Jan.", ":)", "(a.m.)",
              "naïve", "ﬁne", "日本", "🙂", "O'Neil", "co-op", "3-4", "5'11\"", "$5.00",
              "N.Y."]  # fmt: skip
    return [
        "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n"]) for _ in range(30))
        for _ in range(200)
    ]


def test_words_are_spacys_tokens(spacy_tokenizer) -> None:  # type: ignore[no-untyped-def]
    texts = TEXTS + _hard_texts()
    for text in texts:
        doc = spacy_tokenizer.make_doc(text)
        assert words.words(text) == ([t.idx for t in doc], [t.text for t in doc]), text


def test_stop_words_and_punctuation_are_spacys(spacy_tokenizer) -> None:  # type: ignore[no-untyped-def]
    vocab = spacy_tokenizer.vocab
    for text in TEXTS + _hard_texts()[:20]:
        for word in words.words(text)[1]:
            lemma = word.lower()
            assert words.is_stop(lemma) == vocab[lemma].is_stop, lemma
            assert words.is_punct(lemma) == vocab[lemma].is_punct, lemma


def test_every_pattern_compiles_though_compiled_at_first_use(engines) -> None:  # type: ignore[no-untyped-def]
    """Patterns compile when a text first may match them (and Presidio's own check at
    construction is left out, presidio_core): an invalid one must still fail, here."""
    from classifier.detection.engine import PatternRun, compiled

    runs = [r for r in engines[1]._runs if isinstance(r, PatternRun)]
    assert len(runs) > 20
    for run in runs:
        for _, pattern, _ in run.patterns:
            assert callable(compiled(pattern, run.flags))


def test_a_pattern_is_skipped_only_where_it_cannot_match(tagger) -> None:  # type: ignore[no-untyped-def]
    texts = TEXTS + [t.upper() for t in TEXTS] + ["ſ K ı İ MRN mrn Mrn"]
    checked = 0
    for recognizer in analyzer_module.tagger_recognizers():
        flags = int(getattr(recognizer, "global_regex_flags", 0) or 0)
        for pattern in getattr(recognizer, "patterns", []):
            import regex

            compiled = regex.compile(pattern.regex, flags)
            literals = prefilter.needed(pattern.regex, flags & 0xFF)
            for text in texts:
                if compiled.search(text):
                    checked += 1
                    assert prefilter.may_match(literals, prefilter.folded(text)), pattern.name
    assert checked > 50


def test_needed_literals() -> None:
    assert prefilter.needed(r"(?<!\w)(?:mrn|medical[ \t]+record)\s*#?\d{3}", re.I) == {
        "mrn",
        "medical",
    }
    assert prefilter.needed(r"\d{3}-\d{2}", 0) == {"-"}
    assert prefilter.needed(r"\d+|[a-z]+", 0) is None
    assert prefilter.folded("MRN ſ") == "mrn s"


def test_propagation_finds_what_a_regular_expression_finds() -> None:
    rng = random.Random(3)
    alphabet = "ab _é1.-"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        value = "".join(rng.choice(alphabet[:4]) for _ in range(rng.randint(1, 7)))
        escaped = re.escape(value)
        pattern = escaped if len(value) >= LEAK_CHARS else rf"(?<!\w){escaped}(?!\w)"
        assert list(occurrences(value, text)) == [m.span() for m in re.finditer(pattern, text)]


def test_all_occurrences_in_one_pass_are_each_values_occurrences() -> None:
    """The one-pass search over many values finds what one search per value finds."""
    rng = random.Random(5)
    alphabet = "ab _é1.-\n"
    for _ in range(1000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        values = list(
            dict.fromkeys(
                "".join(rng.choice(alphabet[:5]) for _ in range(rng.randint(1, 8)))
                for _ in range(rng.randint(0, 12))
            )
        )
        expected = sorted((i, s, e) for i, v in enumerate(values) for s, e in occurrences(v, text))
        assert sorted(all_occurrences(values, text)) == expected


def test_the_serving_detector_does_not_import_spacy() -> None:
    script = (
        "import sys, json\n"
        "from classifier.detection.analyzer import load_tagger\n"
        "from classifier.stages.detect import Detector\n"
        f"d = Detector(tagger=load_tagger({str(ROOT / 'models')!r}, ''))\n"
        "found = d.detect('SSN: 123-45-6789, IBAN DE89 3704 0044 0532 0130 00')\n"
        "from classifier.document import Classification\n"
        "d.report('Dear Ms. Okafor,', classification=Classification('invoice', 'finance', 0.9))\n"
        "before = 'spacy' in sys.modules\n"
        "from presidio_analyzer import AnalyzerEngine\n"
        "from presidio_analyzer.nlp_engine import NlpArtifacts\n"
        "print(json.dumps([before, [f.entity_type for f in found], AnalyzerEngine.__name__]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    before, types, name = json.loads(out.stdout.strip().splitlines()[-1])
    assert before is False
    assert "US_SSN" in types and "IBAN_CODE" in types
    assert name == "AnalyzerEngine"


def _presidio_context(text: str, start: int) -> list[str]:
    """Presidio's context words at `start` over the whole text's words (its enhancer's walk)."""
    lemmas = [w.lower() for w in words.words(text)[1]]
    ends = [s + len(w) for s, w in zip(*words.words(text), strict=True)]
    keywords = {
        part
        for lemma in lemmas
        if not words.is_stop(lemma) and not words.is_punct(lemma) and lemma not in ("be", "-PRON-")
        for part in lemma.split(":")
    }
    i = next((i for i, end in enumerate(ends) if start < end), None)
    out: list[str] = []
    while i is not None and i >= 0 and len(out) <= context.PREFIX_WORDS:
        if lemmas[i] in keywords:
            out.append(lemmas[i])
        i -= 1
    return out


def test_context_words_split_only_before_a_finding_are_the_whole_texts() -> None:
    texts = [*TEXTS, *_hard_texts()[:40], "no:12 the x " * 5 + "Rm no call 555-0142"]
    for text in texts:
        words_of = context.ContextWords(text)
        for start in range(0, len(text), 3):
            assert words_of.before(start) == _presidio_context(text, start), (text, start)
