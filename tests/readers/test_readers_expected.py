"""Seeds and fixture documents read into the structure and lines pinned in fixtures/expected.yaml."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.docmodel import Block, Cell, CodeBlock, Document, ListBlock, ListItem, Paragraph, Row, Section, Table
from harness.readers import read_document

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SPECS = yaml.safe_load((HERE / "fixtures" / "expected.yaml").read_text(encoding="utf-8"))

KINDS: dict[str, type] = {"section": Section, "paragraph": Paragraph, "code": CodeBlock, "list": ListBlock,
                          "item": ListItem, "table": Table, "row": Row, "cell": Cell}

Node = Any
Trail = tuple[Section, ...]


def _text(node: Node, trail: Trail) -> str | None:
    if isinstance(node, CodeBlock):
        return node.code
    if isinstance(node, Table):
        return node.title
    return node.text if hasattr(node, "text") else None


ACCESSORS: dict[str, Callable[[Node, Trail], Any]] = {
    "text": _text,
    "line": lambda n, t: n.line,
    "code": lambda n, t: n.code,
    "language": lambda n, t: n.language,
    "title": lambda n, t: n.title,
    "level": lambda n, t: n.level,
    "anchor": lambda n, t: n.anchor,
    "tab": lambda n, t: n.tab,
    "ordered": lambda n, t: n.ordered,
    "section": lambda n, t: t[-1].text if t else None,
    "sections": lambda n, t: [s.text for s in t],
    "inlines": lambda n, t: [[i.kind, i.text, i.target] for i in (n.title if isinstance(n, Section) else n.inlines)],
    "header": lambda n, t: list(n.header),
    "body_lines": lambda n, t: [r.line for r in n.body],
    "column0": lambda n, t: [r.cells[0].text for r in n.body],
    "items": lambda n, t: [i.text for i in n.items],
    "item_lines": lambda n, t: [i.line for i in n.items],
    "cells": lambda n, t: [c.text for c in n.cells],
    "header_row": lambda n, t: n.header,
}
"""Names usable in `where` and `expect` → how to read them from a node and its enclosing sections."""

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "": lambda actual, wanted: actual == wanted,
    "startswith": lambda actual, wanted: _startswith(actual, wanted),
    "contains": lambda actual, wanted: all(w in actual for w in _listed(wanted)),
    "not_contains": lambda actual, wanted: not any(w in actual for w in _listed(wanted)),
    "has": lambda actual, wanted: wanted in actual,
}


def _listed(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _startswith(actual: Any, wanted: Any) -> bool:
    if isinstance(wanted, list):
        return isinstance(actual, list) and len(actual) >= len(wanted) and all(
            a.startswith(w) for a, w in zip(actual, wanted))
    return isinstance(actual, str) and actual.startswith(wanted)


def holds(node: Node, trail: Trail, key: str, wanted: Any) -> tuple[bool, Any]:
    name, _, op = key.partition("__")
    try:
        actual = ACCESSORS[name](node, trail)
    except AttributeError:
        return False, None
    return OPERATORS[op](actual, wanted), actual


def everything(doc: Document) -> Iterator[tuple[Trail, Node]]:
    def visit(blocks: tuple[Block, ...], trail: Trail) -> Iterator[tuple[Trail, Node]]:
        for block in blocks:
            yield trail, block
            if isinstance(block, Section):
                yield from visit(block.blocks, trail + (block,))
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield trail, item
                    yield from visit(item.blocks, trail)
            elif isinstance(block, Table):
                for row in block.rows:
                    yield trail, row
                    for cell in row.cells:
                        yield trail, cell
                        yield from visit(cell.blocks, trail)

    yield from visit(doc.blocks, ())


@cache
def document(rel: str) -> Document:
    base = ROOT if rel.startswith("seeds/") else HERE
    return read_document(str(base / rel))


def _cases() -> Iterator[Any]:
    for spec in SPECS:
        for index, check in enumerate(spec.get("checks", ())):
            yield pytest.param(spec["doc"], check, id=f"{Path(spec['doc']).name}#{index}-{check['node']}")


@pytest.mark.parametrize("doc", [s["doc"] for s in SPECS], ids=[Path(s["doc"]).name for s in SPECS])
def test_document_fields(doc: str) -> None:
    spec = next(s for s in SPECS if s["doc"] == doc)
    got = document(doc)
    for key, wanted in spec.get("document", {}).items():
        if key == "meta":
            assert dict(got.meta) == wanted
        elif key == "findings":
            codes: dict[str, int] = {}
            for finding in got.findings:
                codes[finding.code] = codes.get(finding.code, 0) + 1
            assert codes == wanted, got.findings
        else:
            assert getattr(got, key) == wanted, key


@pytest.mark.parametrize("doc, check", list(_cases()))
def test_structure(doc: str, check: dict) -> None:
    got = document(doc)
    kind = KINDS[check["node"]]
    where = check.get("where", {})
    matches = [(trail, node) for trail, node in everything(got)
               if isinstance(node, kind) and all(holds(node, trail, k, v)[0] for k, v in where.items())]
    expect = dict(check.get("expect", {}))
    if "count" in expect:
        assert len(matches) == expect.pop("count"), [n.line for _, n in matches]
    assert matches, f"no {check['node']} where {where}"
    if "lines" in expect:
        assert [n.line for _, n in matches] == expect.pop("lines")
    if "texts" in expect:
        assert [_text(n, t) for t, n in matches] == expect.pop("texts")
    trail, node = matches[0]
    for substring, line in expect.pop("line_of", {}).items():
        assert node.line_of(node.text.index(substring)) == line, substring
    for key, wanted in expect.items():
        ok, actual = holds(node, trail, key, wanted)
        assert ok, f"{key}: wanted {wanted!r}, got {actual!r}"


def test_source_lines_are_cited_lines() -> None:
    """Every paragraph of every fixture starts with a word found on its line (a direct check of lines)."""
    for spec in SPECS:
        got = document(spec["doc"])
        for _, node in everything(got):
            if isinstance(node, Paragraph):
                word = node.text.split()[0].strip("*`()[],.:")[:12]
                assert word in got.lines[node.line - 1].replace("\\", ""), (spec["doc"], node.line, node.text[:40])
