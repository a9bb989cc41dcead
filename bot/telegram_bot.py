"""qabot in Telegram: the same answer core, through python-telegram-bot 22.

Handlers only translate between Telegram and the answer core. Questions are answered on one
worker thread, so the event loop stays free for other chats while a question is ranked; a
`/reload` builds the new index on a thread of its own and swaps it in. Each chat's questions are
answered in the order they were asked (`journal.JournaledProcessor`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from html import escape
from pathlib import Path
from typing import Any, TypeVar

from telegram import (
    BotCommand,
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from retrieval.answer.followup import Conversation
from retrieval.answer.qa import QA
from retrieval.config import Settings, TelegramSettings
from retrieval.models import Result

from . import redact
from .journal import Journal, JournaledProcessor, JournaledQueue, journal_path, update_key
from .telegram_render import answer_html, context_html, fit, more_html, result_html, shorten, sources_html

log = logging.getLogger(__name__)
T = TypeVar("T")
V = TypeVar("V")

TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
# How many keyboards (all chats together) keep working buttons, and how many answers per chat
# can be followed up by a reply or edited with their question.
KEYBOARDS = 10_000
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
EXPIRED = "这个答案已经过期，请重新提问。"
# Sending a reply is retried through a Bot API outage for about this long (seconds); once the
# bot is told to stop, not at all: what is unanswered stays in the journal for the next start.
DELIVERY_PATIENCE = 300
MAX_CONCURRENT_UPDATES = 256


class Abandoned(Exception):
    """A reply given up because the bot is stopping; its update stays in the journal."""


# -- button state (python-telegram-bot keeps these objects; buttons carry only a key) ----------


@dataclass(frozen=True)
class Example:
    question: str


@dataclass
class Shown:
    """The question behind an answer's buttons, and how many of its answers were shown."""

    question: str
    count: int = 1


@dataclass(frozen=True)
class More:
    shown: Shown


@dataclass(frozen=True)
class ContextOf:
    question: str


@dataclass
class ChatState:
    """What the bot keeps for one chat (in python-telegram-bot's chat_data)."""

    conversation: Conversation = field(default_factory=Conversation)
    # the bot's answer message id → the question it answers (a reply to it follows that one up)
    answered: OrderedDict[int, str] = field(default_factory=OrderedDict)
    # the user's question message id → the bot's answer to it (an edited question edits that)
    replies: OrderedDict[int, int] = field(default_factory=OrderedDict)

    @classmethod
    def of(cls, context: ContextTypes.DEFAULT_TYPE) -> ChatState:
        chat_data = context.chat_data
        assert chat_data is not None, "only updates from a chat have a ChatState"
        state: ChatState = chat_data.setdefault("state", cls())
        return state

    def remember(self, question_id: int, answer_id: int, question: str) -> None:
        _keep(self.answered, answer_id, question)
        _keep(self.replies, question_id, answer_id)


def _keep(memory: OrderedDict[int, V], key: int, value: V) -> None:
    """Remember the latest REMEMBERED items."""
    memory[key] = value
    memory.move_to_end(key)
    while len(memory) > REMEMBERED:
        memory.popitem(last=False)


# -- who and what a message asks ------------------------------------------------------------


def message_text(message: Message) -> tuple[str, dict[MessageEntity, str]]:
    """A message's text, or a photo's caption, and its entities."""
    if message.text is not None:
        return message.text, message.parse_entities()
    return message.caption or "", message.parse_caption_entities()


def addressed(message: Message, username: str, bot_id: int) -> bool:
    """Whether a group message is for the bot: a command, a mention, or a reply to it."""
    _, entities = message_text(message)
    mention = f"@{username}".lower()
    if any(e.type == MessageEntity.BOT_COMMAND and e.offset == 0 for e in entities):
        return True
    if any(e.type == MessageEntity.MENTION and t.lower() == mention for e, t in entities.items()):
        return True
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


