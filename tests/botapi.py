"""A Telegram Bot API server on loopback, strict where Telegram is strict, for end-to-end tests.

The bot under test long-polls it as it would api.telegram.org; the tests play the users
(messages, button presses, inline queries) and read what the bot sent. It rejects what
Telegram rejects: text over 4096 characters, unsupported or unbalanced HTML tags, unknown
HTML entities, callback data over 64 bytes, empty messages, bad inline results.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT_USERNAME = "qabot_test_bot"
_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class BadRequest(Exception):
    pass


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _HTMLChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _TAGS:
            raise BadRequest(f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"')
        if tag == "a" and not dict(attrs).get("href"):
            raise BadRequest("Bad Request: can't parse entities: <a> without href")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise BadRequest(
                f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{tag}\""
            )
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text Telegram would show, or BadRequest as Telegram would answer."""
    if parse_mode and parse_mode.upper() == "HTML":
        if _ENTITY.search(text):
            raise BadRequest("Bad Request: can't parse entities: Unsupported HTML entity")
        checker = _HTMLChecker()
        checker.feed(text)
        checker.close()
        if checker.stack:
            raise BadRequest(f'Bad Request: can\'t parse entities: unclosed tag "{checker.stack[-1]}"')
        text = "".join(checker.text)
    elif parse_mode:
        raise BadRequest(f"Bad Request: unsupported parse_mode {parse_mode}")
    if not text.strip():
        raise BadRequest("Bad Request: message text is empty")
    if utf16(text) > 4096:
        raise BadRequest("Bad Request: message is too long")
    return text


