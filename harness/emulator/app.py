"""The WSGI application: control endpoints, or route → read → parse → validate → handle → answer.

Every failure along the way is a `Fault` answered in the format of the service the request was meant
for (or the best guess); anything unexpected becomes the documented internal error, never a crash.
"""

from __future__ import annotations

import json
import sys
import traceback
import uuid
from collections.abc import Iterable
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from harness.emulator import control
from harness.emulator.api import Api, Op, build
from harness.emulator.faults import Fault, Reply, name_for
from harness.emulator.handlers import Call, handle
from harness.emulator.mutants import Hooks, Mutant
from harness.emulator.protocols import JsonRouter, RestRouter, Routed, format_of
from harness.emulator.store import Clock, Store
from harness.emulator.validate import validate
from harness.spec.model import Spec

MAX_BODY = 1 << 20
"""Largest request body accepted (1 MiB); larger ones get the documented error with HTTP 413."""
DRAIN_LIMIT = 64 << 20
"""An oversized body is read and dropped up to this size so the client sees the answer; beyond, the
connection is closed."""


class Emulator:
    """The emulated APIs of some specs, one store, optionally one mutant; a WSGI callable."""

    def __init__(self, specs: Iterable[Spec], mutant: Mutant | None = None, realtime: bool = False,
                 max_body: int = MAX_BODY) -> None:
        self.apis: dict[str, Api] = {api.name: api for api in map(build, specs)}
        self.mutant = mutant
        self.hooks = Hooks(mutant)
        self.store = Store(Clock(realtime))
        self.max_body = max_body
        served = {a.name: set(self.hooks("served", tuple(a.ops), api=a)) for a in self.apis.values()}
        self.served = served
        self.json = JsonRouter([a for a in self.apis.values() if a.protocol == "json"], served)
        self.rest = RestRouter([a for a in self.apis.values() if a.protocol != "json"], served)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = control.dispatch(self, request) or self.dispatch(request)
        except Exception:  # noqa: BLE001 -- the last line of defence: answer, never crash
            traceback.print_exc(file=sys.stderr)
            response = self.failure(None, None, Fault("internal", "internal error"))
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        routed = Routed(None, None)
        try:
            target = request.headers.get("X-Amz-Target")
            routed = self.json.route(target) if target is not None else self.rest.route(request.method,
                                                                                         request.path)
            data = self._read(request)
            if routed.op is None:
                raise Fault(routed.miss or "unknown_operation", routed.why)
            params = format_of(routed.api).parse(routed.op, request, data, routed.args)
            params = validate(routed.op, params, self.hooks)
            assert routed.api is not None
            body, leaf = handle(Call(routed.api, routed.op, params, self.store, self.hooks))
            return self.success(routed.api, routed.op, body, leaf)
        except Fault as fault:
            return self.failure(routed.api, routed.op, fault)
        except Exception:  # noqa: BLE001
            traceback.print_exc(file=sys.stderr)
            return self.failure(routed.api, routed.op, Fault("internal", "internal error"))

    def _read(self, request: Request) -> bytes:
        length = request.content_length
        if length is not None and length > self.max_body:
            _drain(request, length)
            raise Fault("too_large", f"the request body has {length} bytes; at most {self.max_body} are accepted")
        request.max_content_length = self.max_body + 1  # a streamed body is cut there; one byte more tells
        try:
            data = request.get_data(cache=True)
        except RequestEntityTooLarge:
            data = b" " * (self.max_body + 1)
        if len(data) > self.max_body:
            raise Fault("too_large", f"the request body exceeds {self.max_body} bytes")
        return data

    def success(self, api: Api, op: Op, body: dict[str, Any], leaf: str | None) -> Response:
        body = self.hooks("response", body, op=op, leaf=leaf)
        return self._response(api, 200, body, {})

    def failure(self, api: Api | None, op: Op | None, fault: Fault) -> Response:
        fmt = format_of(api)
        name = name_for(fault.role, api, op)
        reply = Reply(fault.role, name, fmt.status(fault.role, name, op), fault.message)
        reply = self.hooks("error", reply, name_for=lambda role: name_for(role, api, op))
        shaped = fmt.error(api, reply)
        body = self.hooks("error_body", shaped.body, code=shaped.code, message=shaped.message)
        headers = dict(shaped.headers)
        if shaped.code not in body:
            headers.pop("X-Amzn-ErrorType", None)
        if fault.role == "too_large":
            headers["Connection"] = "close"
        return self._response(api, reply.status, body, headers)

    def _response(self, api: Api | None, status: int, body: dict[str, Any], headers: dict[str, str]) -> Response:
        content_type = self.hooks("content_type", format_of(api).content_type(api))
        response = Response(json.dumps(body), status=status, content_type=content_type)
        response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
        response.headers.update(headers)
        return response


def _drain(request: Request, length: int) -> None:
    """Read and drop an oversized body (up to `DRAIN_LIMIT`) so the client can read the answer."""
    stream = request.environ.get("wsgi.input")
    left = min(length, DRAIN_LIMIT)
    while stream is not None and left > 0:
        chunk = stream.read(min(left, 1 << 16))
        if not chunk:
            break
        left -= len(chunk)
