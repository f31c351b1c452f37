"""What a live call leaves behind: one `Exchange` — the request, the reply (or why there was none), the
decoded body and error — and the rules that tell "not implemented" apart from a real error.

`NOT_IMPLEMENTED` is a registry of named rules over an exchange, tried in order; the first that
matches gives the reason. A target may add its own marker (the moto target adds the header
``x-harness-not-implemented`` when moto raises ``NotImplementedError``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NOT_IMPLEMENTED_HEADER = "x-harness-not-implemented"
"""Set by in-process emulators on a reply to an action they do not implement."""

UNKNOWN_OPERATION_CODES = frozenset({"UnknownOperationException", "UnknownOperation", "InvalidAction",
                                     "UnsupportedOperation", "NotImplemented"})
"""Error codes that mean "no such operation here"."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One call to a live target."""

    operation: str
    """The API operation called."""
    method: str
    """HTTP method sent ("" when nothing was sent)."""
    url: str
    """URL sent to."""
    params: Any
    """The input as given to the transport (JSON)."""
    status: int | None
    """HTTP status; None when no complete reply came."""
    headers: dict[str, str]
    """Reply headers, names lower-cased."""
    body: bytes
    """The reply body."""
    seconds: float
    """Time taken."""
    unreachable: str | None = None
    """Why no complete reply came (refused, reset, timed out, too large, redirected); None otherwise."""
    error_code: str | None = None
    """The protocol's error code of an error reply (``__type``, ``X-Amzn-ErrorType``, ``error_code``)."""
    error_message: str | None = None
    """The error message of an error reply."""
    rejected_locally: str | None = None
    """Why the client refused to send the input at all (harness-side problem)."""

    @property
    def ok(self) -> bool:
        """A 2xx reply."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def data(self) -> Any:
        """The body as JSON, or None when empty or not JSON."""
        value, _ = decode_json(self.body)
        return value

    @property
    def not_implemented(self) -> str | None:
        """Why this reply means the operation is not offered, or None."""
        for _, rule in NOT_IMPLEMENTED:
            reason = rule(self)
            if reason:
                return reason
        return None

    def summary(self) -> dict[str, Any]:
        """A short JSON view for a result's ``observed``."""
        if self.unreachable:
            return {"operation": self.operation, "unreachable": self.unreachable}
        out: dict[str, Any] = {"operation": self.operation, "status": self.status}
        if self.error_code or (self.status or 0) >= 300:
            out["error"] = self.error_code
            if self.error_message:
                out["message"] = self.error_message[:200]
        return out


def decode_json(body: bytes) -> tuple[Any, str | None]:
    """(value, None), or (None, why) when the body is not JSON; an empty body is (None, None)."""
    if not body.strip():
        return None, None
    try:
        return json.loads(body.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, "the body is not UTF-8"
    except ValueError as exc:
        return None, f"the body is not JSON ({str(exc).split(':')[0]})"


def _http_501(ex: Exchange) -> str | None:
    return "HTTP 501 Not Implemented" if ex.status == 501 else None


def _unknown_operation(ex: Exchange) -> str | None:
    code = (ex.error_code or "").rsplit("#", 1)[-1]
    return f"error {code}" if code in UNKNOWN_OPERATION_CODES else None


def _marker(ex: Exchange) -> str | None:
    marker = ex.headers.get(NOT_IMPLEMENTED_HEADER)
    return f"HTTP {ex.status}: {marker}" if marker else None


def _says_not_implemented(ex: Exchange) -> str | None:
    if ex.status is None or ex.status < 500:
        return None
    text = ex.body[:4096].decode("utf-8", "replace")
    for phrase in ("NotImplementedError", "has not been implemented", "not yet implemented"):
        if phrase in text:
            return f"HTTP {ex.status} saying {phrase!r}"
    return None


def _no_route(ex: Exchange) -> str | None:
    if ex.status in (404, 405) and not ex.error_code:
        return f"HTTP {ex.status} with no error code: no route for {ex.method} {ex.url.split('?')[0]}"
    return None


NOT_IMPLEMENTED: tuple[tuple[str, Callable[[Exchange], str | None]], ...] = (
    ("http-501", _http_501),
    ("unknown-operation", _unknown_operation),
    ("emulator-marker", _marker),
    ("server-says-so", _says_not_implemented),
    ("no-route", _no_route),
)
"""Rules, in order: (name, exchange → reason or None)."""