def check_markup(markup: dict | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise BadRequest("Bad Request: button text is empty")
            if "callback_data" in button and not 1 <= len(button["callback_data"].encode()) <= 64:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")


class _Server(ThreadingHTTPServer):
    request_queue_size = 1024  # the bot keeps up to 256 connections open at once
    daemon_threads = True


class BotAPIEmulator:
    def __init__(self, token: str, first_update_id: int | None = None, port: int = 0) -> None:
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.bot_user = {"id": self.bot_id, "is_bot": True, "first_name": "qabot", "username": BOT_USERNAME}
        self._cv = threading.Condition()
        self._updates: list[dict] = []
        # As Telegram: ids go on rising, from anywhere (a fresh local server starts them again).
        self._next_update = first_update_id or random.randint(1, 10**9)
        self._next_message = 1
        self._next_query = 1
        self.chats: dict[int, dict] = {}
        self.sent: list[dict] = []  # messages the bot sent, in order
        self.calls: list[tuple[str, dict]] = []  # every Bot API call, in order
        self.callback_answers: dict[str, dict] = {}
        self.inline_answers: dict[str, dict] = {}
        self.rejected: list[tuple[str, str]] = []  # calls answered with an error, and why
        self.webhook: dict | None = None  # what setWebhook was given
        self._faults: list[tuple[str, float, set[str] | None]] = []  # (mode, until, methods)
        self._held: set[str] = set()
        self._held_bodies: set[str] = set()
        self._delays: dict[str, list[float]] = {}  # method → delays for its next calls
        self.offset = 0  # the highest offset getUpdates was given: updates below it are confirmed
        self.update_of: dict[int, int] = {}  # user message id → its update id
        self._server = _Server(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- running ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def __enter__(self) -> BotAPIEmulator:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        with self._cv:
            self._cv.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # -- faults -----------------------------------------------------------------------------

    def outage(self, mode: str, seconds: float, methods: set[str] | None = None) -> None:
        """For `seconds`, answer `methods` (all when None) with mode: "500", "429" (retry after 1 s),
        "timeout" (no answer for 8 s, then the connection closes) or "drop" (connection closed)."""
        with self._cv:
            self._faults.append((mode, time.monotonic() + seconds, methods))

    def _fault(self, method: str) -> str | None:
        now = time.monotonic()
        with self._cv:
            self._faults = [f for f in self._faults if f[1] > now]
            return next(
                (mode for mode, _, methods in self._faults if methods is None or method in methods), None
            )

    def recover(self) -> None:
        """End every outage now."""
        with self._cv:
            self._faults.clear()

    def delay(self, method: str, *seconds: float) -> None:
        """Answer the next calls of `method` that many seconds late, one delay per call."""
        with self._cv:
            self._delays.setdefault(method, []).extend(seconds)

    def _delay(self, method: str) -> float:
        with self._cv:
            delays = self._delays.get(method)
            return delays.pop(0) if delays else 0.0

    def hold(self, *methods: str) -> None:
        """Requests for `methods` wait, as if still in transit, until release(); those whose sender
        is gone by then never reach the server."""
        with self._cv:
            self._held |= set(methods)

    def hold_bodies(self, *methods: str) -> None:
        """Answers to `methods` send their status line and headers, and their body only after
        release(): the bot has Telegram's acceptance, the rest is still on its way."""
        with self._cv:
            self._held_bodies |= set(methods)

    def release(self) -> None:
        with self._cv:
            self._held.clear()
            self._held_bodies.clear()
            self._cv.notify_all()

    # -- users' side --------------------------------------------------------------------------

    def _user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"user{user_id}", "language_code": "zh-hans"}

    def _chat(self, chat_id: int, chat_type: str) -> dict:
        chat = {"id": chat_id, "type": chat_type}
        chat.update(
            {"first_name": f"user{chat_id}"} if chat_type == "private" else {"title": f"group{chat_id}"}
        )
        self.chats[chat_id] = chat
        return chat

    def update(self, kind: str, payload: dict) -> dict:
        """An update as Telegram would deliver it, without queueing it for getUpdates (webhooks)."""
        with self._cv:
            self._next_update += 1
            return {"update_id": self._next_update - 1, kind: payload}

    def message(self, chat_id: int, text: str, chat_type: str = "private") -> dict:
        return {
            "message_id": self._message_id(),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": self._user(chat_id),
            "text": text,
        }

    def _push(self, kind: str, payload: dict) -> int:
        with self._cv:
            update_id = self._next_update
            self._next_update += 1
            self._updates.append({"update_id": update_id, kind: payload})
            self._cv.notify_all()
        return update_id

    def _message_id(self) -> int:
        with self._cv:
            self._next_message += 1
            return self._next_message - 1

    def say(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to: dict | None = None,
        photo: bool = False,
    ) -> dict:
        """A user sends `text` in a chat (as a photo's caption with `photo`); commands and
        @mentions get their entities, as in Telegram."""
        entities = []
        command = re.match(r"/\w+(?:@\w+)?", text)
        if command:
            entities.append({"type": "bot_command", "offset": 0, "length": utf16(command.group())})
        for m in re.finditer(r"@\w+", text):
            if not (command and m.start() < command.end()):
                entities.append(
                    {"type": "mention", "offset": utf16(text[: m.start()]), "length": utf16(m.group())}
                )
        message_id = self._message_id()
        message: dict = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": self._user(user_id or chat_id),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if photo:
            message["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
            message["caption"] = message.pop("text")
            if entities:
                message["caption_entities"] = message.pop("entities")
        if reply_to:
            message["reply_to_message"] = reply_to
        self.update_of[message_id] = self._push("message", message)
        return message

    def edit(self, message: dict, text: str) -> None:
        """The user edits their earlier `message` to read `text`."""
        edited = {**message, "text": text, "edit_date": int(time.time()) + 1}
        edited.pop("entities", None)
        self._push("edited_message", edited)

    def press(self, message: dict, data: str, user_id: int) -> str:
        """A user presses the inline button with `data` under the bot's `message`."""
        with self._cv:
            query_id = str(self._next_query)
            self._next_query += 1
        self._push(
            "callback_query",
            {
                "id": query_id,
                "from": self._user(user_id),
                "message": message,
                "chat_instance": f"ci{message['chat']['id']}",
                "data": data,
            },
        )
        return query_id

    def inline(self, user_id: int, query: str) -> str:
        """A user types `@bot query` in any chat."""
        with self._cv:
            query_id = str(self._next_query)
            self._next_query += 1
        self._push(
            "inline_query",
            {
                "id": query_id,
                "from": self._user(user_id),
                "query": query,
                "offset": "",
                "chat_type": "sender",
            },
        )
        return query_id

    # -- observing ------------------------------------------------------------------------------

    def wait(self, predicate, timeout: float = 20.0):
        """The first truthy value of predicate() within timeout, checked as the bot calls in."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the bot did not do what was expected in time")
                self._cv.wait(left)

    def replies(self, chat_id: int) -> list[dict]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    def next_reply(self, chat_id: int, after: int, timeout: float = 20.0) -> dict:
        """The first message the bot sends to chat_id beyond the first `after` ones."""
        return self.wait(lambda: (r := self.replies(chat_id)) and len(r) > after and r[after], timeout)

    def called(self, method: str) -> list[dict]:
        return [params for name, params in self.calls if name == method]

    # -- the Bot API ------------------------------------------------------------------------------

    def _call(self, method: str, params: dict):
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            raise LookupError(method)
        return handler(params)

    def _api_getme(self, p):
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def _api_deletewebhook(self, p):
        self.webhook = None
        return True

    def _api_setwebhook(self, p):
        if not str(p.get("url", "")).startswith("https://"):
            raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = p
        return True

    def _api_setmycommands(self, p):
        for c in p.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", c["command"]) or not 1 <= len(c["description"]) <= 256:
                raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
        return True

    def _api_getupdates(self, p):
        offset, timeout = int(p.get("offset") or 0), float(p.get("timeout") or 0)
        limit = int(p.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._cv:
            self.offset = max(self.offset, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._cv.wait(deadline - time.monotonic())
            return self._updates[:limit]

    def _api_sendchataction(self, p):
        return True

    def _new_message(self, p: dict) -> dict:
        text = visible_text(p.get("text", ""), p.get("parse_mode"))
        markup = p.get("reply_markup")
        check_markup(markup)
        chat_id = int(p["chat_id"])
        message = {
            "message_id": self._message_id(),
            "date": int(time.time()),
            "chat": self.chats.get(chat_id, {"id": chat_id, "type": "private"}),
            "from": self.bot_user,
            "text": text,
            "html": p.get("text"),
        }
        reply_to = (p.get("reply_parameters") or {}).get("message_id") or p.get("reply_to_message_id")
        if reply_to:
            message["reply_to"] = int(reply_to)
        if markup:
            message["reply_markup"] = markup
        return message

    def _api_sendmessage(self, p):
        message = self._new_message(p)
        with self._cv:
            self.sent.append(message)
        return {k: v for k, v in message.items() if k != "html"}

    def _api_editmessagetext(self, p):
        message = self._new_message(p)
        message["message_id"] = int(p["message_id"])
        with self._cv:
            self.sent.append(message)
        return {k: v for k, v in message.items() if k != "html"}

    def _api_answercallbackquery(self, p):
        if len(p.get("text") or "") > 200:
            raise BadRequest("Bad Request: text is too long")
        self.callback_answers[str(p["callback_query_id"])] = p
        return True

    def _api_answerinlinequery(self, p):
        results = p.get("results", [])
        if len(results) > 50 or len({r["id"] for r in results}) != len(results):
            raise BadRequest("Bad Request: RESULTS_TOO_MUCH or duplicate ids")
        for r in results:
            if not r.get("title") or len(r["id"].encode()) > 64:
                raise BadRequest("Bad Request: RESULT_ID_INVALID or empty title")
            content = r["input_message_content"]
            content["text"] = visible_text(content["message_text"], content.get("parse_mode"))
        self.inline_answers[str(p["inline_query_id"])] = {**p, "results": results}
        return True

    def _handler(self):
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            # Headers and body go out in two writes: with Nagle's algorithm the second waits for
            # the client's delayed ACK (40 ms), a delay of this server's, not of Telegram's.
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                self.do_POST()

            method = ""

            def do_POST(self):
                match = re.fullmatch(r"/bot([^/]+)/(\w+)", self.path.split("?")[0])
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if not match or match.group(1) != emulator.token:
                    return self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                method = self.method = match.group(2)
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(body or "{}")
                else:  # python-telegram-bot sends form fields, lists and objects JSON-encoded
                    params = {k: json.loads(v) if v[:1] in "[{" else v for k, v in parse_qsl(body)}
                with emulator._cv:
                    while method in emulator._held:
                        emulator._cv.wait()
                time.sleep(emulator._delay(method))
                if self._sender_gone():
                    return
                fault = emulator._fault(method)
                if fault == "drop":
                    self.close_connection = True
                    return
                if fault == "timeout":
                    time.sleep(8)
                    self.close_connection = True
                    return
                if fault == "500":
                    return self._reply(
                        500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
                    )
                if fault == "429":
                    return self._reply(
                        429,
                        {
                            "ok": False,
                            "error_code": 429,
                            "parameters": {"retry_after": 1},
                            "description": "Too Many Requests: retry after 1",
                        },
                    )
                with emulator._cv:
                    emulator.calls.append((method, params))
                    emulator._cv.notify_all()
                try:
                    result = emulator._call(method, params)
                except LookupError:
                    return self._reply(
                        404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
                    )
                except BadRequest as e:
                    emulator.rejected.append((method, str(e)))
                    return self._reply(400, {"ok": False, "error_code": 400, "description": str(e)})
                with emulator._cv:
                    emulator._cv.notify_all()
                self._reply(200, {"ok": True, "result": result})

            def _sender_gone(self) -> bool:
                import socket

                try:
                    return self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
                except BlockingIOError:
                    return False
                except OSError:
                    return True

            def _reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    with emulator._cv:
                        while status == 200 and self.method in emulator._held_bodies:
                            emulator._cv.wait()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webhook_config(port: int) -> str:
    """The config lines of webhook mode, behind a proxy that forwards to 127.0.0.1:`port`."""
    return (
        "  mode: webhook\n  webhook:\n    url: https://bot.example.org/qabot\n"
        f"    listen: 127.0.0.1\n    port: {port}\n    path: qabot\n"
    )


class BotProcess:
    """`qabot telegram` running against an emulator, as the user sees it; in webhook mode when
    given the port it listens on (see `webhook_config`)."""

    def __init__(
        self, api: BotAPIEmulator, home, config: str, *extra: str, webhook_port: int | None = None, env=None
    ) -> None:
        import os
        import subprocess

        from .conftest import QABOT, ROOT

        self.api = api
        self.webhook_port = webhook_port
        self.config = home / "config.yaml"
        self.config.write_text(config, encoding="utf-8")
        self.log = open(home / "bot.log", "a+", encoding="utf-8")
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_BASE_URL": api.base_url,
            "HOME": str(home),
            **(env or {}),
        }
        polls = len(api.called("getUpdates"))
        webhooks = len(api.called("setWebhook"))
        self.process = subprocess.Popen(
            [str(QABOT), "--config", str(self.config), "telegram", *extra],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        if webhook_port is None:
            api.wait(lambda: len(api.called("getUpdates")) > polls, timeout=60)
        else:
            api.wait(lambda: len(api.called("setWebhook")) > webhooks, timeout=60)
            self._wait_for_port(webhook_port)

    @staticmethod
    def _wait_for_port(port: int, timeout: float = 30.0) -> None:
        import socket

        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def post(self, update: dict, secret: str | None = None) -> int:
        """Deliver `update` to the bot's webhook as Telegram would; the HTTP status it answers."""
        import urllib.error
        import urllib.request

        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.webhook_port}/qabot",
            data=json.dumps(update).encode(),
            method="POST",
            headers=headers,
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as e:
            return e.code

    def ask(self, chat: int, text: str, **kw) -> dict:
        before = len(self.api.replies(chat))
        self.api.say(chat, text, **kw)
        return self.api.next_reply(chat, before)

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM, as a service manager stops it; its exit code (TimeoutExpired if it outlasts
        `timeout`)."""
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except BaseException:
                self.process.kill()
                self.process.wait()
                raise
        self.log.close()
        return self.process.returncode

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        self.log.close()

    def read_log(self) -> str:
        with open(self.log.name, encoding="utf-8") as f:
            return f.read()
