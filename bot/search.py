"""A small search over the guide's sections, for the fallback's "closest pages" when the
portal does not inject its own (the CLI, tests, the Rasa action server).

Each section is described by its heading and text (when the page exists), plus the
authored answers and training examples of the intents that cite it, so a parent's
wording finds the right section even before every page is written. TF-IDF over word
and character n-grams, cosine similarity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]  # no stubs installed
from sklearn.feature_extraction.text import TfidfVectorizer

from bot import guide
from bot.answers import EMERGENCY, OUT_OF_SCOPE, SMALL_TALK, AnswerBook, Source
from bot.text import fold

MIN_SCORE = 0.05
EXCLUDED_INTENTS = frozenset({OUT_OF_SCOPE, EMERGENCY, *SMALL_TALK})


@dataclass(frozen=True)
class _Doc:
    page: str
    anchor: str


class SectionSearch:
    """Ranks guide sections for a query. Built once per language."""

    def __init__(self, book: AnswerBook, examples: Mapping[str, Sequence[str]]) -> None:
        self.book = book
        texts: dict[tuple[str, str], list[str]] = defaultdict(list)
        for found in guide.pages(book.lang, book.content_dir).values():
            for section in found.sections:
                texts[(found.slug, section.anchor)].extend(
                    [section.heading, section.heading, section.text]
                )
        for intent, answer in book.answers.items():
            if intent in EXCLUDED_INTENTS:
                continue
            where = book.section(intent)
            texts[where].append(answer.text)
            texts[where].extend(examples.get(intent, ()))
        self.docs = [_Doc(page, anchor) for page, anchor in texts]
        corpus = [fold(" ".join(parts)) for parts in texts.values()]
        self.vectorizers = (
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        )
        self.matrix = sp.hstack([v.fit_transform(corpus) for v in self.vectorizers], format="csr")

    def __call__(self, query: str, area: str, limit: int = 3) -> list[Source]:
        if not self.docs or not fold(query):
            return []
        vector = sp.hstack([v.transform([fold(query)]) for v in self.vectorizers], format="csr")
        scores = np.asarray((self.matrix @ vector.T).todense()).ravel()
        order = np.argsort(-scores, kind="stable")
        found: list[Source] = []
        for index in order[:limit]:
            if scores[index] < MIN_SCORE:
                break
            doc = self.docs[int(index)]
            found.append(
                Source(
                    title=guide.title(self.book.lang, doc.page, doc.anchor, self.book.content_dir),
                    url=guide.url(self.book.lang, area, doc.page, doc.anchor),
                )
            )
        return found
