"""Command line: ``python -m bot evaluate|ask|bench|compare``.

python -m bot evaluate FILE.tsv [--lang en] [--engine embedded|rasa] [--rasa-url URL]
python -m bot ask "can I bring my mum?" [--lang en] [--area waltham-forest]
python -m bot bench [--rounds 20]
python -m bot compare FILE.tsv [...]   # every model variant in bot/classifier.py
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.knowledge import DEFAULT_AREA, DEFAULT_LANG

DEFAULT_RASA_URL = "http://127.0.0.1:5005"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="The guide's assistant.")
    commands = parser.add_subparsers(dest="command", required=True)

    evaluate = commands.add_parser("evaluate", help="measure on a TSV of questions")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--lang", default=DEFAULT_LANG)
    evaluate.add_argument("--area", default=DEFAULT_AREA)
    evaluate.add_argument("--engine", choices=("embedded", "rasa"), default="embedded")
    evaluate.add_argument("--rasa-url", default=os.environ.get("RASA_URL", DEFAULT_RASA_URL))
    evaluate.add_argument(
        "--rasa-threshold",
        type=float,
        default=0.0,
        help="extra confidence threshold on top of Rasa's own nlu_fallback",
    )

    ask = commands.add_parser("ask", help="ask one question")
    ask.add_argument("message")
    ask.add_argument("--lang", default=DEFAULT_LANG)
    ask.add_argument("--area", default=DEFAULT_AREA)

    bench = commands.add_parser("bench", help="load time and latency, as JSON")
    bench.add_argument("--rounds", type=int, default=20)

    compare = commands.add_parser("compare", help="measure every model variant")
    compare.add_argument("files", type=Path, nargs="+")
    compare.add_argument("--lang", default=DEFAULT_LANG)
    compare.add_argument(
        "--no-cv", action="store_true", help="skip cross-validation (slow variants)"
    )
    return parser


def _evaluate(args: argparse.Namespace) -> int:
    from bot import evaluate

    try:
        rows = evaluate.read_rows(args.file)
        if args.engine == "rasa":
            predict = evaluate.rasa_predictor(args.rasa_url, args.lang, args.rasa_threshold)
        else:
            predict = evaluate.embedded_predictor(args.lang, args.area)
        evaluate.report(evaluate.run(rows, predict))
    except evaluate.EvaluationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _ask(args: argparse.Namespace) -> int:
    from bot.engine import Assistant

    reply = Assistant.load([args.lang]).reply(args.message, lang=args.lang, area=args.area)
    flags = [f"intent={reply.intent}", f"confidence={reply.confidence:.3f}"]
    flags += [name for name in ("fallback", "emergency", "needs_area") if getattr(reply, name)]
    print(" ".join(flags))
    print()
    print(reply.answer_text)
    if reply.sources:
        print()
        for source in reply.sources:
            print(f"- {source.title}: {source.url}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from bot.compare import compare

    return compare(args.files, args.lang, cv=not args.no_cv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "ask":
        return _ask(args)
    if args.command == "bench":
        from bot.bench import main as bench

        return bench(args.rounds)
    return _compare(args)


if __name__ == "__main__":
    sys.exit(main())
