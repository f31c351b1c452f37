"""Turning a flat run of blocks and headings into nested `Section`s.

Markdown and HTML have flat headings; `nest` nests them by level. A tab
(``#### [ Python ]``) also ends at the first tab separator line after its heading,
and the code blocks inside a tab take the tab's title (see `retitle`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

from harness.docmodel import Block, CodeBlock, Inline, ListBlock, Section, Table


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading seen in a flat run, before nesting."""

    line: int
    level: int
    title: tuple[Inline, ...]
    anchor: str | None = None
    tab: bool = False


Entry = Block | Heading


@dataclass(slots=True)
class _Open:
    heading: Heading
    blocks: list
    closes_after: int | None
    """For a tab: the separator line that ends it."""


def nest(path: str, entries: Sequence[Entry], separators: Sequence[int] = ()) -> tuple[Block, ...]:
    """Nest ``entries`` by heading level; ``separators`` are the tab separator lines."""
    root: list = []
    stack: list[_Open] = []

    def close() -> None:
        top = stack.pop()
        h = top.heading
        blocks = tuple(top.blocks)
        if h.tab:
            blocks = tuple(retitle(b, "".join(i.text for i in h.title)) for b in blocks)
        section = Section(path=path, line=h.line, level=h.level, title=h.title, blocks=blocks,
                          anchor=h.anchor, tab=h.tab)
        (stack[-1].blocks if stack else root).append(section)

    for entry in entries:
        while stack and stack[-1].closes_after is not None and entry.line > stack[-1].closes_after:
            close()
        if isinstance(entry, Heading):
            while stack and stack[-1].heading.level >= entry.level:
                close()
            ends = None
            if entry.tab:
                at = bisect.bisect_right(separators, entry.line)
                ends = separators[at] if at < len(separators) else None
            stack.append(_Open(entry, [], ends))
        else:
            (stack[-1].blocks if stack else root).append(entry)
    while stack:
        close()
    return tuple(root)


def retitle(block: Block, title: str) -> Block:
    """``block`` with every untitled CodeBlock in it titled ``title``."""
    if isinstance(block, CodeBlock):
        return block if block.title is not None else replace(block, title=title)
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(
            replace(i, blocks=tuple(retitle(b, title) for b in i.blocks)) for i in block.items))
    if isinstance(block, Table):
        return replace(block, rows=tuple(
            replace(r, cells=tuple(replace(c, blocks=tuple(retitle(b, title) for b in c.blocks)) for c in r.cells))
            for r in block.rows))
    if isinstance(block, Section) and not block.tab:
        return replace(block, blocks=tuple(retitle(b, title) for b in block.blocks))
    return block


def first_title(blocks: Sequence[Block]) -> str | None:
    """Text of the first section in document order, if any."""
    for block in blocks:
        if isinstance(block, Section):
            found = block.text.strip() or first_title(block.blocks)
            if found:
                return found
    return None
