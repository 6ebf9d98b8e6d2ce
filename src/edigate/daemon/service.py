"""`edigate run`: the gateway as a long-running service around one `Gateway`.

    watchers (inbox/<partner>/, outbox/<partner>/pending/) --take_file/take_pending--> store
        --> wake --> N worker threads: gateway.process_next() until no work, then sleep until woken
    scheduler: deliver_due (1 s), check_overdue_acks (1 min), resume_outbound (1 min), rescan (10 s), retention
    HTTP: /healthz, /metrics, POST /api/v1/outbound/<record-type>

Nothing here decides what happens to a document: the gateway does, in store transactions, so a stop at any
instant (SIGTERM, kill -9, power) loses nothing and the next start resumes. SIGTERM stops intake first, lets the
steps in flight finish (bounded), then closes; SIGHUP re-reads the partner profiles and re-points the watchers.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from ..config import Config
from ..config.daemon_settings import split_listen
from ..pipeline import Gateway, UnknownPartner
from ..pipeline.outbound_render import OutboundRefused
from ..transports import FolderWatcher, json_name, sftp_client
from ..transports.sftp_server import SftpServer, SftpStartError, start_if_enabled
from .api_token import load_or_create_token
from .http_api import ApiApp, ApiServer
from .layout import remove_marker, watched_folders, write_marker
from .metrics import DaemonMetrics
from .retention import Retention
from .systemd_notify import SystemdNotifier
from .worker_processes import WorkerProcesses

log = logging.getLogger("edigate.daemon")


#: How long the start waits for worker processes to load guides and maps before it says READY anyway.
WORKERS_WARM_SECONDS = 60.0
#: A worker with nothing to do looks again this often even unwoken (work released by another process, a replay).
IDLE_POLL_SECONDS = 1.0
ACK_CHECK_SECONDS = 60.0
RESUME_SECONDS = 60.0
RETENTION_SECONDS = 3600.0


class DaemonError(Exception):
    """The daemon cannot start (the address is taken, the token cannot be read, ...): the reason, for the CLI."""


class Daemon:
    def __init__(
        self,
        config: Config,
        *,
        workers: int | None = None,
        stop_timeout: float = 30.0,
        environ: Mapping[str, str] | None = None,
        open_gateway: Callable[[Config], Gateway] = Gateway.open,
        on_ready: Callable[[Daemon], None] | None = None,
    ) -> None:
        self.config = config
        self.settings = config.daemon
        self.workers = workers or self.settings.workers
        self.stop_timeout = stop_timeout
        self.environ = os.environ if environ is None else environ
        self.open_gateway = open_gateway
        self.on_ready = on_ready
        self.notifier = SystemdNotifier(self.environ)
        self.work = threading.Event()
        self._stopping = threading.Event()
        self._wakeup = threading.Event()
        self._reload_requested = False
        self._started = False
        self._overdue_seen: set[int] = set()
        self._threads: list[threading.Thread] = []
        self.processes: WorkerProcesses | None = None
        self.gateway: Gateway | None = None
        self.api: ApiServer | None = None
        self.sftp: SftpServer | None = None
        self.inbox_watcher: FolderWatcher | None = None
        self.pending_watcher: FolderWatcher | None = None
        self.scheduler: BackgroundScheduler | None = None
        self.metrics: DaemonMetrics | None = None

    # -- start ---------------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Open, recover, then serve: after this returns files are being taken and documents run."""
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        self.gateway = gateway = self.open_gateway(self.config)
        try:
            self._start_serving(gateway)
        except BaseException:
            self.stop()
            raise

    def _start_serving(self, gateway: Gateway) -> None:
        recovered = gateway.recover()
        if any(recovered.values()):
            log.warning("recovered after a stop: %s", ", ".join(f"{k} {v}" for k, v in recovered.items()))
        self.metrics = DaemonMetrics(gateway.status)
        self._start_api(gateway)
        try:
            self.sftp = start_if_enabled(self.config, lambda: gateway.context.partners)  # reload: next login sees it
        except SftpStartError as exc:
            raise DaemonError(str(exc)) from None
        self.inbox_watcher = FolderWatcher(self._take_inbound, name="inbox")
        self.pending_watcher = FolderWatcher(self._take_pending, accept=json_name, name="pending")
        inboxes, pendings = self._folders()
        self.inbox_watcher.start(inboxes)
        self.pending_watcher.start(pendings)
        self._start_workers()
        self._start_scheduler(gateway)
        self._write_marker()
        self._announce(inboxes)
        self._started = True
        self.notifier.ready(f"serving {len(inboxes)} inbox(es) on {self.api.url if self.api else '-'}")
        self.notifier.start_watchdog(self.healthy)
        if self.on_ready is not None:
            self.on_ready(self)

    def _start_workers(self) -> None:
        """Threads by default; processes (`[daemon] worker_processes`) to use every core for the CPU-bound steps."""
        assert self.metrics is not None
        if self.settings.worker_processes:
            level = logging.getLogger().getEffectiveLevel()
            processes = WorkerProcesses(self.config, self.workers, self.metrics.document_finished, level)
            self.processes = processes.start()
            processes.wait_until_warm(WORKERS_WARM_SECONDS)  # READY means documents run at full speed from now
            return
        for index in range(self.workers):
            thread = threading.Thread(target=self._work_loop, name=f"edigate-worker-{index + 1}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _start_api(self, gateway: Gateway) -> None:
        from .api_token import TokenError

        try:
            token, source = load_or_create_token(self.config, self.environ)
        except TokenError as exc:
            raise DaemonError(str(exc)) from None
        host, port = split_listen(self.config.api.listen)
        assert self.metrics is not None
        try:
            self.api = ApiServer(host, port, ApiApp(gateway, token, self.metrics)).start()
        except OSError as exc:
            reason = exc.strerror or exc
            raise DaemonError(f"cannot listen on {self.config.api.listen} ([api] listen): {reason}") from None
        log.info("API on %s (token from %s)", self.api.url, source)

    def _start_scheduler(self, gateway: Gateway) -> None:
        scheduler = BackgroundScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30}
        )
        retention = Retention(gateway, self.settings.retention_days)
        jobs: list[tuple[str, Callable[[], Any], float]] = [
            ("deliver_due", self._deliver_due, self.settings.delivery_interval_seconds),
            ("check_overdue_acks", self._check_acks, ACK_CHECK_SECONDS),
            ("resume_outbound", gateway.resume_outbound, RESUME_SECONDS),
            ("rescan", self._rescan, self.settings.rescan_seconds),
        ]
        if self.settings.retention_days > 0:
            jobs.append(("retention", retention.run, RETENTION_SECONDS))
        for name, job, seconds in jobs:
            scheduler.add_job(_guarded(name, job), "interval", seconds=seconds, id=name, name=name)
        sftp_client.register_jobs(scheduler, self.config, gateway.context.partners, self._stopping)  # remote SFTP
        scheduler.start()
        self.scheduler = scheduler

    def _folders(self) -> tuple[dict[Path, str], dict[Path, str]]:
        assert self.gateway is not None
        return watched_folders(self.config, self.gateway.context.partners)

    def _write_marker(self) -> None:
        assert self.api is not None
        write_marker(self.config, self.api.address, self.api.url)

    @property
    def inboxes(self) -> dict[Path, str]:
        """The inbox folders watched now (folder -> partner)."""
        return self.inbox_watcher.folders if self.inbox_watcher is not None else {}

    def _announce(self, inboxes: Mapping[Path, str]) -> None:
        for folder, partner in sorted(inboxes.items(), key=lambda item: item[1]):
            log.info("drop files for %s into %s", partner, folder, extra={"partner": partner})
        if not inboxes:
            log.warning("no partner has a local inbox: add one with `edigate partner add`, then send SIGHUP")
        log.info(
            "acknowledgments appear in %s/<partner>/, delivered records in the ERP (file drop: %s)",
            self.config.outbox_dir,
            self.config.home / "erp",
        )

    # -- work ----------------------------------------------------------------------------------------------------

    def _take_inbound(self, path: Path, partner: str) -> None:
        assert self.gateway is not None and self.metrics is not None
        try:
            self.gateway.take_file(path, partner)
        except Exception:
            self.metrics.intake_errors.labels(partner).inc()
            raise
        self.metrics.files_taken.labels(partner).inc()
        self.work.set()
        if self.processes is not None:
            self.processes.notify()

    def _take_pending(self, path: Path, partner: str) -> None:
        assert self.gateway is not None and self.metrics is not None
        try:
            self.gateway.take_pending(path, partner)
        except (OutboundRefused, UnknownPartner):
            return  # moved to pending/rejected/ with the reason, and logged by the gateway
        self.metrics.outbound_sent.labels(partner, "pending").inc()

    def _work_loop(self) -> None:
        """Run documents until there are none, then sleep until an intake wakes us (or a second passes)."""
        assert self.gateway is not None and self.metrics is not None
        while not self._stopping.is_set():
            self.work.clear()
            try:
                document = self.gateway.process_next()
            except Exception:
                log.exception("worker: a step failed; its document is taken up again when its claim runs out")
                self._stopping.wait(IDLE_POLL_SECONDS)
                continue
            if document is None:
                self.work.wait(IDLE_POLL_SECONDS)
            else:
                self.metrics.document_finished(document)

    def _deliver_due(self) -> None:
        assert self.gateway is not None and self.metrics is not None
        attempted = self.gateway.deliver_due()
        if attempted:
            self.metrics.delivery_retries.inc(attempted)

    def _check_acks(self) -> None:
        assert self.gateway is not None
        overdue = {ack.id for ack in self.gateway.check_overdue_acks()}
        if overdue - self._overdue_seen:  # said once per newly overdue ack, not every minute
            log.warning("%d acknowledgment(s) overdue: see `edigate acks overdue`", len(overdue))
        self._overdue_seen = overdue

    def _rescan(self) -> None:
        for watcher in (self.inbox_watcher, self.pending_watcher):
            if watcher is not None:
                watcher.scan()

    def healthy(self) -> bool:
        """Every worker and watcher thread alive and the scheduler running: what the watchdog ping vouches for."""
        scheduler_ok = self.scheduler is not None and self.scheduler.running
        watchers_ok = all(w is not None and w.alive for w in (self.inbox_watcher, self.pending_watcher))
        workers_ok = self.processes.alive() if self.processes is not None else all(t.is_alive() for t in self._threads)
        return scheduler_ok and watchers_ok and workers_ok

    # -- signals and the main loop -------------------------------------------------------------------------------

    def run(self) -> int:
        """Start, then wait for signals in the main thread until SIGTERM/SIGINT; the exit status."""
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
        signal.signal(signal.SIGTERM, self._on_stop_signal)
        signal.signal(signal.SIGINT, self._on_stop_signal)
        signal.signal(signal.SIGHUP, self._on_reload_signal)
        try:
            self.start()
            while not self._stopping.is_set():
                self._wakeup.wait(1.0)
                self._wakeup.clear()
                if self._reload_requested:
                    self._reload_requested = False
                    self._reload_logged()
        finally:
            self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0

    def _on_stop_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("%s: stopping", signal.Signals(signum).name)
        self._stopping.set()
        self._wakeup.set()

    def _on_reload_signal(self, _signum: int, _frame: FrameType | None) -> None:
        self._reload_requested = True
        self._wakeup.set()

    def request_stop(self) -> None:
        self._stopping.set()
        self._wakeup.set()

    def _reload_logged(self) -> None:
        try:
            self.reload()
        except Exception:
            log.exception("reload failed; the daemon goes on with what it had")

    def reload(self) -> list[str]:
        """Re-read the partner profiles and watch their folders; the problems of profiles left out."""
        assert self.gateway is not None
        problems = self.gateway.reload()
        for problem in problems:
            log.error("reload: partner profile left out: %s", problem)
        if self.processes is not None:
            self.processes.reload()
        inboxes, pendings = self._folders()
        if self.inbox_watcher is not None:
            self.inbox_watcher.set_folders(inboxes)
        if self.pending_watcher is not None:
            self.pending_watcher.set_folders(pendings)
        if self.scheduler is not None:
            sftp_client.register_jobs(self.scheduler, self.config, self.gateway.context.partners, self._stopping)
        log.info("reloaded: %d partner(s), %d inbox(es)", len(self.gateway.context.partners), len(inboxes))
        self.notifier.status(f"reloaded: {len(inboxes)} inbox(es)")
        return problems

    # -- stop ----------------------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop intake, let in-flight steps finish (up to `stop_timeout`), close. Safe to call more than once."""
        self.notifier.stopping()
        self.notifier.stop_watchdog()
        self._stopping.set()
        self.work.set()
        for watcher in (self.inbox_watcher, self.pending_watcher):
            if watcher is not None:
                watcher.stop(self.stop_timeout)
        if self.sftp is not None:
            self.sftp.stop(self.stop_timeout)  # uploads in flight finish first
            self.sftp = None
        if self.api is not None:
            self.api.stop()
            self.api = None
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        busy = self._join_workers()
        if self.processes is not None:
            busy += self.processes.stop(self.stop_timeout)
            self.processes = None
        if self.gateway is not None and not busy:
            self.gateway.close()
        self.gateway = None
        remove_marker(self.config)
        if self._started and not busy:
            log.info("stopped")

    def _join_workers(self) -> int:
        """Wait for the workers' current steps; how many were still busy at the deadline (left to the next start)."""
        deadline = time.monotonic() + self.stop_timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        busy = sum(thread.is_alive() for thread in self._threads)
        if busy:
            log.warning("%d worker(s) still busy after %.0f s: exiting; the next start resumes them", busy,
                        self.stop_timeout)  # fmt: skip
        self._threads = []
        return busy


def _guarded(name: str, job: Callable[[], Any]) -> Callable[[], None]:
    """A scheduled job whose failure is logged (and tried again at its next run), never raised into APScheduler."""

    def run() -> None:
        try:
            job()
        except Exception:
            log.exception("scheduled %s failed; trying again at its next run", name)

    run.__name__ = name
    return run
