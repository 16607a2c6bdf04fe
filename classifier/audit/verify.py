"""`classifier audit verify`: every node's chain in the audit folder, each verified on its own
(`verify_chain`), reported per node (records, last checkpoint and its age, OK or FAILED); the
trail fails when any chain fails.

A folder written by one machine before node ids (`audit-YYYYMMDD-NNN.jsonl`) holds one chain,
node "", and is reported exactly as before. Exit status: 0 clean, 1 problems, 2 keys missing
or unreadable, 3 only unrecorded torn last lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from classifier.audit.format import LEGACY, node_label, nodes
from classifier.audit.keys import AuditKeys, load_keys
from classifier.audit.verify_chain import (
    RETENTION_EVENT,
    FileSummary,
    Problem,
    Report,
    exit_status,
    plural,
    stray_problems,
    verify_chain,
)
from classifier.errors import AuditError

__all__ = [
    "RETENTION_EVENT",
    "FileSummary",
    "Problem",
    "Report",
    "TrailReport",
    "verify",
    "verify_chain",
    "verify_command",
]


@dataclass
class TrailReport:
    """The chains of one audit folder, by node id, and the file names no writer gives."""

    chains: list[Report]
    strays: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.strays, *(p for chain in self.chains for p in chain.problems)]

    @property
    def ok(self) -> bool:
        return not self.strays and all(chain.ok for chain in self.chains)

    exit_code = property(lambda self: exit_status(self.problems))

    @property
    def notes(self) -> list[str]:
        return [note for chain in self.chains for note in chain.notes]

    @property
    def files(self) -> list[FileSummary]:
        return [summary for chain in self.chains for summary in chain.files]

    @property
    def records(self) -> int:
        return sum(chain.records for chain in self.chains)

    @property
    def checkpoints(self) -> int:
        return sum(chain.checkpoints for chain in self.chains)

    @property
    def sole(self) -> Report:
        """The one chain of a one-machine trail; several chains have no single sequence."""
        if len(self.chains) != 1:
            raise AuditError(f"the trail has {len(self.chains)} chains: ask one by node")
        return self.chains[0]

    # a one-machine trail's sequence numbers (those of `sole`)
    @property
    def first_seq(self) -> int | None:
        return self.sole.first_seq

    @property
    def last_seq(self) -> int | None:
        return self.sole.last_seq

    @property
    def checkpoint_seq(self) -> int:
        return self.sole.checkpoint_seq

    def chain(self, node: str) -> Report:
        for chain in self.chains:
            if chain.node == node:
                return chain
        raise AuditError(f"no chain of node {node_label(node)} in the trail")

    def failed(self) -> list[str]:
        return [chain.node for chain in self.chains if not chain.ok]

    def summary(self) -> str:
        if len(self.chains) == 1 and not self.strays:
            return self.chains[0].summary()
        where = f"{plural(self.records, 'record')} in {plural(len(self.chains), 'node')}"
        if self.ok:
            matched = plural(self.checkpoints, "signed checkpoint")
            return f"OK: {where}, every chain and HMAC intact, {matched} match"
        kinds = ", ".join(sorted({p.kind for p in self.problems}))
        failed = ", ".join(node_label(n) for n in self.failed()) or "none"
        return (
            f"FAILED: {plural(len(self.problems), 'problem')} ({kinds}) in {where}; "
            f"failed: {failed}"
        )

    def freshness(self, now: dt.datetime | None = None) -> str:
        if len(self.chains) == 1:
            return self.chains[0].freshness(now)
        return "; ".join(f"{node_label(c.node)}: {c.freshness(now)}" for c in self.chains)

    def lines(self) -> list[str]:
        return [*map(str, self.problems), *self.notes, self.summary()]

    def output(self, now: dt.datetime | None = None) -> list[str]:
        """What `audit verify` prints: problems, notes, a line per node, the summary."""
        *details, summary = self.lines()
        if len(self.chains) == 1 and self.chains[0].node == LEGACY:
            return [*details, self.freshness(now), summary]
        per_node = [
            f"node {node_label(c.node)}: {c.summary()}; {c.freshness(now)}" for c in self.chains
        ]
        return [*details, *per_node, summary]


def verify(directory: str | Path, keys: AuditKeys, checkpoint_every: int = 100) -> TrailReport:
    """Every node's chain in `directory` (one chain, node "", when there are none yet)."""
    folder = Path(directory)
    found = nodes(folder) or [LEGACY]
    if len(found) == 1:
        return TrailReport([verify_chain(folder, keys, checkpoint_every, found[0])])
    chains = [verify_chain(folder, keys, checkpoint_every, n, strays=False) for n in found]
    return TrailReport(chains, stray_problems(folder))


def verify_command(directory: Path, key_dir: Path, checkpoint_every: int, out: TextIO) -> int:
    """The CLI's `audit verify`: problems, notes, a line per node, then a one-line summary."""
    try:
        report = verify(directory, load_keys(key_dir), checkpoint_every)
    except AuditError as exc:
        print(f"audit verify: {exc}", file=out)
        return 2
    for line in report.output():
        print(line, file=out)
    return report.exit_code
