"""Facts: what one extractor reads from one document, each with its citation.

Extractors yield these; `harness.spec.build` merges them across documents into
specs. An operation is referred to by any of its spellings (``StopWidgetVersion``,
``stop_widget_version``, ``stop-widget-version``); `op_key` folds them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True, order=True)
class Cite:
    """Where a fact was read."""

    path: str
    """Source file as given to the reader (mapped to a source id in the spec)."""
    line: int
    """1-based line."""
    text: str
    """The words that state the fact, trimmed."""


@dataclass(frozen=True, slots=True)
class ServiceHint:
    """A clue to which service a document describes."""

    kind: str
    """"client" (boto3.client('x')), "cli" (aws x …), "target" (X-Amz-Target prefix),
    "endpoint" (x.region.amazonaws.com), "doc-id" (original_name prefix),
    "doc-ref" (a link to a label of the doc-id form), "title",
    "error-prefix" (ModelArts.0105), "client-class" (Rekognition.Client)."""
    value: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class OperationName:
    """One spelling of an operation's name."""

    operation: str
    """The spelling itself; merged with others through `op_key`."""
    style: str
    """"api" | "python" | "cli" | "java" | "target" | "title"."""
    cite: Cite
    primary: bool = False
    """True when the document is about this operation (its reference page), not merely mentions it."""
    weak: bool = False
    """True for a mention that may name something else (a ``getRecs`` helper in prose): it adds a spelling
    to an operation known otherwise, but never makes one."""
    site: str | None = None
    """The service the mention is bound to, when the text says: the CLI's service word, the SDK client's
    service, the documentation site of a link. A mention bound to another service is not this one's."""


@dataclass(frozen=True, slots=True)
class OperationHttp:
    operation: str
    method: str
    uri: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class OperationSummary:
    operation: str
    summary: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class Parameter:
    operation: str
    name: str
    required: bool | None
    type: str | None
    location: str | None
    """"body" | "path" | "query" | "header" | None."""
    description: str
    cite: Cite
    inferred: bool = False
    """True when ``required`` was inferred (every example passes it), not stated."""
    site: str | None = None
    """The service the call it was read from is bound to (as `OperationName.site`); another service's is dropped."""


@dataclass(frozen=True, slots=True)
class OutputField:
    operation: str
    name: str
    type: str | None
    description: str
    cite: Cite
    enum: str | None = None
    """Name of the enum (an `EnumValue.enum`) this field takes its values from."""
    site: str | None = None
    """The service the call it was read from is bound to (as `OperationName.site`)."""


@dataclass(frozen=True, slots=True)
class EnumValue:
    enum: str
    """Enum name, e.g. "StopWidgetVersion.Status" or "WidgetVersion.status"."""
    spelling: str
    """The value exactly as written (``CREATE PENDING``)."""
    cite: Cite


@dataclass(frozen=True, slots=True)
class StateMachineInfo:
    """Where a resource's status is read: enum, field, describe operation."""

    resource: str
    enum: str | None
    status_field: str | None
    describe_operation: str | None
    cite: Cite


@dataclass(frozen=True, slots=True)
class Transition:
    resource: str
    source: str
    """State spelling as written."""
    target: str
    trigger: str | None
    confidence: str
    """"stated" | "inferred"."""
    cite: Cite


@dataclass(frozen=True, slots=True)
class Precondition:
    resource: str
    operation: str
    allowed_states: tuple[str, ...]
    cite: Cite


@dataclass(frozen=True, slots=True)
class StateRole:
    """A state that is initial or terminal."""

    resource: str
    state: str
    role: str
    """"initial" | "terminal"."""
    cite: Cite


@dataclass(frozen=True, slots=True)
class ErrorName:
    operation: str
    name: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class Permission:
    operation: str
    action: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class Related:
    operation: str
    related: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class Example:
    language: str
    kind: str
    """"cli" | "sdk" | "request" | "response" | "curl"."""
    operation: str | None
    code: str
    cite: Cite


@dataclass(frozen=True, slots=True)
class Note:
    """A finding about the documents themselves."""

    severity: str
    code: str
    message: str
    cite: Cite


Fact = Union[
    ServiceHint, OperationName, OperationHttp, OperationSummary, Parameter, OutputField, EnumValue,
    StateMachineInfo, Transition, Precondition, StateRole, ErrorName, Permission, Related, Example, Note,
]

_FOLD = re.compile(r"[^a-z0-9]")


def op_key(spelling: str) -> str:
    """Fold any spelling of an operation name to one key: StopWidgetVersion,
    stop_widget_version, stop-widget-version and stopWidgetVersion all give
    "stopwidgetversion"."""
    return _FOLD.sub("", spelling.lower())


def state_key(spelling: str) -> str:
    """Fold a state's spellings: CREATE_PENDING, CREATE PENDING, Create pending → CREATE_PENDING."""
    return re.sub(r"[\s_\-]+", "_", spelling.strip()).upper()
