"""The daemon shell around the pipeline: watchers, worker threads, scheduled jobs, the local HTTP API, signals,
systemd notification and JSON logs. `edigate run` is `Daemon(load_config(home)).run()`."""

from .logs import JsonFormatter, configure_logging
from .service import Daemon, DaemonError
from .systemd_notify import SystemdNotifier

__all__ = ["Daemon", "DaemonError", "JsonFormatter", "SystemdNotifier", "configure_logging"]
