"""A write-ahead journal of Telegram updates, so a crash loses no question and answers none twice.

python-telegram-bot confirms updates to Telegram when it fetches the next batch, before they
are handled: a bot killed in between would lose them. Each update is written here as soon as
it is fetched, and marked done once handled. On restart the updates not marked done are handled
first, and an update seen again (Telegram redelivers what was not confirmed) is handled once.

Writes are flushed to the operating system, which keeps them when the process is killed; a
power cut may lose the last ones (an fsync per update would cost milliseconds each). A reply
Telegram accepted just before a kill, not yet marked done, is sent again at the next start:
that window is the time between Telegram's answer and the journal write.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from pathlib import Path

from retrieval.index.atomic import write_atomic

log = logging.getLogger(__name__)

# How many handled update ids are remembered (Telegram redelivers only recent ones).
REMEMBER = 10_000


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.pending: OrderedDict[int, dict] = OrderedDict()  # fetched, not yet handled
        self.done: OrderedDict[int, None] = OrderedDict()
        self.claimed: set[int] = set()  # being handled by this process
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
            except ValueError:  # a line cut short by a crash: the last one, at most
                log.warning("journal %s: line %d is damaged and skipped", self.path, n)
                continue
            if "update" in entry:
                update_id = entry["update"]["update_id"]
                if update_id not in self.done:
                    self.pending[update_id] = entry["update"]
            elif "done" in entry:
                self.pending.pop(entry["done"], None)
                self._remember(entry["done"])

    def _remember(self, update_id: int) -> None:
        self.done[update_id] = None
        while len(self.done) > REMEMBER:
            self.done.popitem(last=False)

    def _compact(self) -> None:
        lines = [json.dumps({"done": i}) for i in self.done] + [
            json.dumps({"update": u}, ensure_ascii=False) for u in self.pending.values()
        ]
        write_atomic(self.path, "".join(line + "\n" for line in lines).encode("utf-8"))

    def _append(self, entry: dict) -> None:
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._file.flush()

    def received(self, update: dict) -> None:
        """Record a fetched update before Telegram is told it arrived."""
        update_id = update["update_id"]
        if update_id not in self.done and update_id not in self.pending:
            self.pending[update_id] = update
            self._append({"update": update})

    def claim(self, update_id: int) -> bool:
        """True the first time an update is to be handled; False for one handled or under way."""
        if update_id in self.done or update_id in self.claimed:
            return False
        self.claimed.add(update_id)
        return True

    def finished(self, update_id: int) -> None:
        self.claimed.discard(update_id)
        self.pending.pop(update_id, None)
        self._remember(update_id)
        self._append({"done": update_id})

    def close(self) -> None:
        self._file.close()
