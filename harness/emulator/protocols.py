"""Protocols: how a request finds its operation and parameters, and how answers and errors look.

    json       AWS JSON: ``POST /`` with ``X-Amz-Target: Prefix.Operation``; errors are HTTP 400 with
               ``{"__type": Name, "message": …}``; content type ``application/x-amz-json-1.x``
    rest-json  AWS REST-JSON: URI templates; errors carry ``X-Amzn-ErrorType`` and the model's status
    rest       plain REST (non-AWS): URI templates; errors are the documented failure body
               (`api.FailureFormat`, e.g. ``{"ok": false, "fault_code": …, "fault_msg": …}``)

`FORMATS` is the registry by ``service.protocol``; `JsonRouter` and `RestRouter` route over every served
spec at once (REST routes are werkzeug rules built from the URI templates).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request

from harness.emulator import shapes
from harness.emulator.api import Api, Op
from harness.emulator.faults import ROLES, Fault, Reply


@dataclass(frozen=True, slots=True)
class Routed:
    api: Api | None
    """The service whose error format applies (a best guess when nothing matched)."""
    op: Op | None
    args: dict[str, str] = field(default_factory=dict)
    """Path variables by wire name."""
    miss: str | None = None
    """The fault role when no operation matched."""
    why: str = ""


@dataclass(frozen=True, slots=True)
class ErrorBody:
    body: dict[str, Any]
    headers: dict[str, str]
    code: str
    """The field of ``body`` naming the error."""
    message: str


class Format(Protocol):
    def content_type(self, api: Api | None) -> str: ...

    def status(self, reply_role: str, name: str, op: Op | None) -> int: ...

    def error(self, api: Api | None, reply: Reply) -> ErrorBody: ...

    def parse(self, op: Op, request: Request, data: bytes, args: dict[str, str]) -> dict[str, Any]: ...


def _json_object(data: bytes) -> dict[str, Any]:
    if not data.strip():
        return {}
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Fault("serialization", f"the request body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise Fault("serialization", "the request body must be a JSON object")
    return value


class AwsJson:
    def content_type(self, api: Api | None) -> str:
        return f"application/x-amz-json-{api.json_version if api else '1.1'}"

    def status(self, reply_role: str, name: str, op: Op | None) -> int:
        return {"too_large": 413, "internal": 500}.get(reply_role, 400)

    def error(self, api: Api | None, reply: Reply) -> ErrorBody:
        return ErrorBody({"__type": reply.name, "message": reply.message}, {}, "__type", "message")

    def parse(self, op: Op, request: Request, data: bytes, args: dict[str, str]) -> dict[str, Any]:
        return _json_object(data)


class AwsRestJson(AwsJson):
    def content_type(self, api: Api | None) -> str:
        return "application/json"

    def status(self, reply_role: str, name: str, op: Op | None) -> int:
        return shapes.error_status(op.model if op else None, name) or ROLES[reply_role].status

    def error(self, api: Api | None, reply: Reply) -> ErrorBody:
        return ErrorBody({"__type": reply.name, "message": reply.message}, {"X-Amzn-ErrorType": reply.name},
                         "__type", "message")

    def parse(self, op: Op, request: Request, data: bytes, args: dict[str, str]) -> dict[str, Any]:
        body = _json_object(data)
        params: dict[str, Any] = {}
        for p in op.params:
            value = {"path": args.get(p.wire), "query": request.args.get(p.wire),
                     "header": request.headers.get(p.wire)}.get(p.location, body.get(p.wire, body.get(p.name)))
            if value is not None:
                params[p.name] = value
        return params


class PlainRest(AwsRestJson):
    def content_type(self, api: Api | None) -> str:
        return "application/json"

    def status(self, reply_role: str, name: str, op: Op | None) -> int:
        return ROLES[reply_role].status

    def error(self, api: Api | None, reply: Reply) -> ErrorBody:
        if api is None:
            return AwsJson().error(api, reply)
        f = api.failure
        values = {f.flag: False, f.code: reply.name, f.message: reply.message}
        return ErrorBody({k: values[k] for k in f.order if k in values}, {}, f.code, f.message)


FORMATS: dict[str, Format] = {"json": AwsJson(), "rest-json": AwsRestJson(), "rest": PlainRest()}
"""``service.protocol`` → its wire format; a spec of another protocol is served as plain REST."""


def format_of(api: Api | None) -> Format:
    return FORMATS.get(api.protocol, FORMATS["rest"]) if api else FORMATS["json"]


class JsonRouter:
    """``X-Amz-Target: Prefix.Operation`` → (service, operation)."""

    def __init__(self, apis: list[Api], served: dict[str, set[str]]) -> None:
        self._by_prefix = {prefix: api for api in apis for prefix in sorted(api.prefixes)}
        self._served = served

    def route(self, target: str) -> Routed:
        prefix, _, name = target.rpartition(".")
        api = self._by_prefix.get(prefix)
        if api is None:
            first = next(iter(self._by_prefix.values()), None)
            return Routed(first, None, miss="unknown_operation", why=f"unknown X-Amz-Target {target!r}")
        if name not in api.ops or name not in self._served[api.name]:
            return Routed(api, None, miss="unknown_operation", why=f"operation {name!r} is not supported")
        return Routed(api, api.ops[name])


def _rule(template: str) -> tuple[str, dict[str, str]]:
    """A URI template → a werkzeug rule string and rule variable → wire name."""
    names: dict[str, str] = {}

    def var(m: re.Match[str]) -> str:
        key = f"v{len(names)}"
        names[key] = m.group(1)
        return f"<{'path:' if m.group(2) else ''}{key}>"
    return re.sub(r"\{([^}+]+)(\+?)\}", var, template), names


class RestRouter:
    """Method + path → (service, operation, path variables), over the URI templates of every REST spec."""

    def __init__(self, apis: list[Api], served: dict[str, set[str]]) -> None:
        self._apis = {a.name: a for a in apis}
        self._names: dict[str, tuple[str, str, dict[str, str]]] = {}
        rules = []
        for api in apis:
            for op in api.ops.values():
                if op.uri and op.method and op.name in served[api.name]:
                    rule, names = _rule(op.uri)
                    endpoint = f"{api.name}:{op.name}"
                    self._names[endpoint] = (api.name, op.name, names)
                    rules.append(Rule(rule, endpoint=endpoint, methods=[op.method.upper()]))
        self._map = Map(rules, strict_slashes=False, merge_slashes=False)
        self._literals = {a.name: [op.uri.split("{")[0] for op in a.ops.values() if op.uri] for a in apis}

    def route(self, method: str, path: str) -> Routed:
        try:
            endpoint, values = self._map.bind("emulator").match(path, method=method)
        except MethodNotAllowed:
            return Routed(self._guess(path), None, miss="not_allowed", why=f"{method} is not allowed on {path}")
        except NotFound:
            return Routed(self._guess(path), None, miss="unknown_operation", why=f"no operation at {method} {path}")
        service, name, names = self._names[str(endpoint)]
        api = self._apis[service]
        return Routed(api, api.ops[name], {names[k]: str(v) for k, v in values.items()})

    def _guess(self, path: str) -> Api | None:
        """The service whose routes share the longest literal start with ``path``."""
        scored = [(max((len(_common(path, lit)) for lit in lits), default=0), name)
                  for name, lits in self._literals.items()]
        best = max(scored, default=(0, ""))
        return self._apis.get(best[1]) if best[0] > 1 else None


def _common(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
