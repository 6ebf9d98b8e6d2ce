"""The whole gateway under load: files dropped into a running `edigate run`, delivered by the file-drop connector.

    python bench/gateway_throughput.py                   # 2,000 small 850s, then one 20 MB 856
    python bench/gateway_throughput.py --files 500 --large-mb 5

Prints files/s from the first drop to the last delivery, the drop-to-delivered latency p50/p99 (the drop is
the moment the file is renamed into the inbox, the delivery the mtime of its record in erp/), and, for the
large file, the pipeline's time beside the X12 core's parse+validate time of the same bytes in the same run.
Targets (issue 4): >= 100 small files/s on SQLite, p99 < 2 s at that rate, large-file overhead < 3x.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from x12_throughput import _purchase_order, _ship_notice

ISA = "ISA*00*          *00*          *ZZ*BENCHBUYER     *ZZ*EDIGATEDEMO    *240101*1200*U*00401*{:09d}*0*P*>~\n"
PROFILE = """id = "bench"
[x12]
version = "004010"
[x12.theirs]
qualifier = "ZZ"
id = "BENCHBUYER"
[[receive]]
set = "850"
[[receive]]
set = "856"
[validation]
duplicates = "accept-and-report"
"""


def interchange(control: int, functional_id: str, sets: list[list[str]]) -> bytes:
    parts = [ISA.format(control), f"GS*{functional_id}*BENCHBUYER*EDIGATEDEMO*20240101*1200*{control}*X*004010~\n"]
    parts += ["".join(segment + "~\n" for segment in tx) for tx in sets]
    parts += [f"GE*{len(sets)}*{control}~\n", f"IEA*1*{control:09d}~\n"]
    return "".join(parts).encode("ascii")


def small_order(number: int) -> bytes:
    """One 850 of 5 lines whose PO number is its own (`PO<number>`), so its record can be told apart."""
    body = _purchase_order(1, 5)
    body[1] = f"BEG*00*SA*PO{number:08d}**20240101"
    return interchange(number, "PO", [body])


def large_ship_notice(size_mb: float) -> tuple[bytes, int]:
    """856s of 10 orders x 40 items (~50 KB each) until the size; the bytes and the number of sets."""
    sets: list[list[str]] = []
    size = 0
    while size < size_mb * 1_000_000:
        sets.append(_ship_notice(len(sets) + 1, 10, 40))
        size += sum(len(s) + 2 for s in sets[-1])
    return interchange(900_000_000, "SH", sets), len(sets)


def make_home(root: Path, processes: bool = False) -> Path:
    home = root / "home"
    for folder in ("partners", "inbox/bench", "outbox/bench"):
        (home / folder).mkdir(parents=True)
    (home / "edigate.toml").write_text(
        '[identity]\nqualifier = "ZZ"\nid = "EDIGATEDEMO"\n\n[api]\nlisten = "127.0.0.1:0"\n'
        f"\n[daemon]\nworker_processes = {'true' if processes else 'false'}\n"
    )
    (home / "partners" / "bench.toml").write_text(PROFILE)
    from edigate.config import load_config
    from edigate.store import Store

    with Store.open(load_config(home, environ={}).database_url) as store:
        store.upgrade()
    return home


def start_daemon(home: Path) -> subprocess.Popen[bytes]:
    log = (home / "daemon.log").open("wb")
    daemon = subprocess.Popen([sys.executable, "-m", "edigate", "--home", str(home), "run"], stderr=log, stdout=log)
    deadline = time.monotonic() + 30
    while not (home / "daemon.json").exists():
        if daemon.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the daemon did not start; see {home / 'daemon.log'}")
        time.sleep(0.05)
    return daemon


def drop(home: Path, name: str, data: bytes) -> float:
    """Write beside the inbox and rename in: the moment the file becomes visible, complete."""
    staging = home / "staging" / name
    staging.parent.mkdir(exist_ok=True)
    staging.write_bytes(data)
    target = home / "inbox" / "bench" / name
    os.rename(staging, target)
    return time.time()


def delivered(home: Path) -> dict[str, float]:
    """Record file -> its delivery time (mtime)."""
    erp = home / "erp"
    if not erp.is_dir():
        return {}
    return {p.name: p.stat().st_mtime for p in erp.rglob("*.json")}


def count_delivered(home: Path) -> int:
    """How many record files are in erp/, without a stat each: the bench must not eat the daemon's CPU while it
    waits (reading 2,000 mtimes 20 times a second cost about a third of a core)."""
    count = 0
    folders = [home / "erp"]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.endswith(".json"):
                count += 1
            elif entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
    return count


def wait_for(home: Path, count: int, timeout: float) -> dict[str, float]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if count_delivered(home) >= count:
            return delivered(home)
        time.sleep(0.1)
    raise SystemExit(f"only {count_delivered(home)} of {count} records delivered within {timeout:.0f} s")


def po_times(home: Path, seen: dict[str, float]) -> dict[str, float]:
    times = {}
    for name, mtime in seen.items():
        record = json.loads((home / "erp" / name).read_text()) if (home / "erp" / name).exists() else None
        if record is None:
            record = json.loads(next((home / "erp").rglob(name)).read_text())
        times[record["po_number"]] = mtime
    return times


def run_small(home: Path, files: int, rate: float) -> dict[str, float]:
    """Drop `files` 850s at `rate` per second (0: as fast as possible); throughput and latencies."""
    payloads = [(f"po-{n:06d}.edi", small_order(n), f"PO{n:08d}") for n in range(1, files + 1)]
    dropped: dict[str, float] = {}
    start = time.time()
    for index, (name, data, po) in enumerate(payloads):
        if rate:
            pause = start + index / rate - time.time()
            if pause > 0:
                time.sleep(pause)
        dropped[po] = drop(home, name, data)
    done = po_times(home, wait_for(home, files, timeout=files / 5 + 60))
    latencies = sorted(done[po] - dropped[po] for po in dropped)
    return {
        "files": files,
        "files_per_s": files / (max(done.values()) - start),
        "p50_s": statistics.median(latencies),
        "p99_s": latencies[int(len(latencies) * 0.99) - 1],
    }


def parse_validate_seconds(data: bytes) -> float:
    from edigate.x12.document import validate

    best = float("inf")
    for _ in range(2):
        began = time.perf_counter()
        validate(data)
        best = min(best, time.perf_counter() - began)
    return best


def run_large(home: Path, size_mb: float) -> dict[str, float]:
    data, sets = large_ship_notice(size_mb)
    baseline = parse_validate_seconds(data)
    before = len(delivered(home))
    began = drop(home, "large-856.edi", data)
    seen = wait_for(home, before + sets, timeout=baseline * 30 + 120)
    finished = max(seen.values())
    return {
        "mb": len(data) / 1e6,
        "sets": sets,
        "pipeline_s": finished - began,
        "parse_validate_s": baseline,
        "overhead": (finished - began) / baseline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=0, help="files/s to drop at (0: all at once)")
    parser.add_argument("--large-mb", type=float, default=20.0)
    parser.add_argument("--threads", action="store_true", help="worker threads instead of worker processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edigate-bench-") as root:
        home = make_home(Path(root), processes=not args.threads)
        daemon = start_daemon(home)
        try:
            small = run_small(home, args.files, args.rate)
            print(
                f"small 850s: {small['files']} files, {small['files_per_s']:.0f} files/s, "
                f"latency p50 {small['p50_s'] * 1000:.0f} ms, p99 {small['p99_s'] * 1000:.0f} ms "
                f"(targets: >= 100 files/s, p99 < 2000 ms)"
            )
            if args.large_mb > 0:
                large = run_large(home, args.large_mb)
                print(
                    f"large 856: {large['mb']:.1f} MB, {large['sets']} sets: pipeline {large['pipeline_s']:.2f} s "
                    f"vs parse+validate {large['parse_validate_s']:.2f} s = {large['overhead']:.2f}x "
                    f"(target < 3x)"
                )
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=60)


if __name__ == "__main__":
    main()
