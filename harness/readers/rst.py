"""reStructuredText (with Sphinx syntax) → document model, through docutils.

The text is parsed once by a shared docutils ``Parser`` into a doctree, with settings
built once (nothing halts, nothing is printed, no file insertion, no raw) and no
transforms; `rst_sphinx` supplies the Sphinx roles and directives. The doctree is then
converted node by node through `HANDLERS` (docutils node class → handler).

Representation choices:

* **Field lists** (``:type WidgetArn: string``, ``:param X: …``, ``:rtype:``,
  ``:returns:``) become a ``Table(title="fields")``: one header row of two empty cells
  (so that ``Table.body`` is every field), then one row per field with two cells:
  the field name as a paragraph (``"type WidgetArn"``, ``"returns"``) and the
  field body's blocks (paragraphs, literal blocks, lists, all kept).
* A field list that opens the document (``:original_name: x.html``) is `Document.meta`,
  not a block.
* **Object descriptions** (``.. py:method:: Sig``) are a ``Section`` one level below
  the enclosing one, title ``(Inline("code", "Sig"),)``, anchor = the directive name
  (``"py:method"``), blocks = the directive body.
* **Admonitions** (``note``, ``warning``, ``important``…, ``seealso``, ``versionadded``)
  and topics/sidebars are a ``Section(tab=False)`` one level down, titled with the
  admonition's title (``"Note"``, ``"See also"``), anchor = the directive name.
* ``.. tab::`` is a ``Section(tab=True)``; code blocks in it take the tab title.
* ``.. table:: **Table 1** Parameters`` → ``Table(title="Table 1 Parameters")``; grid
  table head rows have ``header=True``; cells keep nested blocks.
* ``code-block``/``code``/``::`` → ``CodeBlock`` (language or None); toctree → a list
  of links; definition lists → a list whose items start with the term's paragraph;
  block quotes, containers, ``only``/``tabs`` are transparent.
* A ``.. _label:`` just before a section (or object description) is its anchor.
* docutils system messages are `Finding`\\ s: ``rst-warning`` (level 2) and
  ``rst-error`` (level 3+); the text around them is read as well as docutils could.

Lines: docutils' own line is used when the node's first word is on it (sections use
their title's line), otherwise the word is looked for from the previous block's line
on; items, rows and cells take the line of their first block.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from harness.docmodel import (
    Block,
    Cell,
    CodeBlock,
    Document,
    Finding,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Row,
    Section,
    Table,
)
from harness.readers import rst_sphinx
from harness.readers.inlines import Runs, plain, stronger
from harness.readers.sections import first_title, retitle
from harness.readers.source import SourceLines, normalize, split_lines, stem

_PARSER = Parser()
_LINE_BREAKS = str.maketrans({c: " " for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
"""Characters str.splitlines() (and so docutils) breaks on but the line index does not."""


@lru_cache(maxsize=1)
def _settings():
    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    settings.syntax_highlight = "none"
    settings.line_length_limit = 10**8
    settings.character_level_inline_markup = False
    return settings


def parse(text: str, path: str) -> tuple[nodes.document, list[nodes.system_message]]:
    """The doctree of ``text`` and every system message docutils raised while parsing it."""
    rst_sphinx.register_unknown(text)
    settings = copy.copy(_settings())
    settings.warning_stream = io.StringIO()
    document = new_document(path, settings)
    messages: list[nodes.system_message] = []
    document.reporter.attach_observer(messages.append)
    _PARSER.parse(text.translate(_LINE_BREAKS), document)
    return document, messages


def read(text: str, path: str) -> Document:
    text = normalize(text)
    lines = split_lines(text)
    document, messages = parse(text, path)
    converter = _Converter(path, SourceLines(lines), document.substitution_defs)
    meta, body = split_meta(document.children)
    blocks = tuple(converter.blocks(body, 1, 0))
    return Document(path=path, format="rst", title=first_title(blocks) or stem(path), blocks=blocks, lines=lines,
                    findings=findings(messages), meta=meta)


def split_meta(children: list[nodes.Node]) -> tuple[tuple[tuple[str, str], ...], list[nodes.Node]]:
    """Document-level fields (a field list before any content) and the remaining nodes."""
    for index, child in enumerate(children):
        if isinstance(child, nodes.field_list):
            meta = tuple((f[0].astext().strip(), " ".join(f[1].astext().split())) for f in child.children
                         if isinstance(f, nodes.field) and len(f) == 2)
            return meta, children[:index] + children[index + 1:]
        if not isinstance(child, (nodes.comment, nodes.target, nodes.substitution_definition, nodes.system_message)):
            break
    return (), list(children)


def findings(messages: list[nodes.system_message]) -> tuple[Finding, ...]:
    seen: set[tuple[int | None, str]] = set()
    out: list[Finding] = []
    for msg in messages:
        level = msg.get("level", 0)
        if level < 2:
            continue
        text = msg[0].astext() if len(msg) else msg.astext()
        text = " ".join(text.split())
        key = (msg.get("line"), text)
        if key in seen:
            continue
        seen.add(key)
        code, severity = ("rst-warning", "warning") if level == 2 else ("rst-error", "error")
        out.append(Finding(severity=severity, code=code, message=text, line=msg.get("line")))
    return tuple(out)


# ── conversion ────────────────────────────────────────────────────────────────

Handler = Callable[["_Converter", nodes.Node, int, int], list[Block]]

_LABEL_KEEPERS = (nodes.target, nodes.comment, nodes.substitution_definition, nodes.system_message,
                  nodes.section, rst_sphinx.desc)
"""Nodes after which a pending ``.. _label:`` still waits for its section."""


@dataclass(slots=True)
class _Converter:
    path: str
    src: SourceLines
    substitutions: dict
    label: str | None = None
    _cache: dict = field(default_factory=dict)

    def handler(self, cls: type) -> Handler | None:
        try:
            return self._cache[cls]
        except KeyError:
            found = next((HANDLERS[k] for k in cls.__mro__ if k in HANDLERS), None)
            self._cache[cls] = found
            return found

    def blocks(self, children: list[nodes.Node], floor: int, level: int) -> list[Block]:
        """Blocks of ``children``; ``floor`` is the lowest line they may start on."""
        out: list[Block] = []
        for child in children:
            handler = self.handler(type(child))
            made = handler(self, child, floor, level) if handler else _fallback(self, child, floor, level)
            if not isinstance(child, _LABEL_KEEPERS):
                self.label = None
            if made:
                out.extend(made)
                floor = max(floor, made[-1].line)
        return out

    def line(self, node: nodes.Node, text: str, floor: int) -> int:
        hint = node.line if isinstance(node, nodes.Element) else None
        return self.src.locate(text, (hint, hint - 1 if hint else None), floor)

    def inlines(self, node: nodes.Node) -> tuple[Inline, ...]:
        runs = Runs()
        self._inline(node, runs, "text", None)
        return runs.finish()[0]

    def _inline(self, node: nodes.Node, runs: Runs, kind: str, target: str | None) -> None:
        for child in node.children:
            if isinstance(child, nodes.Text):
                text = str(child)
                runs.add(kind, child.astext() if "\x00" in text else text, target)
            elif isinstance(child, rst_sphinx.sphinx_role):
                runs.add(stronger(kind, child["kind"]), child.astext(), child.get("target") or target)
            elif isinstance(child, nodes.substitution_reference):
                definition = self.substitutions.get(child.get("refname", ""))
                runs.add(kind, definition.astext() if definition is not None else child.astext(), target)
            elif isinstance(child, _SKIP_INLINE):
                continue
            elif isinstance(child, nodes.Element):
                style = next((s for c, s in INLINE_STYLES.items() if isinstance(child, c)), None)
                new_target = target
                if isinstance(child, nodes.reference):
                    new_target = child.get("refuri") or child.get("refname") or target
                self._inline(child, runs, stronger(kind, style) if style else kind, new_target)

    def paragraph_of(self, node: nodes.Element, floor: int) -> list[Block]:
        inlines = self.inlines(node)
        if not inlines:
            return []
        return [Paragraph(path=self.path, line=self.line(node, plain(inlines), floor), inlines=inlines)]

    def titled_section(self, node: nodes.Element, title: tuple[Inline, ...], anchor: str | None, floor: int,
                       level: int, tab: bool = False, body: list | None = None) -> list[Block]:
        line = self.src.clamp(node.line) if node.line else floor
        blocks = tuple(self.blocks(node.children if body is None else body, line, level + 1))
        if tab:
            blocks = tuple(retitle(b, plain(title)) for b in blocks)
        return [Section(path=self.path, line=line, level=level + 1, title=title, blocks=blocks, anchor=anchor,
                        tab=tab)]


INLINE_STYLES: dict[type, str] = {
    nodes.literal: "code",
    nodes.math: "code",
    nodes.reference: "link",
    nodes.strong: "strong",
    nodes.emphasis: "emphasis",
    nodes.title_reference: "emphasis",
}
"""Inline docutils node → style it gives its text."""
_SKIP_INLINE = (nodes.image, nodes.system_message, nodes.raw, nodes.comment, nodes.pending)


def _nothing(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    return []


def _target(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    if not node.get("refuri") and node.get("names") and not node.children:
        c.label = node["names"][0]
    return []


def _paragraph(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    return c.paragraph_of(node, floor)


def _transparent(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    return c.blocks(node.children, floor, level)


def _section(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    title_node = node.children[0] if node.children and isinstance(node.children[0], nodes.title) else None
    title = c.inlines(title_node) if title_node is not None else ()
    hint = title_node.line if title_node is not None and title_node.line else node.line
    line = c.src.locate(plain(title), (hint - 1 if hint else None, hint), floor)
    anchor, c.label = c.label, None
    body = node.children[1:] if title_node is not None else node.children
    blocks = tuple(c.blocks(body, line, level + 1))
    return [Section(path=c.path, line=line, level=level + 1, title=title, blocks=blocks, anchor=anchor)]


def _desc(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    anchor, c.label = node["objtype"], None
    return c.titled_section(node, (Inline("code", node["signature"]),), anchor, floor, level)


def _titled(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    title = (Inline("text", node["title"]),) if node["title"] else ()
    return c.titled_section(node, title, node["name"], floor, level, tab=node["tab"])


def _admonition(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    body = list(node.children)
    if body and isinstance(body[0], nodes.title):
        title = c.inlines(body.pop(0))
    else:
        title = (Inline("text", node.tagname.replace("_", " ").capitalize()),)
    if not any(isinstance(n, nodes.Element) and not isinstance(n, nodes.pending) for n in body):
        return []  # e.g. ``.. contents::``: a title over a pending transform
    if not node.line:
        node.line = c.src.find(f"{node.tagname}::", floor, 50) or c.src.find("::", floor, 50)
    return c.titled_section(node, title, node.tagname, floor, level, body=body)


def _list(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    items: list[ListItem] = []
    for item in node.children:
        if not isinstance(item, nodes.Element):
            continue
        blocks = _item_blocks(c, item, floor, level)
        line = blocks[0].line if blocks else c.line(item, item.astext(), floor)
        items.append(ListItem(path=c.path, line=line, blocks=tuple(blocks)))
        floor = max(floor, line)
    if not items:
        return []
    return [ListBlock(path=c.path, line=items[0].line, ordered=isinstance(node, nodes.enumerated_list),
                      items=tuple(items))]


def _item_blocks(c: _Converter, item: nodes.Element, floor: int, level: int) -> list[Block]:
    """Blocks of a list item; a definition list item's term (and classifiers) come first as a paragraph."""
    if not isinstance(item, (nodes.definition_list_item, nodes.option_list_item)):
        return c.blocks(item.children, floor, level)
    out: list[Block] = []
    head = [n for n in item.children if not isinstance(n, (nodes.definition, nodes.description))]
    rest = [n for n in item.children if isinstance(n, (nodes.definition, nodes.description))]
    runs: list[Inline] = []
    for n in head:
        runs.extend(c.inlines(n) if isinstance(n, nodes.TextElement) else (Inline("text", n.astext()),))
        runs.append(Inline("text", " "))
    inlines = tuple(runs[:-1])
    if inlines:
        out.append(Paragraph(path=c.path, line=c.line(head[0], plain(inlines), floor), inlines=inlines))
        floor = out[0].line
    for n in rest:
        out.extend(c.blocks(n.children, floor, level))
    return out