class TelegramBot:
    def __init__(self, qa: QA, settings: TelegramSettings, journal: Journal) -> None:
        self.qa = qa
        self.settings = settings
        self.journal = journal
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qabot-qa")
        self._reloading = asyncio.Lock()
        self._stopping: asyncio.Event | None = None  # made in the running loop

    @property
    def stopping(self) -> bool:
        return self._stopping is not None and self._stopping.is_set()

    # -- the answer core, off the event loop ---------------------------------------------

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._worker, partial(function, *args))

    # -- sending ------------------------------------------------------------------------------

    async def deliver(self, send: Callable[[], Awaitable[T]], patience: float = DELIVERY_PATIENCE) -> T:
        """`send()`, retried with backoff while the Bot API is unreachable or failing.

        What Telegram refuses (BadRequest, Forbidden) is not retried: it would be refused again.
        Once the bot is stopping a failed send is not retried but `Abandoned`.
        """
        loop = asyncio.get_running_loop()
        deadline, delay = loop.time() + patience, 0.5
        while True:
            try:
                return await send()
            except (BadRequest, Forbidden, InvalidToken):
                raise
            except (NetworkError, RetryAfter) as e:
                wait = _seconds(e.retry_after) if isinstance(e, RetryAfter) else delay
                if self.stopping:
                    raise Abandoned from e
                if loop.time() + wait > deadline:
                    raise
                log.warning("the Bot API failed (%s); sending again in %.1f s", e, wait)
                assert self._stopping is not None
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), wait)
                delay = min(delay * 2, 16)

    async def _reply(
        self, update: Update, text: str, html: bool = False, done: bool = True, **kwargs: Any
    ) -> Message:
        """Reply to the update's message through Bot API outages. Unless `done` is False, this is
        the update's reply: it is marked done the moment Telegram accepts it."""
        message = update.effective_message
        assert message is not None
        if html:
            kwargs.update(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
        with self.journal.replying(update_key(update)) if done else nullcontext():
            return await self.deliver(lambda: message.reply_text(text, **kwargs))

    async def _edit(
        self, update: Update, message_id: int, html: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        """Replace the bot's earlier answer in the update's chat (an edited question)."""
        chat = _chat(update)
        try:
            with self.journal.replying(update_key(update)):
                await self.deliver(
                    lambda: chat.get_bot().edit_message_text(
                        html,
                        chat.id,
                        message_id,
                        parse_mode=ParseMode.HTML,
                        link_preview_options=NO_PREVIEW,
                        reply_markup=markup,
                    )
                )
        except BadRequest as e:
            if "not modified" not in str(e).lower():
                raise

    # -- access: one gate before every handler ----------------------------------------------

    def allowed(self, update: Update) -> bool:
        allow = self.settings.allowed_chats
        if not allow:
            return True
        if update.effective_chat is not None:
            return update.effective_chat.id in allow
        return update.effective_user is not None and update.effective_user.id in allow

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Refuse a chat not on the allow-list, in the form the update calls for, and stop there.

        In a group only what is addressed to the bot gets the refusal; other talk, nothing."""
        if self.allowed(update):
            return
        chat = update.effective_chat
        log.info("refused update from chat %s", chat.id if chat else "?")
        if update.callback_query:
            await update.callback_query.answer(REFUSAL, show_alert=True)
        elif update.inline_query:
            await update.inline_query.answer(
                [_article("refused", "未开放", REFUSAL)], cache_time=0, is_personal=True
            )
        elif update.message and (
            update.message.chat.type == Chat.PRIVATE
            or addressed(update.message, context.bot.username, context.bot.id)
        ):
            await self._reply(update, REFUSAL)
        raise ApplicationHandlerStop

    # -- commands -------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        buttons = [[InlineKeyboardButton(q, callback_data=Example(q))] for q in self.settings.examples[:3]]
        await self._reply(update, GREETING, reply_markup=InlineKeyboardMarkup(buttons) if buttons else None)

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply(update, HELP, html=True)

    async def sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply(update, sources_html(self.qa.sources()), html=True)

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins only: take in what changed in the corpus folder, without a restart.

        The new index is built on a thread of its own: questions are answered from the old one
        meanwhile."""
        if _chat(update).id not in self.settings.admin_chats:
            await self._reply(update, "只有管理员可以重新加载资料。")
            return
        async with self._reloading:
            await self._reply(update, "正在重新加载资料……", done=False)
            articles, sentences = await asyncio.to_thread(self.qa.reload)
            await self._reply(update, f"已重新加载：{articles} 篇文章，{sentences} 个句子。")

    async def ask_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = " ".join(context.args or [])
        if not text:
            await self._reply(update, "用法：/ask 问题，例如 <i>/ask 阳泉有多少禁毒社工</i>", html=True)
            return
        await self.answer(update, context, text)

    # -- questions ------------------------------------------------------------------------

    async def message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A question as text or a photo's caption; in a group only when addressed to the bot
        (mentioned, or a reply to it), else the bot stays quiet."""
        message = update.effective_message
        assert message is not None
        text, _ = message_text(message)
        if message.chat.type != Chat.PRIVATE:
            if not addressed(message, context.bot.username, context.bot.id):
                return
            text = re.sub(re.escape(f"@{context.bot.username}"), " ", text, flags=re.IGNORECASE).strip()
        await self.answer(update, context, text)

    async def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        """Answer `text`; an edited question edits the answer it had, a reply to an answer
        follows up that answer's question."""
        message, chat = update.effective_message, _chat(update)
        assert message is not None
        state = ChatState.of(context)
        replied = message.reply_to_message
        previous = state.answered.get(replied.message_id) if replied else None
        if chat.type == Chat.PRIVATE:  # in groups it would spend the 20-a-minute budget
            with suppress(TelegramError):
                await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
        result = await self._run(state.conversation.ask, self.qa, text, previous)
        html, markup = result_html(result), _buttons(result)
        earlier = state.replies.get(message.message_id) if update.edited_message else None
        if earlier is not None:
            await self._edit(update, earlier, html, markup)
            answer_id = earlier
        else:
            answer_id = (await self._reply(update, html, html=True, reply_markup=markup)).message_id
        state.remember(message.message_id, answer_id, result.question)

    # -- buttons ----------------------------------------------------------------------------

    async def example(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = _query(update)
        await query.answer()
        assert isinstance(query.data, Example)
        await self.answer(update, context, query.data.question)

    async def more(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = _query(update)
        await query.answer()
        assert isinstance(query.data, More)
        shown = query.data.shown
        extra = await self._run(self.qa.more, shown.question, shown.count)
        first, shown.count = shown.count, shown.count + len(extra)
        await self._reply(update, more_html(list(extra), first + 1), html=True)

    async def context(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = _query(update)
        await query.answer()
        assert isinstance(query.data, ContextOf)
        result = await self._run(self.qa.ask, query.data.question)
        html = context_html(result.answers[0]) if result.answers else result_html(result)
        await self._reply(update, html, html=True)

    async def expired(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button whose state is gone (a restart, or thousands of answers since)."""
        await _query(update).answer(EXPIRED)

    # -- inline mode ------------------------------------------------------------------------

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        assert query is not None
        text = query.query.strip()
        # With an allow-list, Telegram must not hand one user's results to another.
        personal = bool(self.settings.allowed_chats)
        if not text:
            await query.answer([], cache_time=5, is_personal=personal)
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
        await query.answer(results, cache_time=5 if personal else 30, is_personal=personal)

    # -- errors, start and stop ---------------------------------------------------------------

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update is None and isinstance(context.error, (NetworkError, RetryAfter)):
            # Fetching updates failed; python-telegram-bot tries again with backoff.
            log.warning("polling the Bot API failed (%s); trying again", context.error)
            return
        if isinstance(context.error, Abandoned):
            log.info("stopping: an unanswered update is kept for the next start")
            return
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            chat_id = update.effective_chat.id
            with suppress(TelegramError, Abandoned):
                await self.deliver(lambda: context.bot.send_message(chat_id, FAILURE), patience=60)

    def _stop(self, application: Application) -> None:
        """SIGTERM or Ctrl-C: stop fetching, and give up deliveries that fail from now on."""
        if self._stopping is not None and not self._stopping.is_set():
            log.info("stopping")
            self._stopping.set()
            application.stop_running()

    async def post_init(self, application: Application) -> None:
        # Loaded before updates are fetched: loaded by the first question that needs it (the
        # part-of-speech tagger, by a follow-up or a name no dictionary knows), it would hold
        # up every chat for seconds.
        await self._run(self.qa.preload)
        self._stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._stop, application)
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
            update = Update.de_json(data, application.bot)
            if isinstance(application.bot, ExtBot):
                application.bot.insert_callback_data(update)
            await application.update_queue.put(update)

    async def post_shutdown(self, application: Application) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)
        self.journal.close()

    def application(self, token: str, base_url: str) -> Application:
        limiter = AIORateLimiter(overall_max_rate=self.settings.max_messages_per_second, max_retries=5)
        bot: ExtBot = ExtBot(
            token=token,
            base_url=base_url,
            base_file_url=_file_url(base_url),
            rate_limiter=limiter,
            arbitrary_callback_data=KEYBOARDS,
            # A reply is marked done as soon as Telegram's acceptance arrives (Journal.accepted).
            request=HTTPXRequest(httpx_kwargs={"event_hooks": {"response": [self.journal.accepted]}}),
        )
        app = (
            Application.builder()
            .bot(bot)
            .update_queue(JournaledQueue(self.journal))
            .concurrent_updates(
                JournaledProcessor(self.journal, MAX_CONCURRENT_UPDATES, lambda: self.stopping)
            )
            .post_init(self.post_init)
            .post_shutdown(self.post_shutdown)
            .build()
        )
        new = filters.UpdateType.MESSAGE  # an edited /help needs no second help
        app.add_handler(TypeHandler(Update, self.gate), group=-1)
        app.add_handler(CommandHandler("start", self.start, filters=new))
        app.add_handler(CommandHandler("help", self.help, filters=new))
        app.add_handler(CommandHandler("sources", self.sources, filters=new))
        app.add_handler(CommandHandler("reload", self.reload, filters=new))
        app.add_handler(CommandHandler("ask", self.ask_command, filters=filters.UpdateType.MESSAGES))
        questions = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & filters.UpdateType.MESSAGES
        app.add_handler(MessageHandler(questions, self.message))
        app.add_handler(CallbackQueryHandler(self.example, pattern=Example))
        app.add_handler(CallbackQueryHandler(self.more, pattern=More))
        app.add_handler(CallbackQueryHandler(self.context, pattern=ContextOf))
        app.add_handler(CallbackQueryHandler(self.expired))  # InvalidCallbackData, or none
        app.add_handler(InlineQueryHandler(self.inline))
        app.add_error_handler(self.error)
        return app


def _buttons(result: Result) -> InlineKeyboardMarkup | None:
    if not result.answers:
        return None
    shown = Shown(result.question)  # the reply shows the best answer; "more" goes on from the 2nd
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("更多答案", callback_data=More(shown)),
                InlineKeyboardButton("上下文", callback_data=ContextOf(result.question)),
            ]
        ]
    )


def _chat(update: Update) -> Chat:
    assert update.effective_chat is not None
    return update.effective_chat


def _seconds(retry_after: timedelta | float) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)


def _query(update: Update) -> CallbackQuery:
    assert update.callback_query is not None
    return update.callback_query


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
    journal = Journal(journal_path(tg.state_dir or _state_dir(), token.split(":")[0], base_url))
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
                stop_signals=None,  # ours, set in post_init
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, stop_signals=None)
    except InvalidToken:
        return _fail("Telegram refused the bot token: check it with @BotFather", 2)
    except NetworkError as e:
        return _fail(f"cannot reach the Telegram Bot API: {redactor(str(e))}", 1)
    return 0
