"""Labelled examples for training: a JSONL with `text` and `label` (and optionally `id`,
`domain`), or a folder with one subfolder per label holding documents in any supported format."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import ConfigError, DocumentError
from classifier.stages.extract import extract
from classifier.stages.ingest import ingest_file

UNSPECIFIED_DOMAIN = "unspecified"


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: str
    domain: str


@dataclass(frozen=True)
class Corpus:
    examples: tuple[Example, ...]
    digest: str  # sha256 over (id, label, sha256(text)) of every example, in order
    source: str

    def label_domains(self) -> dict[str, str]:
        domains: dict[str, str] = {}
        for ex in self.examples:
            domains.setdefault(ex.label, ex.domain)
        return dict(sorted(domains.items()))


def _digest(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        text_hash = hashlib.sha256(ex.text.encode()).hexdigest()
        h.update(f"{ex.id}\t{ex.label}\t{text_hash}\n".encode())
    return h.hexdigest()


def _from_jsonl(path: Path) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, label = row["text"], row["label"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise ConfigError(
                    f"{path}:{n}: expected a JSON object with text and label"
                ) from None
            doc_id = str(row.get("id", f"{path.stem}-{n}"))
            examples.append(Example(doc_id, text, label, row.get("domain", UNSPECIFIED_DOMAIN)))
    return examples


def examples_in_folder(folder: Path, label: str, root: Path | None = None) -> list[Example]:
    """Every readable document under `folder` (any supported format), labelled `label`; ids
    are paths relative to `root` (default: `folder`)."""
    root = root or folder
    examples = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            text = extract(ingest_file(file, source="train")).text
        except DocumentError as exc:
            print(f"skipped {file.relative_to(root)}: {exc.reason}")
            continue
        examples.append(Example(str(file.relative_to(root)), text, label, UNSPECIFIED_DOMAIN))
    return examples


def _from_folder(path: Path) -> list[Example]:
    examples = []
    for label_dir in sorted(p for p in path.iterdir() if p.is_dir()):
        examples += examples_in_folder(label_dir, label_dir.name, root=path)
    return examples


def load_corpus(path: str | Path, min_labels: int = 2) -> Corpus:
    path = Path(path)
    if path.is_dir():
        examples = _from_folder(path)
    elif path.is_file():
        examples = _from_jsonl(path)
    else:
        raise ConfigError(f"{path}: no such training data")
    if len({ex.label for ex in examples}) < min_labels:
        raise ConfigError(f"{path}: training needs at least {min_labels} labels")
    return Corpus(tuple(examples), _digest(examples), str(path))
