"""What example code reads from an operation's result: its output fields.

* Python — a string subscript of a client call's result, directly (``client.describe_x(...)['campaign']``) or
  through the variable it was assigned to (``response = client.create_x(...)`` then ``response['XArn']``, also as
  ``for p in response['Items']``): the key is an exact output name. Only the first key counts (``['A']['B']``
  reads ``A``); the variable's latest assignment before the read decides which call it holds.
* Java — a getter on a client call's result, chained (``client.describeX(r).campaign()``) or through the variable
  it was assigned to (``XResponse response = client.createX(r);`` then ``response.status()``): SDK v2 getters are
  lowerCamel, SDK v1 getters ``getX()``; either way the case is lost.
* CLI — the JSON a command's block shows after the command (its output): the top-level keys, exact.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from harness.docmodel import CodeBlock
from harness.extract.calls import close_paren, java_clients, python_client_call, python_code
from harness.extract.fields import syntax_keys
from harness.extract.scope import is_operation_name
from harness.extract.text import pascal


@dataclass(frozen=True, slots=True)
class Read:
    """An output field read from a call's result."""

    operation: str
    """As spelled in the code."""
    name: str
    line: int
    """Source line."""
    exact: bool
    """False for a Java getter (the case is lost)."""
    site: str | None = None


def python_reads(block: CodeBlock) -> list[Read]:
    parsed = python_code(block.code)
    if parsed is None:
        return []
    clients = parsed.clients
    assigned: dict[str, list[tuple[int, str | None, str | None]]] = {}  # var → (line, method or None, site)
    subscripts: list[ast.Subscript] = []
    for node in parsed.nodes:
        if isinstance(node, ast.Assign):
            method = python_client_call(node.value, clients)
            site = _site(node.value, clients) if method else None
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append((node.lineno, method, site))
        elif isinstance(node, (ast.For, ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name):
            assigned.setdefault(node.target.id, []).append((node.lineno, None, None))
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and isinstance(node.slice.value, str):
            subscripts.append(node)
    out = []
    for node in subscripts:
        base = node.value
        method, site = None, None
        if isinstance(base, ast.Call):
            method = python_client_call(base, clients)
            site = _site(base, clients) if method else None
        elif isinstance(base, ast.Name):
            before = [a for a in assigned.get(base.id, []) if a[0] < node.lineno]
            if before:
                _line, method, site = max(before, key=lambda a: a[0])
        if method and is_operation_name(pascal(method)):
            key = node.slice.value  # type: ignore[attr-defined]
            out.append(Read(method, key, block.line + node.slice.lineno - 1, True, site))
    return sorted(out, key=lambda r: r.line)


def _site(call: ast.AST, clients: dict[str, str | None]) -> str | None:
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
        return clients.get(call.func.value.id)
    return None


_JAVA_CLIENT_CALL = re.compile(r"\b(?P<recv>[A-Za-z_]\w*)\s*\.\s*(?P<op>[a-z]+(?:[A-Z][a-z0-9]*)+)\s*\(")
_JAVA_ASSIGN = re.compile(r"\b(?P<var>[a-z]\w*)\s*=\s*$")
_JAVA_GETTER = re.compile(r"\s*\.\s*(?P<g>[a-z]\w*)\s*\(\s*\)")
NOT_GETTERS = frozenset({"build", "toString", "hashCode", "equals", "getClass", "sdkHttpResponse", "responseMetadata",
                         "toBuilder", "size", "isEmpty", "stream", "iterator", "get", "join", "then", "promise",
                         "getSdkHttpMetadata", "getSdkResponseMetadata", "sdkFields", "copy"})
"""Methods of every SDK result (and of Java collections) that are not output fields."""


def getter_field(getter: str) -> str | None:
    """``campaign`` → "campaign", ``getCustomLabels`` → "CustomLabels", ``statusAsString`` → "status";
    None for methods that are not fields (``hasTags``, ``toString``)."""
    if getter in NOT_GETTERS or re.match(r"^has[A-Z]", getter):
        return None
    if re.match(r"^get[A-Z]", getter):
        getter = getter[3:]
    return getter.removesuffix("AsString") or None


def java_reads(block: CodeBlock) -> list[Read]:
    code = block.code
    if "(" not in code:
        return []
    clients = java_clients(code)
    out: list[Read] = []
    holders: list[tuple[int, str, str, str | None]] = []  # (offset, variable, operation, site)
    for m in _JAVA_CLIENT_CALL.finditer(code):
        recv, op = m.group("recv"), m.group("op")
        if not (recv in clients or "client" in recv.lower()) or not is_operation_name(pascal(op)):
            continue
        close = close_paren(code, m.end() - 1)
        if close is None:
            continue
        site = clients.get(recv)
        getter = _JAVA_GETTER.match(code, close)
        if getter:
            name = getter_field(getter.group("g"))
            if name:
                out.append(Read(op, name, block.line + code.count("\n", 0, getter.start("g")), False, site))
            continue
        assign = _JAVA_ASSIGN.search(code, 0, m.start())
        if assign:
            holders.append((close, assign.group("var"), op, site))
    for i, (start, var, op, site) in enumerate(holders):
        end = next((h[0] for h in holders[i + 1:] if h[1] == var), len(code))
        for g in re.finditer(rf"\b{re.escape(var)}\s*\.\s*(?P<g>[a-z]\w*)\s*\(\s*\)", code[:end]):
            if g.start() < start:
                continue
            name = getter_field(g.group("g"))
            if name:
                out.append(Read(op, name, block.line + code.count("\n", 0, g.start("g")), False, site))
    return sorted(out, key=lambda r: r.line)


def cli_output_reads(block: CodeBlock, operation: str, end: int, site: str | None) -> list[Read]:
    """Top-level keys of the JSON shown after a command in its block (lines ``end`` on, up to the next command)."""
    lines = block.code.split("\n")
    rest = lines[end:]
    first = next((i for i, line in enumerate(rest) if line.strip()), None)
    if first is None or not rest[first].lstrip().startswith("{"):
        return []
    stop = next((i for i, line in enumerate(rest) if i > first and re.match(r"^\s*(?:\$\s*)?aws\s", line)), len(rest))
    tail = CodeBlock(block.path, block.line + end + first, "\n".join(rest[first:stop]), "json")
    return [Read(operation, key, line, True, site) for key, line in syntax_keys(tail)]
