"""Every corpus document reads, and every node's line is right (marker: corpus).

The line check is direct: a paragraph's first word must be on the line it cites, and
a code block's first line of code must be. Tolerance, only where markup makes a
verbatim match impossible: the source line is compared with its backslashes removed
(Markdown escapes such as ``USER\\_ID``), and section titles case-insensitively
(an admonition titled "Note" cites its ``.. note::`` line).
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.docmodel import CodeBlock, Document, ListBlock, Paragraph, Section, Table
from harness.readers import detect_format, read_document

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and not p.name.startswith(("LICENSE", "README"))) \
    if CORPUS.is_dir() else []
FORMATS = {".md": "markdown", ".rst": "rst"}
WORD = re.compile(r"\w+")

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not FILES, reason=f"no corpus at {CORPUS}")]


def nodes(doc: Document) -> Iterator[object]:
    for _, block in doc.walk():
        yield block
        if isinstance(block, ListBlock):
            yield from block.items
        elif isinstance(block, Table):
            for row in block.rows:
                yield row
                yield from row.cells


def _rel(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("path", FILES, ids=[_rel(p) for p in FILES])
def test_reads_with_right_lines(path: Path) -> None:
    doc = read_document(str(path))
    assert doc.format == FORMATS[path.suffix]
    assert doc.blocks and doc.title
    count = len(doc.lines)
    for node in nodes(doc):
        assert node.path == str(path)
        assert 1 <= node.line <= count, (type(node).__name__, node.line)
        source = doc.lines[node.line - 1].replace("\\", "")
        if isinstance(node, Paragraph):
            word = WORD.search(node.text)
            assert word is None or word.group() in source, (node.line, node.text[:60])
        elif isinstance(node, CodeBlock):
            first = node.code.split("\n", 1)[0].strip()
            assert first.replace("\\", "") in source, (node.line, first)
        elif isinstance(node, Section):
            word = WORD.search(node.text)
            assert word is None or word.group().lower() in source.lower(), (node.line, node.text)
    for finding in doc.findings:
        assert finding.line is None or 1 <= finding.line <= count


@pytest.mark.parametrize("path", FILES, ids=[_rel(p) for p in FILES])
def test_detected_from_content_alone(path: Path) -> None:
    assert detect_format(path.read_text(encoding="utf-8"), "page.txt") == FORMATS[path.suffix]


@pytest.mark.skipif(not os.environ.get("READERS_TIMING"), reason="set READERS_TIMING=1 (and use -s) to time")
def test_timing_against_plain_parsing() -> None:
    """Print read time over the corpus against parsing alone with the same libraries (bar: 1.3×).

    Both are timed file by file, interleaved, so that machine load affects them alike.
    """
    from docutils.core import publish_doctree
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    ours = plain = 0.0
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        read_document(str(path))
        ours += time.perf_counter() - start
        start = time.perf_counter()
        if path.suffix == ".md":
            md.parse(text)
        else:
            publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5,
                                                      "warning_stream": io.StringIO()})
        plain += time.perf_counter() - start
    print(f"\ncorpus ({len(FILES)} files): read_document {ours:.2f}s, plain parsing {plain:.2f}s, "
          f"ratio {ours / plain:.2f}")
