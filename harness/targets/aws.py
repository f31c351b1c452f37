"""AWS protocols (json, rest-json, and whatever else botocore speaks) through a botocore client.

botocore serializes and signs the request and parses the reply; the bytes travel through the
harness's own `Sender` (hooked in at botocore's ``before-send`` event), so every call has the
check's deadline, a size cap, no redirects and no retries. Clients are made once per service and
validation mode from a fresh botocore session with explicit credentials: dummy ones (``testing``)
for every endpoint that is not AWS, so the environment's credentials never leave the machine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any

import botocore.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

from harness.targets.exchange import Exchange
from harness.targets.http import Reply, Request, Sender, Unreachable

DUMMY_KEY = "testing"
"""The access key id (and secret) sent to every non-AWS endpoint."""


class _Raw:
    """The ``raw`` object botocore's AWSResponse reads the body from."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


class _Call(threading.local):
    """Per-thread state of the call in flight (the hook runs in the calling thread)."""

    timeout: float = 10.0
    reply: Reply | None = None
    request: Request | None = None


class AwsTransport:
    """Calls one AWS service at ``url``."""

    def __init__(self, service: str, url: str, sender: Sender, *, region: str = "us-east-1",
                 real_credentials: bool = False) -> None:
        self.service, self.url, self.sender, self.region = service, url, sender, region
        self.real_credentials = real_credentials
        self._clients: dict[bool, BaseClient] = {}
        self._lock = threading.Lock()
        self._call = _Call()
        self._methods: dict[str, str] = {}

    @property
    def protocol(self) -> str:
        return str(self.client(True).meta.service_model.protocol)

    def client(self, validate: bool) -> BaseClient:
        with self._lock:
            client = self._clients.get(validate)
            if client is None:
                client = self._clients[validate] = self._make_client(validate)
                self._methods = {api: py for py, api in client.meta.method_to_api_mapping.items()}
            return client

    def _make_client(self, validate: bool) -> BaseClient:
        session = botocore.session.Session()
        keys: dict[str, str] = {}
        if not self.real_credentials:
            keys = {"aws_access_key_id": DUMMY_KEY, "aws_secret_access_key": DUMMY_KEY}
        config = Config(retries={"total_max_attempts": 1}, parameter_validation=validate,
                        connect_timeout=5, read_timeout=60, user_agent_extra="harness-verify")
        client = session.create_client(self.service, region_name=self.region, endpoint_url=self.url,
                                       config=config, **keys)
        client.meta.events.register_first("before-send", self._send)
        return client

    def _send(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode("utf-8")
        sent = Request(request.method, request.url, {k: v.decode() if isinstance(v, bytes) else str(v)
                                                     for k, v in request.headers.items()}, body or b"")
        self._call.request = sent
        reply = self.sender.send(sent, self._call.timeout)
        self._call.reply = reply
        return AWSResponse(request.url, reply.status, reply.headers, _Raw(reply.body))

    def call(self, operation: str, params: Mapping[str, Any], *, timeout: float, validate: bool = True) -> Exchange:
        """Call ``operation``; never raises for anything the server or the network does."""
        client = self.client(validate)
        if operation not in self._methods:
            return Exchange(operation, "", self.url, dict(params), None, {}, b"", 0.0,
                            rejected_locally=f"{self.service} has no operation {operation}")
        state = self._call
        state.timeout, state.reply, state.request = timeout, None, None
        start = time.monotonic()
        code = message = local = unreachable = None
        try:
            getattr(client, self._methods[operation])(**params)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code, message = error.get("Code") or None, error.get("Message") or None
        except Unreachable as exc:
            unreachable = exc.reason
        except ParamValidationError as exc:
            local = str(exc).replace("\n", " ")
        except (BotoCoreError, ValueError, TypeError) as exc:  # unparseable replies, unserializable input
            if state.reply is None:
                local = f"{type(exc).__name__}: {exc}"
        reply, sent = state.reply, state.request
        if reply is not None and code is not None and code == str(reply.status):
            code = None  # botocore's stand-in when the reply carries no error code
        return Exchange(operation, sent.method if sent else "", sent.url if sent else self.url, dict(params),
                        reply.status if reply else None, reply.headers if reply else {},
                        reply.body if reply else b"", time.monotonic() - start, unreachable=unreachable,
                        error_code=code if reply is not None and reply.status >= 300 else None,
                        error_message=message, rejected_locally=local)
