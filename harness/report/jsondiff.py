"""Expected vs observed, readable: equal values once, short values inline, the rest as a split diff.

Both values are pretty-printed as JSON with sorted keys (so that the same object always prints the same
way) and compared line by line with difflib. Long runs of equal lines fold to one "⋯ N unchanged lines"
row; a value longer than `MAX_CHARS` is cut, and a diff longer than `MAX_ROWS` rows ends with a note,
so that one huge body cannot swamp the page. Everything here is plain text: the template escapes it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

INLINE_WIDTH = 72
"""Values whose JSON fits one line this wide are shown side by side on one line."""
CONTEXT = 2
"""Equal lines kept around each change."""
MAX_ROWS = 120
"""Rows of a split diff before the rest is left out."""
MAX_CHARS = 20_000
"""Characters of one pretty-printed value before it is cut."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a split diff."""

    op: str
    """"same" | "del" (expected only) | "add" (observed only) | "chg" | "fold" (equal lines left out)."""
    left: str
    """The expected side's line ("" when absent); for "fold", the note."""
    right: str
    """The observed side's line ("" when absent)."""
    left_no: int | None
    """1-based line number of the expected side."""
    right_no: int | None
    """1-based line number of the observed side."""


@dataclass(frozen=True, slots=True)
class Diff:
    """How to show a pair of values."""

    kind: str
    """"same" (equal: ``left`` only), "inline" (both short: ``left`` and ``right``), "split" (``rows``)."""
    left: str = ""
    right: str = ""
    rows: tuple[Row, ...] = ()


def pretty(value: Any, limit: int = MAX_CHARS) -> str:
    """``value`` as indented JSON with sorted keys, cut at ``limit`` characters."""
    try:
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > limit:
        text = text[:limit] + f"\n… ({len(text) - limit} more characters; see results.json)"
    return text


def compact(value: Any) -> str:
    """``value`` as one-line JSON."""
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    except (TypeError, ValueError):
        return repr(value)


def diff(expected: Any, observed: Any, split: bool = True) -> Diff:
    """How to show ``expected`` next to ``observed``; without ``split``, never as a split diff (for passes,
    where the values agree in the way the check cares about and a line-by-line diff would only be noise)."""
    if expected == observed and type(expected) is type(observed):
        one = compact(expected)
        return Diff("same", one if len(one) <= INLINE_WIDTH else pretty(expected))
    left, right = compact(expected), compact(observed)
    if not split or (len(left) <= INLINE_WIDTH and len(right) <= INLINE_WIDTH):
        return Diff("inline", _cut(left), _cut(right))
    return Diff("split", rows=tuple(split_rows(pretty(expected).split("\n"), pretty(observed).split("\n"))))


def _cut(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def split_rows(a: list[str], b: list[str]) -> list[Row]:
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += _equal(a, i1, i2, j1, first=not rows, last=i2 == len(a))
        elif op == "replace":
            for k in range(max(i2 - i1, j2 - j1)):
                li, rj = i1 + k, j1 + k
                left = a[li] if li < i2 else ""
                right = b[rj] if rj < j2 else ""
                kind = "chg" if li < i2 and rj < j2 else ("del" if li < i2 else "add")
                rows.append(Row(kind, left, right, li + 1 if li < i2 else None, rj + 1 if rj < j2 else None))
        elif op == "delete":
            rows += [Row("del", a[i], "", i + 1, None) for i in range(i1, i2)]
        else:
            rows += [Row("add", "", b[j], None, j + 1) for j in range(j1, j2)]
        if len(rows) > MAX_ROWS:
            left_out = len(rows) - MAX_ROWS
            return rows[:MAX_ROWS] + [Row("fold", f"… the diff goes on ({left_out}+ more rows; see results.json)",
                                          "", None, None)]
    return rows


def _equal(a: list[str], i1: int, i2: int, j1: int, *, first: bool, last: bool) -> list[Row]:
    """Equal lines, keeping CONTEXT lines next to changes and folding the rest."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    n = i2 - i1
    if n <= keep_head + keep_tail + 1:
        return [Row("same", a[i1 + k], a[i1 + k], i1 + k + 1, j1 + k + 1) for k in range(n)]
    head = [Row("same", a[i1 + k], a[i1 + k], i1 + k + 1, j1 + k + 1) for k in range(keep_head)]
    tail = [Row("same", a[i2 - keep_tail + k], a[i2 - keep_tail + k], i2 - keep_tail + k + 1,
                j1 + n - keep_tail + k + 1) for k in range(keep_tail)]
    folded = n - keep_head - keep_tail
    return head + [Row("fold", f"⋯ {folded} unchanged line{'s' if folded != 1 else ''}", "", None, None)] + tail
