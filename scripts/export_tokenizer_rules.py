#!/usr/bin/env python3
"""Export the English spaCy model's tokenizer rules and stop words to
classifier/detection/data/tokenizer_rules.json, for classifier/detection/words.py, which
splits words as that tokenizer does without importing spaCy. Run in the development
environment after a spaCy upgrade (tests/test_detection_words.py compares the two):

    PYTHONPATH=$PWD .venv-dev/bin/python scripts/export_tokenizer_rules.py
"""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.attrs import ORTH

from classifier.detection.analyzer import SPACY_MODEL
from classifier.detection.words import RULES_FILE


def rules() -> dict[str, object]:
    meta = spacy.util.get_model_meta(spacy.util.get_package_path(SPACY_MODEL))
    nlp = spacy.load(SPACY_MODEL, exclude=meta.get("components", []))
    tokenizer = nlp.tokenizer
    if tokenizer.token_match is not None:  # words.py does not reproduce a token_match
        raise SystemExit(f"{SPACY_MODEL}: a tokenizer token_match is not supported")
    url_match = tokenizer.url_match
    return {
        "model": SPACY_MODEL,
        "spacy": spacy.__version__,
        "prefix": tokenizer.prefix_search.__self__.pattern,
        "suffix": tokenizer.suffix_search.__self__.pattern,
        "infix": tokenizer.infix_finditer.__self__.pattern,
        "url": url_match.__self__.pattern if url_match else None,
        "special_cases": {k: [p[ORTH] for p in v] for k, v in sorted(tokenizer.rules.items())},
        "stop_words": sorted(nlp.Defaults.stop_words),
    }


def main() -> None:
    Path(RULES_FILE).write_text(json.dumps(rules(), ensure_ascii=False, indent=0) + "\n")
    print(f"wrote {RULES_FILE}")


if __name__ == "__main__":
    main()
