"""N worker processes, each bootstrapping the pipeline once; tasks in, results in input order.

    with WorkerPool(settings, workers=2, task=batch_task) as pool:
        for result in pool.map(payloads): ...       # in the order of payloads

A worker is started with `spawn` (no inherited threads, locks or ONNX sessions), bootstraps
once (`classifier.bootstrap`), says it is ready, then takes one task at a time: `task(pipeline,
payload, failed)`, a module-level function. After each task it reads its resident memory;
over `worker_max_rss_mb` it answers, exits, and the pool starts a fresh one (recycled). A
worker that dies mid-task (kill -9, the kernel's OOM killer) is replaced and its task handed to
the new one once more with `failed=True`, so the task function quarantines it rather than try
the same thing again; a second death gives `TaskLost` for that task. Each worker gets
`onnx_threads // workers` intra-op threads (at least 1), so N workers share the cores.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from classifier.errors import WorkerError
from classifier.scale.memory import peak_rss_mb, rss_mb
from classifier.settings import Settings

log = logging.getLogger(__name__)
Task = Callable[[Any, Any, bool], Any]  # (pipeline, payload, failed) -> picklable result
LOOKAHEAD = 4  # tasks dispatched ahead of the oldest unanswered one, per worker


@dataclass(frozen=True)
class TaskLost:
    """A task whose worker died twice; the caller says what that means for its input."""

    task_id: int


@dataclass
class PoolStats:
    cold_start_s: list[float] = field(default_factory=list)  # process start -> ready
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # per worker pid
    recycled: int = 0  # workers over the memory bound, replaced
    died: int = 0  # workers that exited mid-task, replaced
    cpu_s: float = 0.0  # CPU seconds the workers spent in tasks (all threads)


def worker_settings(settings: Settings, workers: int) -> dict[str, Any]:
    """The settings a worker bootstraps with: its share of the intra-op threads."""
    values = dict(settings)
    values["onnx_threads"] = max(1, int(settings["onnx_threads"]) // max(workers, 1))
    return values


def _worker_main(conn: Connection, values: dict[str, Any], task: Task, max_rss: int) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", str(values["onnx_threads"]))
    logging.basicConfig(
        level=values["log_level"], format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        from classifier.bootstrap import bootstrap

        pipeline = bootstrap(Settings(values)).pipeline
    except Exception as exc:  # settings, model, policy: our messages hold no document content
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return  # the parent is gone
        if message is None:
            return
        task_id, payload, failed = message
        cpu = time.process_time()
        result = task(pipeline, payload, failed)
        cpu = time.process_time() - cpu
        recycle = max_rss > 0 and rss_mb() > max_rss
        conn.send(("done", task_id, result, peak_rss_mb(), recycle, cpu))
        if recycle:
            return


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    started: float
    ready: bool = False
    job: tuple[int, Any, bool] | None = None  # (task id, payload, failed)


class WorkerPool:
    def __init__(
        self, settings: Settings, workers: int, task: Task, max_rss_mb: int | None = None
    ) -> None:
        self.size = max(1, workers)
        self.task = task
        self.values = worker_settings(settings, self.size)
        self.max_rss = int(settings["worker_max_rss_mb"] if max_rss_mb is None else max_rss_mb)
        self.stats = PoolStats()
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._queue: deque[tuple[int, Any, bool]] = deque()
        self._done: dict[int, Any] = {}
        self._next_id = 0

    # lifecycle ------------------------------------------------------------------------------
    def start(self, wait_ready: bool = True) -> WorkerPool:
        while len(self._workers) < self.size:
            self._spawn()
        while wait_ready and not all(w.ready for w in self._workers):
            self.step(timeout=None)
        return self

    def close(self, timeout: float = 10.0) -> None:
        for w in self._workers:
            with contextlib.suppress(OSError):
                w.conn.send(None)
        for w in self._workers:
            w.process.join(timeout)
            if w.process.is_alive():
                w.process.terminate()
                w.process.join()
            w.conn.close()
        self._workers.clear()

    def __enter__(self) -> WorkerPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    # tasks ----------------------------------------------------------------------------------
    def submit(self, payload: Any) -> int:
        """Queue one task; its result comes back from `step` under the returned id."""
        task_id = self._next_id
        self._next_id += 1
        self._queue.append((task_id, payload, False))
        self._dispatch()
        return task_id

    @property
    def busy(self) -> int:
        return len(self._queue) + sum(w.job is not None for w in self._workers)

    def step(self, timeout: float | None) -> dict[int, Any]:
        """Wait up to `timeout` for workers; returns the results that came back, by task id."""
        self._dispatch()
        waitables: list[Any] = [w.conn for w in self._workers]
        waitables += [w.process.sentinel for w in self._workers]
        for ready in wait(waitables, timeout):
            worker = self._owner(ready)
            if worker is not None:
                self._handle(worker)
        self._dispatch()
        done, self._done = self._done, {}
        return done

    def map(self, payloads: Iterable[Any]) -> Iterator[Any]:
        """Every payload's result, in the payloads' order."""
        source = iter(payloads)
        results: dict[int, Any] = {}
        next_out = self._next_id
        exhausted = False
        while True:
            while not exhausted and self._next_id - next_out < self.size * LOOKAHEAD:
                payload = next(source, _END)
                if payload is _END:
                    exhausted = True
                else:
                    self.submit(payload)
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            if exhausted and next_out == self._next_id:
                return
            if not exhausted and self._next_id - next_out < self.size * LOOKAHEAD:
                continue  # room in the window again: submit before waiting (nothing may be
                # in flight: every task of a full window done, the slowest first)
            results.update(self.step(timeout=None))

    # internals ------------------------------------------------------------------------------
    def _spawn(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, self.values, self.task, self.max_rss),
            name="classifier-worker",
            daemon=True,
        )
        started = time.perf_counter()
        process.start()
        child.close()
        self._workers.append(_Worker(process, parent, started))

    def _owner(self, ready: Any) -> _Worker | None:
        for w in self._workers:
            if ready is w.conn or ready == w.process.sentinel:
                return w
        return None  # replaced earlier in this round

    def _dispatch(self) -> None:
        for w in self._workers:
            if w.ready and w.job is None and self._queue:
                w.job = self._queue.popleft()
                w.conn.send(w.job)

    def _handle(self, worker: _Worker) -> None:
        """One message from `worker`, or its death (a sentinel can come before its last
        message: the message is read first)."""
        try:
            message = worker.conn.recv() if worker.conn.poll() else None
        except (EOFError, OSError):  # the pipe closed: the process is ending
            worker.process.join(5)
            message = None
        if message is None:
            if not worker.process.is_alive():
                self._lost(worker)
        elif message[0] == "ready":
            worker.ready = True
            self.stats.cold_start_s.append(time.perf_counter() - worker.started)
        elif message[0] == "failed":
            raise WorkerError(f"a worker could not start: {message[1]}")
        else:
            _, task_id, result, peak, recycle, cpu = message
            self._done[task_id] = result
            self.stats.cpu_s += cpu
            worker.job = None
            pid = worker.process.pid or 0
            self.stats.peak_rss_mb[pid] = max(peak, self.stats.peak_rss_mb.get(pid, 0.0))
            if recycle:
                self.stats.recycled += 1
                log.info("worker %d over %d MB: recycled", pid, self.max_rss)
                self._replace(worker)

    def _lost(self, worker: _Worker) -> None:
        """The worker's process ended without answering: replace it; its task goes again."""
        worker.process.join(5)
        if not worker.ready:
            raise WorkerError(
                f"a worker exited while starting (exit code {worker.process.exitcode})"
            )
        job = worker.job
        self._replace(worker)
        if job is None:
            return
        self.stats.died += 1
        task_id, payload, failed = job
        log.error("worker %s died during task %d; %s", worker.process.pid, task_id,
                  "task lost" if failed else "handed to a new worker")  # fmt: skip
        if failed:
            self._done[task_id] = TaskLost(task_id)
        else:
            self._queue.appendleft((task_id, payload, True))

    def _replace(self, worker: _Worker) -> None:
        worker.process.join(5)
        worker.conn.close()
        self._workers.remove(worker)
        self._spawn()


_END = object()