def _literal(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    code = node.astext().rstrip()
    lines = code.split("\n")
    skipped = 0
    while skipped < len(lines) - 1 and not lines[skipped].strip():
        skipped += 1
    code = "\n".join(lines[skipped:])
    if not code.strip():
        return []
    classes = [k for k in node.get("classes", ()) if k != "code"]
    language = node.get("language") or (classes[0] if "code" in node.get("classes", ()) and classes else None)
    if isinstance(node, nodes.math_block):
        language = "math"
    elif isinstance(node, nodes.doctest_block):
        language = "pycon"
    probe = code.split("\n", 1)[0].strip()
    hint = node.line + skipped if node.line else None
    line = hint if hint and c.src.has(hint, probe) else c.src.locate(probe, (hint,), floor)
    return [CodeBlock(path=c.path, line=line, code=code, language=language, title=node.get("caption"))]


def _line_block(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    runs: list[Inline] = []
    for line in node.traverse(nodes.line):
        runs.extend(c.inlines(line))
        runs.append(Inline("text", "\n"))
    inlines = tuple(runs[:-1])
    if not plain(inlines).strip():
        return []
    return [Paragraph(path=c.path, line=c.line(node, plain(inlines), floor), inlines=inlines)]


def _table(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    title_node = next((n for n in node.children if isinstance(n, nodes.title)), None)
    title = " ".join(title_node.astext().split()) if title_node is not None else None
    start = c.src.clamp(title_node.line) if title_node is not None and title_node.line else floor
    rows: list[Row] = []
    cursor = start
    for group in (g for g in node.children if isinstance(g, nodes.tgroup)):
        for part in group.children:
            if not isinstance(part, (nodes.thead, nodes.tbody)):
                continue
            for row in part.children:
                made = _row(c, row, cursor, level, isinstance(part, nodes.thead))
                rows.append(made)
                cursor = made.line
    line = start if title_node is not None else (rows[0].line if rows else floor)
    return [Table(path=c.path, line=line, rows=tuple(rows), title=title)]


def _row(c: _Converter, row: nodes.Element, floor: int, level: int, header: bool) -> Row:
    contents = [c.blocks(entry.children, floor, level) for entry in row.children]
    starts = [b[0].line for b in contents if b]
    line = min(starts) if starts else c.src.clamp(floor + 1)
    cells = tuple(Cell(path=c.path, line=b[0].line if b else line, blocks=tuple(b)) for b in contents)
    return Row(path=c.path, line=line, cells=cells, header=header)


def _field_list(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    rows: list[Row] = []
    for item in node.children:
        if not isinstance(item, nodes.field) or len(item) < 2:
            continue
        name = c.inlines(item[0])
        line = c.line(item, plain(name), floor)
        body = c.blocks(item[1].children, line, level)
        cells = (Cell(path=c.path, line=line, blocks=(Paragraph(path=c.path, line=line, inlines=name),)),
                 Cell(path=c.path, line=body[0].line if body else line, blocks=tuple(body)))
        rows.append(Row(path=c.path, line=line, cells=cells))
        floor = max(floor, line)
    if not rows:
        return []
    first = rows[0].line
    head = Row(path=c.path, line=first, header=True,
               cells=(Cell(path=c.path, line=first, blocks=()), Cell(path=c.path, line=first, blocks=())))
    return [Table(path=c.path, line=first, rows=(head, *rows), title="fields")]


def _fallback(c: _Converter, node: nodes.Node, floor: int, level: int) -> list[Block]:
    """Unknown node: text elements read as paragraphs, other elements as their children."""
    if isinstance(node, nodes.TextElement):
        return c.paragraph_of(node, floor)
    if isinstance(node, nodes.Element):
        return c.blocks(node.children, floor, level)
    return []


HANDLERS: dict[type, Handler] = {
    nodes.section: _section,
    nodes.paragraph: _paragraph,
    nodes.bullet_list: _list,
    nodes.enumerated_list: _list,
    nodes.definition_list: _list,
    nodes.option_list: _list,
    nodes.literal_block: _literal,
    nodes.doctest_block: _literal,
    nodes.math_block: _literal,
    nodes.table: _table,
    nodes.field_list: _field_list,
    nodes.line_block: _line_block,
    nodes.Admonition: _admonition,
    nodes.topic: _admonition,
    nodes.sidebar: _admonition,
    rst_sphinx.desc: _desc,
    rst_sphinx.titled: _titled,
    nodes.target: _target,
    nodes.rubric: _paragraph,
    nodes.caption: _paragraph,
    nodes.attribution: _paragraph,
    nodes.title: _paragraph,
    nodes.block_quote: _transparent,
    nodes.container: _transparent,
    nodes.compound: _transparent,
    nodes.figure: _transparent,
    nodes.legend: _transparent,
    nodes.footnote: _transparent,
    nodes.citation: _transparent,
    nodes.comment: _nothing,
    nodes.system_message: _nothing,
    nodes.substitution_definition: _nothing,
    nodes.pending: _nothing,
    nodes.raw: _nothing,
    nodes.image: _nothing,
    nodes.transition: _nothing,
    nodes.label: _nothing,
    nodes.colspec: _nothing,
}
"""docutils node class (or a base of it) → handler; anything else goes to `_fallback`."""
