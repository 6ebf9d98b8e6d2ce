"""docs/operations.md stays true: its configuration example loads as the defaults, its metrics are the real ones."""

from __future__ import annotations

import re
from pathlib import Path

from edigate.config import load_config
from edigate.config.daemon_settings import ApiSettings, DaemonSettings
from edigate.daemon.metrics import DaemonMetrics
from edigate.pipeline import GatewayStatus

DOC = Path(__file__).resolve().parents[3] / "docs" / "operations.md"


def test_the_configuration_example_loads_and_shows_the_defaults(tmp_path: Path) -> None:
    block = re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    (tmp_path / "edigate.toml").write_text(block.group(1))
    config = load_config(tmp_path, environ={})
    assert config.api == ApiSettings() and config.daemon == DaemonSettings()


def test_every_documented_metric_is_exposed_and_every_exposed_one_documented() -> None:
    found = re.findall(r"^\| `(edigate_[a-z_]+)", DOC.read_text(encoding="utf-8"), re.M)
    documented = {name.removesuffix("_total") for name in found}
    metrics = DaemonMetrics(lambda: GatewayStatus(documents={}, deliveries_pending=0, deliveries_failed=0))
    exposed = {family.name for family in metrics.registry.collect()}
    assert documented == exposed
