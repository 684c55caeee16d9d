"""Throughput and latency of the production server (gunicorn, 2 workers) on
loopback, driven by wrk, against nginx serving the same HTML bytes as a
static file in the same run: the ceiling each endpoint is compared with."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
CONNECTIONS = (1, 16, 64)
LUA = r"""
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "errors": %d, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""
ENDPOINTS: dict[str, tuple[str, str]] = {
    "guide page": ("/en/waltham-forest/on-the-day", ""),
    "search": ("/en/waltham-forest/search?q=solicitor", ""),
    "assistant API": (
        "/api/assistant",
        json.dumps(
            {
                "message": "can I bring my solicitor to the conference",
                "lang": "en",
                "area": "waltham-forest",
            }
        ),
    ),
    # Three weeks ahead of the day the bench runs: a fixed date would age out of range.
    "timeline API": (
        "/api/timeline?area=kingston-richmond&initial_conference="
        + (date.today() + timedelta(days=21)).isoformat(),
        "",
    ),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, timeout: float = 60.0) -> float:
    """Seconds until the URL first answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(url)


class ProductionServer:
    """gunicorn with 2 workers, production configuration, on a loopback port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds = 0.0
        self.workdir = Path(tempfile.mkdtemp(prefix="bench-"))

    def __enter__(self) -> ProductionServer:
        env = dict(os.environ)
        env.update(
            {
                "PORTAL_CONFIG": "production",
                "SECRET_KEY": secrets.token_urlsafe(48),
                "SEARCH_INDEX_DIR": str(self.workdir / "search"),
                "DATABASE_URL": f"sqlite:///{self.workdir / 'bench.db'}",
                # The assistant's per-client limit would turn a load test into a 429 test.
                "PORTAL_RATELIMIT_ENABLED": "false",
            }
        )
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "portal:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for(self.base_url + "/en/")
        self.startup_seconds = time.perf_counter() - started
        return self

    def worker_pids(self) -> list[int]:
        assert self.process
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        shutil.rmtree(self.workdir, ignore_errors=True)


class StaticCeiling:
    """nginx serving one file: the fastest this machine can answer with those bytes."""

    def __init__(self, html: bytes) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.dir.chmod(0o755)
        (self.dir / "page.html").write_bytes(html)
        (self.dir / "page.html").chmod(0o644)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/page.html"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> StaticCeiling:
        conf = self.dir / "nginx.conf"
        conf.write_text(f"""
worker_processes 2;
daemon off;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type text/html;
  client_body_temp_path {self.dir}/body;
  server {{ listen 127.0.0.1:{self.port}; root {self.dir}; }}
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx, "-c", str(conf)], stderr=subprocess.PIPE)
        wait_for(self.url, timeout=10)
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.process:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def wrk(url: str, connections: int, seconds: float, body: str = "") -> dict[str, float]:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(LUA)
    threads = min(2, connections)
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",  # wrk takes whole seconds only ("5s", not "5.0s")
                "--timeout",
                "10s",
                "-s",
                str(script),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
            env={**os.environ, "BENCH_BODY": body},
        ).stdout
    finally:
        script.unlink()
    line = next(li for li in output.splitlines() if li.startswith("BENCH "))
    figures: dict[str, float] = json.loads(line[6:])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}


def measure(server: ProductionServer, seconds: float, rounds: int) -> dict[str, Any]:
    with urllib.request.urlopen(server.base_url + ENDPOINTS["guide page"][0]) as response:
        html = response.read()
    results: dict[str, Any] = {"seconds_per_run": seconds, "rounds": rounds, "endpoints": {}}
    with StaticCeiling(html) as ceiling:
        for connections in CONNECTIONS:
            # Interleave the endpoints round by round so drift on a shared
            # machine hits them all alike.
            runs: dict[str, list[dict[str, float]]] = {
                name: [] for name in ["nginx static", *ENDPOINTS]
            }
            for _round in range(rounds):
                runs["nginx static"].append(wrk(ceiling.url, connections, seconds))
                for name, (path, body) in ENDPOINTS.items():
                    runs[name].append(wrk(server.base_url + path, connections, seconds, body))
            for name, samples in runs.items():
                results["endpoints"].setdefault(name, {})[str(connections)] = _median(samples)
    ceiling_rps = results["endpoints"]["nginx static"]
    for by_conn in results["endpoints"].values():
        for connections, figures in by_conn.items():
            figures["ratio_of_ceiling"] = round(figures["rps"] / ceiling_rps[connections]["rps"], 4)
    return results


def print_table(results: dict[str, Any]) -> None:
    print(
        f"\nLoad (wrk, median of {results['rounds']} x {results['seconds_per_run']}s;"
        " gunicorn 2 workers)"
    )
    print("  endpoint         conns      req/s   of nginx    p50 ms    p95 ms    p99 ms  errors")
    for name, by_conn in results["endpoints"].items():
        for connections, f in by_conn.items():
            print(
                f"  {name:<16} {connections:>5} {f['rps']:10.0f} {f['ratio_of_ceiling']:9.1%}"
                f" {f['p50_ms']:9.2f} {f['p95_ms']:9.2f} {f['p99_ms']:9.2f} {f['errors']:7.0f}"
            )
