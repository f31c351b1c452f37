"""Which operation an example calls.

`calls` lists the operation calls a block makes, by language (`CALL_FINDERS`): CLI commands, boto3 client methods,
Java ``XRequest.builder()`` and ``client.xOp(``, JavaScript ``new XCommand(``, .NET/Java v1 ``new XRequest``.
A call is *strong* when it is made on something that is plainly an SDK client (a ``*client*`` variable, a variable
assigned from ``boto3.client(…)``, a request builder); calls on other objects are weak and only chosen when there
is nothing else.

`choose` picks the call the example is about: the one matching the section's operation, else a strong call, else
the call sharing most words with the enclosing titles ("Stopping a model" → Stop…), else the one named in the
section's text, else the first.

`target_or_route` reads a request's operation from an ``X-Amz-Target`` value or from a URL path that matches an HTTP
route the page defines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from harness.extract.facts import op_key
from harness.extract.scope import Defined, amz_target, is_operation_name
from harness.extract.text import base_verb, camel_words, lower_camel, pascal


@dataclass(frozen=True, slots=True)
class Call:
    """One operation call found in a code block."""

    spelling: str
    """The operation as the code spells it (``stop_project_version``, ``stopProjectVersion``)."""
    strong: bool
    """True when made on an SDK client or through a request builder."""
    position: int
    """Offset in the code, for ties."""


CLI_COMMAND = re.compile(r"^[ \t]*(?:\$[ \t]*|>[ \t]*)?aws[ \t]+(?P<service>[a-z0-9][a-z0-9-]*)[ \t]+"
                         r"(?P<command>[a-z0-9][a-z0-9-]*)", re.MULTILINE)
_PY_CALL = re.compile(r"\b(?P<var>[A-Za-z_]\w*)\s*\.\s*(?P<method>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(")
_PY_CLIENT = re.compile(r"\b(?P<var>[A-Za-z_]\w*)\s*=\s*(?:[\w.]+\.)?(?:client|resource)\s*\(")
_JAVA_CALL = re.compile(r"\b(?P<var>[A-Za-z_]\w*)\s*\.\s*(?P<method>[a-z]+(?:[A-Z0-9][a-z0-9]*)+)\s*\(")
_JAVA_CLIENT = re.compile(r"\b[A-Z]\w*Client\s+(?P<var>[a-z]\w*)\b")
_REQUEST_BUILDER = re.compile(r"\b(?P<op>[A-Z][A-Za-z0-9]+)Request\s*\.\s*builder\s*\(")
_NEW_REQUEST = re.compile(r"\bnew\s+(?P<op>[A-Z][A-Za-z0-9]+?)(?:Request|Command)\s*\(")
_DOTNET_CALL = re.compile(r"\b(?P<var>[A-Za-z_]\w*)\s*\.\s*(?P<method>[A-Z][A-Za-z0-9]+?)(?:Async)?\s*\(")

NOT_CLIENTS = frozenset({"self", "os", "sys", "re", "json", "time", "logging", "logger", "log", "parser", "argparse",
                         "args", "math", "random", "datetime", "np", "pd", "plt", "path", "shutil", "subprocess",
                         "string", "str", "dict", "list", "io", "csv", "file", "f", "e", "err", "ex"})
"""Receivers whose snake_case methods are never operations (``parser.add_argument``, ``logger.set_level``)."""


SDK_HELPERS = frozenset({"get_paginator", "get_waiter", "can_paginate", "generate_presigned_url",
                         "generate_presigned_post", "upload_file", "download_file", "upload_fileobj",
                         "download_fileobj", "get_available_subresources", "serviceClientConfiguration",
                         "overrideConfiguration"})
"""Client methods that are not operations."""


@lru_cache(maxsize=4096)
def _is_op(spelling: str) -> bool:
    return is_operation_name(pascal(spelling))


@lru_cache(maxsize=4096)
def _is_call(spelling: str, strong: bool) -> bool:
    """A strong call (on a client, from the CLI's command position, through a request class) needs only a name of
    two words or more, since its position says it is an operation; a weak one must read as one (`_is_op`)."""
    if not strong:
        return _is_op(spelling)
    return spelling not in SDK_HELPERS and len(camel_words(spelling)) >= 2


def _client_var(var: str, clients: set[str]) -> bool:
    return var in clients or "client" in var.lower()


def _cli_calls(code: str) -> Iterable[Call]:
    for m in CLI_COMMAND.finditer(code):
        if _is_call(m.group("command"), True):
            yield Call(m.group("command"), True, m.start("command"))


def _python_calls(code: str) -> Iterable[Call]:
    clients = {m.group("var") for m in _PY_CLIENT.finditer(code)}
    for m in _PY_CALL.finditer(code):
        var = m.group("var")
        strong = _client_var(var, clients)
        if var not in NOT_CLIENTS and _is_call(m.group("method"), strong):
            yield Call(m.group("method"), strong, m.start("method"))


def _java_calls(code: str) -> Iterable[Call]:
    clients = {m.group("var") for m in _JAVA_CLIENT.finditer(code)}
    for pattern in (_REQUEST_BUILDER, _NEW_REQUEST):
        for m in pattern.finditer(code):
            if _is_call(m.group("op"), True):
                yield Call(lower_camel(m.group("op")), True, m.start("op"))
    for m in _JAVA_CALL.finditer(code):
        method = m.group("method")
        strong = _client_var(m.group("var"), clients)
        if _is_call(method, strong) and not method.endswith(("Request", "Response", "Builder")):
            yield Call(method, strong, m.start("method"))


def _new_request_calls(code: str) -> Iterable[Call]:
    """JavaScript ``new XCommand(`` and .NET ``new XRequest`` / ``client.XAsync(``."""
    for m in _NEW_REQUEST.finditer(code):
        if _is_call(m.group("op"), True):
            yield Call(m.group("op"), True, m.start("op"))
    for m in _DOTNET_CALL.finditer(code):
        if "client" in m.group("var").lower() and _is_call(m.group("method"), True):
            yield Call(m.group("method"), True, m.start("method"))


CALL_FINDERS: dict[str, Callable[[str], Iterable[Call]]] = {
    "shell": _cli_calls,
    "powershell": _cli_calls,
    "python": _python_calls,
    "java": _java_calls,
    "kotlin": _java_calls,
    "javascript": _new_request_calls,
    "typescript": _new_request_calls,
    "csharp": _new_request_calls,
}
"""Language → the operation calls its code makes, in order of appearance (roughly)."""


def calls(language: str, code: str) -> list[Call]:
    """The distinct operations ``code`` calls, by first appearance; strong when any of its calls is."""
    finder = CALL_FINDERS.get(language)
    if finder is None:
        return []
    seen: dict[str, Call] = {}
    for c in finder(code):
        old = seen.get(c.spelling)
        if old is None or c.position < old.position or (c.strong and not old.strong):
            seen[c.spelling] = Call(c.spelling, c.strong or (old is not None and old.strong),
                                    min(c.position, old.position) if old else c.position)
    return sorted(seen.values(), key=lambda c: c.position)


def _stem(word: str) -> str:
    low = word.lower()
    return low[:-1] if len(low) > 3 and low.endswith("s") and not low.endswith("ss") else low


def topic_words(titles: Iterable[str]) -> frozenset[str]:
    """Stemmed words of section titles, gerunds as their verbs: "Stopping a model" → {"stop", "a", "model"}."""
    out: set[str] = set()
    for title in titles:
        for word in re.findall(r"[A-Za-z0-9]+", title):
            out.add(_stem(base_verb(word) if word.lower().endswith("ing") else word))
    return frozenset(out)


def choose(found: list[Call], operation: str | None, topic: frozenset[str], mentioned: frozenset[str]) -> str | None:
    """The call the example is about (see the module docstring), or None when there are none."""
    if not found:
        return None
    wanted = op_key(operation) if operation else None

    def rank(c: Call) -> tuple[bool, bool, int, bool, int]:
        key = op_key(c.spelling)
        overlap = sum(1 for w in camel_words(pascal(c.spelling)) if _stem(w) in topic)
        return key == wanted, c.strong, overlap, key in mentioned, -c.position

    return max(found, key=rank).spelling


# ── requests without an SDK: X-Amz-Target and routes ─────────────────────────

_URL_PATH = re.compile(r"""(?:https?://[^/\s'"]+|\{\w+\}|^[ \t]*(?:(?:GET|PUT|POST|DELETE|PATCH|HEAD)[ \t]+)?)"""
                       r"""(?P<path>/[^\s'"?#]*)""", re.MULTILINE)
_SLASHES = re.compile(r"/{2,}")
_ROUTE_PARAM = re.compile(r"\\\{[^}]*\\\}")


def _route(uri: str) -> re.Pattern[str]:
    return re.compile("^" + _ROUTE_PARAM.sub("[^/]+", re.escape(_SLASHES.sub("/", uri.rstrip("/")))) + "/?$")


def target_or_route(code: str, defined: Iterable[Defined]) -> str | None:
    """The operation a raw request names: its X-Amz-Target, else the defined operation whose route its URL matches."""
    target = amz_target(code)
    if target:
        return target[1]
    paths = [_SLASHES.sub("/", m.group("path")) for m in _URL_PATH.finditer(code)]
    if not paths:
        return None
    for d in defined:
        if d.http:
            route = _route(d.http[1])
            if any(route.match(p) for p in paths):
                return d.name
    return None
