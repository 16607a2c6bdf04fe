"""Training data for the PHI tagger: texts with annotated character spans.

Reads the PhysioNet-style JSONL (`id`, `patient`, `text`, `spans` of `start`, `end`, `type`),
which is also the format a site uses for its own annotated documents, and the presidio-research
JSON (`full_text`, `spans` of `entity_type`, `start_position`, `end_position`). Gold types map to
the tagger's types; types our pattern recognizers own (cards, IBANs, e-mail, ...) are masked
out of the loss rather than taught either way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.errors import ConfigError

TAGGER_TYPES = (
    "PERSON",
    "LOCATION",
    "STREET_ADDRESS",
    "ZIP_CODE",
    "DATE_TIME",
    "ORGANIZATION",
    "PHONE_NUMBER",
    "AGE",
    "NRP",
    "TITLE",
    "ID",
)
GOLD_TO_TAG = {
    "HCPName": "PERSON",
    "PTName": "PERSON",
    "RelativeProxyName": "PERSON",
    "Date": "DATE_TIME",
    "DateYear": "DATE_TIME",
    "Location": "LOCATION",
    "Phone": "PHONE_NUMBER",
    "Other": "ID",
    "GPE": "LOCATION",
    **{t: t for t in TAGGER_TYPES},
}
MASKED = "MASKED"  # a span whose tokens do not count in the loss


@dataclass(frozen=True)
class TaggedText:
    id: str
    group: str  # patient, or the id: the unit of the tune/holdout split
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, tagger type or MASKED)


def _tag(gold_type: str) -> str:
    return GOLD_TO_TAG.get(gold_type, MASKED)


def _from_jsonl(path: Path) -> list[TaggedText]:
    out = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "text" not in row or "spans" not in row:
                raise ConfigError(f"{path}:{n}: needs `text` and `spans`")
            spans = tuple((s["start"], s["end"], _tag(s["type"])) for s in row["spans"])
            doc_id = str(row.get("id", f"{path.stem}-{n}"))
            out.append(TaggedText(doc_id, str(row.get("patient", doc_id)), row["text"], spans))
    return out


def _from_presidio(path: Path) -> list[TaggedText]:
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, row in enumerate(rows):
        spans = tuple(
            (s["start_position"], s["end_position"], _tag(s["entity_type"])) for s in row["spans"]
        )
        doc_id = f"{path.stem}-{i:05d}"  # the ids ../shared/eval gives these sentences
        out.append(TaggedText(doc_id, doc_id, row["full_text"], spans))
    return out


def load_tagged(path: str | Path) -> list[TaggedText]:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    return _from_presidio(path) if path.suffix == ".json" else _from_jsonl(path)


def digest(paths: list[str]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()
