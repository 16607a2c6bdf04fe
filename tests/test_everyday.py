"""Generated everyday documents (classifier/training/everyday.py): gold spans index their values
exactly, the template split is fixed and disjoint, values have the shapes their format names."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from classifier.training import everyday
from classifier.training.everyday import Template, checked, generate, is_heldout, split, templates
from classifier.training.everyday_values import KNOWN_SAMPLE_SSNS, NAME_LOCALES
from classifier.training.ner_data import load_tagged

DOCS = {name: generate(300, seed=7, split=name) for name in everyday.SPLITS}
SPANS = [(d, s) for docs in DOCS.values() for d in docs for s in d["spans"]]


def test_spans_index_their_values_exactly() -> None:
    for doc, span in SPANS:
        value = doc["text"][span["start"] : span["end"]]
        assert value == span["text"] and value.strip() == value and value, (doc["id"], span)


def test_spans_are_ordered_and_do_not_overlap() -> None:
    for docs in DOCS.values():
        for doc in docs:
            ends = [(s["start"], s["end"]) for s in doc["spans"]]
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends)), doc["id"]


def test_no_placeholder_survives() -> None:
    for docs in DOCS.values():
        assert not any(everyday.PLACEHOLDER.search(d["text"]) for d in docs)


def test_the_split_is_disjoint_deterministic_and_about_thirty_percent() -> None:
    all_templates = templates()
    sides = split(all_templates)
    train, heldout = ({t.id for t in sides[n]} for n in everyday.SPLITS)
    assert len(all_templates) >= 40 and not train & heldout
    assert train | heldout == {t.id for t in all_templates}
    assert 0.2 <= len(heldout) / len(all_templates) <= 0.4
    assert split(list(reversed(all_templates)))["heldout"] == list(reversed(sides["heldout"]))
    assert all(is_heldout(i) for i in heldout) and not any(is_heldout(i) for i in train)


def test_every_kind_has_templates_on_both_sides_and_both_levels_exist() -> None:
    assert set(everyday.config()["domains"]) == {t.kind for t in templates()}
    assert set(everyday.config()["domains"].values()) == {"clinical", "finance", "legal", "general"}
    sides = split(templates())
    kinds = {n: Counter(t.kind for t in sides[n]) for n in everyday.SPLITS}
    assert set(kinds["train"]) == set(kinds["heldout"]) and len(kinds["train"]) >= 9
    assert {t.level for t in templates()} == {"sentence", "document"}


def test_documents_come_only_from_their_split_and_depend_only_on_the_seed() -> None:
    ids = {n: {t.id for t in split(templates())[n]} for n in everyday.SPLITS}
    for name, docs in DOCS.items():
        assert {d["template"] for d in docs} <= ids[name]
    assert generate(20, seed=7, split="heldout") == DOCS["heldout"][:20]
    assert generate(20, seed=8, split="heldout") != DOCS["heldout"][:20]
    assert len({d["id"] for d in DOCS["train"]} | {d["id"] for d in DOCS["heldout"]}) == 600


def test_many_locales_kinds_and_name_cultures() -> None:
    docs = DOCS["train"] + DOCS["heldout"]
    assert len({d["locale"] for d in docs}) >= 12
    assert len({d["kind"] for d in docs}) >= 9
    phones = {s["format"] for _, s in SPANS if s["type"] == "PHONE_NUMBER"}
    assert len(phones) >= 20
    names = [s for _, s in SPANS if s["type"] == "PERSON"]
    assert {s["culture"] for s in names} == set(NAME_LOCALES)
    assert all("culture" not in s for _, s in SPANS if s["type"] != "PERSON")


# (type, format, a regular expression the whole value matches)
SHAPES = [
    ("PHONE_NUMBER", "us_dashed", r"[2-9]\d\d-[2-9]\d\d-\d{4}|[2-9]\d\d-555-01\d\d"),
    ("PHONE_NUMBER", "us_dotted", r"[2-9]\d\d\.[2-9]\d\d\.\d{4}"),
    ("PHONE_NUMBER", "us_local7", r"\d{3}-\d{4}"),
    ("PHONE_NUMBER", "fr_e164", r"\+33 (\(0\))?[2-9]( \d\d){4}"),
    ("PHONE_NUMBER", "uk_national", r"0\d{2,4} \d{3,6}( \d{4})?"),
    ("DATE_TIME", "dotted", r"\d\d\.\d\d\.\d{4}"),
    ("DATE_TIME", "iso", r"\d{4}-\d\d-\d\d"),
    ("DATE_TIME", "daymonth_slash", r"\d{1,2}/\d{1,2}"),
    ("DATE_TIME", "spelled_dmy", r"\d{1,2} [A-Z][a-z]+ \d{4}"),
    ("US_SSN", "dashed", r"\d{3}-\d\d-\d{4}"),
    ("ID", "employee", r"EMP-\d{6}"),
    ("MEDICAL_RECORD_NUMBER", "digits7", r"[2-9]\d{6}"),
]


@pytest.mark.parametrize(("gold", "shape", "pattern"), SHAPES)
def test_values_have_the_shape_their_format_names(gold: str, shape: str, pattern: str) -> None:
    found = [s["text"] for _, s in SPANS if s["type"] == gold and s["format"] == shape]
    assert found, f"no {gold}/{shape} in 600 documents"
    assert all(re.fullmatch(pattern, v) for v in found), found[:5]


def _luhn(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()][::-1]
    doubled = [d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)]
    return sum(doubled) % 10 == 0


def _iban_ok(iban: str) -> bool:
    compact = iban.replace(" ", "")
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


@pytest.mark.parametrize(
    ("gold", "check"),
    [
        ("CREDIT_CARD", _luhn),
        ("IBAN_CODE", _iban_ok),
        ("US_SSN", lambda v: v in KNOWN_SAMPLE_SSNS or not v.startswith("666")),
    ],
)
def test_checksummed_values_are_valid(gold: str, check: object) -> None:
    found = [s["text"] for _, s in SPANS if s["type"] == gold]
    assert found and all(check(v) for v in found), gold  # type: ignore[operator]


def test_known_sample_ssns_and_labelled_values_are_generated() -> None:
    ssns = {s["format"] for _, s in SPANS if s["type"] == "US_SSN"}
    assert {"known_sample", "dashed"} <= ssns


def test_an_unknown_slot_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown slot 'nmae'"):
        checked(Template("t-typo", "letter", "sentence", "Dear {nmae},"))
    with pytest.raises(ValueError, match="split"):
        generate(1, seed=1, split="test")


def test_the_command_writes_jsonl_the_tagger_training_reads(tmp_path) -> None:
    out = tmp_path / "everyday.jsonl"
    assert everyday.main(["--n", "12", "--seed", "3", "--split", "train", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    tagged = load_tagged(out)
    assert len(tagged) == len(rows) == 12
    assert [len(t.spans) for t in tagged] == [len(r["spans"]) for r in rows]


def test_the_documents_are_the_same_in_every_process() -> None:
    """Faker's it_IT cities come from a set: without care the held-out set would change with
    PYTHONHASHSEED, and two runs of the evaluation would score different documents."""
    script = (
        "import hashlib, json; from classifier.training.everyday import generate; "
        "docs = generate(120, 5, 'heldout') + generate(120, 5, 'train'); "
        "print(hashlib.sha256(json.dumps(docs).encode()).hexdigest())"
    )
    root = str(Path(__file__).resolve().parent.parent)
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and len(next(iter(digests))) == 65
