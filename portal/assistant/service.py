"""Adapts the Flask-free assistant in ``bot/`` to the portal: picks the engine
(embedded by default, Rasa when configured), injects the Whoosh search, and
keeps emergency detection in the portal whichever engine answers."""

from __future__ import annotations

import logging
from functools import cache, partial
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from bot.engine import Assistant, Reply, Source
from portal.search import search

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 5000


def init_assistant(app: Flask) -> None:
    """Train the embedded engine once per process, at start-up."""
    app.extensions["assistant"] = _trained()


@cache
def _trained() -> Assistant:
    # One model per process, shared by every app the process builds (tests build many).
    # English is ready before the first request; the other languages follow in a thread.
    return Assistant.load(background=True)


def _engine() -> Assistant:
    engine: Assistant = current_app.extensions["assistant"]
    return engine


def _search(index_root: Path, area: str, query: str, lang: str, limit: int) -> list[Source]:
    return [
        Source(
            title=hit.heading
            if hit.heading == hit.page_title
            else f"{hit.page_title}: {hit.heading}",
            url=f"/{lang}/{area}/{hit.slug}" + (f"#{hit.anchor}" if hit.anchor else ""),
        )
        for hit in search(index_root, lang, query, limit)
    ]


def answer(message: str, lang: str, area: str) -> Reply:
    engine = _engine()
    index_root = Path(current_app.config["SEARCH_INDEX_ROOT"])
    searcher = partial(_search, index_root, area)
    if current_app.config.get("ASSISTANT_BACKEND") == "rasa":
        # Emergencies never wait on a network call: the embedded check runs first.
        if engine.is_emergency(message, lang):
            return engine.reply(message, lang=lang, area=area, search=searcher)
        try:
            from bot.rasa_client import RasaClient

            client = RasaClient(
                current_app.config["RASA_URL"], timeout=current_app.config["RASA_TIMEOUT"]
            )
            return client.reply(message, lang=lang, area=area)
        except Exception as error:
            # Type only: the message text never reaches the log.
            log.warning(
                "rasa unavailable (%s); answered by the embedded engine", type(error).__name__
            )
    return engine.reply(message, lang=lang, area=area, search=searcher)


def reply_json(reply: Reply) -> dict[str, Any]:
    return {
        "intent": reply.intent,
        "confidence": round(reply.confidence, 3),
        "fallback": reply.fallback,
        "emergency": reply.emergency,
        "answer_html": reply.answer_html,
        "answer_text": reply.answer_text,
        "sources": [{"title": s.title, "url": s.url} for s in reply.sources],
        "needs_area": reply.needs_area,
    }


def count_feedback(intent: str, helpful: bool) -> None:
    """One more yes or no for an intent. A single UPDATE, so concurrent answers
    from several workers never lose a count."""
    from sqlalchemy import update

    from portal.extensions import db
    from portal.models import AnswerFeedback

    column = AnswerFeedback.helpful if helpful else AnswerFeedback.not_helpful
    result = db.session.execute(
        update(AnswerFeedback).where(AnswerFeedback.intent == intent).values({column: column + 1})
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        db.session.add(
            AnswerFeedback(intent=intent, helpful=int(helpful), not_helpful=int(not helpful))
        )
    db.session.commit()
