"""Request/response syntax blocks: JSON (``"key": "string"``) and boto3's Python dict
literals (``'Status': 'A'|'B'``), read line by line into dotted field paths.

Enum names follow one rule shared with `enums`: ``<Operation>.<dotted path>``, where
list levels add nothing (``ProjectVersionDescriptions.Status``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from harness.docmodel import CodeBlock

_KEY = re.compile(r"""^\s*(?P<q>["'])(?P<key>[^"']+)(?P=q)\s*:\s*(?P<value>.*?)\s*,?\s*$""")
_ENUM = re.compile(r"""^(?P<q>["'])[^"']*(?P=q)(?:\s*\|\s*(?P=q)[^"']*(?P=q))+$""")
_ENUM_VALUE = re.compile(r"""["']([^"']*)["']""")


@dataclass(frozen=True, slots=True)
class SyntaxField:
    path: str
    """Dotted path from the top (``solutionVersion.status``)."""
    depth: int
    """1 for top-level keys."""
    type: str | None
    enum_values: tuple[str, ...]
    line: int
    text: str


def _type_of(value: str) -> str | None:
    v = value.strip().rstrip(",")
    if v.startswith("{"):
        return "structure"
    if v.startswith("["):
        return "list"
    if v.startswith(("'", '"')):
        return "string"
    if v in {"True|False", "true|false", "boolean", "true", "false", "True", "False"}:
        return "boolean"
    if v.startswith("datetime"):
        return "timestamp"
    if v in {"number", "123", "123.0"} or re.fullmatch(r"-?\d+(\.\d+)?", v):
        return "number"
    if v.startswith("b'") or v.startswith("StreamingBody"):
        return "blob"
    return None


def fields(block: CodeBlock) -> Iterator[SyntaxField]:
    """Every key of a syntax block with its dotted path, skipping a leading ``response = client.x(`` call."""
    stack: list[tuple[str, int]] = []  # (key, depth at which its value opened)
    depth = 0
    for i, line in enumerate(block.code.splitlines()):
        stripped = line.strip()
        m = _KEY.match(line)
        if m and depth >= 1:
            while stack and stack[-1][1] >= depth:
                stack.pop()
            key = m.group("key")
            path = ".".join([k for k, _ in stack] + [key])
            value = m.group("value")
            enum = tuple(_ENUM_VALUE.findall(value)) if _ENUM.match(value.rstrip(",").strip()) else ()
            yield SyntaxField(path, len(stack) + 1, _type_of(value), enum, block.line + i, stripped)
            change = _depth_change(value)
            if change > 0:
                stack.append((key, depth))
            depth += change
            continue
        depth += _depth_change(stripped)
        while stack and stack[-1][1] >= depth:
            stack.pop()


def _depth_change(text: str) -> int:
    s = re.sub(r"""(["'])(?:\\.|(?!\1).)*\1""", "", text)
    return s.count("{") + s.count("[") + s.count("(") - s.count("}") - s.count("]") - s.count(")")


def looks_like_syntax(block: CodeBlock) -> bool:
    code = block.code.lstrip()
    return code.startswith(("{", "[")) or bool(re.match(r"^\w+\s*=\s*\w+\.\w+\(", code))
