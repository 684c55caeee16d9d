"""Timing of the embedded engine: ``python -m bot bench`` prints one JSON object.

Import time (scikit-learn), load time (English ready, as the portal starts, and every
language trained), then the per-message latency of ``Assistant.reply`` over a fixed
set of varied messages written for the benchmark (short, long, misspelt, emergency,
out of scope), repeated to get stable percentiles.
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


def _other_messages() -> dict[str, list[str]]:
    """Each other language's suggested questions (authored for the chat page, not
    training data) plus one long message, to time every model."""
    from bot.knowledge import CONTENT_DIR, languages
    from bot.text import read_yaml

    found: dict[str, list[str]] = {}
    for code, language in languages().items():
        path = CONTENT_DIR / code / "assistant.yml"
        if code == "en" or not language.assistant or not path.exists():
            continue
        questions = [str(q) for q in (read_yaml(path) or {}).get("suggestions", [])]
        found[code] = [*questions, " ".join(questions * 4)]
    return found


def _cuts(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return round(cuts[49], 2), round(cuts[94], 2)


def measure(rounds: int = 20) -> dict[str, Any]:
    start = time.perf_counter()
    from bot.engine import Assistant  # imports scikit-learn: a once-per-process cost

    imported = time.perf_counter()
    # As the portal starts: English trained at once, the other languages in a thread.
    assistant = Assistant.load(background=True)
    english_ready = time.perf_counter()
    assistant.wait_until_ready()
    all_ready = time.perf_counter()
    assistant.reply("warm up")  # builds the section search used by fallbacks
    samples: list[float] = []
    for _ in range(rounds):
        for message in BENCH_MESSAGES:
            began = time.perf_counter()
            assistant.reply(message, area="kingston-richmond")
            samples.append((time.perf_counter() - began) * 1000)
    p50, p95 = _cuts(samples)
    per_language: dict[str, dict[str, float]] = {}
    for code, messages in _other_messages().items():
        timed: list[float] = []
        for _ in range(rounds):
            for message in messages:
                began = time.perf_counter()
                assistant.reply(message, lang=code, area="waltham-forest")
                timed.append((time.perf_counter() - began) * 1000)
        lp50, lp95 = _cuts(timed)
        per_language[code] = {"p50_ms": lp50, "p95_ms": lp95}
    total_s = sum(samples) / 1000
    return {
        "import_s": round(imported - start, 3),
        "load_s": round(english_ready - imported, 3),
        "load_all_languages_s": round(all_ready - imported, 3),
        "languages": list(assistant.languages),
        "messages": len(samples),
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": round(max(samples), 2),
        "messages_per_s": round(len(samples) / total_s, 1),
        "other_languages": per_language,
    }


def main(rounds: int = 20) -> int:
    print(json.dumps(measure(rounds), indent=2))
    return 0
