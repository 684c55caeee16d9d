"""Start-up time, memory per worker, and the assistant's own speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.bench.load import ProductionServer

ROOT = Path(__file__).resolve().parents[2]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def measure(server: ProductionServer) -> dict[str, Any]:
    assert server.process
    workers = server.worker_pids()
    return {
        "startup_to_first_response_s": round(server.startup_seconds, 2),
        "master_rss_mib": _rss_mib(server.process.pid),
        "worker_rss_mib": [_rss_mib(pid) for pid in workers],
    }


def print_table(results: dict[str, Any]) -> None:
    print("\nFootprint")
    print(f"  start-up to first response: {results['startup_to_first_response_s']} s (2 workers)")
    print(
        f"  resident memory: master {results['master_rss_mib']} MiB, "
        f"workers {', '.join(str(w) for w in results['worker_rss_mib'])} MiB"
    )


def assistant() -> dict[str, Any]:
    """The embedded engine in-process (bot's own bench), in a fresh interpreter."""
    output = subprocess.run(
        [sys.executable, "-m", "bot", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    start = output.index("{")
    figures: dict[str, Any] = json.loads(output[start:])
    return figures


def print_assistant(results: dict[str, Any]) -> None:
    print("\nAssistant (embedded, in-process)")
    for key, value in results.items():
        print(f"  {key}: {value}")
