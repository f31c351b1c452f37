"""Input parameters: from parameter tables, API-reference records, boto3 field lists,
request syntax, example calls and prose ("in the `ProjectVersionArn` input parameter").

A parameter that no document calls required or optional, but that every example
call of its operation passes (two examples or more), is reported as required with
``inferred=True``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator

from harness.docmodel import Block, CodeBlock, Document, ListBlock, Paragraph, Section, Table
from harness.extract.calls import calls_in
from harness.extract.facts import Fact, Parameter, op_key
from harness.extract.fields import boto_field, paragraph_record, side_of, syntax_keys, table_records
from harness.extract.scope import Scope, is_operation_name
from harness.extract.text import cite, clean, labelled, pascal, split_sentences

_PROSE = re.compile(r"\b(?:input\s+)?(?:parameter|argument)\b", re.I)
_REQUIRED_MARK = re.compile(r"\[REQUIRED\]", re.I)


def _uri(scope: Scope, operation: str | None) -> str | None:
    for d in scope.defined():
        if d.name == operation and d.http:
            return d.http[1]
    return None


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    stated: dict[str, dict[str, Parameter]] = defaultdict(dict)
    for fact in _stated(doc, scope):
        stated[op_key(fact.operation)].setdefault(fact.name, fact)
        yield fact
    yield from _from_examples(doc, stated)


def _stated(doc: Document, scope: Scope) -> Iterator[Parameter]:
    boto: dict[tuple[str, str], dict[str, object]] = {}
    inside_fields: set[int] = set()
    for trail, label, block in labelled(doc):
        if id(block) in inside_fields:
            continue
        operation = scope.operation_at(trail)
        if isinstance(block, Table):
            if block.title and block.title.strip().lower() == "fields":
                inside_fields |= _nested_ids(block)
                yield from _boto_fields(doc, block, operation, boto)
                continue
            if side_of(trail, block.title, label) == "response":
                continue
            for r in table_records(doc, scope, trail, block, _uri(scope, operation)):
                if r.operation:
                    yield Parameter(r.operation, r.name, r.required, r.type, r.location, r.description,
                                    cite(doc, r.line, r.text))
        elif isinstance(block, Paragraph):
            if side_of(trail, None, label) == "request" and operation:
                r = paragraph_record(scope, trail, block, _uri(scope, operation))
                if r:
                    yield Parameter(operation, r.name, r.required, r.type, r.location, r.description,
                                    cite(doc, r.line, r.text))
                    continue
            yield from _prose(doc, block, operation)
        elif isinstance(block, CodeBlock) and operation and side_of(trail, None, label) == "request":
            if "{" in block.code and "(" not in block.code.split("{", 1)[0]:
                for name, line in syntax_keys(block):
                    yield Parameter(operation, name, None, None, "body", "", cite(doc, line, doc.source_line(line)))


def _boto_fields(doc: Document, table: Table, operation: str | None,
                 seen: dict[tuple[str, str], dict[str, object]]) -> Iterator[Parameter]:
    if not operation:
        return
    for row in table.rows:
        if len(row.cells) < 2:
            continue
        body = row.cells[1].blocks
        head = body[0].text if body and isinstance(body[0], Paragraph) else ""
        field = boto_field(row.cells[0].text + ": " + head)
        if field:
            yield from _boto_record(doc, operation, field, row.cells[0].line, seen)


def _nested_ids(table: Table) -> set[int]:
    """Every block inside a table (its cells' blocks, at any depth)."""
    found: set[int] = set()
    stack: list[Block] = [b for row in table.rows for cell in row.cells for b in cell.blocks]
    while stack:
        block = stack.pop()
        found.add(id(block))
        if isinstance(block, ListBlock):
            stack.extend(b for item in block.items for b in item.blocks)
        elif isinstance(block, Table):
            stack.extend(b for row in block.rows for cell in row.cells for b in cell.blocks)
        elif isinstance(block, Section):
            stack.extend(block.blocks)
    return found


def _boto_record(doc: Document, operation: str, field: tuple[str, str, str], line: int,
                 seen: dict[tuple[str, str], dict[str, object]]) -> Iterator[Parameter]:
    """``:type X: string`` then ``:param X: **[REQUIRED]** …`` make one parameter (emitted at :param)."""
    kind, name, rest = field
    entry = seen.setdefault((operation, name), {})
    if kind == "type":
        entry["type"] = clean(rest).strip("*") or None
        entry["type_line"] = line
        return
    required = True if _REQUIRED_MARK.search(rest) else False
    desc = clean(_REQUIRED_MARK.sub("", rest).replace("**", ""))
    text = doc.source_line(line)
    yield Parameter(operation, name, required, entry.get("type"), "body", desc,  # type: ignore[arg-type]
                    cite(doc, line, text))


def _prose(doc: Document, p: Paragraph, scope_op: str | None) -> Iterator[Parameter]:
    if not _PROSE.search(p.text):
        return
    for s in split_sentences(p):
        if not _PROSE.search(s.text):
            continue
        ops, names = [], []
        offset = 0
        for run in p.inlines:
            start, offset = offset, offset + len(run.text)
            if not (s.offset <= start < s.offset + len(s.text) + 5):
                continue
            word = run.text.strip()
            if run.kind in {"link", "code", "strong"} and is_operation_name(word):
                ops.append(word)
            elif run.kind == "code" and re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", word) and word[0].isupper():
                names.append(word)
        operation = ops[0] if ops else scope_op
        if not operation:
            continue
        for name in names:
            if re.search(re.escape(name) + r"`?\s+(?:[a-z]+\s+){0,2}(?:parameter|argument)", s.text + " ") or \
                    re.search(r"(?:parameter|argument)s?\s+`?" + re.escape(name) + r"\b", s.text, re.I):
                yield Parameter(operation, name, None, None, None, "", cite(doc, s.line, s.text))


def _from_examples(doc: Document, stated: dict[str, dict[str, Parameter]]) -> Iterator[Parameter]:
    """Python keyword arguments are parameters; a parameter every example passes is required (inferred)."""
    per_op: dict[str, list[set[str]]] = defaultdict(list)
    exact: dict[str, dict[str, tuple[str, str, int]]] = defaultdict(dict)
    for _trail, block in doc.walk():
        if not isinstance(block, CodeBlock):
            continue
        for call in calls_in(block):
            if not is_operation_name(pascal(call.operation)):
                continue
            key = op_key(call.operation)
            per_op[key].append({op_key(p) for p, _ in call.params})
            if call.style == "python":
                for name, line in call.params:
                    exact[key].setdefault(name, (call.operation, name, line))
    for key, found in exact.items():
        for name, (operation, _n, line) in found.items():
            if name not in stated.get(key, {}):
                yield Parameter(operation, name, None, None, None, "", cite(doc, line, doc.source_line(line)))
    for key, calls in per_op.items():
        if len(calls) < 2:
            continue
        names = {op_key(n): n for n in stated.get(key, {})} | {op_key(n): n for n in exact.get(key, {})}
        operation = next(iter(exact[key].values()))[0] if exact.get(key) else None
        for folded, name in sorted(names.items()):
            if all(folded in c for c in calls):
                if stated.get(key, {}).get(name) is not None and stated[key][name].required is not None:
                    continue
                op = operation or stated[key][name].operation
                line = exact.get(key, {}).get(name, (op, name, 0))[2] or stated[key][name].cite.line
                yield Parameter(op, name, True, None, None, "", cite(doc, line, doc.source_line(line)), inferred=True)
