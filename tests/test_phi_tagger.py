"""The PHI tagger: windows over long texts, training on annotated texts, a verified model."""

from __future__ import annotations

import itertools
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from classifier.errors import ModelError
from classifier.ml.phi_tagger import OVERLAP, PhiTagger, TaggedSpan, _hysteresis, token_windows
from classifier.settings import ROOT, load_settings

TAGGER_DIR = ROOT / "models" / load_settings().phi_tagger


@pytest.mark.parametrize("n", [0, 1, 254, 255, 256, 600, 1000, 5003])
@pytest.mark.parametrize("window", [254, 30, 8])
def test_windows_keep_every_token_once(n: int, window: int) -> None:
    overlap = min(OVERLAP, window // 4)
    kept = []
    for start, end, keep_from, keep_to in token_windows(n, window):
        assert 0 <= start <= keep_from <= keep_to <= end <= n and end - start <= window
        assert keep_from == 0 or keep_from - start >= overlap  # context on the left
        assert keep_to == n or end - keep_to >= overlap  # and on the right
        kept += range(keep_from, keep_to)
    assert kept == list(range(n))


def _words(text: str, scores: dict[str, tuple[str, float]]) -> list[TaggedSpan]:
    out, at = [], 0
    for word in text.split():
        at = text.index(word, at)
        entity, score = scores.get(word, ("PERSON", 0.01))
        out.append(TaggedSpan(at, at + len(word), entity, score))
        at += len(word)
    return out


HYSTERESIS = [
    # (text, word scores, join threshold, words kept with their types)
    ("in San Diego now", {"San": ("LOCATION", 0.9), "Diego": ("PERSON", 0.3)}, 0.2,
     [("San", "LOCATION"), ("Diego", "LOCATION")]),  # the weak word takes the strong one's type
    ("in San Diego now", {"San": ("LOCATION", 0.9), "Diego": ("PERSON", 0.3)}, 0.5,
     [("San", "LOCATION")]),
    ("Dr Will Cole came", {"Will": ("PERSON", 0.25), "Cole": ("PERSON", 0.8)}, 0.2,
     [("Will", "PERSON"), ("Cole", "PERSON")]),  # growing to the left too
    ("will call back", {"will": ("PERSON", 0.3)}, 0.2, []),  # weak alone: nothing
    ("Cole\n\nWill", {"Cole": ("PERSON", 0.8), "Will": ("PERSON", 0.3)}, 0.2,
     [("Cole", "PERSON")]),  # not across a blank line
    ("Sorensen   Hospice ID", {"Sorensen": ("PERSON", 0.9), "Hospice": ("PERSON", 0.3)}, 0.2,
     [("Sorensen", "PERSON")]),  # not across a form's run of blanks
    ("Luc\tAHCIP: 4589", {"Luc": ("PERSON", 0.9), "AHCIP:": ("PERSON", 0.3)}, 0.2,
     [("Luc", "PERSON")]),  # nor a tab
]  # fmt: skip


@pytest.mark.parametrize(("text", "scores", "threshold", "expected"), HYSTERESIS)
def test_hysteresis(
    text: str, scores: dict[str, tuple[str, float]], threshold: float, expected: list[object]
) -> None:
    kept = _hysteresis(text, _words(text, scores), threshold)
    assert [(text[w.start : w.end], w.entity_type) for _, w in kept] == expected


GIVEN = ["Alice", "Marta", "Joseph", "Nadia", "Oscar", "Priya", "Tomas", "Wen"]
FAMILY = ["Brennan", "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Silva"]


def _annotated(n: int, seed: int) -> list[dict[str, object]]:
    """Generated notes with planted names and dates, annotated like the PhysioNet file."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        date = f"{rng.randint(1, 12)}/{rng.randint(1, 28)}"
        text = f"Seen by Dr. {name} on {date}. Pt stable, afebrile, tolerating diet."
        start = text.index(name)
        d = text.index(date)
        spans = [
            {"start": start, "end": start + len(name), "type": "HCPName"},
            {"start": d, "end": d + len(date), "type": "Date"},
        ]
        rows.append({"id": f"n{i}", "patient": str(i), "text": text, "spans": spans})
    return rows


@pytest.mark.slow
def test_train_a_tiny_tagger_and_load_it(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from classifier.training.tagger import TaggerConfig, train_tagger

    data = tmp_path / "notes.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _annotated(48, 1)))
    out = train_tagger(
        TaggerConfig(data=(str(data),), out=str(tmp_path / "tagger"), epochs=3, max_length=32,
                     batch_size=8, split="tune", threads=1, learning_rate=3e-4, layers=2)
    )  # fmt: skip
    tagger = PhiTagger(out)
    assert tagger.manifest["training"]["split"] == "tune"
    assert tagger.manifest["training"]["encoder_layers"] == 2  # a 2-layer student
    assert 0.0 <= tagger.manifest["metrics"]["holdout"]["char_recall"] <= 1.0
    text = "Seen by Dr. Nadia Okafor on 3/14. Pt stable. " * 12  # several windows
    spans = tagger.tag(text)
    assert all(0 <= s.start < s.end <= len(text) and 0 < s.score <= 1 for s in spans)
    assert {s.entity_type for s in spans} <= set(tagger.types)
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    raw = bytearray((broken / "model.onnx").read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (broken / "model.onnx").write_bytes(bytes(raw))
    with pytest.raises(ModelError, match="does not match its manifest"):
        PhiTagger(broken)


def test_a_soup_averages_floating_weights_and_keeps_the_rest() -> None:
    torch = pytest.importorskip("torch")
    from classifier.training.tagger import averaged_weights

    a = {"w": torch.tensor([1.0, 2.0]), "ids": torch.tensor([0, 1])}
    b = {"w": torch.tensor([3.0, 6.0]), "ids": torch.tensor([0, 1])}
    out = averaged_weights([a, b])
    assert out["w"].tolist() == [2.0, 4.0] and out["ids"].tolist() == [0, 1]


@pytest.mark.slow
def test_train_a_tiny_soup(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from classifier.training.tagger import TaggerConfig, train_tagger

    data = tmp_path / "notes.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _annotated(24, 1)))
    out = train_tagger(
        TaggerConfig(data=(str(data),), out=str(tmp_path / "soup"), epochs=1, max_length=32,
                     batch_size=8, threads=1, layers=1, soup=2, seed=5)
    )  # fmt: skip
    tagger = PhiTagger(out)
    assert tagger.manifest["training"]["soup_seeds"] == [5, 6]
    assert all(0 <= s.start < s.end for s in tagger.tag("Seen by Dr. Okafor on 3/14."))


def test_a_classifier_model_is_not_a_tagger() -> None:
    active = (ROOT / "models" / "ACTIVE").read_text().strip()
    with pytest.raises(ModelError, match="not a PHI tagger"):
        PhiTagger(ROOT / "models" / active)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("SISTER,CARROLL ANNE", ["SISTER", ",", "CARROLL", "ANNE"]),
        ("per dr. Murphy- procedure", ["per", "dr", ".", "Murphy", "-", "procedure"]),
        ("on 8/28.", ["on", "8", "/", "28", "."]),
        ("O'Brien", ["O", "'", "Brien"]),
        ("TOXICITY-9/2/92", ["TOXICITY", "-", "9", "/", "2", "/", "92"]),
    ],
)
def test_punctuation_is_a_word_of_its_own(text: str, words: list[str]) -> None:
    """Word pieces that touch make one word; punctuation stands alone, so the tagger's type of
    a name does not spill over a comma or a hyphen glued to it."""
    tagger = PhiTagger(TAGGER_DIR)
    encoding = tagger.tokenizer.encode(text, add_special_tokens=False)
    probs = np.ones((len(encoding.ids), len(tagger.labels)), dtype=np.float32)
    found = PhiTagger._words(text, encoding.offsets, probs)
    assert [text[w.start : w.end] for w in found] == words


class _CountingSession:
    """The real ONNX session, counting its runs (to see that nothing answers from a cache)."""

    def __init__(self, session: object) -> None:
        self.session = session
        self.runs = 0

    def run(self, *args: object) -> object:
        self.runs += 1
        return self.session.run(*args)  # type: ignore[attr-defined]


def test_scores_are_computed_from_each_text() -> None:
    """No cache answers: each call runs the model on the text it is given, so a benchmark
    repeating one text measures the same work as one of distinct texts."""
    tagger = PhiTagger(TAGGER_DIR, threads=1)
    counting = _CountingSession(tagger.session)
    tagger.session = counting  # type: ignore[assignment]
    first = "Seen by Dr. Nadia Okafor on 3/14, pt stable."
    second = "Call from son Oscar Lindqvist at 617-555-0142 about discharge."
    a = tagger.word_scores(first)
    b = tagger.word_scores(second)
    again = tagger.word_scores(first)
    assert counting.runs == 3
    assert [second[w.start : w.end] for w in b][:4] == ["Call", "from", "son", "Oscar"]
    assert b == PhiTagger(TAGGER_DIR, threads=1).word_scores(second)  # as from a fresh tagger
    assert a == again and a != b
    assert tagger.tag(second) == tagger.spans(second, b)
    assert counting.runs == 4


def _long_text(chars: int, seed: int) -> tuple[str, list[tuple[int, int]]]:
    """One line of filler (accents, combining marks, a ligature, CJK, an emoji, a zero-width
    space) with names planted at known offsets."""
    rng = random.Random(seed)
    filler = ["Pt stable, afebrile.", "Café visit noted 😀.", "naïve T-cell count ok;",
              "Tolerating diet, BP 120/80.", "Family at bedside—calm.",
              "İstanbul ﬁle 漢字 e\u0301te\u200b ok."]  # fmt: skip
    parts: list[str] = []
    planted, at = [], 0
    while at < chars:
        piece = rng.choice(filler) + " "
        if rng.random() < 0.05:
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            planted.append((at + len("Seen by Dr. "), at + len("Seen by Dr. ") + len(name)))
            piece = f"Seen by Dr. {name} today. "
        parts.append(piece)
        at += len(piece)
    return "".join(parts), planted


SHIPPED_TAGGERS = sorted({TAGGER_DIR.name, "phi-tagger-4"})


@pytest.mark.parametrize("name", SHIPPED_TAGGERS)
def test_offsets_are_exact_on_a_long_text_without_line_breaks(name: str) -> None:
    text, planted = _long_text(100_000, 5)
    assert len(text) >= 100_000 and "\n" not in text
    tagger = PhiTagger(ROOT / "models" / name, threads=2)
    words = tagger.word_scores(text)
    assert all(w.start < w.end and not text[w.start : w.end].isspace() for w in words)
    assert all(a.end <= b.start for a, b in itertools.pairwise(words))
    covered = "".join(text[w.start : w.end] for w in words)
    assert [c for c in covered if c.isalnum()] == [c for c in text if c.isalnum()]
    spans = tagger.spans(text, words)
    names = {(s.start, s.end) for s in spans if s.entity_type == "PERSON"}
    found = [p for p in planted if p in names]
    assert len(found) >= 0.9 * len(planted)  # the planted names, at their exact offsets
    for s in spans:  # no span cuts a word
        assert not text[s.start - 1 : s.start].isalnum() and not text[s.end : s.end + 1].isalnum()


def test_batched_windows_score_as_one_window_per_run() -> None:
    """Several windows per ONNX run (the default) find what one window per run finds. Scores
    move a little: int8 dynamic quantization scales activations over the whole run."""
    text, planted = _long_text(4_000, 9)  # about five windows, the last one shorter
    batched = PhiTagger(TAGGER_DIR, threads=1)
    single = PhiTagger(TAGGER_DIR, threads=1, windows_per_run=1)
    many, one = batched.word_scores(text), single.word_scores(text)
    assert [(w.start, w.end) for w in many] == [(w.start, w.end) for w in one]
    assert np.allclose([w.score for w in many], [w.score for w in one], atol=0.2)
    for tagger, words in ((batched, many), (single, one)):
        names = {(s.start, s.end) for s in tagger.spans(text, words) if s.entity_type == "PERSON"}
        assert planted and set(planted) <= names


def test_plain_windows_are_subsampled_and_annotated_ones_kept() -> None:
    from classifier.training.tagger import subsampled

    plain = [([1, 2], [0, 0]) for _ in range(1000)]
    annotated = [([1, 2], [0, 3]) for _ in range(10)]
    kept = subsampled(plain + annotated, 0.3, random.Random(1))
    assert kept[-10:] == annotated and 200 < len(kept) - 10 < 400
    assert subsampled(plain, 1.0, random.Random(1)) == plain


def test_scores_of_all_words_at_once_are_those_of_one_word_at_a_time() -> None:
    """word_scores normalises every word's summed probabilities in one array operation: the
    same type and the same score, to the bit, as the arithmetic on each word alone."""
    tagger = PhiTagger(TAGGER_DIR, threads=1)
    text, _ = _long_text(3_000, 11)
    encoding = tagger.tokenizer.encode(text, add_special_tokens=False)
    words = tagger._words(text, encoding.offsets, tagger.token_probs(encoding.ids))
    one_at_a_time = []
    for w in words:
        p = w.probs / w.probs.sum()
        label = tagger.labels[int(np.argmax(np.where(tagger.is_type, p, -1.0)))]
        one_at_a_time.append(TaggedSpan(w.start, w.end, label, 1.0 - float(p[tagger.outside])))
    assert len(words) > 300 and tagger.word_scores(text) == one_at_a_time


def test_sleeping_worker_threads_give_the_same_probabilities() -> None:
    """The tagger's ONNX threads sleep between operators (phi_tagger.SPINNING): only the
    waiting changes, not the arithmetic."""
    from classifier.ml.text_classifier import onnx_session

    tagger = PhiTagger(TAGGER_DIR, threads=2)
    text, _ = _long_text(3_000, 12)
    ids = tagger.tokenizer.encode(text, add_special_tokens=False).ids
    sleeping = tagger.token_probs(ids)
    tagger.session = onnx_session(TAGGER_DIR / "model.onnx", 2, spinning=True)
    assert np.array_equal(sleeping, tagger.token_probs(ids))
