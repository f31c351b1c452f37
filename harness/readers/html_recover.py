"""Recovering code from text that sits outside any HTML markup.

Scraped pages (seed 004) carry, after the HTML, raw JSON objects and listings whose
line numbers were glued into the text when the newlines were lost::

    1curl --request POST \\2 --url '…' \\3 --header 'accept: application/json'1{2 "a": 1,3}

`recover` scans such text once, left to right. At each ``{``/``[`` it tries a JSON value
(`json.JSONDecoder.raw_decode`); at each ``1`` that follows a line-ending character it
tries a numbered listing: lines 1, 2, 3… in order, each number right after a character
that can end a line (`LINE_ENDERS`), until a new listing restarts at 1 (after `ENDERS`). A listing is kept
when its de-numbered text parses as JSON (language "json", cut where the JSON ends) or
when it is a shell command (first word in `SHELL_COMMANDS`, or ``\\`` continuations),
cut after its last continued line (language "shell"). Whatever is left is prose:
a Paragraph. Each recovered block comes with a "recovered-block" Finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from harness.docmodel import Block, CodeBlock, Finding, Inline, Paragraph

ENDERS = frozenset("\\,{}[]'\";)")
"""Characters after which a glued line number (and a new listing's "1") may follow."""
LINE_ENDERS = ENDERS | frozenset("el")
"""…and after which the next line number may follow within a listing (``true``, ``false``, ``null``)."""
SHELL_COMMANDS = frozenset(("curl", "wget", "http", "aws", "python", "python3", "pip", "npm", "docker", "kubectl",
                            "gcloud", "az", "openstack", "$"))
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    code: str
    language: str


def recover(path: str, text: str, line: int) -> tuple[list[Block], list[Finding]]:
    """Blocks read from ``text`` (which starts on ``line``) and a finding per recovered block."""
    blocks: list[Block] = []
    found_list: list[Finding] = []
    lines = _LineCounter(text, line)
    plain_from = 0
    i = 0
    while i < len(text):
        char = text[i]
        found = None
        if char in "{[":
            found = _json_at(text, i)
        elif char == "1" and _restart(text, i):
            found = _listing_at(text, i)
        if found is None:
            i += 1
            continue
        _prose(path, text, plain_from, found.start, lines, blocks)
        at = lines.at(found.start)
        blocks.append(CodeBlock(path=path, line=at, code=found.code, language=found.language))
        found_list.append(Finding(severity="info", code="recovered-block", line=at,
                                  message=f"{found.language} block recovered from text outside HTML markup"))
        i = plain_from = found.end
    _prose(path, text, plain_from, len(text), lines, blocks)
    return blocks, found_list


class _LineCounter:
    """Line of an offset, for offsets asked in increasing order (linear overall)."""

    def __init__(self, text: str, line: int) -> None:
        self.text, self.pos, self.line = text, 0, line

    def at(self, offset: int) -> int:
        if offset < self.pos:
            return self.line - self.text.count("\n", offset, self.pos)
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


def _prose(path: str, text: str, start: int, end: int, lines: _LineCounter, out: list[Block]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Paragraph(path=path, line=lines.at(start + lead), inlines=(Inline("text", stripped),)))


def _json_at(text: str, i: int) -> _Found | None:
    try:
        value, end = _DECODER.raw_decode(text, i)
    except ValueError:
        return None
    if not value or not isinstance(value, (dict, list)):
        return None
    return _Found(i, end, text[i:end], "json")


def _restart(text: str, i: int) -> bool:
    """Is the "1" at ``i`` a plausible first glued line number?"""
    before = text[i - 1] if i else "\n"
    after = text[i + 1: i + 2]
    return (before in ENDERS or before.isspace()) and after != "" and not after.isdigit() and not after.isspace()


def _number_at(text: str, number: str, start: int, enders: frozenset[str] = ENDERS) -> int | None:
    """Next offset ≥ start where ``number`` follows one of ``enders`` and is not part of a longer number."""
    at = text.find(number, start)
    while at != -1:
        end = at + len(number)
        if at > 0 and text[at - 1] in enders and not text[end: end + 1].isdigit():
            return at
        at = text.find(number, at + 1)
    return None


def _lines_of(text: str, i: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each glued line of the listing starting with the "1" at ``i``."""
    pieces: list[tuple[int, int]] = []
    pos, k = i + 1, 1
    while True:
        nxt = _number_at(text, str(k + 1), pos, LINE_ENDERS)
        restart = _number_at(text, "1", pos)
        if nxt is None or (restart is not None and restart < nxt and _restart(text, restart)):
            newline = text.find("\n", pos)
            ends = [e for e in (restart, newline if newline != -1 else None) if e is not None]
            pieces.append((pos, min(ends) if ends else len(text)))
            return pieces
        pieces.append((pos, nxt))
        pos, k = nxt + len(str(k + 1)), k + 1


def _listing_at(text: str, i: int) -> _Found | None:
    pieces = _lines_of(text, i)
    lines = [text[s:e].rstrip() for s, e in pieces]
    head = lines[0].lstrip()
    if head[:1] in ("{", "["):
        return _json_listing(text, pieces, lines)
    words = head.split()
    continued = len(lines) > 1 and lines[0].endswith("\\")
    if not words or not (words[0] in SHELL_COMMANDS or continued):
        return None
    count = 1
    while count < len(lines) and lines[count - 1].endswith("\\"):
        count += 1
    return _Found(i, pieces[count - 1][1], "\n".join(lines[:count]), "shell")


def _json_listing(text: str, pieces: list[tuple[int, int]], lines: list[str]) -> _Found | None:
    joined = "\n".join(lines)
    lead = len(joined) - len(joined.lstrip())
    try:
        value, end = _DECODER.raw_decode(joined, lead)
    except ValueError:
        return None
    if not isinstance(value, (dict, list)):
        return None
    offset = 0
    for (start, _stop), line in zip(pieces, lines):
        if end <= offset + len(line):
            return _Found(pieces[0][0] - 1, start + (end - offset), joined[:end], "json")
        offset += len(line) + 1
    return _Found(pieces[0][0] - 1, pieces[-1][1], joined[:end], "json")
