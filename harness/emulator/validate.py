"""Input validation as the docs say: required parameters, value kinds, enum values.

Every problem of a request is collected, then one validation `Fault` names them all (botocore's
ParamValidator style). Values that arrive as text (path, query, header) are converted to their kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from harness.emulator.api import Op, Param
from harness.emulator.faults import Fault
from harness.emulator.mutants import Hooks

_JSON_KINDS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "timestamp": lambda v: isinstance(v, (int, float, str)) and not isinstance(v, bool),
    "blob": lambda v: isinstance(v, str),
}
"""Kind → whether a JSON value has it."""

_TEXT_KINDS: dict[str, Callable[[str], Any]] = {
    "integer": lambda t: int(t) if re.fullmatch(r"[+-]?\d+", t) else None,
    "number": lambda t: float(t) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", t) else None,
    "boolean": lambda t: {"true": True, "false": False}.get(t.lower()),
}
"""Kind → the value a text parameter converts to (None when it does not)."""


def _check(param: Param, value: Any) -> tuple[bool, Any]:
    if param.kind is None:
        return True, value
    if param.location != "body" and isinstance(value, str):
        convert = _TEXT_KINDS.get(param.kind)
        if convert is None:
            return True, value
        converted = convert(value)
        return converted is not None, (converted if converted is not None else value)
    return _JSON_KINDS.get(param.kind, lambda v: True)(value), value


def validate(op: Op, params: dict[str, Any], hooks: Hooks) -> dict[str, Any]:
    """The parameters converted to their kinds; a validation Fault listing every problem otherwise."""
    problems: list[str] = []
    out = dict(params)
    required = hooks("required", tuple(p.name for p in op.params if p.required), op=op)
    problems += [f"missing required parameter {name}" for name in required if params.get(name) is None]
    for param in op.params:
        if params.get(param.name) is None:
            continue
        value = params[param.name]
        ok, out[param.name] = _check(param, value)
        if not hooks("typecheck", ok, param=param, value=value):
            problems.append(f"{param.name} must be of type {param.kind}, got {value!r}")
            continue
        if param.enum and isinstance(out[param.name], str):
            known = out[param.name] in param.enum
            if not hooks("enumcheck", known, param=param, value=value):
                problems.append(f"{param.name} must be one of {', '.join(param.enum)}, got {value!r}")
    if problems:
        raise Fault("validation", f"{len(problems)} validation error(s) for {op.name}: " + "; ".join(problems))
    return out
