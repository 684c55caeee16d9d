"""An in-memory tracker store that forgets.

Rasa's ``InMemoryTrackerStore`` keeps every conversation for the life of the server.
The portal starts a new conversation id for each question and SMS conversations are
keyed by phone number, so that store would grow without limit and hold what parents
typed indefinitely. This one drops a conversation after ``forget_after_minutes`` of
silence and keeps at most ``max_conversations`` (least recently used dropped first).
Nothing is written to disk.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


class ForgetfulTrackerStore(InMemoryTrackerStore):
    """In-memory conversations, forgotten after a period of silence."""

    def __init__(
        self,
        domain: Domain,
        event_broker: Optional[EventBroker] = None,
        host: Optional[Text] = None,
        forget_after_minutes: float = 60,
        max_conversations: int = 5000,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.forget_after = float(forget_after_minutes) * 60
        self.max_conversations = int(max_conversations)
        self.last_seen: "OrderedDict[Text, float]" = OrderedDict()

    def forget_old(self, now: Optional[float] = None) -> None:
        now = time.monotonic() if now is None else now
        while self.last_seen:
            sender_id, seen = next(iter(self.last_seen.items()))
            if now - seen <= self.forget_after and len(self.last_seen) <= self.max_conversations:
                break
            self.last_seen.pop(sender_id)
            self.store.pop(sender_id, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self.last_seen[tracker.sender_id] = time.monotonic()
        self.last_seen.move_to_end(tracker.sender_id)
        self.forget_old()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self.forget_old()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self.forget_old()
        return await super().retrieve_full_tracker(sender_id)
