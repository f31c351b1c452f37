"""Mutants: one named deviation from the docs each, injected through hook points of the generic emulator.

The emulator passes a value through ``hooks(point, value, **context)`` wherever behaviour is decided;
without a mutant every hook returns the value unchanged. A mutant replaces one or two hook points:

    served        (names, api)               operation names a service answers
    required      (names, op)                required parameters enforced for a request
    typecheck     (ok, param, value)         a value has its documented type
    enumcheck     (ok, param, value)         a value is one of its documented enum values
    initial       (state, machine)           the state a new resource starts in
    allowed       (ok, machine, state, op)   an operation may run in the resource's state
    trigger       (Move, machine, state, op) where a trigger takes the resource
    auto          (Step | None, machine, state)  the automatic step out of a state
    status        (status, resource)         the status a response reports
    response      (body, op, leaf)           a success body (``leaf``: the status field's name)
    error         (Reply, name_for)          an error before it is formatted (``name_for(role)``)
    error_body    (body, code, message)      an error body (``code``/``message``: its field names)
    content_type  (value)                    every response's Content-Type

``family`` names the check family meant to catch the mutant (the mutation benchmark scores it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from harness.emulator.faults import Reply
from harness.emulator.machines import Machine, Move, Step

POINTS = ("served", "required", "typecheck", "enumcheck", "initial", "allowed", "trigger", "auto", "status",
          "response", "error", "error_body", "content_type")
EXTRA = "_REQUESTED"
"""Suffix of the undocumented state the ``extra-state`` mutant invents."""


@dataclass(frozen=True, slots=True)
class Mutant:
    name: str
    description: str
    family: str
    """The check family meant to catch it."""
    hooks: Mapping[str, Callable[..., Any]]
    """Hook point → ``fn(value, **context) -> value``."""


class Hooks:
    """The hook points of one emulator: identity, or the mutant's replacements."""

    def __init__(self, mutant: Mutant | None) -> None:
        self.mutant = mutant

    def __call__(self, point: str, value: Any, /, **context: Any) -> Any:
        fn = self.mutant.hooks.get(point) if self.mutant else None
        return fn(value, **context) if fn else value


def _skip(move: Move, machine: Machine, **_: Any) -> Move:
    step = machine.auto.get(move.to or "")
    return replace(move, to=step.to) if step and step.to and not step.remove else move


def _wrong(move: Move, machine: Machine, **_: Any) -> Move:
    if move.to is None or move.to not in machine.states or len(machine.states) < 2:
        return move
    i = machine.states.index(move.to)
    return replace(move, to=machine.states[i - 1 if i else 1])


def _extra(move: Move, **_: Any) -> Move:
    return replace(move, to=move.to + EXTRA) if move.to else move


def _extra_auto(step: Step | None, state: str, **_: Any) -> Step | None:
    return Step(state[: -len(EXTRA)], documented=False) if step is None and state.endswith(EXTRA) else step


def _resume(move: Move, machine: Machine, state: str, **_: Any) -> Move:
    return Move(machine.initial) if state in machine.terminal else move


def _misspell(status: str | None, **_: Any) -> str | None:
    if not status:
        return status
    return status.replace("_", " ") if "_" in status else status.lower()


def _find(body: Any, key: str) -> tuple[dict[str, Any], str] | None:
    """The first dict (depth first) holding ``key``, with the key."""
    if isinstance(body, dict):
        if key in body:
            return body, key
        children = list(body.values())
    elif isinstance(body, list):
        children = body
    else:
        return None
    return next((hit for child in children if (hit := _find(child, key))), None)


def _target(body: dict[str, Any], leaf: str | None) -> tuple[dict[str, Any], str] | None:
    """The status field, else a top-level boolean (a success flag); identifiers are left alone."""
    hit = _find(body, leaf) if leaf else None
    flag = next((k for k, v in body.items() if isinstance(v, bool)), None)
    return hit or ((body, flag) if flag else None)


def _drop_field(body: dict[str, Any], leaf: str | None = None, **_: Any) -> dict[str, Any]:
    hit = _target(body, leaf)
    if hit:
        del hit[0][hit[1]]
    return body


