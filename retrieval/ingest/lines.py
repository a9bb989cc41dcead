"""What a line of text is by its punctuation: a sentence's end, a heading. Kept apart from the
page parsers so that the index and answer stages use it without loading them."""

from __future__ import annotations

# Sentence-final punctuation: a line ending in one is text, not a heading or a title.
TERMINATORS = "。！？!?；;"  # where sentences end
FINAL_PUNCT = TERMINATORS + "…"  # what ends a line of article text, not a heading
CLOSERS = "”’\"'」』）)】》〉"
# A line ending in one of these goes on into the next: pages written for phones break a sentence
# into short lines at its commas (第二阶段的沥青路面专项维修工程，/将从无锡收费站往北…).
CONTINUING = "，,、"


def is_heading(line: str, heading_max: int) -> bool:
    """A short line with no sentence-final punctuation, not going on into the next: a title, a
    section heading, a caption."""
    return 0 < len(line) <= heading_max and not ends_sentence(line) and not goes_on(line)


def goes_on(line: str) -> bool:
    """True when the line breaks off its sentence at a comma, to go on in the next line."""
    return line.rstrip().endswith(tuple(CONTINUING))


def ends_sentence(line: str) -> bool:
    """True when the line ends in sentence-final punctuation, closing quotes and brackets aside."""
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in FINAL_PUNCT
