"""Markdown → document model, through markdown-it-py's token stream.

Pipeline: `prepare` (line rules, fence-aware, line count unchanged) → one shared
`MarkdownIt("commonmark")` with tables → `_Walker` maps block tokens to blocks and
headings through `HANDLERS` (token type → handler) → `sections.nest`.

AWS guide specifics handled here:

* lines of only dashes (``------``) separate tabs; before parsing they become an HTML
  comment (so they never make the line above a setext heading, yet still end a list
  as the rule did) and they close the tab they follow. A consequence: ``Title`` +
  ``---`` setext headings are not read as headings (``===`` ones are).
* ``#### [ SDK for Python \\(Boto3\\) ]`` is a tab: ``Section(tab=True,
  title="SDK for Python (Boto3)")``; code blocks in it get ``title`` = the tab title.
* ``# Title<a name="x"></a>``: anchor ``x``; inline HTML never reaches the text.
* `` ** [name](#a) **`` (bold with inner spaces, API reference pages) reads as bold.
* hard line breaks (``Type: String  ``) stay ``"\\n"`` in the paragraph text.

Other mappings: inline code → "code", ``**x**`` → "strong", ``*x*`` → "emphasis",
links → "link" (target = href), images and inline HTML dropped (``<br>`` is a space);
HTML blocks are read in place by `html.fragment`; block quotes are transparent;
GFM tables give a header row (``Row.header``) and one paragraph per cell.

Lines: token.map is 0-based; a paragraph's line is its first text line, a code
block's the first line of code (after the fence, after leading blank lines).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from harness.docmodel import Cell, CodeBlock, Document, Inline, ListBlock, ListItem, Paragraph, Row, Table
from harness.readers import html
from harness.readers.inlines import Runs, plain, stronger
from harness.readers.sections import Entry, Heading, first_title, nest
from harness.readers.source import normalize, split_lines, stem

_MD = MarkdownIt("commonmark").enable("table")

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_TAB_SEPARATOR = re.compile(r"^ {0,3}-{3,}[ \t]*$")
_SPACED_STRONG = re.compile(r"^([ \t]*)\*\*[ \t]+(\S(?:.*?\S)?)[ \t]+\*\*(?=\s|$)")
_TAB_TITLE = re.compile(r"^\[\s*(.*?)\s*\]$", re.DOTALL)
_ANCHOR = re.compile(r"""\b(?:name|id)\s*=\s*["']([^"']+)["']""")


def read(text: str, path: str) -> Document:
    text = normalize(text)
    lines = split_lines(text)
    prepared, separators = prepare(lines)
    tokens = _MD.parse(prepared)
    walker = _Walker(path, tokens)
    blocks = nest(path, walker.entries(), separators)
    return Document(path=path, format="markdown", title=first_title(blocks) or stem(path), blocks=blocks,
                    lines=lines)


# ── line rules ────────────────────────────────────────────────────────────────


def _blank_separator(line: str) -> str | None:
    """A comment: invisible, ends a list like the rule it replaces, never underlines a heading."""
    return line[: len(line) - len(line.lstrip())] + "<!-- tab -->" if _TAB_SEPARATOR.match(line) else None


def _tighten_strong(line: str) -> str | None:
    if "**" not in line:
        return None
    new = _SPACED_STRONG.sub(r"\1**\2**", line, count=1)
    return new if new != line else None


@dataclass(frozen=True, slots=True)
class LineRule:
    name: str
    rewrite: Callable[[str], str | None]
    """Line → its replacement, or None when the rule does not apply."""
    separator: bool = False
    """True when a line it rewrites is a tab separator."""


LINE_RULES: tuple[LineRule, ...] = (
    LineRule("tab-separator", _blank_separator, separator=True),
    LineRule("spaced-strong", _tighten_strong),
)
"""Rewrites applied, in order, to each line outside fenced code."""


def prepare(lines: tuple[str, ...]) -> tuple[str, list[int]]:
    """The text to parse (same line count) and the 1-based tab separator lines."""
    out: list[str] = []
    separators: list[int] = []
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not match.group(2).strip():
                fence = None
            out.append(line)
            continue
        if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            fence = match.group(1)
            out.append(line)
            continue
        for rule in LINE_RULES:
            new = rule.rewrite(line)
            if new is not None:
                if rule.separator:
                    separators.append(number)
                line = new
        out.append(line)
    return "\n".join(out) + "\n", separators


# ── block tokens ──────────────────────────────────────────────────────────────


@dataclass(slots=True)
class _Walker:
    path: str
    tokens: list[Token]
    pos: int = 0

    def entries(self, close: str | None = None) -> list[Entry]:
        """Entries up to (and consuming) the token of type ``close``."""
        out: list[Entry] = []
        tokens = self.tokens
        while self.pos < len(tokens):
            token = tokens[self.pos]
            self.pos += 1
            if close is not None and token.type == close:
                break
            handler = HANDLERS.get(token.type)
            if handler is not None:
                out.extend(handler(self, token))
            elif token.nesting == 1:
                self.skip()
        return out

    def skip(self) -> None:
        """Pass over the tokens of a block just opened, with everything inside it."""
        depth = 1
        while self.pos < len(self.tokens) and depth:
            depth += self.tokens[self.pos].nesting
            self.pos += 1

    def take(self, kind: str) -> Token | None:
        if self.pos < len(self.tokens) and self.tokens[self.pos].type == kind:
            self.pos += 1
            return self.tokens[self.pos - 1]
        return None

    def inline_tokens(self) -> list[Token]:
        token = self.take("inline")
        return (token.children or []) if token else []


def _line(token: Token, default: int = 1) -> int:
    return token.map[0] + 1 if token.map else default


def _heading(w: _Walker, token: Token) -> list[Entry]:
    children = w.inline_tokens()
    w.take("heading_close")
    inlines, _, anchor = convert_inlines(children)
    title = plain(inlines)
    tab = _TAB_TITLE.match(title)
    if tab:
        inlines = (Inline("text", tab.group(1)),)
    return [Heading(line=_line(token), level=int(token.tag[1]), title=inlines, anchor=anchor, tab=bool(tab))]


def _paragraph(w: _Walker, token: Token) -> list[Entry]:
    children = w.inline_tokens()
    w.take("paragraph_close")
    inlines, lead, _ = convert_inlines(children)
    if not inlines:
        return []
    return [Paragraph(path=w.path, line=_line(token) + lead, inlines=inlines)]


def _list(w: _Walker, token: Token) -> list[Entry]:
    items: list[ListItem] = []
    close = token.type.replace("_open", "_close")
    while w.pos < len(w.tokens):
        item = w.tokens[w.pos]
        w.pos += 1
        if item.type == close:
            break
        if item.type == "list_item_open":
            blocks = nest(w.path, w.entries("list_item_close"))
            items.append(ListItem(path=w.path, line=_line(item, _line(token)), blocks=blocks))
    return [ListBlock(path=w.path, line=_line(token), ordered=token.type.startswith("ordered"), items=tuple(items))]


def _code(w: _Walker, token: Token) -> list[Entry]:
    first = _line(token) + (1 if token.type == "fence" else 0)
    code, skipped = clean_code(token.content)
    language = token.info.split()[0] if token.info and token.info.strip() else None
    return [CodeBlock(path=w.path, line=first + skipped, code=code, language=language)]


def _table(w: _Walker, token: Token) -> list[Entry]:
    rows: list[Row] = []
    header = False
    line = _line(token)
    while w.pos < len(w.tokens):
        t = w.tokens[w.pos]
        w.pos += 1
        if t.type == "table_close":
            break
        if t.type in ("thead_open", "thead_close"):
            header = t.type == "thead_open"
        elif t.type == "tr_open":
            row_line = _line(t, line)
            rows.append(Row(path=w.path, line=row_line, cells=_cells(w, row_line), header=header))
    return [Table(path=w.path, line=line, rows=tuple(rows))]


def _cells(w: _Walker, line: int) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    while w.pos < len(w.tokens):
        t = w.tokens[w.pos]
        w.pos += 1
        if t.type == "tr_close":
            break
        if t.type in ("th_open", "td_open"):
            inlines, _, _ = convert_inlines(w.inline_tokens())
            blocks = (Paragraph(path=w.path, line=line, inlines=inlines),) if inlines else ()
            cells.append(Cell(path=w.path, line=line, blocks=blocks))
    return tuple(cells)


def _html(w: _Walker, token: Token) -> list[Entry]:
    """An HTML block: read by the HTML reader, in place (tab separators and bare anchors give nothing)."""
    return html.fragment(token.content, w.path, _line(token))


def _transparent(w: _Walker, token: Token) -> list[Entry]:
    return w.entries(token.type.replace("_open", "_close"))


HANDLERS: dict[str, Callable[[_Walker, Token], list[Entry]]] = {
    "heading_open": _heading,
    "paragraph_open": _paragraph,
    "bullet_list_open": _list,
    "ordered_list_open": _list,
    "fence": _code,
    "code_block": _code,
    "table_open": _table,
    "blockquote_open": _transparent,
    "html_block": _html,
}
"""Block token type → handler; unlisted opening tokens are skipped with their content."""


def clean_code(content: str) -> tuple[str, int]:
    """(dedented code without leading/trailing blank lines, number of leading lines dropped)."""
    lines = content.split("\n")
    skipped = 0
    while lines and not lines[0].strip():
        lines.pop(0)
        skipped += 1
    while lines and not lines[-1].strip():
        lines.pop()
    return textwrap.dedent("\n".join(lines)), skipped


# ── inline tokens ─────────────────────────────────────────────────────────────


@dataclass(slots=True)
class _Inlines:
    """State while converting one inline token's children."""

    runs: Runs
    stack: list[tuple[str, str | None]]
    """(style, link target) in force, innermost last."""
    anchor: str | None = None


