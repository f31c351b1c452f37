"""Which format a text is written in, judged from its content.

Each format has a list of `Signal`\\ s (a pattern and a weight); a format's score is
the sum over its signals of weight × matches (at most `Signal.cap` matches count, so
one habit cannot outvote the rest). The highest score wins; the file extension only
breaks ties (then Markdown, where plain prose reads fine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

SAMPLE = 4096
"""Characters of the text looked at first; the whole text (up to `FULL`) only when they say nothing."""
FULL = 1 << 20


@dataclass(frozen=True, slots=True)
class Signal:
    pattern: re.Pattern[str]
    weight: float
    cap: int = 10
    """Matches beyond this many add nothing."""


def _s(pattern: str, weight: float, cap: int = 10) -> Signal:
    return Signal(re.compile(pattern, re.MULTILINE), weight, cap)


_BLOCK_TAGS = r"(?:p|div|ul|ol|li|table|thead|tbody|tr|td|th|h[1-6]|html|body|head|pre|section|article|dl|dt|dd|span)"

SIGNALS: dict[str, tuple[Signal, ...]] = {
    "markdown": (
        _s(r"^ {0,3}#{1,6}[ \t]+\S", 3),  # ATX heading
        _s(r"^[ \t]*(?:```|~~~)", 3),  # fence
        _s(r"^[ \t]*\+[ \t]+\S", 2),  # "+ " bullet (RST never uses it)
        _s(r"^[ \t]*[-*][ \t]\S", 0.5),  # "- " bullet (RST too)
        _s(r"\*\*[^*\s][^*\n]*\*\*", 0.5),  # **bold** (RST too)
        _s(r"\[[^\]\n]+\]\((?:[^()\s]|\([^()\s]*\))+\)", 3),  # [text](url)
        _s(r"\\[_()\.\-#*]", 1),  # AWS-style backslash escapes
        _s(r"^\|.*\|[ \t]*\n\|[ \t:]*-{3,}", 3),  # pipe table
    ),
    "rst": (
        _s(r"^(?=\S)[^\n]+\n([=\-~^\"'*+#:.`_])\1{2,}[ \t]*$", 3),  # underlined title
        _s(r"^([=\-~^\"'*+#])\1{2,}[ \t]*\n[^\n]+\n\1{3,}[ \t]*$", 3),  # over+underlined title
        _s(r"^[ \t]*\.\.[ \t]+[\w:.-]+::", 4),  # directive
        _s(r"^[ \t]*\.\.[ \t]+_[^:\n]+:", 4),  # label
        _s(r":[\w:.-]+:`[^`\n]+`", 3),  # :role:`text`
        _s(r"^:[\w -]+:(?:[ \t]|$)", 1),  # field list
        _s(r"``[^`\n]+``", 1),  # inline literal
        _s(r"`[^`\n]+ <[^>\n]+>`__?", 3),  # `text <url>`_
        _s(r"::[ \t]*$", 1),  # literal block
        _s(r"^[ \t]*\+[-=]+\+", 2),  # grid table border
    ),
    "html": (
        _s(rf"<{_BLOCK_TAGS}\b[^<>]*>", 2),  # opening block tag
        _s(rf"</{_BLOCK_TAGS}>", 2),  # closing block tag
        _s(r"<(?:code|b|strong|em|i)>[^<]*</(?:code|b|strong|em|i)>", 1),  # inline markup
        _s(r"<!DOCTYPE html|<html\b", 10, 1),
    ),
}
"""Format → the signals that speak for it."""

EXTENSIONS: dict[str, str] = {".md": "markdown", ".markdown": "markdown", ".rst": "rst", ".rest": "rst",
                              ".html": "html", ".htm": "html", ".xhtml": "html"}
DEFAULT = "markdown"


def scores(text: str) -> dict[str, float]:
    out = _scores(text[:SAMPLE])
    if len(text) > SAMPLE and not any(out.values()):
        out = _scores(text[:FULL])
    return out


def _scores(sample: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for fmt, signals in SIGNALS.items():
        total = 0.0
        for signal in signals:
            count = 0
            for _ in signal.pattern.finditer(sample):
                count += 1
                if count >= signal.cap:
                    break
            total += count * signal.weight
        out[fmt] = total
    return out


def detect_format(text: str, path: str = "") -> str:
    """The format ``text`` is most likely written in: "markdown", "rst" or "html"."""
    by_extension = EXTENSIONS.get(PurePath(path).suffix.lower()) if path else None
    ranked = scores(text)
    return max(ranked, key=lambda fmt: (ranked[fmt], fmt == by_extension, fmt == DEFAULT))
