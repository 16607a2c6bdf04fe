"""`classifier train --add-label NAME --examples FOLDER`: a site's own document type from a
few dozen examples, without retraining the encoder.

The base model must have an encoder with an embedding output and `references.npz` (models
trained since minilm-docclass-6 have both). A third of the examples (by a hash of the file
name) is held back; a one-vs-rest logistic gate is fitted on the rest against two thirds of
the references (its regularisation chosen by cross-validation on those), and verified on the
held-back examples and the other third: the new type's precision, recall and F1, and per base
label the share of its held-back references the new type would take (how much that label's
recall could drop). The result is a new model version directory (the base's files, the gate,
a manifest covering them), activated like any model, with `policy_rule.yaml`: a rule stub
(action review) to paste into the site's policy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.errors import ConfigError
from classifier.ml.heads import REFERENCES_FILE, References, added_file, sigmoid
from classifier.ml.text_classifier import MANIFEST, TextClassifier
from classifier.training.corpus import Example, examples_in_folder
from classifier.training.heads import fit_gate
from classifier.training.train import write_manifest

NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
MIN_EXAMPLES = 10
HELD_BACK_PERCENT = 34
POLICY_STUB = "policy_rule.yaml"


@dataclass(frozen=True)
class AddLabelConfig:
    base: str  # the model directory to extend
    name: str
    examples: str  # a folder of documents of the new type, any supported format
    out: str
    domain: str = "unspecified"
    version: str = ""  # default: the base's version + 1


def held_back(doc_id: str) -> bool:
    digest = hashlib.sha256(f"add-label-v1:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_BACK_PERCENT


def _examples(cfg: AddLabelConfig) -> list[Example]:
    folder = Path(cfg.examples)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such folder of examples")
    examples = examples_in_folder(folder, cfg.name)
    if len(examples) < MIN_EXAMPLES:
        raise ConfigError(f"{folder}: {len(examples)} readable examples, at least {MIN_EXAMPLES}")
    return examples


def _check(cfg: AddLabelConfig, base: TextClassifier) -> References:
    if not NAME.match(cfg.name):
        raise ConfigError(f"{cfg.name!r}: a label is lower case letters, digits and _")
    if cfg.name in {lab.name for lab in base.labels}:
        raise ConfigError(f"{cfg.name}: the model has that label already")
    if REFERENCES_FILE not in base.manifest["files"]:
        raise ConfigError(f"{base.model_dir}: no {REFERENCES_FILE}; retrain it to add labels")
    return References.load(base.model_dir / REFERENCES_FILE)


def verify(gate: Any, positives: np.ndarray, references: References) -> dict[str, Any]:
    """The new type's scores on held-back examples and references (a document goes to the new
    type when its gate says at least 0.5)."""
    taken = sigmoid(gate.logits(references.embeddings)[:, 0]) >= 0.5
    found = sigmoid(gate.logits(positives)[:, 0]) >= 0.5
    tp, fp, fn = int(found.sum()), int(taken.sum()), int((~found).sum())
    return {
        "held_back_examples": len(positives),
        "held_back_references": len(references.labels),
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / len(positives), 4),
        "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0,
        "taken_from": {
            label: round(float(taken[references.labels == label].mean()), 4)
            for label in sorted(set(references.labels))
        },
    }


def _policy_stub(cfg: AddLabelConfig, count: int) -> str:
    return (
        "# Rule stub for the label added by `classifier train --add-label`. Paste it into the\n"
        "# `rules:` of your policy (above the domain rules), set action and sensitivity, then\n"
        "# `classifier policy check`. Until then the new type is held for review.\n"
        f"- id: site-{cfg.name.replace('_', '-')}\n"
        f"  description: Site document type {cfg.name} (added from {count} examples).\n"
        f"  when: {{label: {cfg.name}}}\n"
        "  action: review\n"
        "  sensitivity: confidential\n"
    )


def add_label(cfg: AddLabelConfig) -> Path:
    base = TextClassifier(cfg.base)
    references = _check(cfg, base)
    examples = _examples(cfg)
    held = np.array([held_back(ex.id) for ex in examples])
    if held.all() or not held.any():
        held = np.arange(len(examples)) % 3 == 0
    positives = base.embed([ex.text for ex in examples])
    ref_held = np.arange(len(references.labels)) % 3 == 0
    gate, c = fit_gate(positives[~held], references.embeddings[~ref_held])
    held_refs = References(references.embeddings[ref_held], references.labels[ref_held])
    verification = verify(gate, positives[held], held_refs)
    out = Path(cfg.out)
    if out.resolve() == base.model_dir.resolve():
        raise ConfigError(f"{out}: write the new version to another directory")
    out.mkdir(parents=True, exist_ok=True)
    for name in base.manifest["files"]:
        shutil.copy(base.model_dir / name, out / name)
    gate.save(out / added_file(cfg.name))
    (out / POLICY_STUB).write_text(_policy_stub(cfg, len(examples)), encoding="utf-8")
    manifest = json.loads((base.model_dir / MANIFEST).read_text(encoding="utf-8"))
    manifest["version"] = cfg.version or str(_next_version(manifest["version"]))
    manifest["created"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    manifest["extends"] = base.version
    manifest.setdefault("added_labels", []).append(
        {
            "name": cfg.name,
            "domain": cfg.domain,
            "examples": len(examples),
            "trained_on": int((~held).sum()),
            "gate_c": c,
            "verification": verification,
            "policy_stub": POLICY_STUB,
        }
    )
    _append_card(out, cfg, verification)
    write_manifest(out, manifest)
    return out


def _next_version(version: str) -> int | str:
    return int(version) + 1 if version.isdigit() else f"{version}+1"


def _append_card(out: Path, cfg: AddLabelConfig, v: dict[str, Any]) -> None:
    card = out / "MODEL_CARD.md"
    text = card.read_text(encoding="utf-8") if card.is_file() else ""
    text += (
        f"\n\n## Added label: {cfg.name}\n\n"
        f"Added by `classifier train --add-label` from the documents in a site folder: a logistic"
        f" gate on the frozen encoder's whole-document embedding. On {v['held_back_examples']}"
        f" held-back examples and {v['held_back_references']} held-back reference documents:"
        f" precision {v['precision']}, recall {v['recall']}, F1 {v['f1']}. The encoder, the"
        " lexical model and the base labels are unchanged; the open-set rule does not hold a"
        " document the gate assigns to this label.\n"
    )
    card.write_text(text, encoding="utf-8")
