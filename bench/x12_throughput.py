"""X12 core throughput beside a plain-Python split of the same bytes, measured in the same run.

    python bench/x12_throughput.py               # ~50 MB file: speed and peak memory of each mode
    python bench/x12_throughput.py --size-mb 1024  # the 1 GB memory check (takes minutes)

Each mode runs in a fresh subprocess, so its peak memory (ru_maxrss) is its own. The baseline decodes the
whole file and splits it into segments and elements: the least any reader must do. Ratios are baseline time
divided by the mode's time (higher is faster; 1.0 = as fast as the plain split).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

ISA = "ISA*00*          *00*          *ZZ*BENCHBUYER     *ZZ*BENCHVENDOR    *240101*1200*U*00401*{:09d}*0*P*>~\n"


def _purchase_order(n: int, lines: int) -> list[str]:
    body = [
        f"ST*850*{n:04d}",
        f"BEG*00*SA*PO{n:08d}**20240101",
        "CUR*BY*USD",
        f"REF*DP*{n % 900 + 100}",
        "REF*IA*VENDOR77",
        "PER*BD*JANE BUYER*TE*5555550100",
        "DTM*002*20240115",
        "TD5*****UPSG",
        "N1*ST*STORE 12*92*0012",
        "N3*100 MAIN STREET",
        "N4*SPRINGFIELD*IL*62701*US",
        "N1*BT*ACME RETAIL*92*0001",
    ]
    for line in range(1, lines + 1):
        body += [
            f"PO1*{line}*{line % 7 + 1}*EA*{line % 50 + 1}.25**UP*0{n % 10}23456789{line % 10}*VN*SKU{line:05d}",
            f"PID*F****ITEM DESCRIPTION {line}",
        ]
    body += [f"CTT*{lines}"]
    body.append(f"SE*{len(body) + 1}*{n:04d}")
    return body


def _ship_notice(n: int, orders: int, items: int) -> list[str]:
    body = [
        f"ST*856*{n:04d}",
        f"BSN*00*SHIP{n:06d}*20240101*1200*0001",
        "HL*1**S",
        "TD1*CTN25*10****G*120*LB",
        "TD5*B*2*UPSG*M",
        "REF*BM*BOL0001",
        "DTM*011*20240101",
        "N1*SF*ACME DC*92*DC1",
        "N1*ST*STORE 12*92*0012",
    ]
    hl = 1
    for order in range(orders):
        hl += 1
        order_hl = hl
        body += [f"HL*{order_hl}*1*O", f"PRF*PO{order:08d}***20231220"]
        for item in range(items):
            hl += 1
            body += [
                f"HL*{hl}*{order_hl}*I",
                f"LIN**UP*0123456789{item % 10}*VN*SKU{item:05d}",
                f"SN1**{item % 9 + 1}*EA",
            ]
    body += [f"CTT*{hl}"]
    body.append(f"SE*{len(body) + 1}*{n:04d}")
    return body


def generate(path: Path, size_mb: float) -> dict[str, int]:
    """Interchanges of 850s (20 lines each) until the size, then one large 856 (a tenth of it, at most 5 MB)."""
    target = int(size_mb * 1_000_000)
    ship_notice_bytes = min(target // 10, 5_000_000)  # real 856s are megabytes, not a tenth of a 1 GB file
    counts = {"interchanges": 0, "purchase_orders": 0, "ship_notices": 0}
    with path.open("w", encoding="ascii", newline="") as f:
        written = 0
        control = 0
        while written < target - ship_notice_bytes:
            control += 1
            sets = [_purchase_order(n, 20) for n in range(1, 201)]
            written += _write_interchange(f, control, "PO", sets)
            counts["interchanges"] += 1
            counts["purchase_orders"] += len(sets)
        control += 1
        orders = max(1, ship_notice_bytes // (95 * 100))
        written += _write_interchange(f, control, "SH", [_ship_notice(1, orders, 100)])
        counts["interchanges"] += 1
        counts["ship_notices"] += 1
    return counts


def _write_interchange(f, control: int, functional_id: str, sets: list[list[str]]) -> int:
    parts = [
        ISA.format(control),
        f"GS*{functional_id}*BENCHBUYER*BENCHVENDOR*20240101*1200*{control}*X*004010~\n",
    ]
    parts += ["".join(segment + "~\n" for segment in tx) for tx in sets]
    parts += [f"GE*{len(sets)}*{control}~\n", f"IEA*1*{control:09d}~\n"]
    text = "".join(parts)
    f.write(text)
    return len(text)


# -- the modes, each run in its own process -------------------------------------------------------------------
def mode_baseline(path: Path) -> dict[str, int]:
    text = path.read_bytes().decode("utf-8")
    segments = [s.split("*") for s in text.split("~\n")]
    return {"segments": len(segments)}


def mode_parse(path: Path) -> dict[str, int]:
    from edigate.x12.envelope import EnvelopeReader, TransactionSet

    segments = sets = 0
    with path.open("rb") as f:
        for event in EnvelopeReader(f):
            if isinstance(event, TransactionSet):
                sets += 1
                for segment in event.segments:
                    segments += len(segment.elements) > 0  # every element split, as the baseline does
    return {"segments": segments, "sets": sets}


def mode_validate(path: Path) -> dict[str, int]:
    from edigate.x12.document import StreamValidator
    from edigate.x12.envelope import TransactionSet

    sets = errors = 0
    with path.open("rb") as f:
        stream = StreamValidator(f)
        for event in stream:
            sets += isinstance(event, TransactionSet)
            errors += sum(i.is_error for i in event.issues)
    return {"sets": sets, "errors": errors}


MODES = {
    "baseline split": mode_baseline,
    "edigate parse": mode_parse,
    "edigate parse+validate": mode_validate,
}


def run_mode(name: str, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    result = MODES[name](path)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": elapsed, "peak_mb": peak_mb, **result}


def measure(name: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--mode", name, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--mode", choices=sorted(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--skip-baseline", action="store_true", help="for the 1 GB memory check")
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.file)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-004010.edi"
        counts = generate(path, args.size_mb)
        size_mb = path.stat().st_size / 1_000_000
        print(
            f"file: {size_mb:.1f} MB of 004010: {counts['purchase_orders']} 850s in {counts['interchanges'] - 1}"
            f" interchanges, and one large 856"
        )
        results = {name: measure(name, path) for name in MODES if not (args.skip_baseline and "baseline" in name)}
    base = results.get("baseline split")
    for name, r in results.items():
        ratio = f"{base['seconds'] / r['seconds']:.2f}x baseline" if base else "-"
        extra = f"  errors {int(r['errors'])}" if "errors" in r else ""
        print(
            f"{name:<24} {r['seconds']:7.2f} s  {size_mb / r['seconds']:6.1f} MB/s  {ratio:>15}"
            f"  peak {r['peak_mb']:7.1f} MB{extra}"
        )


if __name__ == "__main__":
    main()
