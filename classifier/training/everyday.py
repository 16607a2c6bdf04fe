"""Generated everyday documents with gold spans: letters, invoices, bank statements, court
filings, contracts, e-mails, discharge and referral notes, receipts and HR forms.

Templates and value shapes are data (everyday.yaml). Every placeholder becomes a value from
Faker (names from many cultures, streets, cities, postcodes, companies and IBANs of many
countries) or from the shape tables (phones in national and E.164 forms, dates day-first,
dotted, ISO and spelled, SSNs including the "known sample" numbers Presidio drops, MRNs,
account, case, passport and national ID numbers), with a gold span (`start`, `end` exclusive,
`type`, `format`). A document depends only on (seed, split, index) and the Faker release
(pinned to one major version in pyproject.toml: its name and address lists are the values).

split() keeps a fixed ~30% of the templates (by a hash of their id) out of training: the
evaluation (benchmarks/pii_eval.py) scores the held-out templates, so it measures
generalisation to documents laid out in a way the tagger never saw, not memory.

    python -m classifier.training.everyday --n 2000 --seed 1 --split train --out everyday.jsonl

writes JSONL that `classifier train-tagger --data` reads (`id`, `text`, `spans`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from classifier.training import everyday_values as values
from classifier.training.everyday_values import Fakers, Person, Piece

DATA = Path(__file__).with_name("everyday.yaml")
HELDOUT_PERCENT = 30
SPLITS = ("train", "heldout")
PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?(?:@(\w+))?\}")
PERSON_SLOTS = ("name", "first", "last", "email")
IDENTIFIER_SLOTS = ("mrn", "account", "case", "id")
FAKER_SLOTS = ("city", "street", "postcode", "org", "country")
OTHER_SLOTS = ("hospital", "address", "date", "dob", "phone", "ssn", "iban", "card")
SLOTS = PERSON_SLOTS + IDENTIFIER_SLOTS + FAKER_SLOTS + OTHER_SLOTS


@dataclass(frozen=True)
class Template:
    id: str
    kind: str
    level: str  # sentence | document
    text: str


@dataclass
class _Doc:
    """What one document's placeholders draw on: its generator, locale and repeated values."""

    rng: random.Random
    locale: str
    config: dict[str, Any]
    fakers: Fakers
    people: dict[str, Person] = field(default_factory=dict)
    repeated: dict[tuple[str, str], list[Piece]] = field(default_factory=dict)

    def faker(self, locale: str = "") -> Any:
        return self.fakers.get(locale or self.locale, self.rng.randrange(2**31))


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def checked(template: Template) -> Template:
    """The template, or ValueError naming an unknown slot (a typo in everyday.yaml)."""
    for m in PLACEHOLDER.finditer(template.text):
        if m.group(1) not in SLOTS:
            raise ValueError(f"template {template.id}: unknown slot {m.group(1)!r}")
    return template


def templates() -> list[Template]:
    return [checked(Template(**t)) for t in config()["templates"]]


