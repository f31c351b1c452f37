"""API calls inside example code: which operation is called with which arguments.

By language (`language_of`):

* Python is parsed with `ast`: a call ``x.method(Name=value)`` counts when ``x`` is a boto3 client (assigned
  from ``boto3.client(...)``/``session.client(...)``) or a name that says it is one (``rek_client``, ``client``);
* shell gives ``aws <service> <command> --option value`` (global options such as ``--region`` left out);
* Java gives ``XRequest.builder().member(…)`` (SDK v2) and ``new XRequest().withMember(…)`` (SDK v1);
* JavaScript gives the keys of the object literal passed to ``new XCommand(params)`` or ``client.op(params)``.

Python keywords and JavaScript keys are exact names. CLI options (kebab-case) and Java members (lowerCamel, or
PascalCase after ``with``) have lost their case: they are keys only, which `codeindex` maps to exact names.

A comment on an argument's line says whether it is required and may give its type (``/* required */``,
``/* optional integer */``, ``// Optional``, ``# optional``).
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache

from harness.docmodel import CodeBlock
from harness.extract.examples_language import language_of
from harness.extract.facts import op_key


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument of a call."""

    name: str
    """As spelled in the code (``MinConfidence``, ``min-confidence``, ``minConfidence``)."""
    line: int
    """Source line."""
    exact: bool
    """True when the spelling is the API's (a Python keyword, a JavaScript key), False when the case is lost."""
    required: bool | None = None
    """What a comment on the argument's line says: ``/* required */`` → True, ``// Optional`` → False."""
    type: str | None = None
    """A type the comment names (``/* optional integer */``)."""


@dataclass(frozen=True, slots=True)
class Call:
    operation: str
    """As spelled in the code."""
    style: str
    """"python" | "cli" | "java" | "javascript"."""
    args: tuple[Arg, ...]
    """In call order."""
    line: int
    site: str | None = None
    """The service of the client called, when the code says (``boto3.client('s3')``, ``aws s3api``)."""

    @property
    def params(self) -> tuple[tuple[str, int], ...]:
        """(argument as spelled, source line) in call order."""
        return tuple((a.name, a.line) for a in self.args)


SDK_METHODS = frozenset({"get_waiter", "get_paginator", "can_paginate", "generate_presigned_url",
                         "generate_presigned_post", "close", "getWaiter", "waiter", "send", "then", "promise"})
"""Methods every SDK client has that are not operations of any service."""

CLI_GLOBAL_OPTIONS = frozenset("""cli-input-json cli-input-yaml generate-cli-skeleton profile region output query
    endpoint-url no-verify-ssl no-paginate debug no-cli-pager cli-binary-format max-items page-size starting-token
    color no-sign-request ca-bundle cli-read-timeout cli-connect-timeout cli-auto-prompt no-cli-auto-prompt""".split())
"""Options of the AWS CLI itself (and its pagination), not parameters of the operation."""

_COMMENT_SAID = re.compile(r"(?:/\*+|//+|#)\s*(?P<req>required|optional)\b[\s:,-]*(?P<type>string|integer|int|long|"
                           r"number|double|float|boolean|bool|map|list|array|object|structure|timestamp)?",
                           re.IGNORECASE)


def comment_says(line: str) -> tuple[bool | None, str | None]:
    """What a comment on a code line says of the argument there: (required, type)."""
    m = _COMMENT_SAID.search(line)
    if not m:
        return None, None
    typ = m.group("type")
    return m.group("req").lower() == "required", typ.lower() if typ else None


def _arg(name: str, line: int, exact: bool, source: str) -> Arg:
    required, typ = comment_says(source)
    return Arg(name, line, exact, required, typ)


def _is_client_name(name: str) -> bool:
    low = name.lower()
    return "client" in low or low in {"svc", "service"}


@dataclass(frozen=True, slots=True)
class PythonCode:
    """A code block's Python parse, walked once: the operations, the code index and the output reads all read
    the same blocks (each parse and walk was done three to five times)."""

    nodes: tuple[ast.AST, ...]
    """Every node of the tree, in `ast.walk` order."""
    clients: dict[str, str | None]
    """Variables assigned from ``x.client('service')``, with the service when it is a literal."""


@lru_cache(maxsize=128)
def python_code(code: str) -> PythonCode | None:
    """``code`` parsed as Python, or None when it is not Python."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    nodes = tuple(ast.walk(tree))
    return PythonCode(nodes, _python_clients(nodes))


def _python_clients(nodes: tuple[ast.AST, ...]) -> dict[str, str | None]:
    clients: dict[str, str | None] = {}
    for node in nodes:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr == "client":
                args = node.value.args
                service = args[0].value if args and isinstance(args[0], ast.Constant) else None
                if service is None:
                    service = next((k.value.value for k in node.value.keywords if k.arg == "service_name"
                                    and isinstance(k.value, ast.Constant)), None)
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        clients[t.id] = service if isinstance(service, str) else None
    return clients


def python_client_call(node: ast.AST, clients: dict[str, str | None]) -> str | None:
    """The method of a call made on an SDK client (``client.stop_x(...)`` → "stop_x"), else None."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    receiver = node.func.value
    if not isinstance(receiver, ast.Name):
        return None
    if receiver.id not in clients and not _is_client_name(receiver.id):
        return None
    method = node.func.attr
    if method in SDK_METHODS or ("_" not in method and not method.isalpha()):
        return None
    return method