def _add_text(s: _Inlines, child: Token) -> None:
    kind, target = s.stack[-1]
    s.runs.add(kind, child.content, target)


def _add_break(s: _Inlines, child: Token) -> None:
    kind, target = s.stack[-1]
    s.runs.add(kind, "\n", target)


def _add_code(s: _Inlines, child: Token) -> None:
    kind, target = s.stack[-1]
    s.runs.add(stronger(kind, "code"), child.content, target)


def _open_style(s: _Inlines, child: Token) -> None:
    kind, target = s.stack[-1]
    if child.type == "link_open":
        href = child.attrs.get("href")
        target = str(href) if href is not None else target
    s.stack.append((stronger(kind, _STYLES[child.type]), target))


def _close_style(s: _Inlines, child: Token) -> None:
    if len(s.stack) > 1:
        s.stack.pop()


def _inline_html(s: _Inlines, child: Token) -> None:
    """Tags are dropped; ``<br>`` keeps words apart; the first ``name``/``id`` is the anchor."""
    if _BR.match(child.content):
        kind, target = s.stack[-1]
        s.runs.add(kind, " ", target)
    elif s.anchor is None:
        match = _ANCHOR.search(child.content)
        s.anchor = match.group(1) if match else None


_STYLES = {"strong_open": "strong", "em_open": "emphasis", "link_open": "link"}
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
INLINE_HANDLERS: dict[str, Callable[[_Inlines, Token], None]] = {
    "text": _add_text,
    "text_special": _add_text,
    "softbreak": _add_break,
    "hardbreak": _add_break,
    "code_inline": _add_code,
    **dict.fromkeys(_STYLES, _open_style),
    **dict.fromkeys(("strong_close", "em_close", "link_close"), _close_style),
    "html_inline": _inline_html,
}
"""Inline token type → handler; others (images, strikethrough marks) add nothing."""


def convert_inlines(children: list[Token]) -> tuple[tuple[Inline, ...], int, str | None]:
    """(inlines, leading line breaks trimmed, first HTML anchor name) of an inline token's children."""
    state = _Inlines(Runs(), [("text", None)])
    for child in children:
        handler = INLINE_HANDLERS.get(child.type)
        if handler is not None:
            handler(state, child)
    inlines, lead = state.runs.finish()
    return inlines, lead, state.anchor
