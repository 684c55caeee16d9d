"""/<lang>/<area>/your-dates: a parent works out their own timeline without a
practitioner. The dates travel in the query string only; nothing is stored or
logged, and the page is never cached or indexed."""

from portal.dates.routes import bp

__all__ = ["bp"]
