"""Many users asking at once: 50 users × 20 questions (1000), all sent before the first answer.

Starts the Bot API emulator of the tests on loopback and the real `qabot telegram` against it
(its flood limiter raised, since the emulator has no flood limits), and prints how many
questions were answered once, in their own chat, with their own answer, and the time from the
questions being sent to each reply. Not a test (tests/test_telegram_faults.py keeps a smaller
run that checks the answers).

    .venv/bin/python benchmarks/telegram_load.py [--users 50] [--questions 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.answer.evaluation import load_cases  # noqa: E402
from tests.botapi import BotAPIEmulator, BotProcess  # noqa: E402

TOKEN = "222333444:AAHloadBenchmarkTokenNotARealOne_0123456"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20, help="questions per user")
    args = parser.parse_args()
    cases = [c for c in load_cases(ROOT / "tests" / "qa" / "seeds.yaml") if c.answer]
    users = range(7000, 7000 + args.users)
    with tempfile.TemporaryDirectory() as home, BotAPIEmulator(TOKEN) as api:
        config = f"telegram:\n  state_dir: {home}/state\n  max_messages_per_second: 2000\n"
        bot = BotProcess(api, Path(home), config)
        try:
            started = time.monotonic()
            wanted: dict[int, list[str]] = {u: [] for u in users}
            for r in range(args.questions):
                for user in users:
                    case = cases[(user + r) % len(cases)]
                    api.say(user, case.question)
                    wanted[user].append(case.answer or "")
            seen: dict[int, float] = {}  # reply message id → when it arrived

            def all_answered() -> bool:
                for m in api.sent:
                    seen.setdefault(m["message_id"], time.monotonic())
                return all(len(api.replies(u)) >= args.questions for u in users)

            api.wait(all_answered, timeout=600)
        finally:
            bot.stop()
    right = 0
    for user in users:
        replies = [r["text"] for r in api.replies(user)]
        counts = Counter(wanted[user])
        right += (
            sum(min(n, sum(answer in text for text in replies)) for answer, n in counts.items())
            if len(replies) == args.questions
            else 0
        )
    waits = sorted(1000 * (t - started) for t in seen.values())
    total = args.users * args.questions
    print(
        f"{args.users} users × {args.questions} questions = {total}, all asked at once: "
        f"{len(api.sent)} replies, {right} right and in their own chat; time to reply "
        f"p50 {statistics.median(waits):.0f} ms, p95 {statistics.quantiles(waits, n=20)[-1]:.0f} ms, "
        f"last {waits[-1]:.0f} ms"
    )
    return 0 if right == total and len(api.sent) == total else 1


if __name__ == "__main__":
    sys.exit(main())
