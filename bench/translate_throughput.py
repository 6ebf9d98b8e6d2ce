"""Mapping throughput: 850 and 856 translated to records, beside parse-only speed of the same bytes, same run.

    python bench/translate_throughput.py                # 2,000 850s (20 lines) and 400 856s (5 orders x 20 items)
    python bench/translate_throughput.py --orders 10000

Parse-only streams the transaction sets and splits every segment into elements (the least a mapper needs);
translate is `edigate.mapping.translate_x12` on the same bytes, so it includes that parse. The ratio is
translate time / parse-only time; the target is at most 2 (mapping costs no more than the parsing itself).
Each figure is the best of three runs, to damp the machine's drift, in CPU time of this process
(`time.process_time`): the work is single-threaded, and wall-clock time on a busy machine measures the
neighbours as much as the mapper.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from edigate.mapping import translate_x12
from edigate.x12.document import read_transaction_sets
from x12_throughput import _purchase_order, _ship_notice, _write_interchange


def build(functional_id: str, sets: list[list[str]], per_interchange: int = 200) -> bytes:
    """The sets in interchanges of `per_interchange`, as the X12 throughput benchmark writes them."""
    out = io.StringIO()
    for control, start in enumerate(range(0, len(sets), per_interchange), start=1):
        _write_interchange(out, control, functional_id, sets[start : start + per_interchange])
    return out.getvalue().encode("ascii")


def parse_only(data: bytes) -> int:
    sets = 0
    for tx in read_transaction_sets(data):
        for segment in tx.segments:
            segment.elements  # noqa: B018  (split every segment, as any mapper must)
        sets += 1
    return sets


def translate(data: bytes) -> int:
    result = translate_x12(data)
    if any(issue.is_error for issue in result.issues):
        raise SystemExit(f"benchmark data did not map cleanly: {result.issues[0].message}")
    return len(result.records)


def best_of(runs: int, work: Callable[[bytes], int], data: bytes) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        start = time.process_time()
        count = work(data)
        times.append(time.process_time() - start)
    return min(times), count


def breakdown(data: bytes) -> tuple[float, float, float]:
    """Seconds spent in the map interpreter alone, in pydantic's record validation alone, and in freeing the
    records (gc paused): the last two are pydantic's share, whatever the interpreter does, so parse-only plus
    them is the lowest time any interpreter could translate in with these records. Each part is measured over
    all the sets (the records are kept, as translate_x12 keeps them), best of three."""
    import gc

    from edigate.mapping.reader import SetReader
    from edigate.mapping.translate import _source, map_for
    from edigate.records import record_model
    from edigate.x12.envelope import EnvelopeReader, TransactionSet

    sets = [event for event in EnvelopeReader(data, keep=True) if isinstance(event, TransactionSet)]
    spec, _ = map_for(sets[0].set_id, sets[0].group.base_version)
    assert spec is not None
    validate = record_model(spec.record_type).validator()  # as translate_x12 calls it
    interpret_times, validate_times, free_times = [], [], []
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            drafts = [SetReader(spec, tx, tx.interchange.delimiters.component).read() for tx in sets]
            interpret_times.append(time.process_time() - start)
            for draft, tx in zip(drafts, sets, strict=True):
                draft["source"] = _source(tx, None, 0)
            start = time.process_time()
            records = [validate(draft) for draft in drafts]
            validated = time.process_time()
            del records
            validate_times.append(validated - start)
            free_times.append(time.process_time() - validated)
            del drafts
    finally:
        gc.enable()
    return min(interpret_times), min(validate_times), min(free_times)


def report(name: str, data: bytes) -> float:
    parse_time, sets = best_of(3, parse_only, data)
    map_time, records = best_of(3, translate, data)
    assert sets == records, (sets, records)
    ratio = map_time / parse_time
    print(
        f"{name}: {len(data) / 1e6:6.1f} MB, {records} records | parse-only {sets / parse_time:9.0f} sets/s "
        f"({parse_time:.2f} s) | translate {records / map_time:9.0f} records/s ({map_time:.2f} s) | "
        f"ratio {ratio:.2f} (target <= 2)"
    )
    interpret, validate, free = breakdown(data)
    print(
        f"     of the translate time: interpreting the map {interpret / parse_time:.2f} x parse-only, "
        f"validating the records (pydantic) {validate / parse_time:.2f} x, freeing them {free / parse_time:.2f} x"
    )
    floor = 1 + (validate + free) / parse_time
    print(f"     lowest ratio any interpreter could reach with these records (parse + validate + free): {floor:.2f}")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2000, help="number of 850s (20 lines each)")
    parser.add_argument("--notices", type=int, default=400, help="number of 856s (5 orders x 20 items each)")
    args = parser.parse_args()
    orders = build("PO", [_purchase_order(n % 10000, 20) for n in range(1, args.orders + 1)])
    notices = build("SH", [_ship_notice(n % 10000, 5, 20) for n in range(1, args.notices + 1)])
    ratios = [report("850", orders), report("856", notices)]
    print("within target" if max(ratios) <= 2 else "OVER TARGET: mapping costs more than twice the parse")


if __name__ == "__main__":
    main()
