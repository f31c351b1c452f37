"""Output fields: response tables, API-reference response records, boto3 response
structure, and response syntax blocks (which also say which fields are enums); in guides, what example code
reads from a call's result (`results`) and the top-level keys of JSON response examples."""

from __future__ import annotations

from typing import Iterator

from harness.docmodel import CodeBlock, Document, ListBlock, Paragraph, Table
from harness.extract import syntax
from harness.extract.facts import Fact, OutputField
from harness.extract.codeindex import index_of
from harness.extract.examples import examples_of
from harness.extract.fields import (
    Sides,
    paragraph_record,
    record_head,
    record_tail,
    side_of,
    syntax_keys,
    table_records,
)
from harness.extract.scope import Scope
from harness.extract.text import cite, labelled, pascal

_TOP_TABLE_WORDS = ("parameter", "response", "body", "field", "element", "output")


def enum_name(operation: str, path: str) -> str:
    """The name of the enum a syntax block declares for ``path`` of ``operation``'s output."""
    return f"{pascal(operation)}.{path}"


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    head: Paragraph | None = None  # a record's name line whose Type: line a list may carry on
    sides = Sides()
    for trail, label, block in labelled(doc):
        operation = scope.operation_at(trail)
        opened, head = head, None
        if not operation:
            continue
        if isinstance(block, ListBlock) and opened is not None:
            tail = record_tail(block)
            r = paragraph_record(scope, trail, opened, None, tail) if tail else None
            if r:
                yield OutputField(operation, r.name, r.type, r.description, cite(doc, r.line, r.text))
        if isinstance(block, Table):
            title = (block.title or "").lower()
            if sides(trail, block.title, label) != "response" or (
                    title and not any(w in title for w in _TOP_TABLE_WORDS)):
                continue
            for r in table_records(doc, scope, trail, block, None):
                yield OutputField(operation, r.name, r.type, r.description, cite(doc, r.line, r.text))
        elif isinstance(block, Paragraph) and sides(trail, None, label) == "response":
            r = paragraph_record(scope, trail, block, None)
            if r:
                yield OutputField(operation, r.name, r.type, r.description, cite(doc, r.line, r.text))
            elif record_head(block):
                head = block
        elif isinstance(block, CodeBlock) and sides(trail, None, label) == "response" \
                and syntax.looks_like_syntax(block):
            for field in syntax.fields(block):
                if field.depth == 1 or field.enum_values:
                    enum = enum_name(operation, field.path) if field.enum_values else None
                    yield OutputField(operation, field.path, field.type, "", cite(doc, field.line, field.text), enum)
    yield from _from_code(doc, scope)


def _from_code(doc: Document, scope: Scope) -> Iterator[Fact]:
    index = index_of(doc, scope)
    for read, _at in index.reads:
        name = index.resolve(read.operation, read.name, read.exact)
        yield OutputField(read.operation, name, None, "", cite(doc, read.line, doc.source_line(read.line)),
                          site=read.site)
    for trail, block, example in examples_of(doc, scope):
        if example.kind != "response" or example.language != "json" or not example.operation:
            continue
        if scope.operation_at(trail) and side_of(trail) == "response":
            continue  # a response syntax block, read above
        keys = syntax_keys(block)
        if not keys or keys[0][0] in _ENVELOPE_KEYS:
            continue
        for key, line in keys:
            yield OutputField(example.operation, key, None, "", cite(doc, line, doc.source_line(line)))


_ENVELOPE_KEYS = frozenset({"error_code", "error_msg", "errorCode", "errorMessage", "__type", "error", "success",
                            "is_success"})
"""First keys of an envelope: an error response, or a portal's generic ``{"success": …, "data": …}`` sample,
shows no output field of the operation."""
