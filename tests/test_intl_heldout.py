"""benchmarks/intl_heldout.py: the held-out international documents are the same on every run,
every gold span lies exactly on its value, and the set covers what it claims (layouts,
countries, phone countries, ID schemes). No model is loaded."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import intl_heldout  # noqa: E402
import intl_ids  # noqa: E402

DOCS = intl_heldout.generate()


def test_generation_is_deterministic_and_the_seed_matters() -> None:
    again = intl_heldout.generate(40)
    assert again == DOCS[:40]
    other = intl_heldout.generate(40, seed=intl_heldout.SEED + 1)
    assert [d["text"] for d in other] != [d["text"] for d in again]


def test_spans_lie_on_their_values_without_overlap() -> None:
    for doc in DOCS:
        assert doc["spans"], doc["id"]
        end = -1
        for span in sorted(doc["spans"], key=lambda s: s["start"]):
            value = doc["text"][span["start"] : span["end"]]
            assert value == span["text"] == value.strip() != "", (doc["id"], span)
            assert span["start"] >= end, (doc["id"], span)
            assert {"type", "format", "family"} <= set(span)
            end = span["end"]


def test_documents_are_everyday_length_in_several_languages() -> None:
    words = [len(d["text"].split()) for d in DOCS]
    assert len(DOCS) == 400
    assert min(words) >= 80 and max(words) <= 400
    assert {d["lang"] for d in DOCS} == {"en", "fr", "de", "es", "it", "nl"}
    assert len({d["template"] for d in DOCS}) >= 40
    assert len({d["country"] for d in DOCS}) >= 12


def test_the_set_covers_phones_and_identifiers_of_many_countries() -> None:
    spans = [s for d in DOCS for s in d["spans"]]
    e164 = {s["country"] for s in spans if s["family"] == "phone_e164"}
    national = {s["country"] for s in spans if s["family"] == "phone_national"}
    assert len(e164) >= 15 and len(national) >= 15
    schemes = {s["format"] for s in spans if s["format"] in intl_ids.MAKERS}
    assert len(schemes) >= 12
    assert any(s["family"].endswith("_badcheck") for s in spans)
    assert {"IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS", "EMAIL_ADDRESS"} <= {s["type"] for s in spans}


def test_a_broken_check_digit_changes_the_value() -> None:
    import random

    for kind in intl_ids.MAKERS:
        good = intl_ids.make(kind, random.Random(7))
        bad = intl_ids.make(kind, random.Random(7), valid=False)
        assert good != bad and len(good) == len(bad), kind
