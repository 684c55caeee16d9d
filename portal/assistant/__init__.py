"""The assistant's chat page: a plain form first, enhanced by JavaScript."""

from portal.assistant.routes import bp

__all__ = ["bp"]
