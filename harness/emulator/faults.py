"""Why a request fails (a role), and the documented error name and HTTP status each role gets.

A handler raises ``Fault(role, message)``; the protocol turns it into the provider's error body. The
name is the first error the operation documents that fits the role (spec errors, then the botocore
model's), else one the service documents for any operation, else the role's generic fallback; for a
non-AWS failure body without documented names, the error code the docs show in their example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.emulator.api import Api, Op
from harness.errors import HarnessError


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    pattern: str
    """Matches documented error names that fit the role."""
    fallback: str
    status: int
    """HTTP status for protocols that map roles to statuses (REST)."""


ROLES = {r.name: r for r in (
    Role("validation", r"Validation|InvalidParameter|InvalidInput|InvalidRequest|BadRequest|InvalidArgument",
         "ValidationException", 400),
    Role("serialization", r"Serialization|Malformed", "SerializationException", 400),
    Role("not_found", r"NotFound|NoSuch", "ResourceNotFoundException", 404),
    Role("conflict", r"InUse|Conflict|InvalidState|IncorrectState|PreconditionFailed|InvalidOperation",
         "ResourceInUseException", 409),
    Role("exists", r"AlreadyExists|Duplicate", "ResourceAlreadyExistsException", 409),
    Role("too_large", r"TooLarge", "RequestEntityTooLargeException", 413),
    Role("unknown_operation", r"UnknownOperation", "UnknownOperationException", 404),
    Role("not_allowed", r"MethodNotAllowed", "MethodNotAllowedException", 405),
    Role("internal", r"InternalServer|InternalFailure|ServiceFailure", "InternalFailure", 500),
)}
"""Every role a handler or protocol may raise, by name."""


class Fault(HarnessError):
    """A request the emulator refuses; answered in the provider's error format, never a crash."""

    fmt = "{message}"

    def __init__(self, role: str, message: str) -> None:
        super().__init__(role=role, message=message)
        self.role = role
        self.message = message


@dataclass(frozen=True, slots=True)
class Reply:
    role: str
    name: str
    status: int
    message: str


def name_for(role: str, api: Api | None, op: Op | None) -> str:
    spec = ROLES[role]
    pools = [op.errors if op else (), [e for o in (api.ops.values() if api else ()) for e in o.errors]]
    for pool in pools:
        found = next((e for e in pool if re.search(spec.pattern, e)), None)
        if found:
            return found
    if api is not None and api.protocol == "rest" and api.failure.sample_code:
        return api.failure.sample_code
    return spec.fallback
