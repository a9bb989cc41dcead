"""Keep secrets out of every log line, message and traceback.

A Bot API URL holds the bot token (…/bot<token>/getUpdates), and httpx logs URLs, network
errors quote them, tracebacks repeat them. One filter on every log handler replaces the token,
in any of its spellings, before anything is written.
"""

from __future__ import annotations

import logging
import traceback
from urllib.parse import quote

MASK = "<redacted>"


class Redactor(logging.Filter):
    def __init__(self, *secrets: str) -> None:
        super().__init__()
        forms: set[str] = set()
        for secret in filter(None, secrets):
            forms |= {secret, quote(secret, safe=""), secret.split(":", 1)[-1]}
        # Longest first, so a whole token is masked before its secret half would be.
        self.forms = sorted((f for f in forms if len(f) >= 8), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self(record.getMessage()), None
        if record.exc_info:
            record.exc_text = self("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self(record.exc_text)
        if record.stack_info:
            record.stack_info = self(record.stack_info)
        return True


def install(*secrets: str) -> Redactor:
    """Mask `secrets` on every handler of the root logger (where qabot's logging goes)."""
    redactor = Redactor(*secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor
