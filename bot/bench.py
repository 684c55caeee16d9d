"""Timing of the embedded engine: ``python -m bot bench`` prints one JSON object.

Import time (scikit-learn), load time (reading the data and training), then the
per-message latency of ``Assistant.reply`` over a fixed set of varied messages written
for the benchmark (short, long, misspelt, emergency, out of scope), repeated to get
stable percentiles.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

BENCH_MESSAGES: tuple[str, ...] = (
    "can they take my kids",
    "can i bring my solicter to the confrence",
    "how long does a cp plan last",
    "when do i get the minutes",
    "how do i claim universal credit",
    "hi",
    "thanks",
    "the sw keeps turning up without telling me can she do that",
    "he is hitting me right now",
    "what happens at the review",
    (
        "sorry this is long but we had a conference last month and my kids went on a plan for "
        "neglect, the social worker is nice but the school report was wrong about my son's "
        "attendance and i dont know who to tell, i want to get it changed before the review, "
        "also my mum wants to come to the next one with me, who can i ask about all of this"
    ),
    "x" * 5000,
)


def measure(rounds: int = 20) -> dict[str, Any]:
    start = time.perf_counter()
    from bot.engine import Assistant  # imports scikit-learn: a once-per-process cost

    imported = time.perf_counter()
    assistant = Assistant.load()
    load_s = time.perf_counter() - imported
    assistant.reply("warm up")  # builds the section search used by fallbacks
    samples: list[float] = []
    for _ in range(rounds):
        for message in BENCH_MESSAGES:
            began = time.perf_counter()
            assistant.reply(message, area="kingston-richmond")
            samples.append((time.perf_counter() - began) * 1000)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    total_s = sum(samples) / 1000
    return {
        "import_s": round(imported - start, 3),
        "load_s": round(load_s, 3),
        "messages": len(samples),
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "max_ms": round(max(samples), 2),
        "messages_per_s": round(len(samples) / total_s, 1),
    }


def main(rounds: int = 20) -> int:
    print(json.dumps(measure(rounds), indent=2))
    return 0
