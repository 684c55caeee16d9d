"""Rasa's built-in Twilio connector (SMS and WhatsApp), made to check Twilio's signature.

``rasa.core.channels.twilio.TwilioInput`` accepts any POST to its webhook and answers
by sending a text to the ``From`` number in the request. Without a check, anyone who
found the URL could make the service text any number at the organisation's cost, or
pretend to be a parent. This subclass keeps everything else of the built-in connector
(same name ``twilio``, same URL ``/webhooks/twilio/webhook``, same output channel) and
rejects with 403 any request whose ``X-Twilio-Signature`` does not match.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

logger = logging.getLogger(__name__)
REQUIRED = ("account_sid", "auth_token", "twilio_number", "webhook_url")


class SignedTwilioInput(TwilioInput):
    """Twilio input channel that only accepts requests signed by Twilio."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        missing = [key for key in REQUIRED if not credentials.get(key)]
        if missing:
            raise RasaException(f"Twilio channel: missing credentials {', '.join(missing)}")
        return cls(
            credentials["account_sid"],
            credentials["auth_token"],
            credentials["twilio_number"],
            webhook_url=credentials["webhook_url"],
        )

    def __init__(
        self,
        account_sid: Optional[Text],
        auth_token: Optional[Text],
        twilio_number: Optional[Text],
        webhook_url: Text = "",
        debug_mode: bool = False,
    ) -> None:
        # debug_mode=False: a failure to send is logged, never turned into a 500 that
        # would make Twilio retry (and the parent receive the answer twice).
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=debug_mode)
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token or "")

    def is_signed(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        params = {key: request.form.get(key) for key in request.form}
        return bool(signature) and self.validator.validate(self.webhook_url, params, signature)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        twilio_webhook = super().blueprint(on_new_message)

        @twilio_webhook.middleware("request")
        async def check_signature(request: Request) -> Optional[HTTPResponse]:
            if request.method == "POST" and not self.is_signed(request):
                logger.warning("twilio: rejected a request without a valid signature")
                return response.text("", status=403)
            return None

        return twilio_webhook
