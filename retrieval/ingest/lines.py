"""What a line of text is by its punctuation: a sentence's end, a heading. Kept apart from the
page parsers so that the index and answer stages use it without loading them."""

from __future__ import annotations

# Sentence-final punctuation: a line ending in one is text, not a heading or a title.
TERMINATORS = "。！？!?；;"  # where sentences end
FINAL_PUNCT = TERMINATORS + "…"  # what ends a line of article text, not a heading
CLOSERS = "”’\"'」』）)】》〉"


def is_heading(line: str, heading_max: int) -> bool:
    """A short line with no sentence-final punctuation: a title, a section heading, a caption."""
    return 0 < len(line) <= heading_max and not ends_sentence(line)


def ends_sentence(line: str) -> bool:
    """True when the line ends in sentence-final punctuation, closing quotes and brackets aside."""
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in FINAL_PUNCT
