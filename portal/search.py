"""Full-text search over the guide's sections with Whoosh, one index per language.

Flask-free, so the assistant's fallback and the CLI can use it too. Queries
are never parsed as Whoosh syntax: the words are analysed and OR-ed, so odd
input ("AND (", quotes, emoji) cannot raise.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from whoosh import index, query
from whoosh.analysis import Analyzer, LanguageAnalyzer, RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.filters import LowercaseFilter
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.searching import Searcher

from bot.knowledge import AREA_TOKEN, CONTENT_DIR, DEFAULT_AREA, fact, languages
from portal.content import pages

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# Whoosh ships Snowball stemmers for these; other scripts get a plain
# Unicode word tokenizer, which still matches whole words.
STEMMED = {"en": "en", "pt": "pt", "ro": "ro", "ar": "ar"}


def analyzer_for(lang: str) -> Analyzer:
    if lang == "en":
        return StemmingAnalyzer()
    if lang in STEMMED:
        # Whoosh lacks a stemmer for some languages; plain tokens still work.
        with contextlib.suppress(Exception):
            return LanguageAnalyzer(STEMMED[lang])
    return RegexTokenizer(r"\w+(?:[-'’]\w+)*") | LowercaseFilter()


def schema_for(lang: str) -> Schema:
    text = TEXT(analyzer=analyzer_for(lang), stored=False)
    return Schema(
        id=ID(unique=True, stored=True),
        slug=ID(stored=True),
        anchor=STORED,
        page_title=TEXT(analyzer=analyzer_for(lang), stored=True, field_boost=1.5),
        heading=TEXT(analyzer=analyzer_for(lang), stored=True, field_boost=2.0),
        content=text,
        snippet=STORED,
    )


@dataclass(frozen=True)
class Hit:
    slug: str
    anchor: str
    page_title: str
    heading: str
    snippet: str


def _plain(markdown_text: str, lang: str) -> str:
    text = AREA_TOKEN.sub(lambda m: _fact_text(m.group(1), lang), markdown_text)
    text = text.replace("[[contacts]]", "")
    text = re.sub(r"\{#[a-z0-9-]+\}", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"[#*_>`|]", "", text).strip()


def _fact_text(key: str, lang: str) -> str:
    found = fact(key, DEFAULT_AREA, lang)
    return found.text if found else ""


def content_fingerprint(lang: str) -> str:
    """Changes whenever a page, fact file or this module changes."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for folder in (CONTENT_DIR / lang, CONTENT_DIR / "en"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def build_index(root: Path, lang: str) -> None:
    target = root / lang
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    ix = index.create_in(str(target), schema_for(lang))
    writer = ix.writer()
    for page in pages(lang).values():
        for section, source in page.section_texts():
            heading = section.heading if section else page.title
            anchor = section.anchor if section else ""
            body = _plain(source, lang)
            if section:
                body = body.split("\n", 1)[1] if "\n" in body else ""
            if not body.strip():
                continue
            snippet = re.sub(r"\s+", " ", body).strip()
            writer.add_document(
                id=f"{page.slug}#{anchor}",
                slug=page.slug,
                anchor=anchor,
                page_title=page.title,
                heading=heading,
                content=body,
                snippet=snippet[:220] + ("…" if len(snippet) > 220 else ""),
            )
    writer.commit()
    (target / "FINGERPRINT").write_text(content_fingerprint(lang))


def ensure_indexes(root: Path) -> None:
    """Build any index whose content changed. Several server workers start at once:
    an exclusive lock makes one build while the others wait, then find it current."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for lang in languages():
                stamp = root / lang / "FINGERPRINT"
                if not stamp.exists() or stamp.read_text() != content_fingerprint(lang):
                    build_index(root, lang)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@cache
def _searcher(root: str, lang: str) -> Searcher:
    return index.open_dir(str(Path(root) / lang)).searcher()


def clean_query(text: str) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_CHARS]


def search(root: Path, lang: str, text: str, limit: int = 10) -> list[Hit]:
    words = clean_query(text)
    if not words:
        return []
    analyzer = analyzer_for(lang)
    terms = list(dict.fromkeys(t.text for t in analyzer(words)))[:MAX_TERMS]
    if not terms:
        return []
    clauses: list[query.Query] = []
    for term in terms:
        for fieldname in ("heading", "content", "page_title"):
            clauses.append(query.Term(fieldname, term))
            if len(term) >= 5:
                clauses.append(
                    query.FuzzyTerm(fieldname, term, maxdist=1, prefixlength=2, boost=0.5)
                )
    results = _searcher(str(root), lang).search(query.Or(clauses), limit=limit)
    return [
        Hit(r["slug"], r["anchor"], r["page_title"], r["heading"], r["snippet"]) for r in results
    ]