def is_heldout(template_id: str) -> bool:
    digest = hashlib.sha256(f"everyday-split-v1:{template_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELDOUT_PERCENT


def split(all_templates: Sequence[Template]) -> dict[str, list[Template]]:
    """{"train": [...], "heldout": [...]}: a template's side depends on its id only."""
    out: dict[str, list[Template]] = {name: [] for name in SPLITS}
    for t in all_templates:
        out["heldout" if is_heldout(t.id) else "train"].append(t)
    return out


_split_templates = split  # generate() takes a parameter of the same name


def _person(doc: _Doc, ref: str | None) -> Person:
    if ref is None:
        return values.make_person(doc.fakers, doc.rng)
    if ref not in doc.people:
        doc.people[ref] = values.make_person(doc.fakers, doc.rng)
    return doc.people[ref]


def _hospital(doc: _Doc) -> list[Piece]:
    city, surname = values.city(doc.faker()), _person(doc, None).surname
    names = (f"{city} General Hospital", f"St {surname}'s Hospital",
             f"{city} University Medical Center", f"Royal {city} Infirmary")  # fmt: skip
    name = doc.rng.choice(names)
    return [(name, "ORGANIZATION", "facility")]


def _iban(doc: _Doc) -> list[Piece]:
    countries = doc.config["iban_locales"]
    country = doc.locale if doc.locale in countries else doc.rng.choice(countries)
    return values.iban_pieces(doc.fakers, doc.rng, country)


def _date(doc: _Doc, shape: str, years: tuple[int, int]) -> list[Piece]:
    return values.date_pieces(doc.rng, shape, doc.config["locales"][doc.locale]["dates"], years)


def _phone(doc: _Doc, shape: str) -> list[Piece]:
    country = doc.config["locales"][doc.locale]["phone"]
    return values.phone_pieces(doc.rng, shape, doc.config["phones"], country)


def _fresh(doc: _Doc, slot: str, shape: str) -> list[Piece]:
    """A new value for a slot that is not a person's."""
    if slot in IDENTIFIER_SLOTS:
        table = doc.config["identifiers"][slot]
        gold = {"mrn": "MEDICAL_RECORD_NUMBER", "account": "ACCOUNT_NUMBER",
                "case": "CASE_NUMBER", "id": "ID"}[slot]  # fmt: skip
        return values.shaped_pieces(doc.rng, shape, table, gold)
    if slot in FAKER_SLOTS:
        return values.faker_pieces(doc.faker("en_US" if slot == "country" else ""), slot)
    makers: dict[str, Callable[[], list[Piece]]] = {
        "hospital": lambda: _hospital(doc),
        "address": lambda: values.address_pieces(doc.faker(), doc.locale, shape == "block"),
        "date": lambda: _date(doc, shape, (2015, 2026)),
        "dob": lambda: _date(doc, shape, (1930, 2006)),
        "phone": lambda: _phone(doc, shape),
        "ssn": lambda: values.ssn_pieces(doc.rng, shape),
        "iban": lambda: _iban(doc),
        "card": lambda: values.card_pieces(doc.faker("en_US"), doc.rng),
    }
    return makers[slot]()


def _pieces(doc: _Doc, slot: str, shape: str, ref: str | None) -> tuple[list[Piece], str]:
    """The pieces of one placeholder, and the culture (Faker locale) of a name's pieces."""
    if slot == "email":
        return values.email_pieces(_person(doc, ref), doc.faker(), doc.rng), ""
    if slot in PERSON_SLOTS:
        person = _person(doc, ref)
        part = shape or ("name" if slot == "name" else slot)
        return values.person_pieces(person, part, doc.rng), person.culture
    if ref is None:
        return _fresh(doc, slot, shape), ""
    key = (slot, ref)
    if key not in doc.repeated:
        doc.repeated[key] = _fresh(doc, slot, shape)
    return doc.repeated[key], ""


def render(template: Template, doc: _Doc) -> tuple[str, list[dict[str, Any]]]:
    """The template's text with every placeholder filled, and the gold spans of the values."""
    parts: list[str] = []
    spans: list[dict[str, Any]] = []
    length, last = 0, 0
    for m in PLACEHOLDER.finditer(template.text):
        literal = template.text[last : m.start()]
        parts.append(literal)
        length += len(literal)
        pieces, culture = _pieces(doc, m.group(1), m.group(2) or "", m.group(3))
        for text, gold, shape in pieces:
            if gold is not None:
                text = " ".join(text.split())  # Faker's values may end in a blank
                span = {"start": length, "end": length + len(text), "type": gold,
                        "format": shape, "text": text}  # fmt: skip
                spans.append({**span, "culture": culture} if culture else span)
            parts.append(text)
            length += len(text)
        last = m.end()
    parts.append(template.text[last:])
    return "".join(parts), spans


def _document_seed(seed: int, split_name: str, index: int) -> int:
    digest = hashlib.sha256(f"everyday-doc:{seed}:{split_name}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def generate(n: int, seed: int, split: str = "train") -> list[dict[str, Any]]:
    """n documents from the templates of one split (train or heldout): dicts of id, text, spans
    (start, end exclusive, type, format, text; a name's culture), kind, domain, template,
    locale, level."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    pool = _split_templates(templates())[split]
    locales = sorted(config()["locales"])
    fakers = Fakers()
    docs = []
    for i in range(n):
        rng = random.Random(_document_seed(seed, split, i))
        template = pool[rng.randrange(len(pool))]
        doc = _Doc(rng, rng.choice(locales), config(), fakers)
        text, spans = render(template, doc)
        docs.append({
            "id": f"everyday-{split}-{seed}-{i:05d}", "text": text, "spans": spans,
            "kind": template.kind, "domain": config()["domains"][template.kind],
            "template": template.id, "locale": doc.locale, "level": template.level,
        })  # fmt: skip
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="documents to write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", choices=SPLITS, default="train")
    ap.add_argument("--out", type=Path, required=True, help="JSONL to write")
    a = ap.parse_args(argv)
    with a.out.open("w", encoding="utf-8") as f:
        for doc in generate(a.n, a.seed, a.split):
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"wrote {a.n} {a.split} documents to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
