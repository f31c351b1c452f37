"""Response conformance: does one reply have the documented form? (a helper, not a family)

`problems(exchange, spec, model)` lists every way a reply departs from what the docs and the protocol
fix, for success and error replies alike; `RULES` holds one rule list per protocol family:

    aws (json, rest-json)   status (200, or the operation's documented code), content type
                            (``application/x-amz-json-1.x`` or ``application/json``), a JSON object body,
                            member types, required members, enum membership of every enum-typed member
                            (the model's enums, and the spec's where it names one for an output);
                            errors: 4xx/5xx, a JSON object with an error code (``__type``, ``code`` or the
                            ``X-Amzn-ErrorType`` header) and ``message``/``Message``
    rest (plain REST)       success: 2xx, JSON, the documented outputs with their documented types, and the
                            keys of a documented success example; errors: 4xx/5xx and the keys and types of a
                            documented error example (an example with a key naming an error), else the
                            documented outputs that name an error

Every live check applies these to every reply it receives, so "every response the run sees" is judged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape

from harness.checks._model import path_segments
from harness.checks._samples import read_sample
from harness.spec.model import Operation, Spec
from harness.targets.exchange import Exchange, decode_json

JSON_TYPES = frozenset({"application/json", "application/x-amz-json-1.0", "application/x-amz-json-1.1"})
"""Content types a JSON reply may carry."""

AWS_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "long": (int,), "float": (int, float), "double": (int, float),
    "boolean": (bool,), "timestamp": (str, int, float), "blob": (str,), "list": (list,), "map": (dict,),
    "structure": (dict,),
}

DOC_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "bool": (bool,), "long": (int,), "integer": (int,), "int": (int,),
    "number": (int, float), "float": (int, float), "double": (int, float), "array": (list,), "list": (list,),
    "object": (dict,), "map": (dict,), "dict": (dict,),
}
"""A documented type (as the docs spell it, lower-cased) → JSON types."""

_NAMES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array", dict: "object",
          type(None): "null"}

Rule = Callable[[Exchange, Spec, "OperationModel | None"], list[str]]


def _fits(value: Any, allowed: tuple[type, ...]) -> bool:
    return isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed)


def _json_body(ex: Exchange, need_object: bool = True) -> tuple[Any, list[str]]:
    value, why = decode_json(ex.body)
    if why:
        return None, [why]
    if value is not None and need_object and not isinstance(value, dict):
        return None, [f"the body is a JSON {_NAMES.get(type(value), 'value')}, not an object"]
    return value, []


def _content_type(ex: Exchange) -> list[str]:
    if not ex.body.strip() or ex.content_type in JSON_TYPES:
        return []
    return [f"content type {ex.content_type or '(none)'!r} is not a JSON type"]


# -- AWS protocols ----------------------------------------------------------------------------------------------


def shape_problems(value: Any, shape: Shape, where: str) -> Iterator[str]:
    """Types, required members and enums of a reply member (unknown members are tolerated)."""
    allowed = AWS_JSON_TYPES.get(shape.type_name)
    if allowed and not _fits(value, allowed):
        yield f"{where}: expected {shape.type_name}, got JSON {_NAMES.get(type(value), type(value).__name__)}"
        return
    if shape.type_name == "string" and shape.enum and value not in shape.enum:
        yield f"{where}: {value!r} is not one of the documented values {list(shape.enum)}"
    elif shape.type_name == "structure":
        members = shape.members
        wire = {m.serialization.get("name", n): (n, m) for n, m in members.items()
                if m.serialization.get("location") is None}
        for name in shape.required_members:
            member = members.get(name)
            if member is not None and member.serialization.get("location") is None \
                    and member.serialization.get("name", name) not in value:
                yield f"{where}: required member {name!r} is missing"
        for key, item in value.items():
            if key in wire and item is not None:
                yield from shape_problems(item, wire[key][1], f"{where}.{key}")
    elif shape.type_name == "list":
        for i, item in enumerate(value):
            yield from shape_problems(item, shape.member, f"{where}[{i}]")
    elif shape.type_name == "map":
        for key, item in value.items():
            yield from shape_problems(item, shape.value, f"{where}.{key}")


def _values_at(data: Any, segments: list[str]) -> Iterator[Any]:
    if not segments:
        yield data
        return
    if isinstance(data, list):
        for item in data:
            yield from _values_at(item, segments)
    elif isinstance(data, dict) and segments[0] in data:
        yield from _values_at(data[segments[0]], segments[1:])


def spec_enum_problems(data: Any, spec: Spec, op: Operation | None) -> list[str]:
    """Documented enum values of the spec's outputs (which name an enum) against the reply."""
    found: list[str] = []
    for out in op.output if op else ():
        enum = spec.enum(out.enum) if out.enum else None
        if enum is None or not enum.values:
            continue
        allowed = {s for v in enum.values for s in (v.value, *v.spellings)}
        for value in _values_at(data, path_segments(out.name)):
            if isinstance(value, str) and value not in allowed:
                found.append(f"{out.name}: {value!r} is not one of the documented values "
                             f"{[v.value for v in enum.values]}")
    return found


