"""Authored answers and the replies built from them.

Needs no statistical model: the embedded engine and the Rasa action server both compose
replies here from an intent name. Answers are ``content/<lang>/answers.yml``; the short
sentences around them are ``bot/data/<lang>/messages.yml``; council facts come from
:func:`bot.knowledge.fact`; links from ``content/sections.yml``.

Everything put into a reply is authored content. Nothing a user typed is ever copied
into ``answer_markdown``, ``answer_html`` or ``answer_text``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import markdown

from bot import guide
from bot.knowledge import CONTENT_DIR, DEFAULT_AREA, DEFAULT_LANG, areas, fact, languages
from bot.text import DATA_DIR, read_yaml

OUT_OF_SCOPE = "out_of_scope"
EMERGENCY = "emergency_help"
SMALL_TALK = frozenset({"greet", "goodbye", "thanks"})
FACT_LINE = re.compile(r"^\s*\[\[area:([a-z_]+)\]\]\s*$")


class AnswerDataError(ValueError):
    """answers.yml or messages.yml is malformed (raised at load, never per message)."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Reply:
    intent: str
    confidence: float
    fallback: bool
    emergency: bool
    answer_markdown: str
    answer_html: str  # rendered from authored Markdown only
    answer_text: str
    sources: tuple[Source, ...]
    needs_area: bool


@dataclass(frozen=True)
class Answer:
    intent: str
    text: str
    area_dependent: bool
    section: tuple[str, str] | None  # (page, anchor) override for intents without sections.yml


def valid_lang(lang: str | None) -> str:
    """The language code if the service offers it (and has answers), else English."""
    if lang and lang in languages() and (CONTENT_DIR / lang / "answers.yml").exists():
        return lang
    return DEFAULT_LANG


def valid_area(area: str | None) -> str:
    return area if area and area in areas() else DEFAULT_AREA