def python_calls(block: CodeBlock) -> list[Call]:
    """The calls on SDK clients in a block parsed as Python (none without a "(", which every call is written
    with: most blocks asked are JSON, output or shell, and parsing them was a tenth of the operation extractor)."""
    if "(" not in block.code:
        return []
    parsed = python_code(block.code)
    if parsed is None:
        return []
    lines = block.code.split("\n")
    clients = parsed.clients
    calls = []
    for node in parsed.nodes:
        method = python_client_call(node, clients)
        if method is None:
            continue
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        receiver = node.func.value
        assert isinstance(receiver, ast.Name)
        args = tuple(_arg(kw.arg, block.line + kw.value.lineno - 1, True, _at(lines, kw.value.lineno - 1))
                     for kw in node.keywords if kw.arg)
        calls.append(Call(method, "python", args, block.line + node.lineno - 1, clients.get(receiver.id)))
    return sorted(calls, key=lambda c: c.line)


def _at(lines: list[str], i: int) -> str:
    return lines[i] if 0 <= i < len(lines) else ""


_CLI_START = re.compile(r"(?:^|\s)aws\s+(?P<service>[a-z0-9-]+)\s+(?P<command>[a-z0-9-]+)")


@dataclass(frozen=True, slots=True)
class CliCommand:
    call: Call
    end: int
    """0-based index in the block of the line after the command (where its shown output may begin)."""


def cli_commands(block: CodeBlock) -> list[CliCommand]:
    lines = block.code.splitlines()
    out = []
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
        args = []
        for w in words[1:]:
            if w.startswith("--") and len(w) > 2:
                opt = w[2:].split("=", 1)[0]
                if opt in CLI_GLOBAL_OPTIONS:
                    continue
                k = next((k for k in range(start, i + 1) if w.split("=", 1)[0] in lines[k]), start)
                args.append(_arg(opt, block.line + k, False, lines[k]))
        call = Call(m.group("command"), "cli", tuple(args), block.line + start, m.group("service"))
        i += 1
        out.append(CliCommand(call, i))
    return out


def cli_calls(block: CodeBlock) -> list[Call]:
    return [c.call for c in cli_commands(block)]


_JAVA_BUILDER = re.compile(r"\b(?P<op>[A-Z][A-Za-z0-9]+)Request\s*\.\s*builder\s*\(\s*\)")
_JAVA_V1 = re.compile(r"\bnew\s+(?P<op>[A-Z][A-Za-z0-9]+)Request\s*\(\s*\)")
_JAVA_LINK = re.compile(r"(?:\s|//[^\n]*)*\.\s*(?P<m>[a-z]\w*)\s*\(")


def java_chain(code: str, pos: int) -> list[tuple[str, int]]:
    """The members a call chain starting at ``pos`` calls in turn (``.a(x).b(f(y))`` → a, b), with offsets;
    calls inside the arguments are not the chain's."""
    out: list[tuple[str, int]] = []
    while True:
        m = _JAVA_LINK.match(code, pos)
        if not m:
            return out
        out.append((m.group("m"), m.start("m")))
        close = close_paren(code, m.end() - 1)
        if close is None:
            return out
        pos = close


def close_paren(code: str, i: int) -> int | None:
    """Offset just after the bracket matching the one at ``i`` (strings skipped)."""
    depth, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch in "\"'":
            j = code.find(ch, i + 1)
            while j > 0 and code[j - 1] == "\\":
                j = code.find(ch, j + 1)
            if j < 0:
                return None
            i = j + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def java_calls(block: CodeBlock) -> list[Call]:
    code = block.code
    lines = code.split("\n")
    calls = []
    for pattern in (_JAVA_BUILDER, _JAVA_V1):
        for m in pattern.finditer(code):
            args = []
            for member, offset in java_chain(code, m.end()):
                if pattern is _JAVA_V1:
                    if not member.startswith("with") or not member[4:5].isupper():
                        break
                    member = member[4:]  # withMinConfidence → MinConfidence
                elif member == "build":
                    break
                k = code.count("\n", 0, offset)
                args.append(_arg(member, block.line + k, False, lines[k]))
            calls.append(Call(m.group("op"), "java", tuple(args), block.line + code.count("\n", 0, m.start()),
                              java_client_site(code, m.group("op"))))
    return sorted(calls, key=lambda c: c.line)


_JAVA_CLIENT_DECL = re.compile(r"\b(?:(?P<svc>[A-Z][A-Za-z0-9]*?)(?:Async)?Client"
                               r"|(?:Amazon|AWS)(?P<v1>[A-Z][A-Za-z0-9]*?)(?:Async)?)\s+(?P<var>[a-z]\w*)\s*[,;=)]")


