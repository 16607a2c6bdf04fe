"""Site keys (classifier/security/keys.py): created once, owner-only, the same key for processes
that start together on a fresh data folder."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path
from typing import Any

from classifier.security.keys import load_or_create_key


def _key(path: str, start: Any, out: Any) -> None:
    start.wait()  # all at once
    out.put(load_or_create_key(Path(path)))


def test_a_key_is_created_once_owner_only_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "hash.key"
    key = load_or_create_key(path)
    assert len(key) == 32 and load_or_create_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["hash.key"]  # no private file left


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    path = str(tmp_path / "keys" / "hash.key")
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(8), context.Queue()
    workers = [context.Process(target=_key, args=(path, start, out)) for _ in range(8)]
    for w in workers:
        w.start()
    keys = [out.get(timeout=30) for _ in workers]  # a process that failed puts nothing
    for w in workers:
        w.join(10)
    assert all(w.exitcode == 0 for w in workers)
    assert len(set(keys)) == 1 and keys[0] == Path(path).read_bytes()
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["hash.key"]
