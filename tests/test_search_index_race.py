"""Server workers that start together build the search index once, without racing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from bot.knowledge import languages
from portal.search import ensure_indexes


def _build(root: str) -> None:
    ensure_indexes(Path(root))


def test_workers_starting_together_share_one_build(tmp_path: Path) -> None:
    root = tmp_path / "search"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_build, args=(str(root),)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    for lang in languages():
        assert (root / lang / "FINGERPRINT").exists()
