"""The bot under load and through faults: many users at once, a failing Bot API, a killed process.
Every question is answered once, in the right chat; nothing is lost or duplicated."""

from __future__ import annotations

import logging
import time
from collections import Counter
from pathlib import Path

import pytest
from telegram import Update

from bot.journal import Journal, update_key
from retrieval.answer.evaluation import load_cases

from .botapi import BotAPIEmulator, BotProcess, free_port, webhook_config
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


@pytest.fixture(scope="module")
def shared_bot(tmp_path_factory):
    """One bot for the tests that leave it running as they found it (each in chats of its own)."""
    home = tmp_path_factory.mktemp("faults")
    with BotAPIEmulator(TOKEN) as api:
        bot = BotProcess(api, home, config(home))
        try:
            warm = ask_all(api, range(6000, 6001))
            wait_answered(api, warm, timeout=60)
            yield bot
        finally:
            assert bot.stop() == 0
        log = bot.read_log()
        assert "Traceback" not in log and TOKEN.split(":")[1] not in log


@pytest.fixture
def bot(shared_bot):
    yield shared_bot
    assert shared_bot.process.poll() is None  # it kept running


def test_users_asking_at_once_each_get_their_own_answers(bot):
    """A smaller run of benchmarks/telegram_load.py: every answer once, in its own chat."""
    asked = ask_all(bot.api, range(7000, 7010), rounds=3)  # all 30 at once
    wait_answered(bot.api, asked, timeout=120)
    check_answers(bot.api, asked)


@pytest.mark.parametrize("fault", ["500", "429", "drop", "timeout"])
def test_bot_api_outage(bot, fault):
    """Questions asked while the Bot API fails are answered, once, when it is back."""
    users = {"500": 8000, "429": 8100, "drop": 8200, "timeout": 8300}[fault]
    api = bot.api
    before = ask_all(api, range(users, users + 3))
    wait_answered(api, before, timeout=60)
    api.outage(fault, seconds=3)  # every method: polling and replies alike
    during = ask_all(api, range(users + 50, users + 60))
    wait_answered(api, during, timeout=120)
    check_answers(api, before + during)


def test_replies_failing_alone(bot):
    """Polling works but sending fails for a while: the answers are sent when it recovers."""
    api, logged = bot.api, len(bot.read_log())
    api.outage("500", seconds=600, methods={"sendMessage"})
    asked = ask_all(api, range(8500, 8510))
    deadline = time.monotonic() + 60
    while "sending again" not in bot.read_log()[logged:]:  # the bot retries its replies
        assert time.monotonic() < deadline, "the bot did not retry a failed reply"
        time.sleep(0.1)
    api.recover()
    wait_answered(api, asked, timeout=120)
    check_answers(api, asked)


def test_killed_bot_answers_what_is_pending_once(tmp_path):
    with BotAPIEmulator(TOKEN) as api:
        first = BotProcess(api, tmp_path, config(tmp_path))
        early = ask_all(api, range(9000, 9010))
        api.wait(lambda: len(api.sent) >= 3, timeout=60)
        api.hold("sendMessage", "sendChatAction")  # replies in transit when the bot dies
        late = ask_all(api, range(9100, 9110))
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
            time.sleep(0.5)  # room for a duplicate to show up, if there were one
            check_answers(api, early + late)
        finally:
            assert second.stop() == 0
        assert answered_before_restart < len(early) + len(late)  # the kill did leave work pending


def test_a_reply_whose_acceptance_arrived_before_a_kill_is_not_sent_again(tmp_path):
    """The bot is killed when Telegram's acceptance of a reply has reached it but not the rest of
    the response: the question is done, the next start does not answer it again."""
    case = CASES[0]
    with BotAPIEmulator(TOKEN) as api:
        first = BotProcess(api, tmp_path, config(tmp_path))
        api.hold_bodies("sendMessage")
        api.say(9400, case.question)
        api.wait(lambda: api.replies(9400), timeout=60)
        time.sleep(0.5)  # the acceptance is read
        first.kill()
        api.release()
        second = BotProcess(api, tmp_path, config(tmp_path))
        try:
            later = ask_all(api, range(9401, 9402))  # asked after what the restart found pending
            wait_answered(api, later, timeout=60)
            time.sleep(0.5)  # room for a duplicate to show up, if there were one
            check_answers(api, [(9400, case.answer), *later])
        finally:
            assert second.stop() == 0


