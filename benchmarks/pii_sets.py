"""The gold sets benchmarks/pii_eval.py scores (each document with the domain a detection
pack would be chosen by: clinical notes, the generated kinds' domains, none for the synthetic
sentences and the long text): the PhysioNet notes (tune or check half, by
patient), Presidio's synthetic sentences, and the generated everyday documents of the held-out
templates (classifier/training/everyday.py).

A set may be scored several ways at once: eval_pii.py reports per gold `type`, and never compares
types with the findings', so writing the same spans with `type` set to `TYPE/format` (or to the
document kind) gives recall and leak rate per format (per kind) from the same predictions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from classifier.training import everyday
from classifier.training.split import is_tune_group, tune_quarter

ROOT = Path(__file__).resolve().parent.parent
PII = ROOT.parent / "shared" / "data" / "pii"
PHYSIONET = PII / "physionet_deid_dev.jsonl"
SYNTH = PII / "presidio_synth_dataset_v2.json"
EVERYDAY_SEED = 20261201  # fixed: every run scores the same held-out documents

Doc = dict[str, Any]


@dataclass(frozen=True)
class GoldSet:
    """Documents with spans, and the views to score them by: view name -> span type maker."""

    name: str
    docs: list[Doc]
    views: dict[str, Callable[[Doc, dict[str, Any]], str]] = field(default_factory=dict)

    def write_gold(self, folder: Path) -> dict[str, Path]:
        """One PhysioNet-style gold JSONL per view (`type` as the view names it)."""
        paths = {}
        for view, type_of in {"type": _gold_type, **self.views}.items():
            path = folder / f"gold-{self.name}-{view}.jsonl"
            with path.open("w", encoding="utf-8") as f:
                for d in self.docs:
                    spans = [{"start": s["start"], "end": s["end"], "type": type_of(d, s)}
                             for s in d["spans"]]  # fmt: skip
                    row = {"id": d["id"], "text": d["text"], "spans": spans}
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
            paths[view] = path
        return paths


def _gold_type(_doc: Doc, span: dict[str, Any]) -> str:
    return str(span["type"])


def _type_and_format(_doc: Doc, span: dict[str, Any]) -> str:
    return f"{span['type']}/{span['format']}"


def _name_culture(_doc: Doc, span: dict[str, Any]) -> str:
    """PERSON/<the Faker locale of the name>; other spans keep their type."""
    culture = span.get("culture")
    return f"{span['type']}/{culture}" if culture else str(span["type"])


def _kind(doc: Doc, _span: dict[str, Any]) -> str:
    return str(doc["kind"])


def physionet(half: str) -> GoldSet:
    """The tune half (rules and thresholds are chosen on it) or the check half (reported once);
    "tune-b" ("tune-a"): the quarter of the tune half a tagger trained with `--split tune-a`
    (`--split tune-b`) never saw."""
    docs = []
    with PHYSIONET.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            group = str(row.get("patient", row["id"]))
            if half in ("tune-a", "tune-b"):
                chosen = tune_quarter(group) == half[-1]
            else:
                chosen = is_tune_group(group) == (half == "tune")
            if chosen:
                docs.append({"id": row["id"], "text": row["text"], "spans": row["spans"],
                             "domain": "clinical"})  # fmt: skip
    return GoldSet(f"physionet-{half}", docs)


def synth() -> GoldSet:
    """All 1,500 presidio-research sentences, with the ids eval_pii.py gives them."""
    docs = []
    for i, r in enumerate(json.loads(SYNTH.read_text(encoding="utf-8"))):
        spans = [
            {"start": s["start_position"], "end": s["end_position"], "type": s["entity_type"]}
            for s in r["spans"]
        ]
        docs.append({"id": f"{SYNTH.stem}-{i:05d}", "text": r["full_text"], "spans": spans})
    return GoldSet("synth", docs)


def everyday_heldout(n: int) -> GoldSet:
    """n generated documents of the templates training never sees, by type, format, kind and
    the culture of names."""
    docs = everyday.generate(n, EVERYDAY_SEED, split="heldout")
    views = {"format": _type_and_format, "kind": _kind, "culture": _name_culture}
    return GoldSet("everyday", docs, views)


def everyday_tune(n: int) -> GoldSet:
    """n generated documents of the TRAIN templates, another seed than training's: where the
    rule layer's choices for everyday documents are made (the held-out templates report)."""
    docs = everyday.generate(n, EVERYDAY_SEED + 1000, split="train")
    views = {"format": _type_and_format, "kind": _kind, "culture": _name_culture}
    return GoldSet("everyday-tune", docs, views)


def one_long_line(docs: list[Doc], name: str) -> GoldSet:
    """The documents as one text without a line break (each newline a blank, documents joined
    by a blank; the offsets stay exact): values cut by a detection chunk or window edge, and
    offsets that drift on a long text, show up here."""
    parts, spans, offset = [], [], 0
    for d in docs:
        parts.append(d["text"].replace("\n", " "))
        spans += [{**s, "start": s["start"] + offset, "end": s["end"] + offset} for s in d["spans"]]
        offset += len(d["text"]) + 1
    # every kind in one text: no one domain
    doc = {"id": f"{name}-0", "text": " ".join(parts), "spans": spans, "kind": "long", "domain": ""}
    return GoldSet(name, [doc], {"format": _type_and_format})


def available() -> bool:
    return PHYSIONET.is_file() and SYNTH.is_file()
