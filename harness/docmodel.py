"""The document model every reader produces and every extractor reads.

One small tree, the same for reStructuredText, Markdown and HTML:

    Document
      └─ blocks: Section | Paragraph | ListBlock | Table | CodeBlock
           Section   → title (inlines) + blocks
           ListBlock → items: ListItem → blocks
           Table     → rows: Row → cells: Cell → blocks
           Paragraph → inlines: Inline (text, code, emphasis, strong, link)

Every node carries the path of its source and the 1-based line where it starts
in that source, so that any fact read from it can be cited. Text is clean: no
markup escapes (``\\_``), no HTML anchors, no role syntax (``:ref:`x <y>``` reads
as ``x``). A paragraph's ``text`` keeps the source's line breaks as ``\\n``, so
``line + text[:offset].count("\\n")`` is the source line of any offset in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

Block = Union["Section", "Paragraph", "ListBlock", "Table", "CodeBlock"]

INLINE_KINDS = ("text", "code", "emphasis", "strong", "link")


@dataclass(frozen=True, slots=True)
class Inline:
    """A run of inline text with one style."""

    kind: str
    """One of INLINE_KINDS."""
    text: str
    """The visible text, unescaped."""
    target: str | None = None
    """For links and cross-references: the URL, document or label pointed to."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text (also a heading-less line of HTML text)."""

    path: str
    """Source file, as given to the reader."""
    line: int
    """1-based line of the paragraph's first character."""
    inlines: tuple[Inline, ...]
    """The paragraph's runs, in order; ``text`` is their concatenation."""
    joined: str = field(default="", repr=False, compare=False)
    """``text``, joined once at construction (extractors read it many times)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "joined", "".join(i.text for i in self.inlines))

    @property
    def text(self) -> str:
        return self.joined

    def line_of(self, offset: int) -> int:
        """Source line of the character at ``offset`` in ``text``."""
        return self.line + self.joined.count("\n", 0, offset)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A literal or fenced block of code or data."""

    path: str
    line: int
    """1-based line of the first line of code (not of the fence or directive)."""
    code: str
    """The code, dedented, without a trailing newline."""
    language: str | None
    """Language as declared (``python``, ``json``, ``bash``…), or None."""
    title: str | None = None
    """A caption, or the title of the tab the block sits in (``SDK for Python (Boto3)``)."""


@dataclass(frozen=True, slots=True)
class ListItem:
    path: str
    line: int
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph))


@dataclass(frozen=True, slots=True)
class ListBlock:
    path: str
    line: int
    ordered: bool
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    path: str
    line: int
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The cell's paragraphs and list items as plain text, one per line."""
        return "\n".join(_plain(b) for b in self.blocks).strip()


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    line: int
    cells: tuple[Cell, ...]
    header: bool = False
    """True for rows in the table head."""


@dataclass(frozen=True, slots=True)
class Table:
    path: str
    line: int
    rows: tuple[Row, ...]
    title: str | None = None
    """Caption or ``.. table::`` title (``Table 1 Parameters``)."""

    @property
    def header(self) -> tuple[str, ...]:
        """Texts of the first header row (or of the first row when none is marked)."""
        for row in self.rows:
            if row.header:
                return tuple(c.text for c in row.cells)
        return tuple(c.text for c in self.rows[0].cells) if self.rows else ()

    @property
    def body(self) -> tuple[Row, ...]:
        marked = any(r.header for r in self.rows)
        return tuple(r for r in self.rows if not r.header) if marked else self.rows[1:]


@dataclass(frozen=True, slots=True)
class Section:
    path: str
    line: int
    level: int
    """1 for the document title, 2 for its sections, and so on."""
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    anchor: str | None = None
    """The section's label or HTML anchor, if any."""
    tab: bool = False
    """True for a tab of a tabbed example (``#### [ Python ]``)."""
    joined: str = field(default="", repr=False, compare=False)
    """``text``, joined once at construction (extractors read it many times)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "joined", "".join(i.text for i in self.title))

    @property
    def text(self) -> str:
        return self.joined


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reader noticed: a markup warning, a recovered fragment."""

    severity: str
    """"error" | "warning" | "info"."""
    code: str
    """kebab-case, e.g. "rst-warning"."""
    message: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    format: str
    """"markdown" | "rst" | "html"."""
    title: str
    blocks: tuple[Block, ...]
    lines: tuple[str, ...] = field(repr=False)
    """The source text split into lines (for quoting citations)."""
    findings: tuple[Finding, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    """Document-level fields (RST docinfo such as ``original_name``)."""

    def walk(self) -> Iterator[tuple[tuple[Section, ...], Block]]:
        """Every block in document order, with the sections that enclose it (computed once per
        document: every extractor walks the same tree)."""
        global _WALKED
        if _WALKED is None or _WALKED[0] is not self:
            _WALKED = (self, list(_walk(self.blocks, ())))
        return iter(_WALKED[1])

    def source_line(self, line: int) -> str:
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""


_WALKED: tuple[Document, list[tuple[tuple[Section, ...], Block]]] | None = None
"""The last document walked and its blocks: extraction handles one document at a time."""


def _walk(blocks: tuple[Block, ...], trail: tuple[Section, ...]) -> Iterator[tuple[tuple[Section, ...], Block]]:
    for block in blocks:
        yield trail, block
        if isinstance(block, Section):
            yield from _walk(block.blocks, trail + (block,))
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _walk(item.blocks, trail)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from _walk(cell.blocks, trail)


def _plain(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, ListBlock):
        return "\n".join("- " + item.text for item in block.items)
    if isinstance(block, CodeBlock):
        return block.code
    if isinstance(block, Section):
        return block.text
    return ""
