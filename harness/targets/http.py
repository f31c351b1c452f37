"""The one HTTP sender every live transport uses: bounded in time and size, never follows redirects.

    send(Request, timeout) ──▶ Reply              a complete answer (any status)
                           ──▶ raises Unreachable  no complete answer: refused, reset, timed out,
                                                   too large, redirected elsewhere

Everything a misbehaving server can do to a client ends here as either a `Reply` or one `Unreachable`
whose ``reason`` is a sentence, so a check can turn it into the verdict "error" without a traceback.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, ProtocolError, ReadTimeoutError

MAX_BODY = 10 * 1024 * 1024
"""Bytes read from a reply at most; a longer body is abandoned (`Unreachable`)."""

_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request, ready to send."""

    method: str
    """"GET", "POST", …"""
    url: str
    """Absolute URL."""
    headers: dict[str, str] = field(default_factory=dict)
    """Headers to send (already signed, for AWS)."""
    body: bytes = b""
    """The request body."""


@dataclass(frozen=True, slots=True)
class Reply:
    """A complete HTTP answer."""

    status: int
    """The status code."""
    headers: dict[str, str]
    """Headers, names lower-cased."""
    body: bytes
    """The whole body (at most `MAX_BODY` bytes)."""
    seconds: float
    """From sending to the last byte."""

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ("" when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Unreachable(Exception):
    """No complete answer; ``reason`` says why in one sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _timeout_message(url: str, seconds: float) -> str:
    return f"no reply from {urlsplit(url).netloc} within {seconds:.1f}s"


class Sender:
    """A pooled urllib3 client; thread-safe, one per target."""

    def __init__(self, max_body: int = MAX_BODY, connect_timeout: float = 5.0) -> None:
        self.max_body = max_body
        self.connect_timeout = connect_timeout
        self._pool = urllib3.PoolManager(num_pools=8, maxsize=8, retries=False)

    def send(self, request: Request, timeout: float) -> Reply:
        """Send ``request``; the whole exchange (connect, reply, body) must end within ``timeout`` seconds."""
        start = time.monotonic()
        timeout = max(timeout, 0.05)
        try:
            response = self._pool.urlopen(
                request.method, request.url, body=request.body or None, headers=request.headers,
                redirect=False, retries=False, preload_content=False, decode_content=True,
                timeout=urllib3.Timeout(connect=min(self.connect_timeout, timeout), read=timeout))
        except NewConnectionError as exc:
            raise Unreachable(f"cannot connect to {urlsplit(request.url).netloc}: {_cause(exc)}") from None
        except ReadTimeoutError:
            raise Unreachable(_timeout_message(request.url, timeout)) from None
        except (HTTPError, OSError) as exc:
            raise Unreachable(f"request to {urlsplit(request.url).netloc} failed: {_cause(exc)}") from None
        try:
            if 300 <= response.status < 400 and response.headers.get("location"):
                target = urljoin(request.url, response.headers["location"])
                raise Unreachable(f"HTTP {response.status} redirect to {target} not followed")
            body = self._read(response, request.url, start, timeout)
        except Unreachable:
            response.close()  # drop the connection rather than drain what may never end
            raise
        finally:
            response.release_conn()
        return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, body,
                     time.monotonic() - start)

    def _read(self, response: urllib3.BaseHTTPResponse, url: str, start: float, timeout: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if time.monotonic() - start > timeout:
                    raise Unreachable(_timeout_message(url, timeout) + " (body still arriving)")
                chunk = response.read(_CHUNK)
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > self.max_body:
                    raise Unreachable(f"reply body larger than {self.max_body // (1024 * 1024)} MiB; abandoned")
                chunks.append(chunk)
        except ReadTimeoutError:
            raise Unreachable(_timeout_message(url, timeout) + " (body stalled)") from None
        except (ProtocolError, HTTPError, OSError) as exc:
            raise Unreachable(f"connection broken while reading the reply: {_cause(exc)}") from None

    def close(self) -> None:
        self._pool.clear()


def _cause(exc: BaseException) -> str:
    """The innermost reason urllib3 wraps (``Connection refused``), without addresses or object reprs."""
    inner: BaseException = exc
    while True:
        nxt = getattr(inner, "reason", None) or inner.__cause__ or inner.__context__
        if not isinstance(nxt, BaseException) or nxt is inner:
            break
        inner = nxt
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    if isinstance(inner, ConnectionResetError):
        return "connection reset by peer"
    if isinstance(inner, (socket.timeout, TimeoutError)):
        return "timed out"
    text = getattr(inner, "strerror", None) or str(inner) or type(inner).__name__
    return text.split(": ", 1)[-1] if "object at 0x" in text else text
