"""make bench: weight, speed and footprint, each compared side by side in one run.

Prints a table and writes bench/results/latest.json (git-ignored). All traffic
stays on loopback; every load run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.bench import browser, footprint, load, weight

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"


def machine() -> dict[str, object]:
    import os

    with open("/proc/meminfo") as handle:
        mem_kb = int(handle.readline().split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per figure (median reported)")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["weight", "load", "assistant", "footprint", "lighthouse"],
    )
    args = parser.parse_args()
    started = time.perf_counter()
    report: dict[str, object] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    if "weight" not in args.skip:
        report["weight"] = weight.measure()
        weight.print_table(report["weight"])  # type: ignore[arg-type]
    with load.ProductionServer() as server:
        if "footprint" not in args.skip:
            report["footprint"] = footprint.measure(server)
            footprint.print_table(report["footprint"])  # type: ignore[arg-type]
        if "load" not in args.skip:
            report["load"] = load.measure(server, seconds=args.seconds, rounds=args.rounds)
            load.print_table(report["load"])  # type: ignore[arg-type]
        if "lighthouse" not in args.skip:
            report["lighthouse"] = browser.lighthouse(server.base_url)
            browser.print_table(report["lighthouse"])  # type: ignore[arg-type]
    if "assistant" not in args.skip:
        report["assistant"] = footprint.assistant()
        footprint.print_assistant(report["assistant"])  # type: ignore[arg-type]
    report["bench_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    print(f"\nwrote {RESULTS / 'latest.json'} in {report['bench_seconds']}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
