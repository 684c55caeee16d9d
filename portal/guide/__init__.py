"""The guide: home, council choice, pages, glossary, search, display settings, sitemap."""

from portal.guide.routes import bp

__all__ = ["bp"]
