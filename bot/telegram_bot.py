"""qabot in Telegram: the same answer core, through python-telegram-bot 22.

Handlers only translate between Telegram and the answer core. Questions are answered on one
worker thread, so the event loop stays free for other chats while a question is ranked.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import partial
from html import escape
from pathlib import Path
from typing import TypeVar

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    SimpleUpdateProcessor,
    filters,
)

from retrieval.answer.followup import Conversation
from retrieval.answer.qa import QA
from retrieval.config import Settings, TelegramSettings
from retrieval.index.sources import list_sources
from retrieval.models import Result

from . import redact
from .journal import Journal
from .telegram_render import answer_html, context_html, fit, more_html, result_html, shorten, sources_html

log = logging.getLogger(__name__)
T = TypeVar("T")

TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
# How many answered messages per chat keep working buttons.
REMEMBERED = 100
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

GREETING = "你好！我从资料库的文章里找出回答你问题的那一句话，并注明出处。\n直接发问题给我，例如下面这些："
HELP = (
    "<b>怎么用</b>\n"
    "• 私聊：直接发送问题，例如 <i>阳泉有多少禁毒社工</i>\n"
    "• 追问：<i>那辽宁呢？</i> 沿用上一个问题\n"
    "• 群组：/ask 问题，或 @我 提问，或回复我的消息\n"
    "• 任何聊天：输入 @我的用户名 问题（内联模式）\n"
    "• 答案下的按钮：更多答案、上下文\n"
    "• /sources 资料来源"
)
REFUSAL = "抱歉，这个机器人没有对本聊天开放。"
FAILURE = "抱歉，处理这条消息时出错了，请稍后再试。"
# Sending a reply is retried through a Bot API outage for about this long (seconds).
DELIVERY_PATIENCE = 300
MAX_CONCURRENT_UPDATES = 256


async def deliver(send: Callable[[], Awaitable[T]], patience: float = DELIVERY_PATIENCE) -> T:
    """`send()`, retried with backoff while the Bot API is unreachable or failing.

    What Telegram refuses (BadRequest, Forbidden) is not retried: it would be refused again.
    """
    loop = asyncio.get_running_loop()
    deadline, delay = loop.time() + patience, 0.5
    while True:
        try:
            return await send()
        except (BadRequest, Forbidden, InvalidToken):
            raise
        except (NetworkError, RetryAfter) as e:
            wait = (
                e.retry_after.total_seconds()
                if isinstance(e, RetryAfter) and hasattr(e.retry_after, "total_seconds")
                else float(getattr(e, "retry_after", 0) or delay)
            )
            if loop.time() + wait > deadline:
                raise
            log.warning("the Bot API failed (%s); sending again in %.1f s", e, wait)
            await asyncio.sleep(wait)
            delay = min(delay * 2, 16)


class JournaledBot(ExtBot):
    """Writes every fetched update to the journal before Telegram is told it arrived."""

    __slots__ = ("_journal",)

    def __init__(self, journal: Journal, **kwargs) -> None:
        self._journal = journal
        super().__init__(**kwargs)

    async def get_updates(self, *args, **kwargs):
        updates = await super().get_updates(*args, **kwargs)
        for update in updates:
            self._journal.received(update.to_dict())
        return updates


class JournaledProcessor(SimpleUpdateProcessor):
    """Handles each update once, and marks it done in the journal when handled."""

    def __init__(self, journal: Journal, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self.journal = journal

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        if not self.journal.claim(update.update_id):
            coroutine.close()  # handled already, or under way: Telegram sent it again
            return
        await coroutine  # a cancelled update (shutdown) stays pending, to be handled at the next start
        self.journal.finished(update.update_id)


class TelegramBot:
    def __init__(self, qa: QA, settings: TelegramSettings, journal: Journal) -> None:
        self.qa = qa
        self.settings = settings
        self.journal = journal
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qabot-qa")

    # -- the answer core, off the event loop ---------------------------------------------

    async def _run(self, function: Callable, *args):
        return await asyncio.get_running_loop().run_in_executor(self._worker, partial(function, *args))

    @staticmethod
    async def _reply(update: Update, text: str, html: bool = False, **kwargs) -> None:
        """Reply to the update's message, through Bot API outages."""
        message = update.effective_message
        if html:
            kwargs.setdefault("link_preview_options", NO_PREVIEW)
            await deliver(lambda: message.reply_html(text, **kwargs))
        else:
            await deliver(lambda: message.reply_text(text, **kwargs))

    # -- access ---------------------------------------------------------------------------

    def allowed(self, update: Update) -> bool:
        allow = self.settings.allowed_chats
        if not allow:
            return True
        if update.effective_chat is not None:
            return update.effective_chat.id in allow
        return update.effective_user is not None and update.effective_user.id in allow

    async def _refused(self, update: Update) -> bool:
        """Refuse a chat not on the allow-list, in the form the update calls for."""
        if self.allowed(update):
            return False
        log.info("refused update from chat %s", update.effective_chat.id if update.effective_chat else "?")
        if update.callback_query:
            await update.callback_query.answer(REFUSAL, show_alert=True)
        elif update.inline_query:
            await update.inline_query.answer(
                [_article("refused", "未开放", REFUSAL)], cache_time=0, is_personal=True
            )
        elif update.effective_message:
            await self._reply(update, REFUSAL)
        return True

    # -- commands -------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._refused(update):
            return
        buttons = [
            [InlineKeyboardButton(q, callback_data=f"ex:{i}")]
            for i, q in enumerate(self.settings.examples[:3])
        ]
        await self._reply(update, GREETING, reply_markup=InlineKeyboardMarkup(buttons) if buttons else None)

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self._refused(update):
            await self._reply(update, HELP, html=True)

    async def sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self._refused(update):
            await self._reply(update, sources_html(list_sources(self.qa.index)), html=True)

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins only: take in what changed in the corpus folder, without a restart."""
        if await self._refused(update):
            return
        if update.effective_chat.id not in self.settings.admin_chats:
            await self._reply(update, "只有管理员可以重新加载资料。")
            return
        await self._reply(update, "正在重新加载资料……")
        articles, sentences = await self._run(self.qa.reload)
        await self._reply(update, f"已重新加载：{articles} 篇文章，{sentences} 个句子。")

    async def ask_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = " ".join(context.args or [])
        if not text:
            if not await self._refused(update):
                await self._reply(update, "用法：/ask 问题，例如 <i>/ask 阳泉有多少禁毒社工</i>", html=True)
            return
        await self.answer(update, context, text)

    # -- questions ------------------------------------------------------------------------

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.answer(update, context, update.effective_message.text)

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, answer a mention of the bot or a reply to one of its messages; else stay quiet."""
        message = update.effective_message
        mention = f"@{context.bot.username}"
        mentioned = any(
            e.type == MessageEntity.MENTION and message.parse_entity(e).lower() == mention.lower()
            for e in message.entities
        )
        replied = bool(
            message.reply_to_message
            and message.reply_to_message.from_user
            and message.reply_to_message.from_user.id == context.bot.id
        )
        if mentioned or replied:
            question = re.sub(re.escape(mention), " ", message.text, flags=re.IGNORECASE).strip()
            await self.answer(update, context, question)

    async def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        if await self._refused(update):
            return
        with suppress(TelegramError):
            await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)
        conversation = context.chat_data.setdefault("conversation", Conversation())
        result = await self._run(conversation.ask, self.qa, text)
        html = result_html(result)
        markup = None
        if result.answers:
            key = self._remember(context.chat_data, result)
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton("更多答案", callback_data=f"more:{key}"),
                        InlineKeyboardButton("上下文", callback_data=f"context:{key}"),
                    ]
                ]
            )
        await self._reply(update, html, html=True, reply_markup=markup)

    @staticmethod
    def _remember(chat_data: dict, result: Result) -> int:
        """Keep the question behind an answer's buttons, under a key the buttons carry.

        Stored before the reply is sent, so a press that comes at once finds it.
        """
        asked: OrderedDict = chat_data.setdefault("asked", OrderedDict())
        key = chat_data["next_key"] = chat_data.get("next_key", 0) + 1
        asked[key] = [result.question, 1]  # the reply shows the best answer; "more" goes on from the 2nd
        while len(asked) > REMEMBERED:
            asked.popitem(last=False)
        return key

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if await self._refused(update):
            return
        kind, _, arg = (query.data or "").partition(":")
        if kind == "ex" and arg.isdigit() and int(arg) < len(self.settings.examples):
            await query.answer()
            await self.answer(update, context, self.settings.examples[int(arg)])
            return
        asked = context.chat_data.get("asked", {}).get(int(arg)) if arg.isdigit() else None
        if kind not in ("more", "context") or asked is None or query.message is None:
            await query.answer("这个答案已经过期，请重新提问。")
            return
        await query.answer()
        question, shown = asked
        if kind == "more":
            count = shown + self.qa.settings.answers.count
            result = await self._run(self.qa.ask, question, count)
            asked[1] = len(result.answers)
            html = more_html(list(result.answers[shown:]), shown + 1)
        else:
            result = await self._run(self.qa.ask, question)
            html = context_html(result.answers[0]) if result.answers else result_html(result)
        await self._reply(update, html, html=True)

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if await self._refused(update):
            return
        text = query.query.strip()
        if not text:
            await query.answer([], cache_time=5)
            return
        result = await self._run(self.qa.ask, text)
        if result.answers:
            results = [
                InlineQueryResultArticle(
                    id=str(i),
                    title=shorten(a.text, 60),
                    description=shorten(f"{a.citation.title} · {a.citation.source or ''}", 80),
                    input_message_content=InputTextMessageContent(
                        fit(answer_html, a), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                    ),
                )
                for i, a in enumerate(result.answers)
            ]
        else:
            results = [_article("none", "没有找到答案", result.message or "没有找到答案。")]
        await query.answer(results, cache_time=30)

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update is None and isinstance(context.error, (NetworkError, RetryAfter)):
            # Fetching updates failed; python-telegram-bot tries again with backoff.
            log.warning("polling the Bot API failed (%s); trying again", context.error)
            return
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            with suppress(TelegramError):
                await deliver(
                    lambda: context.bot.send_message(update.effective_chat.id, FAILURE), patience=60
                )

    async def post_init(self, application: Application) -> None:
        commands = [
            BotCommand("start", "开始"),
            BotCommand("ask", "提问：/ask 问题"),
            BotCommand("sources", "资料来源"),
            BotCommand("help", "帮助"),
        ]
        try:
            await application.bot.set_my_commands(commands)
        except TelegramError as e:
            log.warning("could not set the command list: %s", e)
        if self.journal.pending:
            log.info("handling %d updates left pending by the last run", len(self.journal.pending))
        for data in list(self.journal.pending.values()):
            await application.update_queue.put(Update.de_json(data, application.bot))

    async def post_shutdown(self, application: Application) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)
        self.journal.close()

    def application(self, token: str, base_url: str) -> Application:
        limiter = AIORateLimiter(overall_max_rate=self.settings.max_messages_per_second, max_retries=5)
        bot = JournaledBot(
            self.journal,
            token=token,
            base_url=base_url,
            base_file_url=_file_url(base_url),
            rate_limiter=limiter,
        )
        app = (
            Application.builder()
            .bot(bot)
            .concurrent_updates(JournaledProcessor(self.journal, MAX_CONCURRENT_UPDATES))
            .post_init(self.post_init)
            .post_shutdown(self.post_shutdown)
            .build()
        )
        private = filters.ChatType.PRIVATE
        app.add_handler(CommandHandler("start", self.start))
        app.add_handler(CommandHandler("help", self.help))
        app.add_handler(CommandHandler("sources", self.sources))
        app.add_handler(CommandHandler("ask", self.ask_command))
        app.add_handler(CommandHandler("reload", self.reload))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, self.private_text))
        app.add_handler(
            MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS, self.group_text)
        )
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(InlineQueryHandler(self.inline))
        app.add_error_handler(self.error)
        return app


