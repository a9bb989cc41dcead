"""The Telegram bot end to end: the real `qabot telegram` process against a Bot API server on
loopback, with the tests playing the users. The tests share one bot process (started once, for
speed) but none depends on another: each asks in chats of its own what it needs."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from dataclasses import replace

import pytest

from .botapi import BOT_USERNAME, BotAPIEmulator, BotProcess, free_port, webhook_config
from .conftest import SEEDS, run_qabot

TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdefXYZ"
ALICE, BOB, CAROL, DAVE, EVE, FRANK, STRANGER = 1001, 1002, 1003, 1004, 1005, 1006, 666
GROUP, GROUP2, STRANGE_GROUP = -2001, -2002, -2666


def allow_config(home) -> str:
    return (
        f"telegram:\n  allowed_chats: [{ALICE}, {BOB}, {CAROL}, {DAVE}, {EVE}, {FRANK}, {GROUP}, {GROUP2}]\n"
        f"  admin_chats: [{ALICE}]\n  state_dir: {home / 'state'}\n"
    )


@pytest.fixture(scope="module")
def running_bot(tmp_path_factory):
    home = tmp_path_factory.mktemp("telegram")
    with BotAPIEmulator(TOKEN) as api:
        running = BotProcess(api, home, allow_config(home))
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture
def bot(running_bot):
    """The shared bot; after each test, Telegram must have accepted every call it made."""
    yield running_bot
    assert running_bot.api.rejected == []


def test_start_greets_with_example_buttons(bot):
    reply = bot.ask(ALICE, "/start")
    buttons = [row[0] for row in reply["reply_markup"]["inline_keyboard"]]
    assert "阳泉有多少禁毒社工" in [b["text"] for b in buttons]
    assert bot.api.called("setMyCommands")
    before = len(bot.api.replies(ALICE))
    bot.api.press(reply, buttons[0]["callback_data"], ALICE)
    answer = bot.api.next_reply(ALICE, before)
    assert "201名" in answer["text"] and "阳泉日报" in answer["text"]


def test_private_question_gets_the_sentence_the_figure_in_bold_and_its_source(bot):
    reply = bot.ask(ALICE, "阳泉有多少禁毒社工")
    assert "<b>201名</b>" in reply["html"]
    assert "阳泉日报" in reply["text"]
    typing = [c for c in bot.api.called("sendChatAction") if int(c["chat_id"]) == ALICE]
    assert typing and typing[-1]["action"] == "typing"
    labels = [b["text"] for b in reply["reply_markup"]["inline_keyboard"][0]]
    assert labels == ["更多答案", "上下文"]


def test_follow_up_question(bot):
    bot.ask(DAVE, "阳泉有多少禁毒社工")
    reply = bot.ask(DAVE, "那辽宁呢?")
    assert "5000余名" in reply["text"] and "辽宁长安网" in reply["text"]
    assert "理解为：辽宁有多少禁毒社工" in reply["text"]
    assert '<a href="http://www.lnfz.cn/news/52672.html">' in reply["html"]


def test_buttons_give_more_answers_and_context(bot):
    answer = bot.ask(BOB, "阳泉有多少禁毒社工")
    before = len(bot.api.replies(BOB))
    more_button, context_button = answer["reply_markup"]["inline_keyboard"][0]
    query = bot.api.press(answer, more_button["callback_data"], BOB)
    more = bot.api.next_reply(BOB, before)
    assert more["text"].startswith("2. ") and "\n\n3. " in more["text"]
    assert query in bot.api.callback_answers
    bot.api.press(answer, context_button["callback_data"], BOB)
    context = bot.api.next_reply(BOB, before + 1)
    assert "» 全市配齐禁毒专职社工201名" in context["text"]
    assert "帮助3500余名吸毒人员" in context["text"]  # the sentence after it


def test_inline_mode_offers_the_top_answers(bot):
    query = bot.api.inline(ALICE, "阳泉有多少禁毒社工")
    answer = bot.api.wait(lambda: bot.api.inline_answers.get(query))
    first = answer["results"][0]
    assert (
        "201名" in first["input_message_content"]["text"]
        and "阳泉日报" in first["input_message_content"]["text"]
    )


def test_group_answers_only_when_addressed(bot):
    bot.api.say(GROUP, "大家好，今天开会", user_id=BOB, chat_type="group")
    reply = bot.ask(GROUP, f"@{BOT_USERNAME} 阳泉有多少禁毒社工", user_id=BOB, chat_type="group")
    assert "201名" in reply["text"]
    assert len(bot.api.replies(GROUP)) == 1  # nothing for the chatter before
    follow = bot.ask(GROUP, "辽宁有多少专职禁毒社工", user_id=CAROL, chat_type="group", reply_to=reply)
    assert "5000余名" in follow["text"]
    asked = bot.ask(
        GROUP, f"/ask@{BOT_USERNAME} 临夏州抓获了多少犯罪嫌疑人", user_id=CAROL, chat_type="group"
    )
    assert "147名" in asked["text"]


def test_no_answer_is_said_plainly(bot):
    reply = bot.ask(CAROL, "北京有多少禁毒社工")
    assert reply["text"].startswith("资料中没有关于「北京」禁毒社工的内容")
    assert "reply_markup" not in reply


def test_sources_and_help(bot):
    assert "2016年以来临夏州禁毒工作情况" in bot.ask(CAROL, "/sources")["text"]
    assert "/ask" in bot.ask(CAROL, "/help")["text"]
    assert "用法" in bot.ask(CAROL, "/ask")["text"]


def test_markup_in_a_question_is_escaped(bot):
    reply = bot.ask(CAROL, "<b>阳泉</b>有多少禁毒社工 & <script>alert(1)</script>")
    assert "201名" in reply["text"]


def test_huge_question_is_cut_with_a_note(bot):
    reply = bot.ask(CAROL, "阳泉有多少禁毒社工" + "啊" * 4000)
    assert "问题过长" in reply["text"] and "资料中没有" not in reply["text"]
    assert "<b>201名</b>" in reply["html"]


def test_stranger_gets_a_refusal_and_nothing_from_the_corpus(bot):
    reply = bot.ask(STRANGER, "阳泉有多少禁毒社工")
    assert reply["text"] == "抱歉，这个机器人没有对本聊天开放。"
    bot.api.say(STRANGE_GROUP, f"@{BOT_USERNAME} 阳泉有多少禁毒社工", user_id=ALICE, chat_type="group")
    refusal = bot.api.next_reply(STRANGE_GROUP, 0)
    assert "201" not in refusal["text"]
    query = bot.api.inline(STRANGER, "阳泉有多少禁毒社工")
    answer = bot.api.wait(lambda: bot.api.inline_answers.get(query))
    assert all("201" not in r["input_message_content"]["text"] for r in answer["results"])


def test_reload_is_for_admins_only(bot):
    assert bot.ask(BOB, "/reload")["text"] == "只有管理员可以重新加载资料。"
    before = len(bot.api.replies(ALICE))
    bot.api.say(ALICE, "/reload")
    done = bot.api.next_reply(ALICE, before + 1)  # after "正在重新加载资料……"
    assert done["text"] == "已重新加载：5 篇文章，176 个句子。"
    assert "201名" in bot.ask(ALICE, "阳泉有多少禁毒社工")["text"]


def test_each_chats_questions_are_answered_in_order(bot):
    bot.api.delay("sendChatAction", 1.0)  # the first question is slow to get going
    asked = {
        "阳泉有多少禁毒社工": "201名",
        "临夏州抓获了多少犯罪嫌疑人": "147名",
        "辽宁有多少专职禁毒社工": "5000余名",
    }
    for question in asked:
        bot.api.say(EVE, question)
    bot.api.wait(lambda: len(bot.api.replies(EVE)) >= 3)
    replies = bot.api.replies(EVE)
    assert all(answer in r["text"] for answer, r in zip(asked.values(), replies, strict=True))


def test_a_reply_in_a_group_follows_up_the_answer_it_replies_to(bot):
    def ask(text: str, user: int, **kw) -> dict:
        return bot.ask(GROUP2, text, user_id=user, chat_type="group", **kw)

    first = ask(f"@{BOT_USERNAME} 阳泉有多少禁毒社工", BOB)
    ask(f"@{BOT_USERNAME} 临夏州抓获了多少犯罪嫌疑人", CAROL)
    follow = ask("那辽宁呢?", BOB, reply_to=first)
    assert "5000余名" in follow["text"]
    # Typing would spend the group's 20 messages a minute.
    assert all(int(c["chat_id"]) != GROUP2 for c in bot.api.called("sendChatAction"))


def test_a_photos_caption_is_a_question(bot):
    assert "201名" in bot.ask(FRANK, "阳泉有多少禁毒社工", photo=True)["text"]
    caption = f"@{BOT_USERNAME} 临夏州抓获了多少犯罪嫌疑人"
    assert "147名" in bot.ask(GROUP2, caption, user_id=FRANK, chat_type="group", photo=True)["text"]


def test_an_edited_question_edits_its_answer(bot):
    def sent_to_frank() -> int:
        return sum(int(c["chat_id"]) == FRANK for c in bot.api.called("sendMessage"))

    before, sent_before = len(bot.api.replies(FRANK)), sent_to_frank()
    question = bot.api.say(FRANK, "北京有多少禁毒社工")
    answer = bot.api.next_reply(FRANK, before)
    assert "资料中没有" in answer["text"]
    bot.api.edit(question, "阳泉有多少禁毒社工")
    edited = bot.api.next_reply(FRANK, before + 1)
    assert edited["message_id"] == answer["message_id"] and "201名" in edited["text"]
    assert edited["reply_markup"]["inline_keyboard"][0][0]["text"] == "更多答案"
    assert sent_to_frank() == sent_before + 1  # one answer, edited: not a second one


def test_inline_results_are_personal_with_an_allow_list(bot):
    query = bot.api.inline(BOB, "阳泉有多少禁毒社工")
    answer = bot.api.wait(lambda: bot.api.inline_answers.get(query))
    assert str(answer.get("is_personal")).lower() == "true"
    assert int(answer.get("cache_time", 300)) <= 5


def test_reload_does_not_hold_up_other_chats(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    seed_text = (SEEDS / "000_48dfc098a269dc39.txt").read_text(encoding="utf-8")
    with BotAPIEmulator(TOKEN) as api:
        bot = BotProcess(api, tmp_path, allow_config(tmp_path), "--corpus", str(corpus))
        try:
            for i in range(60):  # new articles: the reload has them to read and index
                text = re.sub(r"\d", str(i % 10), seed_text)
                (corpus / f"new_{i:03}.txt").write_text(f"新文章{i}\n\n{text}", encoding="utf-8")
            bot.api.say(ALICE, "/reload")
            assert bot.api.next_reply(ALICE, 0)["text"] == "正在重新加载资料……"
            assert "201名" in bot.ask(BOB, "阳泉有多少禁毒社工")["text"]
            assert len(bot.api.replies(ALICE)) == 1  # Bob was answered while the reload went on
            assert bot.api.next_reply(ALICE, 1, timeout=120)["text"].startswith("已重新加载：65 篇文章")
        finally:
            assert bot.stop() == 0


def test_what_follow_ups_need_is_loaded_before_updates_are_fetched(qa, tmp_path):
    """jieba's part-of-speech tagger (seconds to load) is loaded by the bot's start, not by the
    first follow-up while every chat waits (`benchmarks/telegram_stalls.py` times it)."""
    from telegram.ext import ApplicationBuilder

    from bot.journal import Journal
    from bot.telegram_bot import TelegramBot
    from retrieval.index.tokenizer import Tokenizer

    t = qa.settings.tokenizer
    fresh = Tokenizer(t.userdict, t.stopwords, t.synonyms, t.traditional_to_simplified)
    assert "_pos" not in vars(fresh)  # loaded lazily, by whoever needs it first
    bot = TelegramBot(replace(qa, tokenizer=fresh), qa.settings.telegram, Journal(tmp_path / "journal"))
    with BotAPIEmulator(TOKEN) as api:
        asyncio.run(bot.post_init(ApplicationBuilder().token(TOKEN).base_url(api.base_url).build()))
    assert {"_pos", "_tags"} <= set(vars(fresh))


def test_clean_shutdown_and_no_token_in_the_debug_log(tmp_path):
    with BotAPIEmulator(TOKEN) as api:
        bot = BotProcess(api, tmp_path, allow_config(tmp_path), "-vv")
        try:
            assert "201名" in bot.ask(ALICE, "阳泉有多少禁毒社工")["text"]
        finally:
            assert bot.stop() == 0
    log = bot.read_log()
    assert "DEBUG" in log and "getUpdates" in log  # the log really is at debug level
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log


def test_missing_token_is_a_clear_error():
    run = run_qabot("telegram", env={"TELEGRAM_BOT_TOKEN": ""})
    assert run.returncode == 2 and "TELEGRAM_BOT_TOKEN is not set" in run.stderr
    assert "Traceback" not in run.stderr


def test_malformed_token_is_a_clear_error_and_not_echoed():
    run = run_qabot("telegram", env={"TELEGRAM_BOT_TOKEN": "not-a-token-secret-value"})
    assert run.returncode == 2 and "does not hold a bot token" in run.stderr
    assert "not-a-token-secret-value" not in run.stderr


def test_refused_token_exits_2_without_echoing_it():
    with BotAPIEmulator("999999999:AAHanotherTokenThatTheServerKnows_00000") as api:
        started = time.monotonic()
        run = run_qabot("telegram", env={"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url})
    assert run.returncode == 2 and "refused the bot token" in run.stderr
    assert TOKEN.split(":")[1] not in run.stderr + run.stdout
    assert time.monotonic() - started < 60


def test_webhook_mode_behind_a_proxy(tmp_path):
    """Webhook mode registers its public URL with its secret, and answers updates posted to it."""
    port, secret = free_port(), "webhook-secret-123456"
    with BotAPIEmulator(TOKEN) as api:
        bot = BotProcess(
            api,
            tmp_path,
            "telegram:\n" + webhook_config(port),
            webhook_port=port,
            env={"TELEGRAM_WEBHOOK_SECRET": secret, "NO_COLOR": "1"},
        )
        try:
            assert api.webhook["url"] == "https://bot.example.org/qabot"
            assert api.webhook["secret_token"] == secret
            update = api.update("message", api.message(ALICE, "阳泉有多少禁毒社工"))
            assert bot.post(update, "wrong-secret") == 403
            assert bot.post(update, secret) == 200
            assert "201名" in api.next_reply(ALICE, 0)["text"]
        finally:
            assert bot.stop() == 0
        output = bot.read_log()
        assert secret not in output and TOKEN not in output