def render_html(markdown_text: str) -> str:
    """HTML for authored Markdown. Never call this with anything a user typed."""
    return markdown.markdown(markdown_text, output_format="html")


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def render_text(markdown_text: str) -> str:
    """Plain text for SMS, screen readers and logs-free display."""

    def link(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if target.startswith("tel:") or label == target:
            return label
        return f"{label} ({target})"

    text = _LINK.sub(link, markdown_text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"^[ \t]*[-*][ \t]+", "- ", text, flags=re.MULTILINE)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def escape_markdown(text: str) -> str:
    """Escape text (e.g. a page title from search) for safe inclusion in Markdown."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>])", r"\\\1", html.escape(text, quote=False))


@dataclass(frozen=True)
class AnswerBook:
    """One language's answers and messages."""

    lang: str
    answers: Mapping[str, Answer]
    messages: Mapping[str, str]
    content_dir: Path = CONTENT_DIR

    @classmethod
    def load(
        cls, lang: str, content_dir: Path = CONTENT_DIR, data_dir: Path = DATA_DIR
    ) -> AnswerBook:
        path = content_dir / lang / "answers.yml"
        if not path.exists():
            path = content_dir / DEFAULT_LANG / "answers.yml"
        raw = read_yaml(path) or {}
        if not isinstance(raw, dict):
            raise AnswerDataError(f"{path}: expected a mapping of intents")
        answers = {str(k): _answer(str(k), v, path) for k, v in raw.items()}
        for required in (OUT_OF_SCOPE, EMERGENCY):
            if required not in answers:
                raise AnswerDataError(f"{path}: no answer for {required}")
        messages_path = data_dir / lang / "messages.yml"
        if not messages_path.exists():
            messages_path = data_dir / DEFAULT_LANG / "messages.yml"
        messages = {str(k): str(v).strip() for k, v in (read_yaml(messages_path) or {}).items()}
        return cls(lang, answers, messages, content_dir)

    # -- pieces ----------------------------------------------------------------------

    def has(self, intent: str) -> bool:
        return intent in self.answers

    def depends_on_area(self, intent: str) -> bool:
        answer = self.answers.get(intent)
        return bool(answer and answer.area_dependent)

    def message(self, key: str) -> str:
        return self.messages.get(key, "")

    def section(self, intent: str) -> tuple[str, str]:
        answer = self.answers.get(intent)
        if answer and answer.section:
            return answer.section
        mapped = guide.section_map(self.content_dir)
        if intent in mapped:
            return mapped[intent]
        return mapped.get(OUT_OF_SCOPE, ("getting-help", "who-can-help"))

    def source(self, intent: str, area: str) -> Source:
        slug, anchor = self.section(intent)
        return Source(
            title=guide.title(self.lang, slug, anchor, self.content_dir),
            url=guide.url(self.lang, area, slug, anchor),
        )

    def markdown(self, intent: str, area: str) -> tuple[str, bool]:
        """(Markdown with council facts filled in, whether choosing a council would help)."""
        answer = self.answers.get(intent) or self.answers[OUT_OF_SCOPE]
        lines: list[str] = []
        for line in answer.text.strip().splitlines():
            token = FACT_LINE.match(line)
            if token is None:
                lines.append(line.rstrip())
                continue
            found = fact(token.group(1), area, self.lang)
            if found is not None:
                lines.append(found.text.strip())
        needs_area = answer.area_dependent and area == DEFAULT_AREA
        if needs_area and self.message("area_note"):
            lines.append(self.message("area_note"))
        # Authored lines are separate sentences: keep each one its own paragraph.
        return _paragraphs(lines), needs_area

    # -- replies ---------------------------------------------------------------------

    def reply(
        self,
        intent: str,
        area: str,
        confidence: float = 1.0,
        fallback: bool = False,
        closest: Sequence[Source] = (),
    ) -> Reply:
        """The reply for an intent. ``fallback`` (or out_of_scope) gives the fallback answer."""
        if fallback or intent == OUT_OF_SCOPE or not self.has(intent):
            # The intent names the answer given: below the threshold that is out_of_scope.
            body, _ = self.markdown(OUT_OF_SCOPE, area)
            sources = _unique([*closest, self.source(OUT_OF_SCOPE, area)])
            return _make(OUT_OF_SCOPE, confidence, True, False, body, sources, False)
        body, needs_area = self.markdown(intent, area)
        return _make(
            intent,
            confidence,
            False,
            intent == EMERGENCY,
            body,
            (self.source(intent, area),),
            needs_area,
        )

    def emergency_reply(
        self, area: str, also: Reply | None = None, confidence: float = 1.0
    ) -> Reply:
        """Emergency help first; then, if given, the answer to what else was asked."""
        body, _ = self.markdown(EMERGENCY, area)
        sources = [self.source(EMERGENCY, area)]
        needs_area = False
        if also is not None and not also.emergency and not also.fallback:
            body = "\n\n".join(
                filter(None, (body, self.message("also_asked"), also.answer_markdown))
            )
            sources.extend(also.sources)
            needs_area = also.needs_area
        return _make(EMERGENCY, confidence, False, True, body, _unique(sources), needs_area)

    def prompt_reply(self, area: str) -> Reply:
        """Nothing was typed: a friendly prompt, under the out_of_scope intent."""
        return _make(
            OUT_OF_SCOPE,
            0.0,
            True,
            False,
            self.message("empty"),
            (self.source(OUT_OF_SCOPE, area),),
            False,
        )

    def with_note(self, reply: Reply, key: str) -> Reply:
        """The reply with a short message (e.g. "too_long") put before the answer."""
        note = self.message(key)
        if not note:
            return reply
        body = f"{note}\n\n{reply.answer_markdown}"
        return replace(
            reply,
            answer_markdown=body,
            answer_html=render_html(body),
            answer_text=render_text(body),
        )


def _paragraphs(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        is_list = line.lstrip().startswith(("- ", "* ", "1. "))
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] != "" and not (is_list and out[-1].lstrip().startswith(("- ", "* "))):
            out.append("")
        out.append(line)
    return "\n".join(out).strip() + "\n"


def _unique(sources: Sequence[Source]) -> tuple[Source, ...]:
    seen: dict[str, Source] = {}
    for source in sources:
        seen.setdefault(source.url, source)
    return tuple(seen.values())


def _make(
    intent: str,
    confidence: float,
    fallback: bool,
    emergency: bool,
    body: str,
    sources: Sequence[Source],
    needs_area: bool,
) -> Reply:
    return Reply(
        intent=intent,
        confidence=float(round(confidence, 4)),
        fallback=fallback,
        emergency=emergency,
        answer_markdown=body,
        answer_html=render_html(body),
        answer_text=render_text(body),
        sources=tuple(sources),
        needs_area=needs_area,
    )


def _answer(intent: str, raw: Any, path: Path) -> Answer:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise AnswerDataError(f"{path}: {intent} needs a 'text'")
    section = raw.get("section")
    where: tuple[str, str] | None = None
    if section is not None:
        if not isinstance(section, dict) or "page" not in section:
            raise AnswerDataError(f"{path}: {intent}.section needs page and anchor")
        where = (str(section["page"]), str(section.get("anchor", "")))
    return Answer(intent, raw["text"], bool(raw.get("area_dependent", False)), where)


@cache
def book(lang: str = DEFAULT_LANG) -> AnswerBook:
    """The answer book for a language (English when it has none)."""
    return AnswerBook.load(valid_lang(lang))


def compose(
    intent: str,
    lang: str = DEFAULT_LANG,
    area: str = DEFAULT_AREA,
    confidence: float = 1.0,
    fallback: bool = False,
    closest: Sequence[Source] = (),
) -> Reply:
    """A reply for an intent chosen elsewhere (e.g. by Rasa), in the language and council."""
    return book(lang).reply(intent, valid_area(area), confidence, fallback, closest)
