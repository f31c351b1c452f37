"""Output fields: response tables, API-reference response records, boto3 response
structure, and response syntax blocks (which also say which fields are enums)."""

from __future__ import annotations

from typing import Iterator

from harness.docmodel import CodeBlock, Document, Paragraph, Table
from harness.extract import syntax
from harness.extract.facts import Fact, OutputField
from harness.extract.fields import paragraph_record, side_of, table_records
from harness.extract.scope import Scope
from harness.extract.text import cite, labelled, pascal

_TOP_TABLE_WORDS = ("parameter", "response", "body", "field", "element", "output")


def enum_name(operation: str, path: str) -> str:
    """The name of the enum a syntax block declares for ``path`` of ``operation``'s output."""
    return f"{pascal(operation)}.{path}"


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    for trail, label, block in labelled(doc):
        operation = scope.operation_at(trail)
        if not operation:
            continue
        if isinstance(block, Table):
            title = (block.title or "").lower()
            if side_of(trail, block.title, label) != "response" or (title and not any(w in title for w in _TOP_TABLE_WORDS)):
                continue
            for r in table_records(doc, scope, trail, block, None):
                yield OutputField(operation, r.name, r.type, r.description, cite(doc, r.line, r.text))
        elif isinstance(block, Paragraph) and side_of(trail, None, label) == "response":
            r = paragraph_record(scope, trail, block, None)
            if r:
                yield OutputField(operation, r.name, r.type, r.description, cite(doc, r.line, r.text))
        elif isinstance(block, CodeBlock) and side_of(trail, None, label) == "response" and syntax.looks_like_syntax(block):
            for field in syntax.fields(block):
                if field.depth == 1 or field.enum_values:
                    enum = enum_name(operation, field.path) if field.enum_values else None
                    yield OutputField(operation, field.path, field.type, "", cite(doc, field.line, field.text), enum)