def _retype(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return [value]
    return "" if isinstance(value, (list, dict)) else 0


def _wrong_type(body: dict[str, Any], leaf: str | None = None, **_: Any) -> dict[str, Any]:
    hit = _target(body, leaf)
    if hit:
        hit[0][hit[1]] = _retype(hit[0][hit[1]])
    return body


def _hoist(body: dict[str, Any], leaf: str | None = None, **_: Any) -> dict[str, Any]:
    hit = _find(body, leaf) if leaf else None
    if hit and hit[0] is not body:
        body[hit[1]] = hit[0].pop(hit[1])
    return body


DOCUMENTED_ROLES = ("validation", "not_found", "conflict", "exists")
"""Fault roles named from an operation's documented errors (the others are protocol-level)."""


def _rename(reply: Reply, **_: Any) -> Reply:
    if reply.role not in DOCUMENTED_ROLES:
        return reply
    name = reply.name
    number = re.search(r"(\d+)$", name)
    if number:
        digits = number.group(1)
        name = name[: -len(digits)] + str(int(digits) + 1).zfill(len(digits))
    else:
        name = name[: -len("Exception")] + "Error" if name.endswith("Exception") else name + "Exception"
    return replace(reply, name=name)


def _role_as(role: str, status: int | None, as_role: str) -> Callable[..., Reply]:
    def hook(reply: Reply, name_for: Callable[[str], str], **_: Any) -> Reply:
        if reply.role != role:
            return reply
        return replace(reply, name=name_for(as_role), status=status or reply.status)
    return hook


def _without(which: str) -> Callable[..., dict[str, Any]]:
    def hook(body: dict[str, Any], **fields: Any) -> dict[str, Any]:
        body.pop(fields[which], None)
        return body
    return hook


def _mutant(name: str, family: str, description: str, **hooks: Callable[..., Any]) -> Mutant:
    return Mutant(name, description, family, hooks)


_ALL = (
    _mutant("skip-intermediate-state", "transition",
            "a trigger skips its documented transient target and lands in the state after it",
            trigger=_skip),
    _mutant("wrong-next-state", "transition",
            "a trigger moves the resource to a different documented state than the spec says", trigger=_wrong),
    _mutant("extra-state", "enum-values",
            "a trigger passes through an undocumented state (<target>_REQUESTED) before the documented one",
            trigger=_extra, auto=_extra_auto),
    _mutant("stop-deletes-resource", "transition",
            "a trigger (e.g. a stop) deletes the resource instead of moving it; describe says not found",
            trigger=lambda move, **_: Move(None, remove=True) if move.to else move),
    _mutant("resume-after-terminal", "terminal-state",
            "a trigger is accepted in a terminal state and takes the resource back to its initial state",
            allowed=lambda ok, machine, state, **_: ok or state in machine.terminal, trigger=_resume),
    _mutant("precondition-not-enforced", "precondition",
            "operations run in any state: documented preconditions are not checked",
            allowed=lambda ok, **_: True),
    _mutant("precondition-error-as-validation", "precondition",
            "a failed precondition is answered with the validation error instead of the documented conflict error",
            error=_role_as("conflict", None, "validation")),
    _mutant("never-ending-transition", "transition",
            "documented automatic transitions never happen (a transient state lasts forever)",
            auto=lambda step, **_: None if step is not None and step.documented else step),
    _mutant("create-skips-initial-state", "transition",
            "a new resource starts in the state after its initial state", initial=lambda state, machine, **_:
            (s.to if (s := machine.auto.get(state)) and s.to else state)),
    _mutant("stale-status", "transition",
            "responses report the status before the last change", status=lambda status, resource, **_:
            resource.previous or status),
    _mutant("enum-misspelled", "enum-values",
            "status values are spelled differently from the enum (spaces for underscores, or lower case)", status=_misspell),
    _mutant("required-not-enforced", "required-parameter",
            "the first required parameter of every operation may be left out", required=lambda names, **_:
            names[1:]),
    _mutant("path-type-not-validated", "input-type",
            "path and query parameters of a documented type (Long) accept any text",
            typecheck=lambda ok, param, **_: ok or param.location in ("path", "query")),
    _mutant("enum-input-not-validated", "enum-values",
            "input values outside their documented enum are accepted", enumcheck=lambda ok, **_: True),
    _mutant("operation-missing", "operation-exists",
            "the last operation of every spec is not served (unknown operation / route)",
            served=lambda names, **_: names[:-1]),
    _mutant("missing-response-field", "output-field",
            "success bodies leave out the status field (or the success flag)", response=_drop_field),
    _mutant("wrong-field-type", "output-type",
            "the status field (or the success flag) of success bodies has the wrong JSON type", response=_wrong_type),
    _mutant("status-at-wrong-path", "output-field",
            "the status is reported at the top of the body, not at the documented status_field path",
            response=_hoist),
    _mutant("wrong-error-name", "errors",
            "operation errors carry a name (error code) the docs do not list", error=_rename),
    _mutant("not-found-as-500", "http",
            "unknown resources are answered with HTTP 500 and the internal error",
            error=_role_as("not_found", 500, "internal")),
    _mutant("wrong-http-status", "http",
            "errors are answered with HTTP 200", error=lambda reply, **_: replace(reply, status=200)),
    _mutant("bad-json-as-500", "http",
            "malformed request bodies are answered with HTTP 500 and the internal error",
            error=_role_as("serialization", 500, "internal")),
    _mutant("error-body-without-code", "error-format",
            "error bodies leave out the error code field (__type, or the failure body's code)", error_body=_without("code")),
    _mutant("error-without-message", "error-format",
            "error bodies leave out the message field", error_body=_without("message")),
    _mutant("wrong-content-type", "http",
            "responses are labelled text/html instead of the protocol's JSON content type",
            content_type=lambda value, **_: "text/html; charset=utf-8"),
)

MUTANTS: dict[str, Mutant] = {m.name: m for m in _ALL}
"""Every mutant by name; ``harness serve --mutant NAME`` and ``start(..., mutant=NAME)`` pick one."""

LIFECYCLE = ("lifecycle-create", "transition", "stop-keeps-resource", "terminal-state", "precondition")
"""The live check families that read a resource's status (through its describe operation) as they go."""

CATCHING_CHECKS: dict[str, tuple[str, ...]] = {
    "transition": ("lifecycle-create", "transition", "stop-keeps-resource"),
    "terminal-state": ("terminal-state",),
    "precondition": ("precondition",),
    "enum-values": ("response-conformance", "input-enum", *LIFECYCLE),
    "required-parameter": ("required-input",),
    "input-type": ("path-parameter-type",),
    "operation-exists": ("implemented",),
    "output-field": ("response-conformance", *LIFECYCLE),
    "output-type": ("response-conformance", *LIFECYCLE),
    "errors": ("unknown-resource", "required-input", "response-conformance", "path-parameter-type"),
    "http": ("implemented", "unknown-resource", "response-conformance", "malformed-body"),
    "error-format": ("response-conformance",),
}
"""A mutant's ``family`` (named after the spec-level check family it breaks) → the live check families
(``Result.check``) that judge that part of the docs against a running target: the families meant to kill it.
The status field is read by every lifecycle family, so its absence, type and spelling are theirs to catch too."""
