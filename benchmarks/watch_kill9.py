#!/usr/bin/env python3
"""kill -9 the real `classifier watch` at random moments; prove every file is done once.

Drops N files (default 300) into a fresh watched folder under three actor subfolders: unique
clinical notes, a few corrupt PDFs (they must be quarantined) and a few files whose content
repeats an earlier one (they must be recorded as duplicates, not processed again). Then it
runs `classifier watch --once DIR` in a subprocess and SIGKILLs it at a random moment after it
starts watching, K times (default 6); a last run goes on until the inbox is empty. Finally it
accounts for every input file:

    processed   exactly one `document.processed` audit record for its sha256, exactly one
                redacted file + one JSON result in outbox/ or review/, the original in archive/
    quarantined exactly one `document.quarantined` record, the original and a reason file
    duplicate   exactly one `watch.duplicate` record for (sha256, actor), the copy in archive/,
                and the result in that actor's own outbox/ or review/ (a quarantine: its reason)
    and inbox/ and processing/ are empty.

usage: benchmarks/watch_kill9.py [--files 300] [--kills 6] [--models-dir DIR --model NAME]
Prints a table and writes benchmarks/results/watch_kill9.json. Peak RSS of each run is read
from /proc/<pid>/status (VmHWM). `--kills 0 --files 1000` is the burst run.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from classifier.audit.log import read_records  # noqa: E402
from classifier.pipeline import OUTCOME_EVENTS  # noqa: E402

ACTORS = ("radiology", "billing/j-doe", "")  # "": the inbox itself, actor anonymous
NOTE = (
    "Progress note {i}. Patient {name} was seen on ward {ward} for follow-up of {topic}.\n"
    "Contact number 617-555-{phone:04d}. Plan: continue current medication, review in {weeks} "
    "weeks. Blood pressure {bp}/80, heart rate {hr}.\n"
)
NAMES = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov")
TOPICS = ("hypertension", "type 2 diabetes", "asthma", "a knee replacement", "migraine")


def make_inputs(inbox: Path, n: int, rng: random.Random) -> list[dict[str, Any]]:
    files, contents = [], []
    for i in range(n):
        actor = ACTORS[i % len(ACTORS)]
        if i % 37 == 5:
            content = f"%PDF-1.7\n{i} 0 obj << broken".encode()
            name = f"scan-{i:04d}.pdf"
        elif i % 41 == 7 and contents:
            content = rng.choice(contents)
            name = f"copy-{i:04d}.txt"
        else:
            content = NOTE.format(
                i=i,
                name=rng.choice(NAMES),
                ward=rng.randint(1, 12),
                topic=rng.choice(TOPICS),
                phone=i,
                weeks=rng.randint(2, 8),
                bp=rng.randint(100, 160),
                hr=rng.randint(50, 100),
            ).encode()
            contents.append(content)
            name = f"note-{i:04d}.txt"
        path = inbox / actor / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        sha = hashlib.sha256(content).hexdigest()
        files.append({"actor": actor or "anonymous", "name": name, "sha256": sha})
    return files


class Run:
    """One `classifier watch --once` process, its log, its peak RSS."""

    def __init__(self, cmd: list[str], env: dict[str, str], log_path: Path):
        self.log = log_path.open("ab")
        self.proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=self.log, stderr=self.log)
        self.log_path = log_path
        self.started = time.monotonic()
        self.peak_kib = 0
        self._stop = threading.Event()
        threading.Thread(target=self._watch_memory, daemon=True).start()

    def _watch_memory(self) -> None:
        status = Path(f"/proc/{self.proc.pid}/status")
        while not self._stop.is_set():
            try:
                m = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
                self.peak_kib = max(self.peak_kib, int(m[1])) if m else self.peak_kib
            except OSError:
                return
            time.sleep(0.1)

    def wait_for(self, text: str, offset: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if text.encode() in self.log_path.read_bytes()[offset:]:
                return True
            time.sleep(0.05)
        return False

    def finish(self, kill: bool) -> dict[str, Any]:
        if kill and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        rc = self.proc.wait()
        self._stop.set()
        self.log.close()
        return {
            "killed": kill and rc == -signal.SIGKILL,
            "rc": rc,
            "seconds": round(time.monotonic() - self.started, 2),
            "peak_rss_mib": round(self.peak_kib / 1024, 1),
        }


def account(root: Path, audit_dir: Path, files: list[dict[str, Any]]) -> dict[str, Any]:
    records = [r for r in read_records(audit_dir) if r.get("source") == "watch"]
    docs = collections.Counter(
        (r["sha256"], r["event"]) for r in records if r["event"] in OUTCOME_EVENTS
    )
    dups = collections.Counter(r["sha256"] for r in records if r["event"] == "watch.duplicate")

    def names(folder: str) -> collections.Counter[str]:
        return collections.Counter(
            str(p.relative_to(root / folder)) for p in (root / folder).rglob("*") if p.is_file()
        )

    def by_actor(*folders: str) -> collections.Counter[tuple[str, str]]:
        """Files per (actor folder, sha16): every dropping department gets its own result."""
        paths = [Path(p) for d in folders for p in names(d).elements()]
        return collections.Counter((str(p.parent), p.name[:16]) for p in paths)

    outputs, quarantine = by_actor("outbox", "review"), by_actor("quarantine")
    archive = names("archive")
    groups: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for f in files:
        groups[f["sha256"]].append(f)
    outcome: collections.Counter[str] = collections.Counter()
    problems = []
    for sha, group in groups.items():
        processed, quarantined = (
            docs[(sha, "document.processed")],
            docs[(sha, "document.quarantined")],
        )
        archived = [archive[f"{f['actor']}/{sha[:16]}-{f['name']}"] for f in group]
        actors = {f["actor"] for f in group}
        first = group[0]["actor"]  # its quarantine holds the original and the reason
        if quarantined:
            kind = "quarantined"
            kept = {a: quarantine[(a, sha[:16])] for a in actors}
            ok = (processed, quarantined) == (0, 1) and kept == {
                a: 2 if a == first else 1 for a in actors
            }
            ok = ok and not any(outputs[(a, sha[:16])] for a in actors)
        else:
            kind = "processed"
            ok = processed == 1 and all(outputs[(a, sha[:16])] == 2 for a in actors)
            ok = ok and archived == [1] * len(group)
        ok = ok and dups[sha] == len(group) - 1
        outcome[kind] += 1
        outcome["duplicate"] += len(group) - 1
        if not ok:
            problems.append(f"sha256 {sha[:16]} ({len(group)} file(s)): not exactly once")
    left = [str(p) for d in ("inbox", "processing") for p in (root / d).rglob("*") if p.is_file()]
    problems += [f"left behind: {p}" for p in left]
    return {
        "outcomes": dict(outcome),
        "document_records": sum(docs.values()),
        "duplicate_records": sum(dups.values()),
        "problems": problems,
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--kills", type=int, default=6)
    ap.add_argument("--max-delay", type=float, default=4.0, help="latest kill, s after start")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--models-dir", default=str(ROOT / "models"))
    ap.add_argument("--model", default="")
    ap.add_argument("--workdir", help="keep the run here (default: a temporary folder)")
    ap.add_argument("--out", default=str(RESULTS / "watch_kill9.json"))
    args = ap.parse_args()
    rng = random.Random(args.seed)

    work = Path(args.workdir or tempfile.mkdtemp(prefix="watch-kill9-"))
    root, audit_dir = work / "watch", work / "audit"
    files = make_inputs(root / "inbox", args.files, rng)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    env.update(
        CLASSIFIER_AUDIT_DIR=str(audit_dir),
        CLASSIFIER_DATA_DIR=str(work / "var"),
        CLASSIFIER_MODELS_DIR=args.models_dir,
        CLASSIFIER_MODEL=args.model,
        CLASSIFIER_WATCH_STABLE_MS="200",
        CLASSIFIER_WATCH_POLL_MS="200",
        CLASSIFIER_ONNX_THREADS="1",
    )
    cmd = [sys.executable, "-m", "classifier.cli.main", "watch", "--once", str(root)]
    log_path = work / "watch.log"
    runs = []
    started = time.monotonic()
    for attempt in range(args.kills + 1):
        last = attempt == args.kills
        offset = log_path.stat().st_size if log_path.exists() else 0
        run = Run(cmd, env, log_path)
        if not run.wait_for("watching ", offset, timeout=300):
            print(log_path.read_text()[-3000:], file=sys.stderr)
            return 2
        kill_after = rng.uniform(0.0, args.max_delay)
        if not last:
            time.sleep(kill_after)
        result = run.finish(kill=not last)
        done = len(list((root / ".watch" / "hashes").glob("*/*.done")))
        result["kill_after_s"] = None if last else round(kill_after, 2)
        result["done_after"] = done
        runs.append(result)
        if not last and run.proc.returncode == 0:  # finished before the kill came
            break
    seconds = time.monotonic() - started
    accounting = account(root, audit_dir, files)
    log_text = log_path.read_text(encoding="utf-8", errors="replace")
    recovered = sum(int(n) for n in re.findall(r"recovered (\d+) claim", log_text))
    rebuilt = log_text.count("was recorded before a restart")
    report = {
        "files": args.files,
        "kills": sum(r["killed"] for r in runs),
        "seconds": round(seconds, 1),
        "runs": runs,
        **accounting,
        "claims_recovered": recovered,
        "recorded_before_kill_rebuilt": rebuilt,
        "exactly_once": not accounting["problems"],
        "workdir": str(work),
    }
    print(f"{'run':>3} {'killed':>6} {'after s':>7} {'alive s':>7} {'done':>5} {'peak MiB':>8}")
    for i, r in enumerate(runs, 1):
        after = "-" if r["kill_after_s"] is None else f"{r['kill_after_s']:.2f}"
        print(
            f"{i:>3} {('yes' if r['killed'] else 'no'):>6} {after:>7} {r['seconds']:>7.1f} "
            f"{r['done_after']:>5} {r['peak_rss_mib']:>8.1f}"
        )
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(accounting["outcomes"].items()))
    print(
        f"{args.files} files, {report['kills']} kill -9, {seconds:.1f}s: {outcomes}; "
        f"{accounting['document_records']} document records, "
        f"{accounting['duplicate_records']} duplicate records; {recovered} claims recovered "
        f"({rebuilt} already audited, rebuilt without a second record); "
        f"exactly once: {'yes' if report['exactly_once'] else 'NO'}"
    )
    for problem in accounting["problems"][:20]:
        print("  " + problem)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    return 0 if report["exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
