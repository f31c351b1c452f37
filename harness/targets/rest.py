"""Plain REST for services botocore does not know (ModelArts): the request is built from the spec.

``http.method`` and ``http.uri`` give the route; inputs are placed by their documented ``location``
(path parameters fill ``{name}`` in the URI, query → query string, header → headers, the rest →
a JSON body). Requests carry a dummy token header (``X-Auth-Token: harness-dummy-token``) unless
the scenario file names headers of its own; nothing is ever read from the environment.
An error reply's code and message are read from the body keys named like ``error_code`` /
``error_message`` (``code`` / ``message``), whatever the service calls them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from harness.spec.model import Operation, Spec
from harness.targets.exchange import Exchange, decode_json
from harness.targets.http import Request, Sender, Unreachable

DUMMY_HEADERS = {"X-Auth-Token": "harness-dummy-token"}

ERROR_CODE_KEYS = ("error_code", "errorCode", "code", "Code", "__type")
ERROR_MESSAGE_KEYS = ("error_message", "error_msg", "errorMessage", "message", "Message", "msg")


def _pick(data: Any, keys: tuple[str, ...]) -> str | None:
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), (str, int)) and data.get(key) != "":
                return str(data[key])
    return None


class RestTransport:
    """Calls the operations of one spec at ``url`` (the service's endpoint, with any path prefix)."""

    protocol = "rest"

    def __init__(self, spec: Spec, url: str, sender: Sender, headers: Mapping[str, str] | None = None) -> None:
        self.spec, self.url, self.sender = spec, url.rstrip("/"), sender
        self.headers = dict(headers) if headers else dict(DUMMY_HEADERS)

    def operation(self, name: str) -> Operation | None:
        op = self.spec.operation(name)
        return op if op is not None and op.http is not None else None

    def request(self, op: Operation, params: Mapping[str, Any]) -> Request:
        assert op.http is not None
        where = {i.name: (i.location or "body") for i in op.input}
        uri, query, headers, body = op.http.uri, {}, dict(self.headers), {}
        for name, value in params.items():
            location = where.get(name, "body")
            if location == "path":
                uri = uri.replace("{" + name + "}", quote(str(value), safe=""))
            elif location == "query":
                query[name] = value if isinstance(value, str) else json.dumps(value)
            elif location == "header":
                headers[name] = str(value)
            else:
                body[name] = value
        url = self.url + uri + (("?" + urlencode(query)) if query else "")
        data = json.dumps(body).encode("utf-8") if body else b""
        if data:
            headers["Content-Type"] = "application/json"
        return Request(op.http.method.upper(), url, headers, data)

    def call(self, operation: str, params: Mapping[str, Any], *, timeout: float, validate: bool = True) -> Exchange:
        op = self.operation(operation)
        if op is None:
            return Exchange(operation, "", self.url, dict(params), None, {}, b"", 0.0,
                            rejected_locally=f"the spec gives no HTTP route for {operation}")
        request = self.request(op, params)
        start = time.monotonic()
        try:
            reply = self.sender.send(request, timeout)
        except Unreachable as exc:
            return Exchange(operation, request.method, request.url, dict(params), None, {}, b"",
                            time.monotonic() - start, unreachable=exc.reason)
        data, _ = decode_json(reply.body)
        failed = reply.status >= 300
        return Exchange(operation, request.method, request.url, dict(params), reply.status, reply.headers, reply.body,
                        reply.seconds, error_code=_pick(data, ERROR_CODE_KEYS) if failed else None,
                        error_message=_pick(data, ERROR_MESSAGE_KEYS) if failed else None)
