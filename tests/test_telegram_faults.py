"""The bot under load and through faults: many users at once, a failing Bot API, a killed process.
Every question is answered once, in the right chat; nothing is lost or duplicated."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from pathlib import Path

import pytest

from retrieval.answer.evaluation import load_cases

from .botapi import BotAPIEmulator, BotProcess
from .conftest import ROOT

TOKEN = "222333444:AAHloadAndFaultsTokenForTests_0123456789"
CASES = [c for c in load_cases(ROOT / "tests" / "qa" / "seeds.yaml") if c.answer][:20]


def config(home: Path) -> str:
    # The emulator has no flood limits; the bot's own limiter is raised to match.
    return f"telegram:\n  state_dir: {home / 'state'}\n  max_messages_per_second: 2000\n"


Asked = list[tuple[int, str]]  # (chat, the text its answer must hold), one per question


def replies_in(api: BotAPIEmulator, chats: set[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {c: [] for c in chats}
    for m in api.sent:
        if m["chat"]["id"] in out:
            out[m["chat"]["id"]].append(m)
    return out


def wait_answered(api: BotAPIEmulator, asked: Asked, timeout: float) -> None:
    wanted = Counter(chat for chat, _ in asked)
    api.wait(
        lambda: all(len(r) >= wanted[c] for c, r in replies_in(api, set(wanted)).items()), timeout=timeout
    )


def check_answers(api: BotAPIEmulator, asked: Asked) -> None:
    """Each question answered exactly once, in its own chat, with its own answer."""
    wanted: dict[int, list[str]] = {}
    for chat, answer in asked:
        wanted.setdefault(chat, []).append(answer)
    for chat, replies in replies_in(api, set(wanted)).items():
        assert len(replies) == len(wanted[chat]), (
            f"chat {chat}: {len(replies)} replies to {len(wanted[chat])} questions"
        )
        for answer, count in Counter(wanted[chat]).items():
            assert sum(answer in r["text"] for r in replies) >= count, (
                f"chat {chat}: no reply holds {answer!r}"
            )


def ask_all(api: BotAPIEmulator, users: range, rounds: int = 1) -> Asked:
    asked = []
    for r in range(rounds):
        for user in users:
            case = CASES[(user + r) % len(CASES)]
            api.say(user, case.question)
            asked.append((user, case.answer))
    return asked


def test_fifty_users_twenty_questions_each(tmp_path, capsys):
    with BotAPIEmulator(TOKEN) as api:
        bot = BotProcess(api, tmp_path, config(tmp_path))
        try:
            users = range(7000, 7050)
            started = time.monotonic()
            asked = ask_all(api, users, rounds=20)  # all 1000 at once
            seen: dict[int, float] = {}  # reply message id → when it arrived

            def all_answered() -> bool:
                for m in api.sent:
                    seen.setdefault(m["message_id"], time.monotonic())
                return all(len(r) >= 20 for r in replies_in(api, set(users)).values())

            api.wait(all_answered, timeout=240)
            check_answers(api, asked)
        finally:
            assert bot.stop() == 0
    waits = sorted(1000 * (t - started) for t in seen.values())
    with capsys.disabled():
        print(
            f"\n  load: 50 users × 20 questions = {len(asked)} answered once each, all asked at once; "
            f"time to reply p50 {statistics.median(waits):.0f} ms, p95 {waits[int(0.95 * len(waits))]:.0f} ms, "
            f"last {waits[-1]:.0f} ms"
        )


@pytest.mark.parametrize("fault", ["500", "429", "drop", "timeout"])
def test_bot_api_outage(tmp_path, fault):
    """Questions asked while the Bot API fails are answered, once, when it is back."""
    with BotAPIEmulator(TOKEN) as api:
        bot = BotProcess(api, tmp_path, config(tmp_path))
        try:
            before = ask_all(api, range(8000, 8005))
            wait_answered(api, before, timeout=60)
            api.outage(fault, seconds=4)  # every method: polling and replies alike
            during = ask_all(api, range(8100, 8110))
            wait_answered(api, during, timeout=120)
            check_answers(api, before + during)
            assert bot.process.poll() is None  # it kept running
        finally:
            assert bot.stop() == 0
        log = bot.read_log()
        assert "Traceback" not in log and TOKEN.split(":")[1] not in log


def test_replies_failing_alone(tmp_path):
    """Polling works but sending fails for a while: the answers are sent when it recovers."""
    with BotAPIEmulator(TOKEN) as api:
        bot = BotProcess(api, tmp_path, config(tmp_path))
        try:
            api.outage("500", seconds=3, methods={"sendMessage"})
            asked = ask_all(api, range(8200, 8210))
            wait_answered(api, asked, timeout=120)
            check_answers(api, asked)
        finally:
            assert bot.stop() == 0
        assert "sending again" in bot.read_log()


def test_killed_bot_answers_what_is_pending_once(tmp_path):
    with BotAPIEmulator(TOKEN) as api:
        first = BotProcess(api, tmp_path, config(tmp_path))
        early = ask_all(api, range(9000, 9020))
        api.wait(lambda: len(api.sent) >= 5, timeout=60)
        api.hold("sendMessage", "sendChatAction")  # replies in transit when the bot dies
        late = ask_all(api, range(9100, 9120))
        last = max(api.update_of.values())
        # Telegram has been told they arrived: from here on only the journal knows them.
        api.wait(lambda: api.offset > last, timeout=30)
        time.sleep(0.5)
        first.kill()
        api.release()
        answered_before_restart = len(api.sent)
        second = BotProcess(api, tmp_path, config(tmp_path))
        try:
            wait_answered(api, early + late, timeout=120)
            time.sleep(1.0)  # room for a duplicate to show up, if there were one
            check_answers(api, early + late)
        finally:
            assert second.stop() == 0
        assert answered_before_restart < len(early) + len(late)  # the kill did leave work pending
