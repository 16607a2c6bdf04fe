#!/usr/bin/env python3
"""A held-out set of everyday documents with international identifiers, for measurement only:
letters, e-mails, invoices, statements, court filings, contracts, HR forms, discharge and
referral notes, receipts, insurance claims, rental agreements and tax letters, in English and
French, German, Spanish, Italian and Dutch, from 23 countries (names of 40 cultures).

Its layouts (intl_templates.yaml) and value shapes (intl_heldout.yaml, intl_ids.py,
intl_values.py) were written for this set alone, apart from the training generator
(classifier/training/everyday.py) and from any development probe, and no detector rule may be
chosen by looking at it: the figure it gives predicts what a user gets. Every personal value (and
an organisation's own phone or e-mail) has a gold span: `start`, `end` exclusive, `type`,
`format` (the exact shape: ID scheme, phone country and form, date shape) and `family` (phone
national/E.164, national_id, national_id_badcheck (a labelled ID whose check digit is wrong),
tax_id, iban, card, passport, ...). Amounts, percentages, product codes, invoice and order
numbers, clause and statute numbers, company and hospital names are text, not personal data.

A document depends only on (seed, index), the YAML files and the Faker release; document i uses
layout i mod the number of layouts, so every layout appears.

    benchmarks/intl_heldout.py [--n 400] [--seed S] [--no-stock] [--dump FILE.jsonl]

scores our detector (as benchmarks/pii_eval.py runs it: default policy, our redaction) and
stock Presidio beside it with ../shared/eval/eval_pii.py, prints overall and per family, format,
country and kind, and writes benchmarks/results/intl_heldout.json (the gold views and
predictions under results/intl/). Exits 0 with a message when ../shared/eval is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import intl_values as values  # noqa: E402
import yaml  # noqa: E402

TEMPLATES = HERE / "intl_templates.yaml"
SEED = 20261202  # fixed: every run scores the same documents
PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?(?:@(\w+))?\}")
DOMAINS = {
    "letter": "general",
    "email": "general",
    "hr_form": "general",
    "invoice": "finance",
    "bank_statement": "finance",
    "receipt": "finance",
    "insurance_claim": "finance",
    "tax_letter": "finance",
    "court_filing": "legal",
    "contract": "legal",
    "rental_agreement": "legal",
    "discharge_note": "clinical",
    "referral_note": "clinical",
}
PERSON_SLOTS = {"name": "", "first": "first", "last": "last"}
ADDRESS_SLOTS = ("address", "street", "postcode", "city")
ID_SLOTS = ("nid", "tax", "passport", "licence")
FILLER_SLOTS = (
    "amount",
    "pct",
    "company",
    "hospital",
    "invoice",
    "sku",
    "order",
    "clause",
    "statute",
)


@lru_cache(maxsize=1)
def templates() -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    return list(data["templates"])


def _fresh(ctx: values.Ctx, slot: str, opt: str) -> list[values.Piece]:
    """A new value of a slot that is not a person's name or e-mail."""
    if slot in ("date", "dob"):
        return values.date(ctx, opt, birth=slot == "dob")
    if slot in ADDRESS_SLOTS:
        return values.address(ctx, slot)
    if slot in ID_SLOTS:
        return values.identifier(ctx, slot)
    if slot in values.TYPE_OF_NUMBER:
        return values.number(ctx, slot)
    if slot in FILLER_SLOTS:
        return values.filler(ctx, slot)
    makers = {"phone": values.phone, "iban": values.iban, "card": values.card, "ip": values.ip}
    if slot not in makers:
        raise ValueError(f"unknown slot {slot!r} in {TEMPLATES.name}")
    return makers[slot](ctx, opt)


def pieces(ctx: values.Ctx, slot: str, opt: str, ref: str | None) -> list[values.Piece]:
    """The pieces of one placeholder; with a ref, the same value (or person) every time."""
    if slot in PERSON_SLOTS:
        return values.name(ctx, opt or PERSON_SLOTS[slot], ref or f"_{len(ctx.people)}")
    if ref is None:
        return (
            values.email(ctx, opt, f"_{len(ctx.people)}")
            if slot == "email"
            else (_fresh(ctx, slot, opt))
        )
    key = (slot, opt, ref)
    if key not in ctx.repeated:
        made = values.email(ctx, opt, ref) if slot == "email" else _fresh(ctx, slot, opt)
        ctx.repeated[key] = made
    return ctx.repeated[key]


