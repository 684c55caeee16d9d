"""The assistant and the Flask-free knowledge it shares with the portal.

Nothing in this package imports Flask: the portal adapts it, and the Rasa
action server (its own virtual environment) imports it too.
"""
