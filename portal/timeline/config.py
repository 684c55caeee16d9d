"""Timescale rules as data: the ``timescales:`` block of each area's YAML.

``england.yml`` holds the national defaults. A council's block replaces a
default whole, by event key (so a rule never mixes two sources), adds a rule
that has no national default, or removes one with ``key: null``. A rule::

    first_core_group:
      trigger: initial_conference   # an input, or a derived trigger (events.TRIGGERS)
      count: 10                     # a whole number, 1 or more
      unit: working_days            # working_days | days | months
      direction: after              # after | before (months: after only)
      bound: by                     # months only: by (default) | at_least | on
      repeat: false                 # true: a series every `count` units from the trigger
      wording: should               # should (guidance, default) | must (law)
      basis: guidance               # law | guidance | practice | local
      source: national              # a key of content/sources.yml
      topic: core_group             # a key of content/sections.yml: the guide page + anchor
      ask: social_worker            # optional: who to ask, if not the event's usual person
      contact: safeguarding_admin   # optional: a contact id of the area (or England)

``bound`` says how a month count is read: ``by`` is "within N months" (the
same day N months later, or the working day before it); ``at_least`` ("at
least N months") and ``on`` (a plain anniversary) keep the calendar date.
``basis`` defaults to ``guidance`` for national rules and ``local`` for a
council's own leaflet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast, get_args

from bot.knowledge import CONTENT_DIR, DEFAULT_AREA, areas, load_yaml, sources
from portal.timeline.events import EVENT_DEFS, Ask

Unit = Literal["working_days", "days", "months"]
Direction = Literal["after", "before"]
Bound = Literal["by", "at_least", "on"]
Wording = Literal["should", "must"]
Basis = Literal["law", "guidance", "practice", "local"]

FIELDS = {
    "trigger",
    "count",
    "unit",
    "direction",
    "bound",
    "repeat",
    "wording",
    "basis",
    "source",
    "topic",
    "ask",
    "contact",
}
REQUIRED = ("trigger", "count", "unit", "direction", "source", "topic")


class TimescaleError(ValueError):
    """An area's ``timescales:`` block breaks the schema above."""


class UnknownArea(KeyError):
    """No area has this slug."""


@dataclass(frozen=True)
class Rule:
    key: str  # the event key
    trigger: str
    count: int
    unit: Unit
    direction: Direction
    source: str
    topic: str
    page: str
    anchor: str
    bound: Bound = "by"
    repeat: bool = False
    wording: Wording = "should"
    basis: Basis = "guidance"
    ask: Ask | None = None
    contact: str | None = None
    area: str = DEFAULT_AREA  # the area file the rule was read from


def _choice(value: Any, allowed: tuple[str, ...], name: str, where: str) -> str:
    if value not in allowed:
        raise TimescaleError(f"{where}: {name} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def parse_rule(
    key: str,
    raw: Any,
    *,
    area: str,
    contacts: set[str],
    sections: Mapping[str, Any],
    known_sources: set[str],
) -> Rule:
    where = f"{area}.yml timescales.{key}"
    if key not in EVENT_DEFS:
        raise TimescaleError(f"{where}: not an event key of timescales.md")
    if not isinstance(raw, dict):
        raise TimescaleError(f"{where}: a rule must be a mapping (or null to remove it)")
    if unknown := set(raw) - FIELDS:
        raise TimescaleError(f"{where}: unknown fields {sorted(unknown)}")
    if missing := [name for name in REQUIRED if name not in raw]:
        raise TimescaleError(f"{where}: missing {', '.join(missing)}")
    count = raw["count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise TimescaleError(f"{where}: count must be a whole number of 1 or more")
    trigger = _choice(raw["trigger"], EVENT_DEFS[key].triggers, "trigger", where)
    unit = cast(Unit, _choice(raw["unit"], get_args(Unit), "unit", where))
    direction = cast(Direction, _choice(raw["direction"], get_args(Direction), "direction", where))
    bound = cast(Bound, _choice(raw.get("bound", "by"), get_args(Bound), "bound", where))
    if unit == "months" and direction != "after":
        raise TimescaleError(f"{where}: month counts only run forwards (direction: after)")
    if unit != "months" and "bound" in raw:
        raise TimescaleError(f"{where}: bound applies to month counts only")
    repeat = raw.get("repeat", False)
    if not isinstance(repeat, bool) or (repeat and direction != "after"):
        raise TimescaleError(f"{where}: repeat must be true or false, and only runs forwards")
    source = str(raw["source"])
    if source not in known_sources:
        raise TimescaleError(f"{where}: source {source!r} is not in content/sources.yml")
    topic = str(raw["topic"])
    section = sections.get(topic)
    if not isinstance(section, dict):
        raise TimescaleError(f"{where}: topic {topic!r} is not in content/sections.yml")
    default_basis = "guidance" if source == "national" else "local"
    contact = raw.get("contact")
    if contact is not None and contact not in contacts:
        raise TimescaleError(f"{where}: contact {contact!r} is not one of the area's contacts")
    ask = raw.get("ask")
    return Rule(
        key=key,
        trigger=trigger,
        count=count,
        unit=unit,
        direction=direction,
        source=source,
        topic=topic,
        page=str(section["page"]),
        anchor=str(section["anchor"]),
        bound=bound,
        repeat=repeat,
        wording=cast(
            Wording, _choice(raw.get("wording", "should"), get_args(Wording), "wording", where)
        ),
        basis=cast(
            Basis, _choice(raw.get("basis", default_basis), get_args(Basis), "basis", where)
        ),
        ask=None if ask is None else cast(Ask, _choice(ask, get_args(Ask), "ask", where)),
        contact=None if contact is None else str(contact),
        area=area,
    )


@cache
def rules_for(area_slug: str, content_dir: Path = CONTENT_DIR) -> Mapping[str, Rule]:
    """The rules that apply in an area: the national defaults with the
    council's overrides applied. Raises ``UnknownArea`` or ``TimescaleError``."""
    known = areas(content_dir)
    if area_slug not in known:
        raise UnknownArea(area_slug)
    sections = load_yaml(content_dir / "sections.yml")
    known_sources = set(sources(content_dir))
    national_contacts = {c.id for c in known[DEFAULT_AREA].contacts}
    rules: dict[str, Rule] = {}
    for slug in dict.fromkeys((DEFAULT_AREA, area_slug)):
        block = known[slug].data.get("timescales") or {}
        if not isinstance(block, dict):
            raise TimescaleError(f"{slug}.yml: timescales must be a mapping of event keys")
        contacts = national_contacts | {c.id for c in known[slug].contacts}
        for key, raw in block.items():
            if raw is None:
                if key not in EVENT_DEFS:
                    raise TimescaleError(f"{slug}.yml timescales.{key}: not an event key")
                rules.pop(key, None)
                continue
            rules[key] = parse_rule(
                key,
                raw,
                area=slug,
                contacts=contacts,
                sections=sections,
                known_sources=known_sources,
            )
    # Cached, so read-only: in contract order.
    return MappingProxyType({key: rules[key] for key in EVENT_DEFS if key in rules})


def area_nation(area_slug: str, content_dir: Path = CONTENT_DIR) -> str:
    known = areas(content_dir)
    if area_slug not in known:
        raise UnknownArea(area_slug)
    return known[area_slug].nation
