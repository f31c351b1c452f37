"""Collecting inline runs into clean `Inline` tuples, the same way for every reader.

Readers push ``(kind, text, target)`` pieces in source order through `Runs`; nested
styles resolve by `PRIORITY` (a link inside bold reads as a link, code inside a link
as code carrying the link's target). `Runs.finish` merges neighbours of one style,
drops spaces before line breaks and trims the ends, reporting how many line breaks
it trimmed from the front so the caller can move its line down.
"""

from __future__ import annotations

import re

from harness.docmodel import Inline

_SPACE_BEFORE_BREAK = re.compile(r"[ \t]+\n")

PRIORITY = {"text": 0, "emphasis": 1, "strong": 2, "link": 3, "code": 4}
"""Which style wins when styles nest."""


def stronger(outer: str, inner: str) -> str:
    return inner if PRIORITY.get(inner, 0) >= PRIORITY.get(outer, 0) else outer


class Runs:
    """A mutable list of inline pieces; `finish` turns it into a clean tuple."""

    __slots__ = ("_newlines", "_pieces")

    def __init__(self) -> None:
        self._pieces: list[list] = []
        self._newlines = 0

    def add(self, kind: str, text: str, target: str | None = None) -> None:
        if not text:
            return
        self._newlines += text.count("\n")
        last = self._pieces[-1] if self._pieces else None
        if last is not None and last[0] == kind and last[2] == target:
            last[1] += text
        else:
            self._pieces.append([kind, text, target])

    def newlines(self) -> int:
        """Line breaks added so far."""
        return self._newlines

    def ends_with_space(self) -> bool:
        return not self._pieces or self._pieces[-1][1][-1:].isspace()

    def __bool__(self) -> bool:
        return any(p[1].strip() for p in self._pieces)

    def finish(self) -> tuple[tuple[Inline, ...], int]:
        """(inlines, number of leading line breaks trimmed)."""
        pieces = self._pieces
        if len(pieces) == 1:
            kind, text, target = pieces[0]
            stripped = text.strip()
            if "\n" in stripped and (" \n" in stripped or "\t\n" in stripped):
                stripped = _SPACE_BEFORE_BREAK.sub("\n", stripped)
            lead = text.count("\n", 0, len(text) - len(text.lstrip())) if text[:1].isspace() else 0
            return ((Inline(kind, stripped, target),) if stripped else ()), lead
        last = len(pieces) - 1
        for index, piece in enumerate(pieces):
            text = piece[1]
            if "\n" in text and (" \n" in text or "\t\n" in text):
                text = _SPACE_BEFORE_BREAK.sub("\n", text)
            if index < last and pieces[index + 1][1][0] == "\n":
                text = text.rstrip(" \t")
            piece[1] = text
        lead = 0
        while pieces:
            text = pieces[0][1]
            stripped = text.lstrip()
            if len(stripped) != len(text):
                lead += text.count("\n", 0, len(text) - len(stripped))
            if stripped:
                pieces[0][1] = stripped
                break
            pieces.pop(0)
        while pieces:
            stripped = pieces[-1][1].rstrip()
            if stripped:
                pieces[-1][1] = stripped
                break
            pieces.pop()
        return tuple(Inline(kind, text, target) for kind, text, target in pieces if text), lead


def plain(inlines: tuple[Inline, ...]) -> str:
    return "".join(i.text for i in inlines)
