"""The page's own line breaks put back into an extractor's text.

An extractor drops what it takes for no text (an image's `<div>`, an empty block) and joins the
text on either side of it into one line: `…提升50%。问题来了`, a heading glued to the sentence
above it. A line of its output that the page shows as several consecutive lines, joined end to
end (or by one space), is cut back into those lines; any other line is kept as it is.
"""

from __future__ import annotations

from collections import defaultdict


def page_breaks(extracted: list[str], page_lines: list[str]) -> list[str]:
    """The extracted lines, each cut where the page breaks it."""
    shown = set(page_lines)
    by_start: dict[str, list[str]] = defaultdict(list)
    for line in shown:
        if line:
            by_start[line[0]].append(line)
    out: list[str] = []
    for line in extracted:
        out += [line] if line in shown else _pieces(line, by_start) or [line]
    return out


def _pieces(line: str, by_start: dict[str, list[str]]) -> list[str] | None:
    """The page lines that joined end to end make up `line`, or None when none do."""
    came_from: dict[int, tuple[int, str]] = {0: (0, "")}  # end → (start, page line ending there)
    for start in range(len(line)):
        if start not in came_from:
            continue
        if start and line[start] == " ":
            came_from.setdefault(start + 1, (start, ""))
        for candidate in by_start.get(line[start], ()):
            if line.startswith(candidate, start):
                came_from.setdefault(start + len(candidate), (start, candidate))
    if len(line) not in came_from:
        return None
    pieces: list[str] = []
    end = len(line)
    while end:
        end, piece = came_from[end]
        if piece:
            pieces.append(piece)
    return pieces[::-1]
