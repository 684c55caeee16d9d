"""action_answer, the council question (area_form) and its validation.

Flow for one user message:
1. Rasa classifies it (config.yml); a generated rule runs ``action_answer`` for every
   intent, and rules.yml runs it for ``nlu_fallback``.
2. ``action_answer`` reads the area and language from the message metadata (the portal
   sends both) or from the slots, runs the emergency check on the text (over SMS there
   is no portal in front of Rasa), and composes the authored answer with ``bot/``.
3. When the answer depends on the council and none is known (an SMS conversation),
   it remembers the intent and starts ``area_form``, which asks for the council; a rule
   runs ``action_answer`` again once the council is known.

Output: on the REST channel one custom payload ``{"schema", "reply"}`` that
``bot/rasa_client.py`` turns back into a ``Reply``; on Twilio (SMS/WhatsApp) a short
text with a link to the page.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.rasa.actions import compose

logger = logging.getLogger(__name__)

REPLY_SCHEMA = "cp-guide-reply/1"  # keep in step with bot/rasa_client.py
SMS_CHANNELS = {"twilio"}


def _metadata(tracker: Tracker) -> Dict[Text, Any]:
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def context(tracker: Tracker) -> tuple[str, Optional[str], List[EventType]]:
    """(lang, area or None, slot events): metadata first, then what the slots hold."""
    metadata = _metadata(tracker)
    lang = compose.valid_lang(metadata.get("lang")) or compose.valid_lang(
        tracker.get_slot("lang")
    ) or compose.DEFAULT_LANG
    if "area" in metadata:
        # A caller that names a council (the portal always does) gets the national guide
        # for one it does not know, as the embedded engine does; never the question.
        area: Optional[str] = compose.valid_area(metadata["area"]) or compose.DEFAULT_AREA
    else:
        area = compose.valid_area(tracker.get_slot("area"))
    events: List[EventType] = []
    if tracker.get_slot("lang") != lang:
        events.append(SlotSet("lang", lang))
    if area and tracker.get_slot("area") != area:
        events.append(SlotSet("area", area))
    return lang, area, events


def classified(tracker: Tracker) -> tuple[str, float, bool]:
    """(intent, confidence, below threshold) of the latest message.

    Below the threshold Rasa's FallbackClassifier names the intent ``nlu_fallback``;
    the best real guess and its confidence are next in the ranking.
    """
    message = tracker.latest_message
    intent = (message.get("intent") or {}).get("name") or compose.OUT_OF_SCOPE
    confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
    if intent != "nlu_fallback":
        return intent, confidence, False
    for ranked in message.get("intent_ranking") or []:
        if ranked.get("name") != "nlu_fallback":
            return ranked["name"], float(ranked.get("confidence") or 0.0), True
    return compose.OUT_OF_SCOPE, 0.0, True


def log_failure(action: str, error: BaseException) -> None:
    """Log where an action failed, never what was asked.

    An exception escaping an action makes rasa_sdk answer 500 with the whole tracker,
    which Rasa then logs, parents' messages included. Actions catch everything, log the
    exception type and code locations only, and send nothing: the portal's client sees
    no answer and falls back to the embedded engine.
    """
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))
    logger.error("%s failed: %s at %s", action, type(error).__name__, where)


def danger_hint(tracker: Tracker) -> bool:
    """The model's best guess was emergency_help, but the patterns found no danger.

    GuideRules (config.yml) moves emergency_help out of first place and keeps its
    confidence in the ranking; the embedded engine then adds a one-line reminder.
    """
    ranking = tracker.latest_message.get("intent_ranking") or []
    ranked = [r for r in ranking if r.get("name") != "nlu_fallback"]
    if not ranked:
        return False
    best = max(ranked, key=lambda r: float(r.get("confidence") or 0.0))
    return best.get("name") == compose.EMERGENCY


def send(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Any, lang: str) -> None:
    if tracker.get_latest_input_channel() in SMS_CHANNELS:
        dispatcher.utter_message(text=compose.sms_text(reply, lang))
    else:
        dispatcher.utter_message(json_message={"schema": REPLY_SCHEMA, "reply": compose.as_dict(reply)})


class ActionAnswer(Action):
    def name(self) -> Text:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            return self.answer(dispatcher, tracker)
        except Exception as error:  # noqa: BLE001 - see log_failure
            log_failure(self.name(), error)
            return []

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        lang, area, events = context(tracker)
        pending = tracker.get_slot("pending_intent")
        text = tracker.latest_message.get("text") or ""

        if compose.is_emergency(text, lang):
            # Danger first, whatever else was asked, and forget any waiting question.
            reply = compose.emergency_reply(text, lang, area or compose.DEFAULT_AREA)
            send(dispatcher, tracker, reply, lang)
            return [*events, SlotSet("pending_intent", None)]

        query = text
        if pending and tracker.latest_action_name == "area_form":
            # The council has just been given: answer the question that was waiting.
            intent, confidence, fallback, query = str(pending), 1.0, False, ""
            events.append(SlotSet("pending_intent", None))
        else:
            intent, confidence, fallback = classified(tracker)

        if area is None and compose.depends_on_area(intent, lang):
            return [*events, SlotSet("pending_intent", intent), FollowupAction("area_form")]

        reply = compose.answer(
            intent, lang, area or compose.DEFAULT_AREA, confidence, fallback, query=query,
            danger_hint=bool(query) and danger_hint(tracker),
        )
        send(dispatcher, tracker, reply, lang)
        return events


class ActionAskArea(Action):
    """The area_form's question: which council, with numbered choices for SMS."""

    def name(self) -> Text:
        return "action_ask_area"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            lang, _area, events = context(tracker)
            dispatcher.utter_message(text=compose.area_question(lang))
            return events
        except Exception as error:  # noqa: BLE001 - see log_failure
            log_failure(self.name(), error)
            return []


class ValidateAreaForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_area_form"

    def validate_area(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        lang, _area, _events = context(tracker)
        text = str(slot_value or "")
        if compose.is_emergency(text, lang):
            # Someone in danger while we asked about the council: end the form with the
            # national default; action_answer, which runs next, gives the emergency
            # answer first and drops the waiting question.
            return {"area": compose.DEFAULT_AREA}
        area = compose.area_from_text(text, lang)
        if area is None:
            # Not recognised: the form asks again (the question lists the choices).
            return {"area": None}
        return {"area": area}
