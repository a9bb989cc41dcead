"""Markup out of a line of text: what a Markdown file or a question pasted from a page or a chat
carries besides its words."""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r"^#{1,6}\s+|\s+#+$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_LIST_MARK = re.compile(r"^(?:>\s*)+|^[-*+]\s+")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# What a page runs or styles itself with, never shown: `<script>alert(1)</script>` says nothing.
_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# A web address, by the characters an address may have: 阳泉 right after one is not part of it.
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def markdown_plain(line: str) -> str:
    """A Markdown line as text: no heading marks, emphasis, images or link targets."""
    line = _LIST_MARK.sub("", _HEADING.sub("", line))
    return _EMPHASIS.sub(r"\2", _LINK.sub(r"\1", _IMAGE.sub("", line))).strip()


def plain(text: str) -> str:
    """Text as a person reads it: HTML tags and entities, Markdown and web addresses dropped,
    the words they mark kept (`[阳泉](http://…)` → 阳泉, `<b>阳泉</b>` → 阳泉), and scripts and
    styles, which a page never shows, dropped whole."""
    text = _TAG.sub("", _HIDDEN.sub("", text))
    return _URL.sub(" ", markdown_plain(html.unescape(text))).strip()