def _article(id: str, title: str, text: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=id, title=title, input_message_content=InputTextMessageContent(escape(text))
    )


def _file_url(base_url: str) -> str:
    """python-telegram-bot's form for files: …/bot → …/file/bot."""
    return base_url[: -len("bot")] + "file/bot" if base_url.endswith("bot") else base_url


def _state_dir() -> Path:
    from platformdirs import user_state_path

    return user_state_path("qabot") / "telegram"


def _fail(message: str, code: int) -> int:
    print(f"qabot: error: {message}", file=sys.stderr)
    return code


def run(settings: Settings, load_qa: Callable[[Settings], QA]) -> int:
    tg = settings.telegram
    token = os.environ.get(tg.token_env, "").strip()
    if not token:
        return _fail(
            f"{tg.token_env} is not set: create a bot with @BotFather and put its token there "
            f"(see README, 'Telegram')",
            2,
        )
    if not TOKEN_SHAPE.match(token):
        return _fail(
            f"{tg.token_env} does not hold a bot token (the form is 123456789:AA…, from @BotFather)", 2
        )
    secret = os.environ.get(tg.webhook.secret_token_env, "") if tg.webhook.secret_token_env else ""
    redactor = redact.install(token, secret)
    if tg.mode == "webhook" and not tg.webhook.url:
        return _fail("telegram.webhook.url must be set for webhook mode", 2)
    base_url = os.environ.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL
    state = tg.state_dir or _state_dir()
    journal = Journal(state / f"journal-{token.split(':')[0]}.jsonl")
    bot = TelegramBot(load_qa(settings), tg, journal)
    app = bot.application(token, base_url)
    log.info("starting the Telegram bot (%s) against %s", tg.mode, redactor(base_url))
    try:
        if tg.mode == "webhook":
            app.run_webhook(
                listen=tg.webhook.listen,
                port=tg.webhook.port,
                url_path=tg.webhook.path,
                webhook_url=tg.webhook.url,
                secret_token=secret or None,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        return _fail("Telegram refused the bot token: check it with @BotFather", 2)
    except NetworkError as e:
        return _fail(f"cannot reach the Telegram Bot API: {redactor(str(e))}", 1)
    return 0
