"""Round-trip time of a question through Telegram: a user's message in, the bot's reply out.

Starts the Bot API emulator of the tests on loopback and the real `qabot telegram` against it,
asks the seed regression questions one at a time, each from a fresh chat, and prints the time
from the update being available to the reply arriving (long-polling pickup, ranking,
rendering, the "typing…" action and the reply). Two passes: paced (a pause between questions,
so each is answered alone) and back to back, where the bot's flood limiter (30 Bot API
requests a second, Telegram's limit; two requests an answer) sets the pace. Not a test.

    .venv/bin/python benchmarks/telegram_roundtrip.py [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.answer.evaluation import load_cases  # noqa: E402
from tests.botapi import BotAPIEmulator  # noqa: E402

TOKEN = "123456789:AAHbenchmarkTokenNotARealOne_0123456789"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=1, help="times through the question set")
    args = parser.parse_args()
    questions = [c.question for c in load_cases(ROOT / "tests" / "qa" / "seeds.yaml")] * args.rounds
    qabot = Path(sys.executable).with_name("qabot")
    with BotAPIEmulator(TOKEN) as api, tempfile.TemporaryDirectory() as state:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": api.base_url,
            "XDG_STATE_HOME": state,
        }
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(qabot), "telegram"],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            api.wait(lambda: api.called("getUpdates"), timeout=60)
            ready = time.perf_counter() - started
            passes: dict[str, list[float]] = {}
            for name, pause in (("paced (0.2 s apart)", 0.2), ("back to back", 0.0)):
                times = []
                for i, question in enumerate(questions):
                    chat = 5000 + len(passes) * 100_000 + i  # a fresh chat each time: no follow-ups
                    time.sleep(pause)
                    sent = time.perf_counter()
                    api.say(chat, question)
                    api.next_reply(chat, 0)
                    times.append(1000 * (time.perf_counter() - sent))
                passes[name] = sorted(times)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    print(f"bot ready (index built, polling) after {ready:.2f} s")
    for name, times in passes.items():
        print(
            f"{len(times)} questions, {name}, through the emulator on loopback: p50 {statistics.median(times):.1f} ms"
            f"   p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms   max {times[-1]:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
