"""The actions' bridge to ``bot/``: the same authored answers as the embedded engine.

Answers come from :meth:`bot.engine.Assistant.answer` ("the authored reply for an intent
decided elsewhere"), which fills in the council's facts, links the guide section, and,
below the threshold, offers the closest sections. Emergencies use the embedded
engine's own check and reply, exactly as the portal does before it calls Rasa.

Nothing here keeps or logs what a parent typed.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict
from functools import lru_cache
from typing import Any, Dict, Optional

from bot.answers import EMERGENCY, OUT_OF_SCOPE, Reply, book
from bot.engine import Assistant
from bot.knowledge import DEFAULT_AREA, DEFAULT_LANG, areas, languages
from bot.text import fold

__all__ = ["DEFAULT_AREA", "DEFAULT_LANG", "EMERGENCY", "OUT_OF_SCOPE"]

# SMS: one answer in about two text messages, then the link to the page.
SMS_BUDGET = 320
# Where the guide is published, for links in texts ("https://guide.example.org").
PUBLIC_URL_ENV = "PORTAL_PUBLIC_URL"
# English fallback for a language whose bot/data/<lang>/messages.yml lacks these keys.
DEFAULT_MESSAGES = {
    "area_question": "Which council area do you live in? Reply with a number:",
    "area_other": "Somewhere else in England, or not sure",
    "sms_more": "Read more:",
}
NOT_SURE = {"0", "other", "none", "dont know", "not sure", "no idea", "unsure", "england",
            "somewhere else", "elsewhere", "skip"}
GENERIC_WORDS = {"council", "county", "borough", "london", "of", "the", "and", "north",
                 "east", "west", "south", "for", "children", "achieving", "national",
                 "guidance", "city", "district"}


@lru_cache(maxsize=1)
def assistant() -> Assistant:
    """The embedded engine, loaded once per action-server process."""
    return Assistant.load()


def valid_lang(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value in languages() else None


def valid_area(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value in areas() else None


def is_emergency(text: str, lang: str) -> bool:
    return bool(text) and assistant().is_emergency(text, lang)


def emergency_reply(text: str, lang: str, area: str) -> Reply:
    """The embedded engine's reply to a message with a danger signal: emergency help
    first, then (when the rest of the message asks something) that answer too."""
    reply = assistant().reply(text, lang=lang, area=area)
    if not reply.emergency:  # the check said danger: never answer without the help
        reply = assistant().answer(EMERGENCY, lang=lang, area=area)
    return reply


def answer(intent: str, lang: str, area: str, confidence: float, fallback: bool,
           query: str = "", danger_hint: bool = False) -> Reply:
    reply = assistant().answer(intent, lang=lang, area=area, confidence=confidence,
                               fallback=fallback, query=query)
    if danger_hint and not reply.emergency:
        # As the embedded engine does when its model smelt danger the patterns did not.
        reply = book(lang).with_note(reply, "danger_hint")
    return reply


def depends_on_area(intent: str, lang: str) -> bool:
    return book(lang).depends_on_area(intent)


def as_dict(reply: Reply) -> Dict[str, Any]:
    """JSON for the REST channel; bot/rasa_client.py turns it back into a Reply."""
    return asdict(reply)


def message(lang: str, key: str) -> str:
    return book(lang).message(key) or DEFAULT_MESSAGES[key]


# -- the council question (SMS, where no portal says which council) -------------------


def area_choices() -> list[tuple[str, str]]:
    """Numbered choices: every council by name, then "not sure" (the national guide)."""
    councils = [(a.slug, a.short_name) for a in areas().values() if not a.is_national]
    return sorted(councils, key=lambda pair: pair[1])


def area_question(lang: str) -> str:
    lines = [message(lang, "area_question")]
    choices = area_choices()
    lines += [f"{number} {name}" for number, (_slug, name) in enumerate(choices, 1)]
    lines.append(f"{len(choices) + 1} {message(lang, 'area_other')}")
    return "\n".join(lines)


def _names(slug: str) -> set[str]:
    area = areas()[slug]
    names = {fold(area.name), fold(area.short_name), fold(slug.replace("-", " "))}
    for name in list(names):
        names |= {w for w in name.split() if len(w) > 3 and w not in GENERIC_WORDS}
    return {n for n in names if n}


def area_from_text(text: str, lang: str) -> Optional[str]:
    """The council a reply names, by number or by name; the national guide if unsure."""
    folded = fold(text)
    if not folded:
        return None
    choices = area_choices()
    if folded.isdigit():
        number = int(folded)
        if 1 <= number <= len(choices):
            return choices[number - 1][0]
        return DEFAULT_AREA if number in (0, len(choices) + 1) else None
    padded = f" {folded} "
    found = [slug for slug, _name in choices if any(f" {n} " in padded for n in _names(slug))]
    if len(found) == 1:
        return found[0]
    if not found and any(f" {phrase} " in padded for phrase in NOT_SURE):
        return DEFAULT_AREA
    return None


# -- SMS and WhatsApp -------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def absolute(url: str) -> str:
    base = os.environ.get(PUBLIC_URL_ENV, "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


def sms_text(reply: Reply, lang: str) -> str:
    """A short plain-text answer with a link to the guide's page.

    Emergency help is never shortened. Lines are joined with single newlines: Twilio's
    connector sends each blank-line-separated part as its own text, and texts can
    arrive out of order.
    """
    paragraphs = [p.strip() for p in reply.answer_text.split("\n\n") if p.strip()]
    if reply.emergency:
        body = "\n".join(paragraphs)
    else:
        paragraphs = [" ".join(p.split()) for p in paragraphs]
        kept: list[str] = []
        used = 0
        for sentence in _SENTENCE_END.split(" ".join(paragraphs)):
            if kept and used + len(sentence) + 1 > SMS_BUDGET:
                break
            kept.append(sentence)
            used += len(sentence) + 1
        body = " ".join(kept)
    if reply.sources:
        body += f"\n{message(lang, 'sms_more')} {absolute(reply.sources[0].url)}"
    return body
