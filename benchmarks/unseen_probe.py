#!/usr/bin/env python3
"""A DEVELOPMENT probe of open-set recognition: about 150 texts written or generated here (never
from ../shared) of kinds the corpus does not have: recipes, poems, source code, logs, tables,
chats, reviews, forms, non-English text, gibberish, one-liners, empty texts...
(benchmarks/unseen_probe_texts.py and the generators below).

Each text is run through the shipped classifier as classifier_eval.py counts it (`shipped`:
out_of_scope, a confidence under the policy's review.min_confidence, or the open-set rule send
it to review). Per kind: the share sent to out_of_scope or review, the median confidence of
the ones released, and the closest energy margin (open-set score less threshold, highest of the
kind: how near the energy rule is to releasing it). Two views: the genuinely unseen kinds (must
all go to review) and the arguable ones (a lease is a contract, an earnings press release a news
wire), apart.

It is a development set: rules may be chosen on it, so its figures are not a measurement of
the hidden set; benchmarks/open_set_eval.py reports unseen_kinds_dev.

usage: .venv-dev/bin/python benchmarks/unseen_probe.py [--model-dir models/NAME]
Writes benchmarks/results/unseen_probe.json.
"""

from __future__ import annotations

import json
import random
import statistics
import string
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier_eval import shipped  # noqa: E402
from corpus_slices import RESULTS, benchmark_parser, model_dir  # noqa: E402
from unseen_probe_texts import UNSEEN, WRITTEN  # noqa: E402

from classifier.ml.text_classifier import TextClassifier  # noqa: E402
from classifier.policy.rules import load_policy  # noqa: E402

Probe = tuple[str, str, str]  # (kind, expectation, text)

CODE = [
    'def fibonacci(n: int) -> list[int]:\n    """The first n Fibonacci numbers."""\n'
    "    a, b, out = 0, 1, []\n    for _ in range(n):\n        out.append(a)\n"
    "        a, b = b, a + b\n    return out\n\n\nif __name__ == '__main__':\n"
    "    print(fibonacci(10))\n",
    "import React, { useState } from 'react';\n\nexport default function Counter() {\n"
    "  const [count, setCount] = useState(0);\n  return (\n"
    "    <button onClick={() => setCount(count + 1)}>Clicked {count} times</button>\n  );\n}\n",
    "#include <stdio.h>\n\nint main(void) {\n    int i, sum = 0;\n"
    "    for (i = 1; i <= 100; i++) {\n        sum += i;\n    }\n"
    '    printf("sum = %d\\n", sum);\n    return 0;\n}\n',
    "SELECT c.name, COUNT(o.id) AS orders, SUM(o.total) AS revenue\nFROM customers c\n"
    "LEFT JOIN orders o ON o.customer_id = c.id\nWHERE o.created_at >= '2026-01-01'\n"
    "GROUP BY c.name\nHAVING COUNT(o.id) > 5\nORDER BY revenue DESC\nLIMIT 20;\n",
    "public class Stack<T> {\n    private final ArrayList<T> items = new ArrayList<>();\n"
    "    public void push(T item) { items.add(item); }\n"
    "    public T pop() {\n        if (items.isEmpty()) throw new EmptyStackException();\n"
    "        return items.remove(items.size() - 1);\n    }\n}\n",
    '#!/bin/bash\nset -euo pipefail\nfor f in *.log; do\n  gzip -9 "$f"\n'
    '  mv "$f.gz" archive/\ndone\necho "archived $(ls archive | wc -l) files"\n',
]
CONFIG = [
    "server:\n  host: 0.0.0.0\n  port: 8080\n  workers: 4\ndatabase:\n  url: postgres://db:5432/app\n"
    "  pool_size: 10\nlogging:\n  level: info\n  format: json\nfeatures:\n  beta_ui: false\n",
    '{\n  "name": "web-app",\n  "version": "1.4.2",\n  "scripts": {"build": "vite build",'
    ' "test": "vitest"},\n  "dependencies": {"react": "^18.2.0", "axios": "^1.6.0"}\n}\n',
    "[database]\nhost = localhost\nport = 3306\nuser = app\n\n[cache]\nbackend = redis\nttl = 300\n"
    "\n[mail]\nsmtp_host = mail.local\nsmtp_port = 587\nuse_tls = true\n",
    "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
    "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 8000\n"
    'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n',
]
LOG_LINES = [
    "INFO  [http-nio-8080-exec-{n}] c.a.web.RequestFilter - GET /api/items/{k} 200 {ms}ms",
    "WARN  [scheduler-{n}] c.a.jobs.Cleanup - retrying batch {k} after timeout",
    "ERROR [worker-{n}] c.a.db.Pool - connection refused (attempt {k}), backing off {ms}ms",
    "DEBUG [main] c.a.cache.Lru - evicted {k} entries in {ms}ms",
]