def java_clients(code: str) -> dict[str, str]:
    """``RekognitionClient rekClient`` (SDK v2), ``AmazonS3 s3client`` (SDK v1) → {"rekClient": "Rekognition",
    "s3client": "S3"}."""
    if "Client" not in code and "Amazon" not in code and "AWS" not in code:
        return {}  # a declaration names one of the three (asked of every code line's block, most have none)
    return {m.group("var"): m.group("svc") or m.group("v1") for m in _JAVA_CLIENT_DECL.finditer(code)}


def java_client_site(code: str, operation: str) -> str | None:
    """The client class whose variable calls ``operation`` in the code, when one does."""
    method = operation[:1].lower() + operation[1:]
    for var, svc in java_clients(code).items():
        if re.search(rf"\b{re.escape(var)}\s*\.\s*{re.escape(method)}\s*\(", code):
            return svc
    return None


_JS_COMMAND = re.compile(r"\bnew\s+(?P<op>[A-Z][A-Za-z0-9]+?)Command\s*\(\s*(?P<arg>[A-Za-z_$][\w$]*|\{)")
_JS_CLIENT_CALL = re.compile(r"\b(?P<var>[A-Za-z_$][\w$]*)\s*\.\s*(?P<op>[a-z]+(?:[A-Z][a-z0-9]*)+)\s*\(\s*"
                             r"(?P<arg>[A-Za-z_$][\w$]*|\{)")
_JS_SITE = re.compile(r"""@aws-sdk/client-(?P<svc>[a-z0-9-]+)|\bnew\s+AWS\.(?P<svc2>[A-Z]\w*)\s*\(""")
_JS_OBJECT = r"(?:const|let|var)\s+{name}\s*=\s*\{{"


def js_calls(block: CodeBlock) -> list[Call]:
    code = block.code
    found: list[tuple[int, str, int]] = []  # (offset of the call, operation, offset of the object's "{")
    for pattern in (_JS_COMMAND, _JS_CLIENT_CALL):
        for m in pattern.finditer(code):
            if pattern is _JS_CLIENT_CALL and not _is_client_name(m.group("var")):
                continue
            if m.group("op") in SDK_METHODS:
                continue
            arg = m.group("arg")
            if arg == "{":
                brace = m.end("arg") - 1
            else:
                decl = re.search(_JS_OBJECT.format(name=re.escape(arg)), code)
                if decl is None:
                    continue
                brace = decl.end() - 1
            found.append((m.start("op"), m.group("op"), brace))
    site = _JS_SITE.search(code)
    calls = []
    for offset, op, brace in sorted(found):
        args = tuple(_arg(name, block.line + k, True, source) for name, k, source in js_object_keys(code, brace))
        calls.append(Call(op, "javascript", args, block.line + code.count("\n", 0, offset),
                          (site.group("svc") or site.group("svc2")) if site else None))
    return calls


_JS_KEY_AT = re.compile(r"""(?:(["'])(?P<q>[A-Za-z_$][\w$]*)\1|(?P<k>[A-Za-z_$][\w$]*))\s*:""")


def js_object_keys(code: str, brace: int) -> list[tuple[str, int, str]]:
    """Top-level keys of the object literal opening at ``brace``: (key, 0-based line, that line)."""
    lines = code.split("\n")
    out: list[tuple[str, int, str]] = []
    depth, expect_key, i, n = 0, False, brace, len(code)
    while i < n:
        ch = code[i]
        if code.startswith("//", i):
            i = code.find("\n", i)
            i = n if i < 0 else i
            continue
        if code.startswith("/*", i):
            j = code.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if ch.isspace():
            i += 1
            continue
        if expect_key and depth == 1:
            expect_key = False
            m = _JS_KEY_AT.match(code, i)
            if m:
                k = code.count("\n", 0, i)
                out.append((m.group("q") or m.group("k"), k, lines[k]))
                i = m.end()
                continue
        if ch in "\"'`":
            j = i + 1
            while j < n and code[j] != ch:
                j += 2 if code[j] == "\\" else 1
            i = j + 1
            continue
        if ch in "{[(":
            depth += 1
            expect_key = depth == 1
        elif ch in "}])":
            depth -= 1
            if depth <= 0:
                break
        elif ch == "," and depth == 1:
            expect_key = True
        i += 1
    return out


def calls_in(block: CodeBlock, language: str | None = None) -> list[Call]:
    """The calls of a block in ``language`` (detected when not given)."""
    code = block.code
    lang = language or language_of(code, block.language, block.title)
    if lang in {"java", "kotlin"} or ".builder()" in code:
        return java_calls(block)
    if lang in {"javascript", "typescript"}:
        return js_calls(block)
    found = cli_calls(block) if "aws " in code else []
    if lang == "python" or "import boto3" in code or "boto3.client" in code or (not found and "(" in code):
        found += python_calls(block)
    return found


def same_operation(a: str, b: str) -> bool:
    return op_key(a) == op_key(b)
