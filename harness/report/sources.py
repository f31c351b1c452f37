"""The cited documents, embedded once each as line-numbered copies that citation links open.

Every line of an embedded source gets the anchor ``src-<source id>-L<line>`` (see `anchor`); cited lines
are flagged, and where the cited words occur in the line they are marked. Only files inside the project
root are read (a results file is untrusted input and must not pull, say, ``../../etc/passwd`` into the
page). A source longer than `FULL_LINES` keeps only `WINDOW` lines around each cited line, and one larger
than `MAX_BYTES` is left out with a note: the page must stay small however large the documents are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FULL_LINES = 2_000
"""Sources up to this many lines are embedded whole."""
WINDOW = 12
"""Lines kept either side of a cited line in a longer source."""
MAX_BYTES = 8_000_000
"""Sources larger than this are not embedded at all."""


def anchor(source: str, line: int | None = None) -> str:
    """The element id of a source (``src-<id>``) or of one of its lines (``src-<id>-L<line>``)."""
    return f"src-{source}" if line is None else f"src-{source}-L{line}"


@dataclass(frozen=True, slots=True)
class Line:
    """One embedded line, or a gap where lines were left out."""

    n: int
    """1-based line number (for a gap: the first line left out)."""
    segments: tuple[tuple[str, bool], ...]
    """The line's text in pieces, each flagged when it is cited words."""
    cited: bool
    """Some result or finding cites this line."""
    gap: int = 0
    """For a gap row: how many lines are left out (then ``segments`` is empty)."""


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One cited document, as the report embeds it."""

    id: str
    """The source id in the specs."""
    path: str | None
    """Relative to the project root, as the cites name it."""
    title: str
    """The spec's title for it, or its file name."""
    lines: tuple[Line, ...]
    """The embedded lines (empty when the document could not be embedded)."""
    total: int
    """How many lines the document has."""
    cited_lines: int
    """How many distinct lines are cited."""
    missing: str | None = None
    """Why the document is not embedded, if it is not."""
    present: frozenset[int] = frozenset()
    """The line numbers embedded (so a link to any other line would lead nowhere)."""

    def has_line(self, line: int) -> bool:
        return line in self.present


def _read(root: Path, path: str | None) -> tuple[list[str] | None, str | None]:
    if not path:
        return None, "the results name no path for this source"
    try:
        base = root.resolve()
        full = (base / path).resolve()
    except (OSError, RuntimeError) as exc:
        return None, f"cannot resolve {path}: {exc}"
    if not full.is_relative_to(base):
        return None, f"{path} is outside the project root; not embedded"
    try:
        size = full.stat().st_size
        if size > MAX_BYTES:
            return None, f"{path} is {size} bytes, too large to embed"
        data = full.read_bytes()
    except OSError as exc:
        return None, f"{path}: {exc.strerror or exc}"
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines, None


def _segments(text: str, quotes: Iterable[str]) -> tuple[tuple[str, bool], ...]:
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        quote = quote.strip()
        at = text.find(quote) if quote else -1
        if at >= 0:
            spans.append((at, at + len(quote)))
    if not spans:
        return ((text, False),)
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return tuple(out)


def embed(root: Path, source: str, path: str | None, title: str | None,
          cited: dict[int, set[str]]) -> SourceDoc:
    """The document ``source`` at ``path``, with ``cited`` (line → cited words) flagged."""
    name = title or (Path(path).name if path else source)
    lines, missing = _read(root, path)
    if lines is None:
        return SourceDoc(source, path, name, (), 0, len(cited), missing)
    keep: set[int] | None = None
    if len(lines) > FULL_LINES:
        keep = {n for line in cited for n in range(line - WINDOW, line + WINDOW + 1) if 1 <= n <= len(lines)}
    out: list[Line] = []
    skipped_from = None
    for n, text in enumerate(lines, 1):
        if keep is not None and n not in keep:
            skipped_from = skipped_from or n
            continue
        if skipped_from is not None:
            out.append(Line(skipped_from, (), False, gap=n - skipped_from))
            skipped_from = None
        quotes = cited.get(n)
        out.append(Line(n, _segments(text, quotes) if quotes else ((text, False),), quotes is not None))
    if skipped_from is not None:
        out.append(Line(skipped_from, (), False, gap=len(lines) + 1 - skipped_from))
    present = frozenset(x.n for x in out if not x.gap)
    return SourceDoc(source, path, name, tuple(out), len(lines), len(cited), None, present)
