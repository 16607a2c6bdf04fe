"""Tasks sent on a Redis broker, kept until they end, and sent again when Redis lost them.

Why: kombu's Redis transport takes a message with BRPOP and only then writes it to its
`unacked` hash. A worker killed between the two (a kill -9 right after it finished a task, as it
fetches the next) loses that message for good: it is in neither the queue nor `unacked`, so no
visibility timeout brings it back. RabbitMQ requeues a dead consumer's messages itself; this
module is used on `redis://` and `rediss://` brokers only.

    sender   HSET <queue>:sent <task id> {name, args, at}     then publishes the task
    worker   HDEL <queue>:sent <task id>                      when the task ends (not on retry)
    sweeper  (in every `classifier worker`, one at a time by a lock) every SWEEP_S: an entry
             older than GRACE_S whose id is in neither the queue's lists nor `unacked`, twice
             in a row a second apart, is published again with the same id and arguments

Sending again is safe: every task is keyed and does nothing twice (scale/jobs.py, pushes.py,
watch/queued.py). The ledger holds ids and arguments only, as the tasks do: no content.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

log = logging.getLogger(__name__)
SWEEP_S = 15.0  # how often a worker looks for lost tasks
GRACE_S = 5.0  # a task younger than this may still be on its way to Redis
RECHECK_S = 1.0  # missing twice, this far apart: lost, not between BRPOP and `unacked`
UNACKED = "unacked"  # kombu's default `unacked_key`
PRIORITY_SEP = "\x06\x16"  # kombu: a queue's list for priority p > 0 is `<queue>\x06\x16<p>`
PRIORITIES = (0, 3, 6, 9)
ENDED_STATES = ("SUCCESS", "FAILURE", "REJECTED", "REVOKED", "IGNORED")


def uses_ledger(broker_url: str) -> bool:
    return broker_url.startswith(("redis://", "rediss://", "unix://"))


class SentLedger:
    def __init__(self, broker_url: str, queue: str):
        import redis

        self.redis = redis.Redis.from_url(broker_url)
        self.queue = queue
        self.key = f"classifier:{queue}:sent"
        self.lock_key = f"classifier:{queue}:sweeping"

    def sent(self, task_id: str, name: str, args: list[Any]) -> None:
        entry = {"name": name, "args": args, "at": time.time()}
        self.redis.hset(self.key, task_id, json.dumps(entry))

    def ended(self, task_id: str) -> None:
        self.redis.hdel(self.key, task_id)

    def pending(self) -> dict[str, dict[str, Any]]:
        found = self.redis.hgetall(self.key).items()
        return {_text(k): json.loads(v) for k, v in found}

    def in_redis(self) -> set[str]:
        """The ids of the tasks Redis holds: waiting in the queue (read first: a message moves
        from there to `unacked`) or delivered and not yet acknowledged."""
        lists = [self.queue] + [f"{self.queue}{PRIORITY_SEP}{p}" for p in PRIORITIES if p]
        raw: list[bytes | str] = []
        for name in lists:
            raw.extend(self.redis.lrange(name, 0, -1))
        ids = {_task_id(json.loads(m)) for m in raw}
        ids |= {_task_id(json.loads(v)[0]) for v in self.redis.hvals(UNACKED)}
        return ids

    def lost(self, now: float) -> dict[str, dict[str, Any]]:
        old = {k: v for k, v in self.pending().items() if now - float(v["at"]) > GRACE_S}
        if not old:
            return {}
        missing = set(old) - self.in_redis()
        if missing:
            time.sleep(RECHECK_S)
            missing -= self.in_redis()
        return {k: old[k] for k in missing if k in self.pending()}

    def sweep(self, app: Any) -> int:
        """Publish again the tasks Redis lost; returns how many. One sweeper at a time."""
        if not self.redis.set(self.lock_key, "1", nx=True, ex=int(SWEEP_S * 2)):
            return 0
        try:
            lost = self.lost(time.time())
            for task_id, entry in lost.items():
                self.sent(task_id, entry["name"], entry["args"])
                app.send_task(entry["name"], args=entry["args"], task_id=task_id)
            if lost:
                log.warning("broker: %d task(s) lost by Redis sent again", len(lost))
            return len(lost)
        finally:
            self.redis.delete(self.lock_key)

    def close(self) -> None:
        self.redis.close()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _task_id(message: dict[str, Any]) -> str:
    return str((message.get("headers") or {}).get("id", ""))


def sweep_forever(ledger: SentLedger, app: Any, stop: threading.Event) -> None:
    """A worker's sweeper thread: until `stop`, a sweep every SWEEP_S (a broken connection is
    logged and tried again at the next)."""
    while not stop.wait(SWEEP_S):
        try:
            ledger.sweep(app)
        except Exception as exc:  # the broker is down: the worker itself reports it
            log.warning("broker: the lost-task sweep failed (%s)", type(exc).__name__)


def start_sweeper(ledger: SentLedger, app: Any) -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=sweep_forever, args=(ledger, app, stop), daemon=True,
                     name="lost-task-sweeper").start()  # fmt: skip
    return stop
