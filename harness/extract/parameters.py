"""Input parameters: from parameter tables, API-reference records (also when a bullet list
interrupts one), boto3 field lists, request syntax, JSON request examples in guides, example
calls in every SDK language (`calls`, names made exact by `codeindex`) and prose
(`prose_params`: "in the `WidgetVersionArn` input parameter", "If you omit the `X` parameter").

A comment on an example argument (``/* optional integer */``) or an optional in prose states
``required``. A parameter that no document calls required or optional, but that every example
call of its operation passes (two examples or more), is reported as required with
``inferred=True``. A name prose writes in another case than a record of the same operation
(``WidgetArn`` for ``widgetArn``) takes the record's spelling.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Iterator

from harness.docmodel import Block, CodeBlock, Document, ListBlock, Paragraph, Section, Table
from harness.extract.codeindex import CodeIndex, index_of
from harness.extract.examples import examples_of
from harness.extract.facts import Fact, Parameter, op_key
from harness.extract.fields import (
    Sides,
    boto_field,
    paragraph_record,
    record_head,
    record_tail,
    syntax_keys,
    table_records,
)
from harness.extract.prose_params import list_parameters, sentence_parameters
from harness.extract.scope import Scope
from harness.extract.text import cite, clean, labelled

_PROSE = re.compile(r"\b(?:input\s+)?(?:parameter|argument)\b", re.I)
_REQUIRED_MARK = re.compile(r"\[REQUIRED\]", re.I)


def _uri(scope: Scope, operation: str | None) -> str | None:
    for d in scope.defined():
        if d.name == operation and d.http:
            return d.http[1]
    return None


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    stated: dict[str, dict[str, Parameter]] = defaultdict(dict)
    found = list(_stated(doc, scope))
    recorded: dict[str, dict[str, str]] = defaultdict(dict)  # operation → folded name → a record's spelling
    for fact in found:
        if fact.location or fact.type:
            recorded[op_key(fact.operation)].setdefault(op_key(fact.name), fact.name)
    for fact in found:
        spelled = recorded.get(op_key(fact.operation), {}).get(op_key(fact.name))
        if spelled and spelled != fact.name and not (fact.location or fact.type):
            fact = replace(fact, name=spelled)  # prose "the `SolutionVersionArn` parameter" of a record's field
        stated[op_key(fact.operation)].setdefault(fact.name, fact)
        yield fact
    yield from _from_examples(doc, scope, stated)


def _stated(doc: Document, scope: Scope) -> Iterator[Parameter]:
    index = index_of(doc, scope)
    held: list[Parameter] = []  # prose that asks for a name without calling it a parameter, on a reference page
    recorded: set[str] = set()  # operations whose page has a request side (records, request syntax)
    for fact in _walk(doc, scope, index, held, recorded):
        if fact.location or fact.type:
            recorded.add(op_key(fact.operation))
        yield fact
    # where records state an operation's inputs, those looser sentences are about the records' own fields; a
    # documentation string of prose alone states its inputs no other way
    yield from (fact for fact in held if op_key(fact.operation) not in recorded)
    yield from _request_examples(doc, scope)


def _walk(doc: Document, scope: Scope, index: CodeIndex, held: list[Parameter],
          recorded: set[str]) -> Iterator[Parameter]:
    boto: dict[tuple[str, str], dict[str, object]] = {}
    inside_fields: set[int] = set()
    head: Paragraph | None = None  # a record's name line whose Type:/Required: lines a list may carry on
    intro: Paragraph | None = None  # the paragraph just before, which may introduce a list
    sides = Sides()
    for trail, label, block in labelled(doc):
        if id(block) in inside_fields:
            continue
        operation = scope.operation_at(trail)
        opened, head = head, None
        before, intro = intro, block if isinstance(block, Paragraph) else None
        if isinstance(block, ListBlock) and opened is not None and operation:
            tail = record_tail(block)
            r = paragraph_record(scope, trail, opened, _uri(scope, operation), tail) if tail else None
            if r:
                yield Parameter(operation, r.name, r.required, r.type, r.location, r.description,
                                cite(doc, r.line, r.text))
        if isinstance(block, ListBlock) and before is not None:
            yield from list_parameters(doc, index, trail, before, block, operation)
        if isinstance(block, Table):
            if block.title and block.title.strip().lower() == "fields":
                inside_fields |= _nested_ids(block)
                yield from _boto_fields(doc, block, operation, boto)
                continue
            side = sides(trail, block.title, label)
            if side == "response":
                continue
            if operation and side == "request":
                recorded.add(op_key(operation))
            for r in table_records(doc, scope, trail, block, _uri(scope, operation)):
                if r.operation:
                    yield Parameter(r.operation, r.name, r.required, r.type, r.location, r.description,
                                    cite(doc, r.line, r.text))
        elif isinstance(block, Paragraph):
            if operation and sides(trail, None, label) == "request":
                recorded.add(op_key(operation))
                r = paragraph_record(scope, trail, block, _uri(scope, operation))
                if r:
                    yield Parameter(operation, r.name, r.required, r.type, r.location, r.description,
                                    cite(doc, r.line, r.text))
                    continue
                head = block if record_head(block) else None
            yield from sentence_parameters(doc, index, trail, block, operation, held)
        elif isinstance(block, CodeBlock) and operation and sides(trail, None, label) == "request":
            recorded.add(op_key(operation))
            if "{" in block.code and "(" not in block.code.split("{", 1)[0]:
                for name, line in syntax_keys(block):
                    yield Parameter(operation, name, None, None, "body", "", cite(doc, line, doc.source_line(line)))


def _request_examples(doc: Document, scope: Scope) -> Iterator[Parameter]:
    """In a guide, the top-level keys of a JSON request example are the inputs of the operation it is for."""
    for trail, block, example in examples_of(doc, scope):
        if example.kind == "request" and example.language == "json" and example.operation \
                and not scope.operation_at(trail):
            for name, line in syntax_keys(block):
                yield Parameter(example.operation, name, None, None, None, "",
                                cite(doc, line, doc.source_line(line)))


def _boto_fields(doc: Document, table: Table, operation: str | None,
                 seen: dict[tuple[str, str], dict[str, object]]) -> Iterator[Parameter]:
    if not operation:
        return
    for row in table.rows:
        if len(row.cells) < 2:
            continue
        body = row.cells[1].blocks
        head = " ".join(b.text for b in body if isinstance(b, Paragraph))  # "[REQUIRED]", then the description
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


def _from_examples(doc: Document, scope: Scope, stated: dict[str, dict[str, Parameter]]) -> Iterator[Parameter]:
    """Every argument of every example call is a parameter (its name made exact by `CodeIndex.resolve`; a
    comment on its line may say required or optional); a parameter every example passes is required (inferred)."""
    index = index_of(doc, scope)
    per_op: dict[str, list[set[str]]] = defaultdict(list)
    names: dict[str, dict[str, tuple[str, int, str | None]]] = defaultdict(dict)
    for call, _at in index.calls:
        key = op_key(call.operation)
        per_op[key].append({op_key(a.name) for a in call.args})
        for arg in call.args:
            name = index.resolve(call.operation, arg.name, arg.exact)
            names[key].setdefault(name, (call.operation, arg.line, call.site))
            yield Parameter(call.operation, name, arg.required, arg.type, None, "",
                            cite(doc, arg.line, doc.source_line(arg.line)), site=call.site)
    for key, calls in per_op.items():
        if len(calls) < 2:
            continue
        mine = stated.get(key, {})
        known = {op_key(n): n for n in mine} | {op_key(n): n for n in names.get(key, {})}
        for folded, name in sorted(known.items()):
            if not all(folded in c for c in calls):
                continue
            if mine.get(name) is not None and mine[name].required is not None:
                continue
            operation, line, site = names.get(key, {}).get(name) or (mine[name].operation, mine[name].cite.line, None)
            yield Parameter(operation, name, True, None, None, "", cite(doc, line, doc.source_line(line)),
                            inferred=True, site=site)
