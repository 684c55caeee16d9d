"""Custom actions for the Rasa assistant (``python -m rasa_sdk --actions bot.rasa.actions``).

They run in ``.rasa-venv`` with the project root on ``PYTHONPATH`` and compose every
answer with the Flask-free code in ``bot/`` that the embedded engine uses, so both
engines give the same authored answer for the same intent, council and language.
"""

from bot.rasa.actions import compose
from bot.rasa.actions.answer import ActionAnswer, ActionAskArea, ValidateAreaForm

# Load the answers (and the embedded engine) at start-up, not on the first question.
compose.assistant()

__all__ = ["ActionAnswer", "ActionAskArea", "ValidateAreaForm"]