def _aws_success(ex: Exchange, spec: Spec, op: OperationModel | None) -> list[str]:
    found: list[str] = []
    code = int((op.http or {}).get("responseCode", 200)) if op is not None else 200
    if ex.status != code:
        found.append(f"status {ex.status}, documented {code}")
    found += _content_type(ex)
    data, bad = _json_body(ex)
    found += bad
    if data is not None and op is not None and op.output_shape is not None and not op.has_event_stream_output:
        payload = op.output_shape.serialization.get("payload")
        shape = op.output_shape.members[payload] if payload else op.output_shape
        if shape.type_name == "structure":
            found += list(shape_problems(data, shape, "body"))
        found += spec_enum_problems(data, spec, spec.operation(op.name))
    return found


def _aws_error(ex: Exchange, spec: Spec, op: OperationModel | None) -> list[str]:
    found = _content_type(ex)
    data, bad = _json_body(ex)
    if bad or ex.method == "HEAD":
        return found + bad
    body = data if isinstance(data, dict) else {}
    if not (ex.headers.get("x-amzn-errortype") or body.get("__type") or body.get("code") or body.get("Code")):
        found.append("the error reply names no error code (__type, code or X-Amzn-ErrorType)")
    if not any(isinstance(body.get(k), str) for k in ("message", "Message", "errorMessage")):
        found.append("the error reply has no message (message or Message)")
    return found


# -- plain REST -------------------------------------------------------------------------------------------------


def _is_error_key(key: str) -> bool:
    return "error" in key.lower()


def documented_bodies(spec: Spec, operation: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(success examples, error examples) of ``operation``'s documented response bodies."""
    good: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    for ex in spec.examples:
        if ex.operation != operation or ex.kind != "response":
            continue
        value, why = read_sample(ex.code, ex.language)
        if why is None and isinstance(value, dict):
            (bad if any(_is_error_key(k) for k in value) else good).append(value)
    return good, bad


def _layout(body: dict[str, Any]) -> dict[str, str]:
    return {k: _NAMES.get(type(v), "value") for k, v in body.items()}


def _documented_types(body: dict[str, Any], op: Operation) -> list[str]:
    found: list[str] = []
    types = {o.name: (o.type or "").lower() for o in op.output}
    for key, value in body.items():
        allowed = DOC_TYPES.get(types.get(key, ""))
        if allowed and value is not None and not _fits(value, allowed):
            found.append(f"body.{key}: documented {types[key]}, got JSON {_NAMES.get(type(value), 'value')}")
    return found


def _rest_body(ex: Exchange, spec: Spec, error: bool) -> list[str]:
    op = spec.operation(ex.operation)
    found = _content_type(ex)
    data, bad = _json_body(ex)
    if bad:
        return found + bad
    if op is None:
        return found
    good, errors = documented_bodies(spec, op.name)
    formats = errors if error else good
    body = data if isinstance(data, dict) else {}
    if formats:
        if all(_layout(body) != _layout(f) for f in formats):
            kind = "error" if error else "success"
            found.append(f"the body {_layout(body)} matches no documented {kind} format "
                         f"{[_layout(f) for f in formats]}")
    elif error:
        missing = [o.name for o in op.output if _is_error_key(o.name) and o.name not in body]
        if missing:
            found.append(f"the error body lacks the documented {missing}")
    else:
        documented = {o.name for o in op.output}
        if documented:
            found += [f"body.{k}: not a documented output" for k in body if k not in documented]
    return found + _documented_types(body, op)


def _rest_success(ex: Exchange, spec: Spec, op: OperationModel | None) -> list[str]:
    return _rest_body(ex, spec, error=False)


def _rest_error(ex: Exchange, spec: Spec, op: OperationModel | None) -> list[str]:
    return _rest_body(ex, spec, error=True)


RULES: dict[str, tuple[Rule, Rule]] = {
    "json": (_aws_success, _aws_error),
    "rest-json": (_aws_success, _aws_error),
    "rest": (_rest_success, _rest_error),
}
"""Protocol → (rule for success replies, rule for error replies). Other protocols are not judged."""


def problems(ex: Exchange, spec: Spec, model: ServiceModel | None) -> list[str]:
    """Every departure of ``ex``'s reply from the documented form (none when there was no reply)."""
    if ex.status is None or ex.not_implemented:
        return []
    protocol = model.protocol if model is not None else "rest"
    rules = RULES.get(protocol)
    if rules is None:
        return []
    op = model.operation_model(ex.operation) if model is not None and ex.operation in model.operation_names else None
    return rules[0 if ex.ok else 1](ex, spec, op)
