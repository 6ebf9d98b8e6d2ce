"""Worker processes: the pipeline's CPU work (validate, map, serialise) on every core, not one.

Python threads share one interpreter lock, so on a 2-core machine N worker threads run documents no faster than
one. Each worker process opens its own Gateway (its own database connections, worker id `host:pid`) and loops
`process_next()`, exactly as a thread would; the parent keeps intake, the scheduler and the HTTP API, wakes the
workers when a file is taken, and reads back what each finished (for /metrics).

A worker whose parent is gone (kill -9 of the daemon) stops after its current document; what it held is freed
by the next daemon's start (`Gateway.free_dead_claims`) or when its lease runs out.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event

from ..config import Config
from ..store import DocumentInfo

log = logging.getLogger("edigate.daemon")
IDLE_WAIT_SECONDS = 0.5

Finished = Callable[[DocumentInfo], None]


class WorkerProcesses:
    def __init__(self, config: Config, count: int, on_finished: Finished, log_level: int = logging.INFO) -> None:
        self._spawn = multiprocessing.get_context("spawn")  # no fork of a process that already runs threads
        self.config = config
        self.count = count
        self.log_level = log_level
        self.on_finished = on_finished
        self.wake = self._spawn.Event()
        self.stopping = self._spawn.Event()
        self.results: multiprocessing.Queue[DocumentInfo] = self._spawn.Queue()
        #: Bumped on SIGHUP: each worker re-reads the partner profiles before its next document.
        self.generation = self._spawn.Value("i", 0)
        #: Released once by each worker when it has warmed up: the daemon says READY only after that.
        self.warmed = self._spawn.Semaphore(0)
        self.ready = 0  # how many had warmed up when the start stopped waiting
        self.processes: list[SpawnProcess] = []
        self._reader = threading.Thread(target=self._read_results, name="edigate-worker-results", daemon=True)

    def start(self) -> WorkerProcesses:
        for index in range(self.count):
            process = self._spawn.Process(
                target=work,
                args=(
                    self.config,
                    self.wake,
                    self.stopping,
                    self.results,
                    os.getpid(),
                    self.log_level,
                    self.generation,
                    self.warmed,
                ),
                name=f"edigate-worker-{index + 1}",
                daemon=True,
            )
            process.start()
            self.processes.append(process)
        self._reader.start()
        return self

    def wait_until_warm(self, timeout: float) -> int:
        """Wait until every worker has loaded what documents need (or `timeout`, or a worker died); how many
        are ready. Files arriving meanwhile are taken and wait in the store, as under any load."""
        deadline = time.monotonic() + timeout
        ready = 0
        while ready < len(self.processes) and time.monotonic() < deadline and self.alive():
            if self.warmed.acquire(timeout=0.1):
                ready += 1
        if ready < len(self.processes):
            log.warning("%d of %d worker processes ready after %.0f s", ready, len(self.processes), timeout)
        self.ready = ready
        return ready

    def reload(self) -> None:
        """The parent re-read the partners (SIGHUP): every worker does too, before its next document."""
        with self.generation.get_lock():
            self.generation.value += 1
        self.wake.set()

    def notify(self) -> None:
        """A file was taken: wake an idle worker now rather than at its next look."""
        self.wake.set()

    def alive(self) -> bool:
        return bool(self.processes) and all(process.is_alive() for process in self.processes)

    def stop(self, timeout: float) -> int:
        """Let each worker finish its document, then exit; how many had to be terminated at the deadline."""
        self.stopping.set()
        self.wake.set()
        for process in self.processes:
            process.join(timeout)
        stuck = [process for process in self.processes if process.is_alive()]
        for process in stuck:
            log.warning("worker %s still busy at the deadline: terminated; the next start resumes", process.pid)
            process.terminate()
            process.join(5)
        self.processes = []
        if self._reader.ident is not None:  # started (a failed start() never got that far)
            self._reader.join(2)
        return len(stuck)

    def _read_results(self) -> None:
        while not (self.stopping.is_set() and not any(p.is_alive() for p in self.processes)):
            try:
                document = self.results.get(timeout=0.1)
            except queue.Empty:
                continue
            except (EOFError, OSError):
                return
            try:
                self.on_finished(document)
            except Exception:
                log.exception("recording a finished document failed")


def work(  # type: ignore[no-untyped-def]
    config: Config,
    wake: Event,
    stopping: Event,
    results: multiprocessing.Queue,
    parent: int,
    level: int,
    generation,
    warmed,
) -> None:
    """A worker process's life: run documents until there are none, wait to be woken, stop with the daemon."""
    from ..pipeline import Gateway
    from .logs import configure_logging

    configure_logging(level)
    with Gateway.open(config) as gateway:
        gateway.warm_up()  # a new process's first documents would wait for loading guides and compiling maps
        warmed.release()
        log.info("worker %s ready", gateway.context.worker_id, extra={"worker": gateway.context.worker_id})
        seen = generation.value
        while not stopping.is_set() and os.getppid() == parent:
            if generation.value != seen:
                seen = generation.value
                for problem in gateway.reload():
                    log.error("reload: partner profile left out: %s", problem)
            try:
                document = gateway.process_next()
            except Exception:
                log.exception("worker: a step failed; its document is taken up again when its claim runs out")
                stopping.wait(1.0)
                continue
            if document is None:
                wake.wait(IDLE_WAIT_SECONDS)
                wake.clear()
            else:
                results.put(document)
