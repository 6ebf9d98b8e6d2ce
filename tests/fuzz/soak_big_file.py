"""`make soak`: a 2 GB X12 file made on the fly, streamed through `edigate validate`, its time and peak memory
printed; the file is deleted afterwards. Exit 1 unless it validates cleanly in flat memory (under 256 MB RSS).

    python tests/fuzz/soak_big_file.py [--gigabytes 2] [--folder /tmp]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.bigfile import validate_in_subprocess, write_big_x12

MB = 1 << 20
RSS_LIMIT = 256 * MB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gigabytes", type=float, default=2.0)
    parser.add_argument("--folder", default=tempfile.gettempdir())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder, prefix="edigate-soak-") as folder:
        path = Path(folder) / "big.x12"
        started = time.monotonic()
        sets = write_big_x12(path, int(args.gigabytes * 1024 * MB))
        size = path.stat().st_size
        print(f"wrote {size / MB:,.0f} MB ({sets:,} 850s) in {time.monotonic() - started:.0f} s", flush=True)
        code, seconds, peak, stderr = validate_in_subprocess(path)
    print(
        f"edigate validate: exit {code} in {seconds:,.0f} s ({size / MB / seconds:.1f} MB/s),"
        f" peak RSS {peak / MB:.0f} MB"
    )
    if code != 0 or not 0 < peak < RSS_LIMIT:
        print(stderr, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
