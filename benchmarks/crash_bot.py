"""The bot killed with questions in flight: is every question answered once, none twice, none lost?

For polling and for webhook mode: 20 questions (each from a chat of its own) are sent, the bot is
killed with `kill -9` while answering them (at a random moment, or with `--kill reply` just as
a reply is accepted, the worst case), and started again on the same state folder; 10 times, then a last start answers what is left. The Bot API emulator of the
tests plays Telegram: in polling mode it redelivers what the bot did not confirm; in webhook mode
this script posts each update until the bot acknowledges it (HTTP 200), as Telegram does.
Prints, per mode, the questions answered once, twice (or more), and never. Not a test.

    .venv/bin/python benchmarks/crash_bot.py [--kills 10] [--questions 20] [--mode polling|webhook]
"""

from __future__ import annotations

import argparse
import http.client
import random
import sys
import tempfile
import threading
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.answer.evaluation import load_cases  # noqa: E402
from tests.botapi import BotAPIEmulator, BotProcess, free_port, webhook_config  # noqa: E402

TOKEN = "333444555:AAHcrashBenchmarkTokenNotARealOne_012345"
QUESTIONS = [c.question for c in load_cases(ROOT / "tests" / "qa" / "seeds.yaml") if c.answer]


class Telegram:
    """Webhook delivery as Telegram does it: each update posted until the bot answers 200."""

    def __init__(self) -> None:
        self.bot: BotProcess | None = None
        self.queue: list[dict] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def send(self, update: dict) -> None:
        with self._lock:
            self.queue.append(update)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                update = self.queue[0] if self.queue else None
            bot = self.bot
            if update is None or bot is None:
                time.sleep(0.02)
                continue
            try:
                ok = bot.post(update) == 200
            except (OSError, http.client.HTTPException):  # the bot was killed meanwhile
                ok = False
            if ok:
                with self._lock:
                    self.queue.pop(0)
            else:
                time.sleep(0.1)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def run(mode: str, kill: str, kills: int, questions: int, seed: int) -> tuple[int, int, int]:
    rng = random.Random(seed)
    asked: list[int] = []  # one chat per question
    with tempfile.TemporaryDirectory() as home, BotAPIEmulator(TOKEN) as api:
        port = free_port()
        config = f"telegram:\n  state_dir: {home}/state\n  max_messages_per_second: 2000\n"
        webhook = mode == "webhook"
        if webhook:
            config += webhook_config(port)
        telegram = Telegram() if webhook else None

        def start() -> BotProcess:
            bot = BotProcess(api, Path(home), config, webhook_port=port if webhook else None)
            if telegram:
                telegram.bot = bot
            return bot

        bot = start()
        for round in range(kills):
            sent_before = len(api.sent)
            for i in range(questions):
                chat = 100_000 + round * questions + i
                asked.append(chat)
                text = QUESTIONS[(round + i) % len(QUESTIONS)]
                if telegram:
                    telegram.send(api.update("message", api.message(chat, text)))
                else:
                    api.say(chat, text)
            if kill == "reply":  # the moment a reply is accepted: the worst case for duplicates
                kill_at = sent_before + rng.randint(1, questions - 1)
                with suppress(TimeoutError):
                    api.wait(lambda kill_at=kill_at: len(api.sent) >= kill_at, timeout=60)
            else:  # any moment while the round is being answered
                with suppress(TimeoutError):
                    api.wait(lambda sent_before=sent_before: len(api.sent) > sent_before, timeout=60)
                time.sleep(rng.uniform(0, 0.02 * questions))
            if telegram:
                telegram.bot = None
            bot.kill()
            bot = start()
        # The last start: wait until nothing new has come for a while.
        count = -1
        while count != len(api.sent):
            count = len(api.sent)
            time.sleep(5)
        bot.stop()
        if telegram:
            telegram.close()
        replies = [len(api.replies(chat)) for chat in asked]
    return (
        sum(n == 1 for n in replies),
        sum(n > 1 for n in replies),
        sum(n == 0 for n in replies),
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--questions", type=int, default=20, help="questions in flight at each kill")
    parser.add_argument("--mode", choices=("polling", "webhook"), action="append")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--kill",
        choices=("random", "reply"),
        default="random",
        help="kill at a random moment of a round, or just as a reply is accepted (the worst case)",
    )
    args = parser.parse_args()
    failed = False
    for mode in args.mode or ["polling", "webhook"]:
        started = time.monotonic()
        once, twice, lost = run(mode, args.kill, args.kills, args.questions, args.seed)
        total = args.kills * args.questions
        print(
            f"{mode}, kill at {args.kill}: {args.kills} kills, {total} questions: answered once {once}/{total}, "
            f"twice or more {twice}, lost {lost} ({time.monotonic() - started:.0f} s)",
            flush=True,
        )
        failed |= once != total
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
