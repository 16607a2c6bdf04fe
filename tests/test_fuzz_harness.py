"""benchmarks/fuzz_extractors.py: its seeds extract cleanly (else the fuzzing says nothing),
its mutations are reproducible from the seed, and a few mutated cases per format, each run by
the real extractor in a child under the memory and time limits, end ok or quarantined."""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import fuzz_extractors as fuzz

from classifier.document import Document

SEEDS = fuzz.seeds()
MEMORY = 1536 * 1024 * 1024


def _document(fmt: str, content: bytes) -> Document:
    media_type, filename, _ = SEEDS[fmt]
    return Document(content, filename, media_type, hashlib.sha256(content).hexdigest())


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_seed_extracts_and_mutants_end_ok_or_quarantined(fmt: str) -> None:
    data = SEEDS[fmt][2]
    assert fuzz.run_case(_document(fmt, data), MEMORY, 20) == ("ok", "")
    rng = random.Random(f"test:{fmt}")
    for _ in range(3):
        _, content = fuzz.mutate(fmt, data, rng)
        assert fuzz.run_case(_document(fmt, content), MEMORY, 20)[0] in ("ok", "quarantined")


def test_mutations_repeat_with_the_seed() -> None:
    data = SEEDS["docx"][2]
    first = [fuzz.mutate("docx", data, random.Random("16:docx")) for _ in range(2)]
    assert first[0] == first[1] and first[0][1] != data


def test_truncated_pdf_is_a_clean_quarantine() -> None:
    assert fuzz.run_case(_document("pdf", SEEDS["pdf"][2][:200]), MEMORY, 20) == (
        "quarantined",
        "corrupt document",
    )