def test_shutdown_during_an_outage_is_quick_and_keeps_what_is_unanswered(tmp_path):
    with BotAPIEmulator(TOKEN) as api:
        first = BotProcess(api, tmp_path, config(tmp_path))
        api.outage("500", seconds=600, methods={"sendMessage"})
        asked = ask_all(api, range(8600, 8605))
        last = max(api.update_of.values())
        api.wait(lambda: api.offset > last, timeout=30)  # Telegram was told they arrived
        time.sleep(1.0)  # the bot is retrying the replies
        assert first.stop(timeout=20) == 0  # a service manager would not wait for 300 s
        api.recover()
        second = BotProcess(api, tmp_path, config(tmp_path))
        try:
            wait_answered(api, asked, timeout=60)
            time.sleep(0.5)  # room for a duplicate to show up, if there were one
            check_answers(api, asked)
        finally:
            assert second.stop() == 0


def test_killed_webhook_bot_answers_what_it_acknowledged(tmp_path):
    port = free_port()
    webhook = f"telegram:\n  state_dir: {tmp_path / 'state'}\n" + webhook_config(port)
    with BotAPIEmulator(TOKEN) as api:
        first = BotProcess(api, tmp_path, webhook, webhook_port=port)
        api.hold("sendMessage", "sendChatAction")  # replies in transit when the bot dies
        asked = []
        for user in range(9200, 9205):
            case = CASES[user % len(CASES)]
            assert first.post(api.update("message", api.message(user, case.question))) == 200
            asked.append((user, case.answer))
        first.kill()
        api.release()
        second = BotProcess(api, tmp_path, webhook, webhook_port=port)
        try:
            wait_answered(api, asked, timeout=60)
            time.sleep(0.5)
            check_answers(api, asked)
        finally:
            assert second.stop() == 0


def test_update_ids_starting_again_are_new_updates(tmp_path):
    """A fresh local Bot API server on the same address starts update ids again: the journal
    must not take its updates for ones handled before."""
    with BotAPIEmulator(TOKEN, first_update_id=1) as api:
        port = int(api.base_url.split(":")[2].split("/")[0])
        bot = BotProcess(api, tmp_path, config(tmp_path))
        try:
            before = ask_all(api, range(9300, 9303))
            wait_answered(api, before, timeout=60)
        finally:
            assert bot.stop() == 0
    with BotAPIEmulator(TOKEN, first_update_id=1, port=port) as api:
        bot = BotProcess(api, tmp_path, config(tmp_path))
        try:
            after = ask_all(api, range(9310, 9313))
            wait_answered(api, after, timeout=60)
            check_answers(api, after)
        finally:
            assert bot.stop() == 0


def _update(update_id: int, chat: int, message_id: int) -> Update:
    message = {
        "message_id": message_id,
        "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private"},
        "text": "阳泉有多少禁毒社工",
    }
    return Update.de_json({"update_id": update_id, "message": message}, None)


def test_journal_keeps_what_is_pending_and_logs_every_skip(tmp_path, caplog):
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    answered, unanswered = _update(5, 1, 10), _update(6, 1, 11)
    for update in (answered, unanswered):
        journal.received(update)
        assert journal.claim(update_key(update))
    journal.finished(update_key(answered))
    journal.close()

    again = Journal(path)  # the next start, after a crash
    assert list(again.pending) == [update_key(unanswered)]
    with caplog.at_level(logging.WARNING, logger="bot.journal"):
        assert not again.claim(update_key(answered))  # Telegram delivered it again
    assert f"update {update_key(answered)} skipped: handled already" in caplog.text
    assert again.claim(update_key(_update(5, 2, 10)))  # the same id, another update
