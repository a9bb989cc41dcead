"""Does anything hold up every chat? The first follow-up after a start, and a /reload.

Starts the Bot API emulator of the tests on loopback and the real `qabot telegram` against it, on
a copy of the seeds, and prints reply times (from a user's message to the bot's reply):

- start: as soon as the bot polls, a user asks a question, then a follow-up (那辽宁呢？), and just
  after it another user a question of their own; then the same again, the bot warm;
- /reload: with 60 articles added to the corpus, an admin sends /reload, and while it runs another
  user asks questions one after another; beside the same questions asked with no reload.

Not a test.

    .venv/bin/python benchmarks/telegram_stalls.py
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.botapi import BotAPIEmulator, BotProcess  # noqa: E402

TOKEN = "444555666:AAHstallsBenchmarkTokenNotARealOne_0123"
ADMIN = 1
QUESTION, FOLLOW_UP = "阳泉有多少禁毒社工", "那辽宁呢？"


def timed(api: BotAPIEmulator, chat: int, text: str) -> float:
    """Seconds from `text` sent in `chat` to the bot's reply."""
    before, sent = len(api.replies(chat)), time.perf_counter()
    api.say(chat, text)
    api.next_reply(chat, before, timeout=120)
    return time.perf_counter() - sent


def follow_up_beside(api: BotAPIEmulator, chat: int, other: int) -> tuple[float, float, float]:
    """A question, then its follow-up, and just after it another chat's question."""
    first = timed(api, chat, QUESTION)
    before, before_other, sent = len(api.replies(chat)), len(api.replies(other)), time.perf_counter()
    api.say(chat, FOLLOW_UP)
    api.say(other, QUESTION)
    api.next_reply(chat, before, timeout=120)
    follow_up = time.perf_counter() - sent
    api.next_reply(other, before_other, timeout=120)
    return first, follow_up, time.perf_counter() - sent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder, BotAPIEmulator(TOKEN) as api:
        home, corpus = Path(folder), Path(folder) / "corpus"
        shutil.copytree(ROOT / "seeds", corpus)
        config = (
            f"telegram:\n  admin_chats: [{ADMIN}]\n  state_dir: {home / 'state'}\n"
            "  max_messages_per_second: 2000\n"
        )
        started = time.perf_counter()
        bot = BotProcess(api, home, config, "--corpus", str(corpus))
        ready = time.perf_counter() - started
        try:
            cold = follow_up_beside(api, 10, 11)
            time.sleep(5)
            warm = follow_up_beside(api, 20, 21)
            alone = [timed(api, 30, QUESTION) for _ in range(10)]
            seed = (ROOT / "seeds" / "000_48dfc098a269dc39.txt").read_text(encoding="utf-8")
            for i in range(60):  # new articles: the reload has them to read and index
                text = re.sub(r"\d", str(i % 10), seed)
                (corpus / f"new_{i:03}.txt").write_text(f"新文章{i}\n\n{text}", encoding="utf-8")
            reloading = time.perf_counter()
            api.say(ADMIN, "/reload")
            api.next_reply(ADMIN, 0)
            during = []
            while len(api.replies(ADMIN)) < 2:
                during.append(timed(api, 40, QUESTION))
            reload_time = time.perf_counter() - reloading
        finally:
            bot.stop()
    ms = lambda s: f"{1000 * s:.0f} ms"  # noqa: E731
    print(f"bot ready (polling) {ready:.2f} s after its start")
    for name, (first, follow_up, other) in (("just started", cold), ("warm", warm)):
        print(
            f"{name}: first question {ms(first)}, its follow-up {ms(follow_up)}, "
            f"another chat's question asked just after it {ms(other)}"
        )
    print(
        f"a question alone: p50 {ms(statistics.median(alone))}, max {ms(max(alone))}; "
        f"during a /reload ({reload_time:.1f} s, {len(during)} questions): "
        f"p50 {ms(statistics.median(during))}, max {ms(max(during))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
