"""HTML (a page or a fragment such as a botocore documentation string) → document model.

BeautifulSoup with "html.parser" (which records ``Tag.sourceline``). One pass over
the tree gives every text node its start line (`_string_lines`); the conversion walks
containers (`CONTAINERS`: body, div, p, li, td…), turning runs of inline content into
Paragraphs and handing block tags to `BLOCKS` (tag → handler): h1–h6 are headings
(nested by `sections.nest`), ul/ol lists, table tables (thead or all-th rows are
header rows, caption is the title), pre code blocks (language from
``class="language-x"``/``"lang-x"``; a multi-line ``<code>`` standing alone between
blocks is one too). `INLINE_STYLES` maps b/strong, i/em, code, a to inline kinds; br
is a space; img, script and other `SKIPPED` tags add nothing. `fragment` reads HTML
embedded in another document (Markdown HTML blocks) with its lines shifted.

Text outside any markup at the top level (a bare URL, raw JSON, glued numbered
listings) goes through `html_recover.recover`. Input cut off mid-tag is read up to the
cut, and any cut or unclosed container tag is a "truncated-html" warning.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, PageElement, ProcessingInstruction

from harness.docmodel import Block, Cell, CodeBlock, Document, Finding, ListBlock, ListItem, Paragraph, Row, Table
from harness.readers.html_recover import recover
from harness.readers.inlines import Runs, stronger
from harness.readers.sections import Entry, Heading, first_title, nest
from harness.readers.source import normalize, split_lines, stem

_SPACES = re.compile(r"[ \t\f\r\v\u00a0]+")
_CUT_TAG = re.compile(r"<(?:[A-Za-z/!?][^<>]*)?$")
_TAG = re.compile(r"<(/?)(ul|ol|table|pre|div|dl|section|article|html|body|h[1-6]|a|b|strong|i|em|code|span)\b"
                  r"(?![^<>]*/>)", re.IGNORECASE)
"""Tags that are always closed in a whole document: one left open at the end means it was cut
(a self-closed ``<code/>`` is closed)."""
_LANGUAGE = re.compile(r"^(?:language|lang|highlight|brush:?)-?(.+)$")
_TEXT_OUTSIDE_TAGS = re.compile(r"(?:^|>)(?!<!--)[^<>]*[^\s<>]")
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction, CData)

INLINE_STYLES: dict[str, str] = {
    **dict.fromkeys(("code", "tt", "kbd", "samp", "var"), "code"),
    **dict.fromkeys(("b", "strong"), "strong"),
    **dict.fromkeys(("i", "em", "cite", "dfn"), "emphasis"),
    "a": "link",
}
"""Inline tag → the style it gives its text (a link only with an href)."""
SKIPPED = frozenset(("script", "style", "head", "title", "noscript", "template", "svg", "iframe", "object",
                     "img", "hr", "meta", "link", "button", "select", "input", "textarea", "canvas", "map"))
CONTAINERS = frozenset(("html", "body", "div", "p", "section", "article", "main", "header", "footer", "nav",
                        "aside", "blockquote", "figure", "figcaption", "details", "summary", "form", "fieldset",
                        "center", "address", "dl", "dt", "dd", "li", "td", "th", "caption", "hgroup", "noframes"))
RECOVERING = frozenset(("[document]", "html", "body"))
"""Containers whose loose top-level text goes through `html_recover`."""


def read(text: str, path: str) -> Document:
    text = normalize(text)
    lines = split_lines(text)
    findings: list[Finding] = []
    text = _check_cut(text, findings)
    soup = BeautifulSoup(text, "html.parser")
    walker = _Walker(path, _string_lines(soup), findings, RECOVERING)
    blocks = nest(path, walker.container(soup))
    title_tag = soup.find("title")
    heading = soup.find("h1")
    title = (title_tag.get_text(" ", strip=True) if title_tag else "") or \
            (heading.get_text(" ", strip=True) if heading else "") or first_title(blocks) or stem(path)
    return Document(path=path, format="html", title=title, blocks=blocks, lines=lines,
                    findings=tuple(findings))


def fragment(text: str, path: str, first_line: int) -> list[Entry]:
    """Blocks and headings of an HTML fragment embedded at ``first_line`` of another document."""
    if not _TEXT_OUTSIDE_TAGS.search(text):
        return []
    soup = BeautifulSoup(text, "html.parser")
    return _Walker(path, _string_lines(soup), [], frozenset(), first_line - 1).container(soup)


def _check_cut(text: str, findings: list[Finding]) -> str:
    """``text`` without a trailing partial tag; a finding for that and for unclosed containers."""
    cut = _CUT_TAG.search(text)
    if cut:
        line = text.count("\n", 0, cut.start()) + 1
        findings.append(Finding(severity="error", code="truncated-html", line=line,
                                message="document ends inside a tag; read up to the cut"))
        text = text[: cut.start()]
    balance: dict[str, int] = {}
    for match in _TAG.finditer(text):
        name = match.group(2).lower()
        balance[name] = balance.get(name, 0) + (-1 if match.group(1) else 1)
    unclosed = sorted(name for name, count in balance.items() if count > 0)
    if unclosed:
        findings.append(Finding(severity="error", code="truncated-html", line=text.count("\n") + 1,
                                message="unclosed " + ", ".join(f"<{n}>" for n in unclosed) + " at end of document"))
    return text


def _string_lines(soup: BeautifulSoup) -> dict[int, int]:
    """id(text node) → 1-based line where it starts (one pass in document order)."""
    lines: dict[int, int] = {}
    cursor = 1
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.sourceline:
                cursor = node.sourceline
        elif isinstance(node, NavigableString):
            lines[id(node)] = cursor
            cursor += node.count("\n")
    return lines


@dataclass(slots=True)
class _Run:
    """Inline content gathered between block tags."""

    runs: Runs = field(default_factory=Runs)
    line: int | None = None
    strings_only: bool = True
    raw: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str, target: str | None, line: int) -> None:
        if self.line is None:
            self.line = line
        missing = line - (self.line + self.runs.newlines())
        if missing > 0:
            self.runs.add("text", "\n" * missing)
        text = _SPACES.sub(" ", text).replace(" \n", "\n").replace("\n ", "\n")
        if text.startswith(" ") and self.runs.ends_with_space():
            text = text[1:]
        self.runs.add(kind, text, target)


@dataclass(slots=True)
class _Walker:
    path: str
    lines: dict[int, int]
    findings: list[Finding]
    recovering: frozenset[str]
    """Containers whose loose text goes through `html_recover`."""
    offset: int = 0
    """Added to every line (for fragments embedded in another document)."""

    def line_of(self, node: PageElement, default: int = 1) -> int:
        if isinstance(node, Tag):
            return (node.sourceline or default) + self.offset
        return self.lines.get(id(node), default) + self.offset

    def container(self, tag: Tag) -> list[Entry]:
        out: list[Entry] = []
        run = _Run()
        recovering = tag.name in self.recovering
        for child in tag.children:
            if not isinstance(child, Tag):
                self.inline(child, run, "text", None)
                continue
            block = BLOCKS.get(child.name) or (_pre if _code_block(child, run) else None)
            if block is not None or child.name in CONTAINERS:
                self.flush(run, out, recovering)
                run = _Run()
                out.extend(block(self, child) if block is not None else self.container(child))
            elif child.name not in SKIPPED:
                self.inline(child, run, "text", None)
        self.flush(run, out, recovering)
        return out

    def inline(self, node: PageElement, run: _Run, kind: str, target: str | None) -> None:
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                run.raw.append(str(node))
                run.add(kind, str(node), target, self.line_of(node))
            return
        run.strings_only = False
        if not isinstance(node, Tag) or node.name in SKIPPED:
            return
        if node.name == "br":
            run.add(kind, " ", target, self.line_of(node))
            return
        style = INLINE_STYLES.get(node.name)
        if style == "link":
            href = node.get("href")
            target, style = (str(href), style) if href else (target, None)
        for child in node.children:
            self.inline(child, run, stronger(kind, style) if style else kind, target)

    def flush(self, run: _Run, out: list[Entry], recovering: bool) -> None:
        if not run.runs or run.line is None:
            return
        if recovering and run.strings_only:
            blocks, found = recover(self.path, "".join(run.raw), run.line)
            out.extend(blocks)
            self.findings.extend(found)
            return
        inlines, lead = run.runs.finish()
        if inlines:
            out.append(Paragraph(path=self.path, line=run.line + lead, inlines=inlines))

    def blocks_of(self, tag: Tag) -> tuple[Block, ...]:
        return nest(self.path, self.container(tag))


def _code_block(tag: Tag, run: _Run) -> bool:
    """A ``<code>`` standing alone between blocks, over several lines, is a code block."""
    if tag.name != "code" or run.runs or "\n" not in tag.get_text():
        return False
    following = tag.next_sibling
    while isinstance(following, NavigableString) and not following.strip():
        following = following.next_sibling
    return following is None or (isinstance(following, Tag) and (following.name in BLOCKS or
                                                                 following.name in CONTAINERS))


def _heading(w: _Walker, tag: Tag) -> list[Entry]:
    run = _Run()
    anchor = tag.get("id") or None
    for child in tag.children:
        if anchor is None and isinstance(child, Tag) and child.name == "a" and (child.get("name") or child.get("id")):
            anchor = child.get("name") or child.get("id")
        w.inline(child, run, "text", None)
    inlines, _ = run.runs.finish()
    return [Heading(line=w.line_of(tag), level=int(tag.name[1]), title=inlines,
                    anchor=str(anchor) if anchor else None)]


def _list(w: _Walker, tag: Tag) -> list[Entry]:
    items = tuple(ListItem(path=w.path, line=w.line_of(li), blocks=w.blocks_of(li))
                  for li in tag.children if isinstance(li, Tag) and li.name == "li")
    return [ListBlock(path=w.path, line=w.line_of(tag), ordered=tag.name == "ol", items=items)]


def _table(w: _Walker, tag: Tag) -> list[Entry]:
    rows: list[Row] = []
    title = None
    for child in tag.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "caption":
            title = " ".join(child.get_text(" ").split()) or None
        elif child.name == "tr":
            rows.append(_row(w, child, False))
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(_row(w, tr, child.name == "thead") for tr in child.children
                        if isinstance(tr, Tag) and tr.name == "tr")
    return [Table(path=w.path, line=w.line_of(tag), rows=tuple(rows), title=title)]


def _row(w: _Walker, tr: Tag, head: bool) -> Row:
    cells = [c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th")]
    line = w.line_of(tr)
    return Row(path=w.path, line=line, header=head or (bool(cells) and all(c.name == "th" for c in cells)),
               cells=tuple(Cell(path=w.path, line=w.line_of(c, line), blocks=w.blocks_of(c)) for c in cells))


def _pre(w: _Walker, tag: Tag) -> list[Entry]:
    code = tag.get_text()
    line = w.line_of(tag)
    stripped = code.lstrip("\n")
    line += len(code) - len(stripped)
    lines = stripped.rstrip().split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
        line += 1
    if not lines:
        return []
    language = None
    for node in (tag, tag.find("code") if tag.name == "pre" else None):
        for cls in (node.get("class") or []) if isinstance(node, Tag) else []:
            match = _LANGUAGE.match(cls)
            if match:
                language = match.group(1)
                break
        if language:
            break
    return [CodeBlock(path=w.path, line=line, code=textwrap.dedent("\n".join(lines)), language=language)]


BLOCKS: dict[str, Callable[[_Walker, Tag], list[Entry]]] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), _heading),
    "ul": _list,
    "ol": _list,
    "table": _table,
    "pre": _pre,
}
"""Block tag → handler; `CONTAINERS` are walked for their own content instead."""
