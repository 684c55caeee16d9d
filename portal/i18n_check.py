"""Catalogue checks run by ``make test``: the template is current, and every
language's catalogue is complete, not fuzzy, and keeps the English placeholders.

Run as ``python -m portal.i18n_check``; exits non-zero with one line per problem.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.knowledge import DEFAULT_LANG, languages
from portal.config import ROOT

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
TRANSLATIONS = ROOT / "translations"


def _extract(target: Path) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments, our own tool
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "ngettext",
            "-k",
            "pgettext:1c,2",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(target),
            "portal",
        ],
        cwd=ROOT,
        check=True,
    )


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def problems() -> list[str]:
    found: list[str] = []
    pot_path = TRANSLATIONS / "messages.pot"
    with tempfile.TemporaryDirectory() as tmp:
        fresh_path = Path(tmp) / "messages.pot"
        _extract(fresh_path)
        with fresh_path.open("rb") as handle:
            fresh = read_po(handle)
    if not pot_path.exists():
        return ["translations/messages.pot is missing: run `make translations-extract`"]
    with pot_path.open("rb") as handle:
        committed = read_po(handle)
    if _ids(fresh) != _ids(committed):
        added = sorted(_ids(fresh) - _ids(committed))[:5]
        removed = sorted(_ids(committed) - _ids(fresh))[:5]
        found.append(
            f"messages.pot is stale (new: {added}, gone: {removed}): run `make translations-update`"
        )
    for code in languages():
        if code == DEFAULT_LANG:
            continue
        po_path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            found.append(f"{code}: no catalogue at {po_path.relative_to(ROOT)}")
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        found.extend(_catalogue_problems(code, catalog, _ids(fresh)))
    return found


def _catalogue_problems(code: str, catalog: Catalog, expected: set[str]) -> list[str]:
    found: list[str] = []
    missing = expected - _ids(catalog)
    if missing:
        found.append(
            f"{code}: {len(missing)} strings not in the catalogue, e.g. {sorted(missing)[:3]}"
        )
    for message in catalog:
        if not message.id:
            continue
        ident = message.id if isinstance(message.id, str) else message.id[0]
        if ident not in expected:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{code}: fuzzy: {ident!r}")
        if not all(strings):
            found.append(f"{code}: untranslated: {ident!r}")
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        wanted = set(PLACEHOLDER.findall(str(ids[-1])))
        for text in strings:
            if set(PLACEHOLDER.findall(str(text))) != wanted:
                found.append(f"{code}: placeholders differ in {ident!r}")
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    if not found:
        print(f"catalogues ok: {', '.join(languages())}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
