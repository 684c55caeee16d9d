"""The personal timeline's rules engine. No Flask here: the portal, the API
and calendar files all build on these functions.

    result = parse_inputs(request_args, today)
    if isinstance(result, list):        # list[InputError]
        ...show the errors...
    timeline = compute_timeline(area_slug, result, today)
    timeline.to_dict()                  # {"area", "today", "events": [...]}
"""

from portal.timeline.config import Rule, TimescaleError, UnknownArea, rules_for
from portal.timeline.inputs import InputError, TimelineInputs, check_inputs, parse_inputs
from portal.timeline.rules import Event, Guidance, Status, Timeline, compute_timeline

__all__ = [
    "Event",
    "Guidance",
    "InputError",
    "Rule",
    "Status",
    "Timeline",
    "TimelineInputs",
    "TimescaleError",
    "UnknownArea",
    "check_inputs",
    "compute_timeline",
    "parse_inputs",
    "rules_for",
]
