"""Raw input → clean text, and line look-ups shared by the readers.

`load` and `decode` turn bytes into normalised text or raise `ReadError` with a
one-line reason (OS error, invalid UTF-8 with its line, binary junk, empty).
`normalize` is idempotent, so readers called directly with text apply it too.
`SourceLines` answers "on which line near here does this word appear?" with a
bounded forward scan, which readers use to repair line numbers a parser left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from harness.errors import ReadError

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")
BINARY_RATIO = 0.10
"""Above this share of control characters a text is junk, not a document."""
SEARCH_WINDOW = 400
"""How many lines past a lower bound `SourceLines.find` looks before giving up."""


def load(path: str) -> bytes:
    """The file's bytes; any OS failure (missing, directory, permission) → ReadError."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise ReadError(path=path, reason=exc.strerror or type(exc).__name__) from None


def decode(path: str, data: bytes) -> str:
    """UTF-8 text of ``data`` (BOM dropped, line ends normalised), or ReadError."""
    if b"\x00" in data:
        raise ReadError(path=path, reason="not a text document (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _looks_binary(data[:4096]):
            raise ReadError(path=path, reason="not a text document") from None
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        raise ReadError(path=path, line=line, reason=f"invalid UTF-8 (byte 0x{byte:02x})") from None
    return check_text(path, text)


def check_text(path: str, text: str) -> str:
    """Normalised ``text``, or ReadError when it is binary junk or empty."""
    if "\x00" in text or _control_share(text[:8192]) > BINARY_RATIO:
        raise ReadError(path=path, reason="not a text document")
    text = normalize(text)
    if not text.strip():
        raise ReadError(path=path, reason="empty document")
    return text


def normalize(text: str) -> str:
    """Drop a BOM and turn CRLF / CR line ends into LF."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as the parsers count them (LF only; no phantom line after a final LF)."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def stem(path: str) -> str:
    return PurePath(path).stem or path


def first_word(text: str) -> str:
    """The first run of word characters in ``text`` (or its first token, or "")."""
    match = _WORD.search(text)
    if match:
        return match.group()
    parts = text.split()
    return parts[0] if parts else ""


@dataclass(frozen=True, slots=True)
class SourceLines:
    """The source's lines, for locating text near a known line."""

    lines: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.lines)

    def has(self, line: int | None, needle: str) -> bool:
        return bool(line) and 0 < line <= len(self.lines) and needle in self.lines[line - 1]  # type: ignore[operator]

    def find(self, needle: str, start: int, window: int = SEARCH_WINDOW) -> int | None:
        """First 1-based line ≥ ``start`` (within ``window`` lines) containing ``needle``."""
        if not needle:
            return None
        start = max(start, 1)
        stop = min(len(self.lines), start + window)
        for index in range(start - 1, stop):
            if needle in self.lines[index]:
                return index + 1
        return None

    def clamp(self, line: int) -> int:
        return min(max(line, 1), max(len(self.lines), 1))

    def locate(self, text: str, hints: tuple[int | None, ...], floor: int) -> int:
        """Best line for a node whose text starts with ``text``.

        The first hint whose line holds the text's first word wins; else the first line
        from ``floor`` on that holds it; else the first usable hint, else ``floor``.
        """
        word = first_word(text)
        for hint in hints:
            if hint and self.has(hint, word):
                return hint
        found = self.find(word, floor) if word else None
        if found:
            return found
        for hint in hints:
            if hint:
                return self.clamp(hint)
        return self.clamp(floor)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _looks_binary(data: bytes) -> bool:
    if not data:
        return False
    odd = sum(1 for b in data if b < 9 or 13 < b < 32 or b == 127)
    high = sum(1 for b in data if b >= 128)
    return odd / len(data) > BINARY_RATIO or high / len(data) > 0.3