def _rng(seed: int) -> random.Random:
    return random.Random(seed)


def gibberish_words(seed: int, words: int) -> str:
    r = _rng(seed)
    return " ".join(
        "".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(3, 9)))
        for _ in range(words)
    )


def random_characters(seed: int, length: int) -> str:
    r = _rng(seed)
    alphabet = string.ascii_letters + string.digits + string.punctuation + "  \n"
    return "".join(r.choice(alphabet) for _ in range(length))


def log_file(seed: int, lines: int) -> str:
    r = _rng(seed)
    out = []
    for i in range(lines):
        day, hour, minute = r.randint(1, 28), r.randint(0, 23), r.randint(0, 59)
        stamp = f"2026-11-{day:02d} {hour:02d}:{minute:02d}:{i % 60:02d}"
        line = r.choice(LOG_LINES).format(
            n=r.randint(1, 9), k=r.randint(1, 999), ms=r.randint(1, 900)
        )
        out.append(f"{stamp} {line}")
    return "\n".join(out)


def csv_table(seed: int, rows: int) -> str:
    r = _rng(seed)
    header = r.choice(["id,temperature,pressure,humidity", "year,q1,q2,q3,q4", "x,y,z,w"])
    width = header.count(",") + 1
    body = [",".join(f"{r.uniform(0, 1000):.2f}" for _ in range(width)) for _ in range(rows)]
    return "\n".join([header, *body])


def generated() -> list[Probe]:
    """The kinds built in code: code, config, logs, tables, gibberish, short and empty texts."""
    probes: list[Probe] = [("source_code", UNSEEN, t) for t in CODE]
    probes += [("config_file", UNSEEN, t) for t in CONFIG]
    probes += [("log_file", UNSEEN, log_file(s, n)) for s, n in ((1, 12), (2, 40), (3, 5))]
    probes += [("csv_numbers", UNSEEN, csv_table(s, n)) for s, n in ((4, 10), (5, 40), (6, 3))]
    probes += [("gibberish", UNSEEN, gibberish_words(s, n)) for s, n in ((7, 8), (8, 40), (9, 200))]
    probes += [("gibberish", UNSEEN, "qwxz plorf vlem snarg tikkub oomfla prazzle wub " * 5)]
    probes += [
        ("random_characters", UNSEEN, random_characters(s, n)) for s, n in ((10, 40), (11, 400))
    ]
    probes += [
        ("random_characters", UNSEEN, "".join(chr(0x4E00 + (i * 37) % 500) for i in range(120)))
    ]
    probes += [("one_line", UNSEEN, t) for t in ONE_LINERS]
    probes += [("one_line_domain_words", UNSEEN, t) for t in DOMAIN_LINES]
    probes += [("empty_ish", UNSEEN, t) for t in ("", " ", "\n\n\t", "...", "-", "N/A", "12")]
    probes += [("repeated_word", UNSEEN, w * n) for w, n in REPEATED]
    return probes


ONE_LINERS = [
    "See you at 3.",
    "Please call me back when you get this.",
    "The quick brown fox jumps over the lazy dog.",
    "Happy birthday, hope you have a wonderful day!",
    "Meeting cancelled.",
    "Total: 42",
    "Confidential",
    "Patient",
    "Agreement",
    "Thanks!",
]
# One line of a known class's words: too little to classify, however confident the model is.
DOMAIN_LINES = [
    "Budget approved at the team meeting, new hires in March, revenue up 4 pct.",
    "The wheat crop was damaged by frost.",
    "Prices rose sharply in trading today, analysts said.",
    "Shares of Acme rose 5 pct.",
    "TOTAL 12.50 CASH 20.00 CHANGE 7.50 GST",
    "This Agreement shall be governed by the laws of the State of Delaware.",
    "Chest x-ray: no acute cardiopulmonary process.",
]
REPEATED = [("hello ", 50), ("data ", 300), ("patient ", 40), ("the ", 100), ("lorem ", 80)]


