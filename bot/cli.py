"""`qabot`: ask, eval, repl and telegram, a thin layer over the answer core.

Global options (--corpus, --config, --verbose) are accepted before or after the subcommand.
Exit codes: 0 done, 1 an unexpected failure, 2 bad usage, configuration or corpus.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from retrieval.config import ConfigError, Settings, load_settings
from retrieval.ingest.corpus import CorpusError

from . import streams


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--corpus",
        type=Path,
        default=default,
        metavar="DIR",
        help="folder of articles (.txt/.md/.html, subfolders too); default: the bundled seeds",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        metavar="FILE",
        help="YAML file overriding config/default.yaml",
    )
    parser.add_argument(
        "--verbose",
        "-v",
        action="count",
        default=argparse.SUPPRESS if suppress else 0,
        help="log what happens and show scores; twice (-vv) for debug logs of every library",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qabot", description="Answers Chinese questions with a sentence from the articles, cited."
    )
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        _global_options(p, suppress=True)
        return p

    ask = command("ask", "answer one question and exit")
    ask.add_argument("question", nargs="+", help="the question; '-' reads it from standard input")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument(
        "-n", "--answers", type=int, default=None, metavar="N", help="how many answers (default from config)"
    )

    ev = command("eval", "score the answers on a YAML list of {question or conversation, answer, doc}")
    ev.add_argument("file", type=Path)
    ev.add_argument("--json", action="store_true", help="print one JSON object with the per-question results")

    index = command("index", "build or update the index of the corpus (done by every command when needed)")
    index.add_argument("--rebuild", action="store_true", help="tokenize every file again, ignoring the cache")

    src = command("sources", "list the articles: doc, title, date, source, URL and sentence count")
    src.add_argument("--json", action="store_true", help="print a JSON list of objects with those keys")

    command("repl", "interactive console")
    command("telegram", "run the Telegram bot (token from TELEGRAM_BOT_TOKEN)")
    return parser


def _setup_logging(verbosity: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter(
            "qabot: %(levelname)s: %(name)s: %(message)s"
            if verbosity
            else "qabot: %(levelname)s: %(message)s"
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING)
    ours = logging.INFO if verbosity == 1 else logging.DEBUG if verbosity >= 2 else logging.WARNING
    for name in ("qabot", "retrieval", "bot", "telegram"):
        logging.getLogger(name).setLevel(ours)
    # httpx logs every request URL at INFO, and a Bot API URL holds the token: keep it quiet
    # unless asked for everything (-vv), where the redaction filter still masks the token.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING)


def _load_qa(settings: Settings):
    from retrieval.answer.qa import QA

    return QA.from_settings(settings)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .render import Styler, result_text, write

    text = streams.decoded(" ".join(args.question), sys.getfilesystemencoding())
    if text == "-":
        text = streams.decoded(sys.stdin.read(), sys.stdin.encoding)
    if args.answers is not None and args.answers < 1:
        print("qabot: error: --answers must be at least 1", file=sys.stderr)
        return 2
    result = _load_qa(settings).ask(text, count=args.answers)
    if args.json:
        write(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        write(result_text(result, Styler.for_stream(sys.stdout), args.verbose))
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from retrieval.answer.evaluation import EvalFileError, evaluate, load_cases

    from .render import Styler, report_text, write

    try:
        cases = load_cases(args.file)
    except EvalFileError as e:
        print(f"qabot: error: {e}", file=sys.stderr)
        return 2
    report = evaluate(_load_qa(settings), cases)
    if args.json:
        write(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        write(report_text(report, Styler.for_stream(sys.stdout)))
    return 0


def _index(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from retrieval.answer.qa import QA
    from retrieval.index.store import Store

    started = time.perf_counter()
    qa = QA.from_settings(settings, rebuild=args.rebuild, progress=True)
    index = qa.index
    print(
        f"{len(index.articles)} articles, {index.size} sentences, {len(index.vocab)} terms, "
        f"engine {index.engine}, {time.perf_counter() - started:.1f} s; kept in {Store(settings, qa.tokenizer).folder}"
    )
    return 0


def _sources(args: argparse.Namespace, settings: Settings) -> int:
    from .render import Styler, sources_text, write

    sources = _load_qa(settings).sources()
    if args.json:
        write(json.dumps([s.to_json() for s in sources], ensure_ascii=False))
    else:
        write(sources_text(sources, Styler.for_stream(sys.stdout)))
    return 0


def _repl(args: argparse.Namespace, settings: Settings) -> int:
    from .repl import run

    return run(_load_qa(settings), verbose=args.verbose)


def _telegram(args: argparse.Namespace, settings: Settings) -> int:
    from .telegram_bot import run

    return run(settings, _load_qa)


COMMANDS = {
    "ask": _ask,
    "eval": _eval,
    "index": _index,
    "sources": _sources,
    "repl": _repl,
    "telegram": _telegram,
}


def main(argv: list[str] | None = None) -> int:
    if not streams.prepare():
        print("qabot: error: standard output is closed", file=sys.stderr)
        return 1
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        settings = load_settings(args.config, args.corpus)
        code = COMMANDS[args.command](args, settings)
        sys.stdout.flush()
        return code
    except (ConfigError, CorpusError) as e:
        print(f"qabot: error: {e}", file=sys.stderr)
        return 2
    except streams.UndecodableText:
        print("qabot: error: the question is not readable text (neither UTF-8 nor GBK)", file=sys.stderr)
        return 2
    except streams.OutputError as e:
        print(f"qabot: error: cannot write to standard output: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `qabot ask … | head`: the reader left, nothing more to say
        return 0
    finally:
        streams.finish()


if __name__ == "__main__":
    sys.exit(main())
