"""Command-line tasks: ``flask --app portal search-index``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app


def init_cli(app: Flask) -> None:
    @app.cli.command("search-index")
    def search_index() -> None:
        """Rebuild the search index for every language."""
        from bot.knowledge import languages
        from portal.search import build_index

        root = Path(
            current_app.config.get("SEARCH_INDEX_DIR") or Path(current_app.instance_path) / "search"
        )
        for lang in languages():
            build_index(root, lang)
            click.echo(f"indexed {lang}")
