"""Measure the running Rasa servers: latency of /model/parse and of a whole answer
(REST webhook: parse, rules, action server), and resident memory of both processes.

    python bot/rasa/measure.py [--rasa http://127.0.0.1:5005] [--questions FILE.tsv]

Standard library only. Reads the pid files written by ``make rasa-run``.
Prints one JSON object (the README's figures come from it).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = HERE.parent.parent.parent / "shared" / "eval" / "dev_questions.tsv"


def post(url: str, body: dict) -> float:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        response.read()
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"n": len(samples), "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
            "max_ms": round(max(samples), 1)}


def rss_mb(pid_file: Path) -> float | None:
    try:
        pid = int(pid_file.read_text().strip())
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        return None
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rasa", default="http://127.0.0.1:5005")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pid-dir", type=Path, default=HERE / ".rasa" / "run")
    parser.add_argument("--area", default="kingston-richmond")
    args = parser.parse_args()
    with args.questions.open(encoding="utf-8") as handle:
        questions = [row["question"] for row in csv.DictReader(handle, delimiter="\t")]
    for question in questions[:5]:  # warm up
        post(f"{args.rasa}/model/parse", {"text": question})
    parse, webhook = [], []
    for _ in range(args.rounds):
        for question in questions:
            parse.append(post(f"{args.rasa}/model/parse", {"text": question}))
            webhook.append(post(f"{args.rasa}/webhooks/rest/webhook", {
                "sender": f"measure-{uuid.uuid4().hex}", "message": question,
                "metadata": {"area": args.area, "lang": "en"},
            }))
    print(json.dumps({
        "model_parse": percentiles(parse),
        "rest_webhook_answer": percentiles(webhook),
        "rss_mb": {name: rss_mb(args.pid_dir / f"{name}.pid") for name in ("rasa", "actions")},
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
