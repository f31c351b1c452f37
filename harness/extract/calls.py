"""API calls inside example code: which operation is called with which parameters.

Python is parsed with `ast`: a call ``x.method(Name=value)`` counts when ``x`` is a
boto3 client (assigned from ``boto3.client(...)``/``session.client(...)``) or a
name that says it is one (``rek_client``, ``client``). CLI commands give
``aws <service> <command> --option value``; Java builder chains give
``XRequest.builder().member(…)``. Parameter names from the CLI and Java are only
keys (their case is lost); Python keywords are exact.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass

from harness.docmodel import CodeBlock
from harness.extract.facts import op_key


@dataclass(frozen=True, slots=True)
class Call:
    operation: str
    """As spelled in the code."""
    style: str
    """"python" | "cli" | "java"."""
    params: tuple[tuple[str, int], ...]
    """(parameter as spelled, source line) in call order."""
    line: int
    site: str | None = None
    """The service of the client called, when the code says (``boto3.client('s3')``, ``aws s3api``)."""


SDK_METHODS = frozenset({"get_waiter", "get_paginator", "can_paginate", "generate_presigned_url",
                         "generate_presigned_post", "close", "getWaiter", "waiter"})
"""Methods every SDK client has that are not operations of any service."""


def _is_client_name(name: str) -> bool:
    low = name.lower()
    return "client" in low or low in {"svc", "service"}


def python_calls(block: CodeBlock) -> list[Call]:
    try:
        tree = ast.parse(block.code)
    except (SyntaxError, ValueError):
        return []
    clients: dict[str, str | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr == "client":
                args = node.value.args
                service = args[0].value if args and isinstance(args[0], ast.Constant) else None
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        clients[t.id] = service if isinstance(service, str) else None
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        if not isinstance(receiver, ast.Name):
            continue
        if receiver.id not in clients and not _is_client_name(receiver.id):
            continue
        if node.func.attr in SDK_METHODS or ("_" not in node.func.attr and not node.func.attr.isalpha()):
            continue
        params = tuple((kw.arg, block.line + kw.value.lineno - 1) for kw in node.keywords if kw.arg)
        calls.append(Call(node.func.attr, "python", params, block.line + node.lineno - 1, clients.get(receiver.id)))
    return sorted(calls, key=lambda c: c.line)


_CLI_START = re.compile(r"(?:^|\s)aws\s+(?P<service>[a-z0-9-]+)\s+(?P<command>[a-z0-9-]+)")


def cli_calls(block: CodeBlock) -> list[Call]:
    lines = block.code.splitlines()
    calls = []
    i = 0
    while i < len(lines):
        m = _CLI_START.search(lines[i])
        if not m:
            i += 1
            continue
        start = i
        joined = lines[i]
        while joined.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            joined = joined.rstrip()[:-1] + " " + lines[i]
        try:
            words = shlex.split(joined[m.start("command"):], posix=True)
        except ValueError:
            words = joined[m.start("command"):].split()
        params = []
        for w in words[1:]:
            if w.startswith("--") and len(w) > 2:
                opt = w[2:].split("=", 1)[0]
                line = block.line + next((k for k in range(start, i + 1) if w.split("=", 1)[0] in lines[k]), start)
                params.append((opt, line))
        calls.append(Call(m.group("command"), "cli", tuple(params), block.line + start, m.group("service")))
        i += 1
    return calls


_JAVA_BUILDER = re.compile(r"\b(?P<op>[A-Z][A-Za-z0-9]+)Request\s*\.\s*builder\s*\(\s*\)(?P<chain>(?:\s*\.\s*[a-z]\w*\s*\((?:[^()]|\([^()]*\))*\))*)", re.S)
_JAVA_MEMBER = re.compile(r"\.\s*(?P<m>[a-z]\w*)\s*\(")


def java_calls(block: CodeBlock) -> list[Call]:
    calls = []
    for m in _JAVA_BUILDER.finditer(block.code):
        line0 = block.line + block.code[: m.start()].count("\n")
        params = []
        for pm in _JAVA_MEMBER.finditer(m.group("chain")):
            if pm.group("m") != "build":
                offset = m.start("chain") + pm.start()
                params.append((pm.group("m"), block.line + block.code[:offset].count("\n")))
        calls.append(Call(m.group("op"), "java", tuple(params), line0, java_client_site(block.code, m.group("op"))))
    return calls


_JAVA_CLIENT_DECL = re.compile(r"\b(?P<svc>[A-Z][A-Za-z0-9]*?)(?:Async)?Client\s+(?P<var>[a-z]\w*)")


def java_clients(code: str) -> dict[str, str]:
    """``RekognitionClient rekClient`` → {"rekClient": "Rekognition"}."""
    return {m.group("var"): m.group("svc") for m in _JAVA_CLIENT_DECL.finditer(code)}


def java_client_site(code: str, operation: str) -> str | None:
    """The client class whose variable calls ``operation`` in the code, when one does."""
    method = operation[:1].lower() + operation[1:]
    for var, svc in java_clients(code).items():
        if re.search(rf"\b{re.escape(var)}\s*\.\s*{re.escape(method)}\s*\(", code):
            return svc
    return None


def calls_in(block: CodeBlock) -> list[Call]:
    lang = (block.language or "").lower()
    code = block.code
    if lang in {"java"} or ".builder()" in code:
        return java_calls(block)
    found = cli_calls(block) if "aws " in code else []
    if lang in {"python", "py", "python3"} or "import boto3" in code or "boto3.client" in code or not found:
        found += python_calls(block)
    return found


def same_operation(a: str, b: str) -> bool:
    return op_key(a) == op_key(b)
