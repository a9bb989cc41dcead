"""A write-ahead journal of Telegram updates, so a crash loses no question and answers none twice.

python-telegram-bot confirms updates to Telegram before they are handled (polling: with the
next getUpdates; webhook: with the HTTP answer): a bot killed in between would lose them. Each
update is written here as it is queued, before that confirmation, and marked done as soon as its
reply is accepted. On restart the updates not marked done are handled first, and an update seen
again (Telegram redelivers what was not confirmed) is handled once.

An update is known by its id *and* what it carries (chat, message, date or query id): update
ids start again on a fresh local Bot API server, and Telegram itself picks a new random start
after a week without updates, so an id alone could make a new question look handled. Each
journal file belongs to one bot on one server (see `journal_path`).

An update is marked done from the HTTP layer (`Journal.accepted`, an httpx response hook), as
soon as Telegram's acceptance of its reply arrives: before the rest of the response is read and
before python-telegram-bot or the handler does anything with it. The mark is one line appended
to the file and flushed to the operating system, which keeps it when the process is killed
(`kill -9`); no fsync, which only a power cut or a crash of the machine would call for, at
milliseconds an update. A reply Telegram accepted just before a kill, whose acceptance was
still on its way back to the bot, is sent again at the next start: no Bot API call can be made
exactly once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import httpx
from telegram import Update
from telegram.ext import SimpleUpdateProcessor

from retrieval.index.atomic import write_atomic

log = logging.getLogger(__name__)

# How many handled updates are remembered (Telegram redelivers only recent ones).
REMEMBER = 10_000
# The update whose reply the current task is sending (see `Journal.replying`).
_replying: ContextVar[str | None] = ContextVar("replying", default=None)


def journal_path(state_dir: Path, bot_id: str, base_url: str) -> Path:
    """One journal per bot and Bot API server: their update ids have nothing to do with each other."""
    server = hashlib.blake2b(base_url.encode(), digest_size=6).hexdigest()
    return state_dir / f"journal-{bot_id}-{server}.jsonl"


def update_key(update: Update) -> str:
    """The update id and what tells this update from another with the same id."""
    if update.callback_query:
        what = f"callback:{update.callback_query.id}"
    elif update.inline_query:
        what = f"inline:{update.inline_query.id}"
    elif update.effective_message:
        m = update.effective_message
        when = m.edit_date or m.date
        what = f"message:{m.chat_id}:{m.message_id}:{int(when.timestamp())}"
    else:
        what = ""
    return f"{update.update_id}/{what}"


def _opaque(_: object) -> None:
    """Button data python-telegram-bot has resolved to objects is not kept: it does not outlive a run."""
    return None


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.pending: OrderedDict[str, dict] = OrderedDict()  # queued, not yet handled
        self.done: OrderedDict[str, None] = OrderedDict()
        self.claimed: set[str] = set()  # being handled by this process
        path.parent.mkdir(parents=True, exist_ok=True)
        self._read()
        self._compact()
        self._file = open(path, "a", encoding="utf-8")

    def _read(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        for n, line in enumerate(lines, 1):
            try:
                entry = json.loads(line)
                if "update" in entry:
                    if entry["key"] not in self.done:
                        self.pending[entry["key"]] = entry["update"]
                else:
                    self.pending.pop(entry["done"], None)
                    self._remember(entry["done"])
            except (ValueError, KeyError, TypeError):  # a line cut short by a crash: the last one, at most
                log.warning("journal %s: line %d is damaged and skipped", self.path, n)

    def _remember(self, key: str) -> None:
        self.done[key] = None
        while len(self.done) > REMEMBER:
            self.done.popitem(last=False)

    def _compact(self) -> None:
        lines = [json.dumps({"done": k}) for k in self.done] + [
            json.dumps({"key": k, "update": u}, ensure_ascii=False) for k, u in self.pending.items()
        ]
        write_atomic(self.path, "".join(line + "\n" for line in lines).encode("utf-8"))

    def _append(self, entry: dict) -> None:
        self._file.write(json.dumps(entry, ensure_ascii=False, default=_opaque) + "\n")
        self._file.flush()

    def received(self, update: Update) -> None:
        """Record a queued update before Telegram is told it arrived."""
        key = update_key(update)
        if key not in self.done and key not in self.pending:
            self.pending[key] = data = update.to_dict()
            self._append({"key": key, "update": data})

    def claim(self, key: str) -> bool:
        """True the first time an update is to be handled; False (and a log line) for one handled
        or under way."""
        if key in self.done or key in self.claimed:
            log.warning("update %s skipped: %s", key, "handled already" if key in self.done else "under way")
            return False
        self.claimed.add(key)
        return True

    def is_done(self, key: str) -> bool:
        return key in self.done

    def finished(self, key: str) -> None:
        """Mark an update handled (its reply accepted); once is enough."""
        self.claimed.discard(key)
        self.pending.pop(key, None)
        if key not in self.done:
            self._remember(key)
            self._append({"done": key})

    @contextmanager
    def replying(self, key: str) -> Iterator[None]:
        """Within: the Bot API request Telegram accepts is the update's reply, and marks it done."""
        token = _replying.set(key)
        try:
            yield
        finally:
            _replying.reset(token)

    async def accepted(self, response: httpx.Response) -> None:
        """httpx's response hook, called as soon as the status line and headers are read: a reply
        Telegram accepted (HTTP 200) marks its update done (see `replying`)."""
        key = _replying.get()
        if key is not None and response.status_code == httpx.codes.OK:
            self.finished(key)

    def close(self) -> None:
        self._file.close()


class JournaledQueue(asyncio.Queue):
    """The application's update queue: an update is journaled as it is queued, which both polling
    and the webhook do before Telegram is told it arrived."""

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    async def put(self, item: object) -> None:
        if isinstance(item, Update):
            self.journal.received(item)
        await super().put(item)


class JournaledProcessor(SimpleUpdateProcessor):
    """Updates of different chats concurrently, each chat's in the order they came; each once.

    An update is marked done when its reply is accepted (`Journal.replying`), or else when its
    handler returns, unless the bot is stopping: then one whose reply was not delivered stays
    pending for the next start.
    """

    def __init__(self, journal: Journal, max_concurrent_updates: int, stopping: Callable[[], bool]) -> None:
        super().__init__(max_concurrent_updates)
        self.journal = journal
        self.stopping = stopping
        self._turns: dict[int, asyncio.Lock] = {}
        self._waiting: Counter[int] = Counter()

    @asynccontextmanager
    async def _turn(self, chat_id: int | None) -> AsyncIterator[None]:
        """Wait for the chat's earlier updates (asyncio's locks are first come, first served)."""
        if chat_id is None:
            yield
            return
        lock = self._turns.setdefault(chat_id, asyncio.Lock())
        self._waiting[chat_id] += 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[chat_id] -= 1
            if not self._waiting[chat_id]:
                del self._waiting[chat_id], self._turns[chat_id]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        key = update_key(update)
        if not self.journal.claim(key):
            if isinstance(coroutine, Coroutine):
                coroutine.close()  # handled already, or under way: Telegram sent it again
            return
        async with self._turn(update.effective_chat.id if update.effective_chat else None):
            await coroutine
        if not self.stopping():
            self.journal.finished(key)
