"""Run the atheris harnesses and report their executions: `make soak` (long) and the default suite's smoke run.

    python tests/fuzz/atheris/run.py --seconds 600          # each harness for ten minutes
    python tests/fuzz/atheris/run.py --runs 500             # each harness for 500 inputs

Each harness runs as its own process (libFuzzer owns the process and exits at the end) with a scratch folder for
the inputs it discovers and for crash artifacts, so nothing is written to the repository or to the corpus. Exit
status 1 when any harness crashed, hung (-timeout) or ran out of memory (-rss_limit_mb); the artifact is kept.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
HARNESSES = ("x12", "acks", "maps")
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")
_STATUS = re.compile(r"^#(\d+)\s", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    name: str
    executions: int
    seconds: float
    returncode: int
    artifacts: tuple[str, ...]
    tail: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.artifacts


def run_one(name: str, scratch: Path, limit: list[str]) -> Outcome:
    """One harness in a subprocess; its executions read from libFuzzer's own report."""
    found = scratch / f"{name}-found"
    found.mkdir(parents=True, exist_ok=True)
    artifacts = scratch / f"{name}-artifacts"
    artifacts.mkdir(exist_ok=True)
    command = [sys.executable, str(HERE / f"fuzz_{name}.py"), *limit, f"-artifact_prefix={artifacts}/", str(found)]
    started = time.monotonic()
    run = subprocess.run(command, cwd=HERE, capture_output=True, text=True, errors="replace", check=False)
    output = run.stdout + run.stderr
    done = _DONE.search(output)
    executions = int(done.group(1)) if done else max((int(n) for n in _STATUS.findall(output)), default=0)
    return Outcome(
        name,
        executions,
        time.monotonic() - started,
        run.returncode,
        tuple(str(p) for p in artifacts.iterdir()),
        output[-3000:],
    )


def run_all(limit: list[str], scratch: Path, parallel: int = 1) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(lambda name: run_one(name, scratch, limit), HARNESSES))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, help="run each harness this long (-max_total_time)")
    parser.add_argument("--runs", type=int, help="run each harness for this many inputs (-runs)")
    parser.add_argument("--parallel", type=int, default=1, help="harnesses at once")
    args = parser.parse_args()
    limit = [f"-max_total_time={args.seconds}"] if args.seconds else [f"-runs={args.runs or 2000}"]
    scratch = Path(tempfile.mkdtemp(prefix="edigate-atheris-"))
    outcomes = run_all(limit, scratch, args.parallel)
    for outcome in outcomes:
        state = "ok" if outcome.ok else f"FAILED (exit {outcome.returncode}) {', '.join(outcome.artifacts)}"
        print(f"atheris {outcome.name:5} {outcome.executions:>10,} executions in {outcome.seconds:7.1f} s  {state}")
        if not outcome.ok:
            print(outcome.tail)
    total = sum(o.executions for o in outcomes)
    print(f"atheris total {total:,} executions; discovered inputs and artifacts in {scratch}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