def probes() -> list[Probe]:
    return [*WRITTEN, *generated()]


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def by_kind(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per kind: texts, share to out_of_scope or review, median confidence of the released."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["kind"]].append(row)
    table = {}
    for kind, mine in groups.items():
        released = [r for r in mine if not r["held"]]
        table[kind] = {
            "expectation": mine[0]["expectation"],
            "texts": len(mine),
            "held": round(sum(r["held"] for r in mine) / len(mine), 3),
            "released_median_confidence": _median([r["confidence"] for r in released]),
            "released_as": sorted({r["label"] for r in released}),
            "closest_energy_margin": max(r["energy_margin"] for r in mine),
        }
    return table


def view(rows: list[dict[str, Any]], unseen: bool) -> dict[str, Any]:
    mine = [r for r in rows if (r["expectation"] == UNSEEN) == unseen]
    released = [r for r in mine if not r["held"]]
    return {
        "texts": len(mine),
        "held": round(sum(r["held"] for r in mine) / len(mine), 4) if mine else None,
        "released_max_confidence": max((r["confidence"] for r in released), default=None),
    }


def energy_margins(model: TextClassifier, texts: list[str]) -> list[float]:
    """Each text's open-set score less the threshold (classifier/ml/open_set.py): negative
    when the energy rule holds it; how far under it a kind sits."""
    assert model.lexical is not None and model.open_set is not None
    names = [lab.name for lab in model.labels[: model.base_labels]]
    scores = model.open_set.scores(model.lexical.logits(texts), names)
    return [round(float(s) - model.open_set.threshold, 3) for s in scores]


def run(model: TextClassifier, min_confidence: float) -> dict[str, Any]:
    items = probes()
    preds, _ = shipped(
        model, [{"id": str(i), "text": t} for i, (_, _, t) in enumerate(items)], min_confidence
    )
    margins = energy_margins(model, [t for _, _, t in items])
    rows = [
        {
            "kind": kind,
            "expectation": expectation,
            "label": p["label"],
            "confidence": round(p["confidence"], 4),
            "held": p["action"] == "review" or p["label"] == "out_of_scope",
            "energy_margin": margin,
        }
        for (kind, expectation, _), p, margin in zip(items, preds, margins, strict=True)
    ]
    return {
        "model": model.version,
        "min_confidence": min_confidence,
        "min_known_words": model.min_known_words,
        "note": "development probe: rules may be chosen on it; not a measurement",
        "unseen": view(rows, True),
        "arguable": view(rows, False),
        "kinds": by_kind(rows),
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['model']}: share to out_of_scope or review per kind (development probe)")
    print(
        f"{'kind':<24}{'expectation':<26}{'texts':>6}{'held':>7}{'released conf':>15}"
        f"{'closest energy':>16}  released as"
    )
    for kind, r in sorted(result["kinds"].items(), key=lambda kv: (kv[1]["held"], kv[0])):
        conf = r["released_median_confidence"]
        print(
            f"{kind:<24}{r['expectation']:<26}{r['texts']:>6}{r['held']:>7.2f}"
            f"{'-' if conf is None else conf:>15}{r['closest_energy_margin']:>16}"
            f"  {','.join(r['released_as'])}"
        )
    for name in ("unseen", "arguable"):
        print(f"{name}: {result[name]}")


def main() -> int:
    ap = benchmark_parser(__doc__)
    ap.add_argument("--policy", default=str(ROOT / "policies" / "default.yaml"))
    ap.add_argument(
        "--min-known-words", type=int, default=None, help="default: the setting's (0: rule off)"
    )
    a = ap.parse_args()
    model = TextClassifier(model_dir(a.model_dir), threads=1, min_known_words=a.min_known_words)
    result = run(model, load_policy(a.policy).min_confidence)
    print_table(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "unseen_probe.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
