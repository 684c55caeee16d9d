"""Wait until the Rasa server and the action server answer, for ``make rasa-run``.

Rasa is ready when ``/model/parse`` classifies a message (the model is loaded), the
action server when ``/health`` says ok. Fails early if either process has died.
Prints how long each took to become ready.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text().strip()), 0)
    except (OSError, ValueError):
        return False
    return True


def answers(url: str, body: dict | None = None) -> bool:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rasa", required=True)
    parser.add_argument("--actions", required=True)
    parser.add_argument("--pid-dir", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    token = os.environ.get("RASA_AUTH_TOKEN")
    parse_url = f"{args.rasa}/model/parse" + (f"?token={token}" if token else "")
    checks = {
        "actions": lambda: answers(f"{args.actions}/health"),
        "rasa": lambda: answers(parse_url, {"text": "hello"}),
    }
    start = time.monotonic()
    waiting = dict(checks)
    while waiting:
        for name, check in list(waiting.items()):
            if check():
                print(f"rasa-run: {name} ready after {time.monotonic() - start:.1f}s")
                del waiting[name]
            elif not alive(args.pid_dir / f"{name}.pid"):
                print(f"rasa-run: {name} exited; see {args.pid_dir / (name + '.log')}", file=sys.stderr)
                return 1
        if waiting and time.monotonic() - start > args.timeout:
            print(f"rasa-run: not ready after {args.timeout:.0f}s: {', '.join(waiting)}", file=sys.stderr)
            return 1
        if waiting:
            time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
