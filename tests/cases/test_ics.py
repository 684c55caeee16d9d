"""The calendar file: RFC 5545 line endings, folding, escaping and the
properties a phone's calendar needs, read back by a small strict parser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from flask import Flask

from portal.cases.ics import CalendarEvent, calendar, escape_text, fold
from portal.cases.links import create_link
from portal.extensions import db
from tests.dbsupport import add_case, add_organisation

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def parse(body: bytes) -> list[dict[str, str]]:
    """Unfold and split into components; asserts the RFC's framing as it goes."""
    assert body.endswith(b"\r\n")
    raw_lines = body.split(b"\r\n")[:-1]
    for raw in raw_lines:
        assert b"\n" not in raw and b"\r" not in raw, "bare LF or CR"
        assert len(raw) <= 75, f"line of {len(raw)} octets"
        raw.decode("utf-8")  # every physical line is whole UTF-8
    text = b"\r\n".join(raw_lines).decode("utf-8").replace("\r\n ", "")
    components: list[dict[str, str]] = []
    stack: list[str] = []
    for line in text.split("\r\n"):
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            components.append({"_type": value})
        elif name == "END":
            assert stack.pop() == value
        else:
            components[-1][name] = value
    assert not stack
    return components


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_escaping_round_trips() -> None:
    original = "Room 4; Civic Centre, High St\\North\nBring ID"
    assert unescape(escape_text(original)) == original
    assert "\n" not in escape_text(original)


@pytest.mark.parametrize(
    "text", ["a" * 200, "é" * 100, "😀" * 60, "x" + "é" * 80, "a" * 75, "a" * 76]
)
def test_folding_keeps_lines_within_75_octets_and_characters_whole(text: str) -> None:
    folded = fold("SUMMARY:" + text)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == "SUMMARY:" + text


def test_a_calendar_parses_back() -> None:
    long_summary = "Réunion de révision – " * 6
    events = [
        CalendarEvent(
            "one@example", date(2027, 3, 19), long_summary, "More: https://example.org/a"
        ),
        CalendarEvent(
            "two@example", date(2026, 12, 31), "Comma, semicolon; backslash\\", location="Room 4"
        ),
    ]
    parsed = parse(calendar(events, name="Timeline", now=NOW))
    assert parsed[0]["_type"] == "VCALENDAR"
    assert parsed[0]["VERSION"] == "2.0" and parsed[0]["PRODID"]
    first, second = parsed[1], parsed[2]
    assert first["UID"] == "one@example" and first["DTSTAMP"] == "20261123T093000Z"
    assert first["DTSTART;VALUE=DATE"] == "20270319" and first["DTEND;VALUE=DATE"] == "20270320"
    assert unescape(first["SUMMARY"]) == long_summary
    assert second["DTEND;VALUE=DATE"] == "20270101"
    assert unescape(second["SUMMARY"]) == "Comma, semicolon; backslash\\"
    assert second["LOCATION"] == "Room 4"


def test_the_calendar_download(db_app: Flask) -> None:
    with db_app.app_context():
        case = add_case(
            add_organisation(),
            initial_conference=date(2099, 6, 1),
            conference_time=time(10, 30),
            conference_place="Civic Centre, Room 4",
            nickname="Sam",
            note="private note",
        )
        new = create_link(case, datetime.now(UTC), with_pin=False)
        db.session.commit()
    response = db_app.test_client().get(f"/en/t/{new.token}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == 'attachment; filename="timeline.ics"'
    assert response.headers["Cache-Control"] == "no-store"
    parsed = parse(response.get_data())
    events = [c for c in parsed if c["_type"] == "VEVENT"]
    assert events, "at least the booked conference"
    conference = next(e for e in events if e["DTSTART;VALUE=DATE"] == "20990601")
    assert unescape(conference["SUMMARY"]) == "Initial child protection conference"
    assert unescape(conference["LOCATION"]) == "Civic Centre, Room 4"
    assert len({e["UID"] for e in events}) == len(events)
    body = response.get_data(as_text=True)
    assert "Sam" not in body and "private note" not in body and new.token not in body
    again = parse(db_app.test_client().get(f"/en/t/{new.token}/calendar.ics").get_data())
    assert [e["UID"] for e in again if e["_type"] == "VEVENT"] == [e["UID"] for e in events]