def render(text: str, ctx: values.Ctx) -> tuple[str, list[dict[str, Any]]]:
    """The layout with every placeholder filled, and the gold spans of the marked values."""
    parts: list[str] = []
    spans: list[dict[str, Any]] = []
    length, last = 0, 0
    for m in PLACEHOLDER.finditer(text):
        parts.append(text[last : m.start()])
        length += m.start() - last
        for value, gold in pieces(ctx, m.group(1), m.group(2) or "", m.group(3)):
            if gold is not None:
                spans.append({"start": length, "end": length + len(value), **gold, "text": value})
            parts.append(value)
            length += len(value)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), spans


def _rng(seed: int, index: int) -> random.Random:
    digest = hashlib.sha256(f"intl-heldout:{seed}:{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def generate(n: int = 400, seed: int = SEED) -> list[dict[str, Any]]:
    """n documents: id, text, spans, kind, domain, template, country, lang."""
    docs = []
    for i in range(n):
        rng = _rng(seed, i)
        layout = templates()[i % len(templates())]
        country = rng.choice(values.config()["languages"][layout["lang"]])
        ctx = values.Ctx(rng, country, layout["lang"])
        text, spans = render(layout["text"], ctx)
        docs.append(
            {
                "id": f"intl-{seed}-{i:04d}",
                "text": text,
                "spans": spans,
                "kind": layout["kind"],
                "domain": DOMAINS[layout["kind"]],
                "template": layout["id"],
                "country": country,
                "lang": layout["lang"],
            }
        )
    return docs


def _view(key: str) -> Any:
    def type_of(doc: dict[str, Any], span: dict[str, Any]) -> str:
        if key in ("kind", "country", "lang"):
            return str(doc[key])
        return f"{span['type']}/{span[key]}"

    return type_of


def score(docs: list[dict[str, Any]], stock: bool) -> dict[str, Any]:
    """Ours (and stock Presidio) on the documents, scored per view by eval_pii.py."""
    import pii_eval
    import pii_sets

    views = {v: _view(v) for v in ("family", "format", "country", "kind", "lang")}
    views["culture"] = pii_sets._name_culture
    gold_set = pii_sets.GoldSet("intl-heldout", docs, views)
    work = pii_eval.RESULTS.parent / "intl"
    work.mkdir(parents=True, exist_ok=True)
    gold = {gold_set.name: gold_set.write_gold(work)}
    table: dict[str, Any] = {}
    if stock:
        table["stock"] = pii_eval.run_sets(pii_eval.stock_presidio(), "stock", [gold_set], gold)
    ours = pii_eval.Ours("", pii_eval.load_policy(pii_eval.POLICY))
    table["ours"] = pii_eval.run_sets(ours, "ours", [gold_set], gold)
    return table


def print_tables(table: dict[str, Any], name: str) -> None:
    import pii_tables

    pii_tables.summary(table, [name])
    for view in ("type", "family", "country", "kind", "lang", "culture", "format"):
        pii_tables.breakdown(table, name, view)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=400, help="documents to generate")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--no-stock", action="store_true", help="skip stock Presidio")
    ap.add_argument("--dump", type=Path, help="also write the documents as JSONL here")
    return ap.parse_args()


def main() -> int:
    a = parse_args()
    docs = generate(a.n, a.seed)
    if a.dump:
        a.dump.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs))
    from scoring import EVAL

    if not (EVAL / "eval_pii.py").is_file():
        print(f"skipped: {EVAL / 'eval_pii.py'} is absent")
        return 0
    table = score(docs, stock=not a.no_stock)
    print_tables(table, "intl-heldout")
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    meta = {
        "n": a.n,
        "seed": a.seed,
        "commit": commit,
        "templates": len(templates()),
        "spans": sum(len(d["spans"]) for d in docs),
    }
    out = HERE / "results" / "intl_heldout.json"
    out.write_text(json.dumps({**meta, **table}, indent=1))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
