"""The spec: one service's documented facts, as `../shared/SPEC.md` fixes them.

These dataclasses are the in-memory form; `harness.spec.io` turns them into
canonical JSON and back, and `schema.json` beside this file is the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

SPEC_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Cite:
    source: str
    """An id from `Spec.sources`."""
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    title: str
    provider: str
    botocore_service: str | None
    protocol: str
    """"json" | "rest-json" | "rest" | "query" | "rest-xml" | "unknown"."""


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    path: str
    format: str
    sha256: str
    title: str


@dataclass(frozen=True, slots=True)
class Http:
    method: str
    uri: str


@dataclass(frozen=True, slots=True)
class Input:
    name: str
    required: bool | None
    type: str | None
    location: str | None
    description: str
    cite: tuple[Cite, ...]
    required_inferred: bool = False
    """True when no document says; ``required`` comes from every example passing the parameter."""


@dataclass(frozen=True, slots=True)
class Output:
    name: str
    type: str | None
    enum: str | None
    description: str
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Error:
    name: str
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Permission:
    action: str
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class RelatedOperation:
    name: str
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    names: dict[str, str]
    """Every spelling by style: api, python, cli, java, target."""
    http: Http | None
    summary: str
    input: tuple[Input, ...]
    output: tuple[Output, ...]
    errors: tuple[Error, ...]
    permissions: tuple[Permission, ...]
    related: tuple[RelatedOperation, ...]
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class EnumValue:
    value: str
    spellings: tuple[str, ...]
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    values: tuple[EnumValue, ...]
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Transition:
    from_: str
    to: str
    trigger: str | None
    confidence: str
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Precondition:
    operation: str
    allowed_states: tuple[str, ...]
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class StateMachine:
    resource: str
    status_field: str | None
    describe_operation: str | None
    states: tuple[str, ...]
    initial: tuple[str, ...]
    terminal: tuple[str, ...]
    transitions: tuple[Transition, ...]
    preconditions: tuple[Precondition, ...]
    cite: tuple[Cite, ...]
    enum: str | None = None
    """The enum whose values are this machine's states."""


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    language: str
    kind: str
    operation: str | None
    code: str
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    code: str
    message: str
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Spec:
    service: Service
    sources: tuple[Source, ...]
    operations: tuple[Operation, ...]
    enums: tuple[Enum, ...]
    state_machines: tuple[StateMachine, ...]
    examples: tuple[Example, ...]
    findings: tuple[Finding, ...]
    spec_version: str = SPEC_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    def operation(self, name: str) -> Operation | None:
        return next((o for o in self.operations if o.name == name), None)

    def enum(self, name: str) -> Enum | None:
        return next((e for e in self.enums if e.name == name), None)


_RENAMES = {"from_": "from"}
_KEYS: dict[type, tuple[tuple[str, str], ...]] = {}
"""Dataclass → (attribute, JSON key) of each field: `fields` is slow, and a spec has a hundred thousand values."""


def _keys(cls: type) -> tuple[tuple[str, str], ...]:
    found = _KEYS.get(cls)
    if found is None:
        found = _KEYS[cls] = tuple((f.name, _RENAMES.get(f.name, f.name)) for f in fields(cls))
    return found


def to_jsonable(value: Any) -> Any:
    """Dataclasses → dicts in field order (``from_`` written as ``from``); tuples → lists."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for name, key in _keys(type(value)):
            if name == "extra":
                out.update(to_jsonable(getattr(value, name)))
                continue
            out[key] = to_jsonable(getattr(value, name))
        return out
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value
