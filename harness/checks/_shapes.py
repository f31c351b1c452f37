"""JSON values against botocore shapes: problems of a sample body, and valid placeholder values."""

from __future__ import annotations

import datetime
from typing import Any

from botocore.model import Shape

BOUND_LOCATIONS = frozenset({"uri", "querystring", "header", "headers", "statusCode"})
"""Member locations that are not in a JSON body."""

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "boolean": (bool,),
    "timestamp": (str, int, float),
    "blob": (str, bytes),
    "list": (list,),
    "map": (dict,),
    "structure": (dict,),
}
"""Botocore type → the JSON types a body may carry for it."""

_JSON_NAMES = {bytes: "bytes", str: "string", int: "integer", float: "number", bool: "boolean", list: "array",
               dict: "object",
               type(None): "null"}


def _fits(value: Any, type_name: str) -> bool:
    allowed = _JSON_TYPES.get(type_name, (object,))
    return isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed)


def _body_members(shape: Shape, top: bool) -> dict[str, Shape]:
    out: dict[str, Shape] = {}
    for name, member in shape.members.items():
        if top and member.serialization.get("location") in BOUND_LOCATIONS:
            continue
        out[member.serialization.get("name", name)] = member
    return out


def body_problems(value: Any, shape: Shape | None, where: str = "", top: bool = True) -> list[str]:
    """Every way ``value`` (parsed JSON) departs from ``shape``: unknown keys, missing required, wrong types."""
    if shape is None:
        return [] if value in ({}, None) else [f"{where or 'body'}: the operation has no body shape"]
    here = where or "body"
    if not _fits(value, shape.type_name):
        return [f"{here}: expected {shape.type_name}, got JSON {_JSON_NAMES.get(type(value), type(value).__name__)}"]
    problems: list[str] = []
    if shape.type_name == "structure":
        known = _body_members(shape, top)
        required = [n for n in shape.required_members if n in shape.members
                    and shape.members[n].serialization.get("location") not in (BOUND_LOCATIONS if top else ())]
        problems += [f"{here}: unknown key {k!r}" for k in value if k not in known]
        problems += [f"{here}: missing required {n!r}" for n in required
                     if shape.members[n].serialization.get("name", n) not in value]
        for key, item in value.items():
            if key in known:
                problems += body_problems(item, known[key], f"{where}.{key}" if where else key, top=False)
    elif shape.type_name == "list":
        for i, item in enumerate(value):
            problems += body_problems(item, shape.member, f"{here}[{i}]", top=False)
    elif shape.type_name == "map":
        for key, item in value.items():
            problems += body_problems(item, shape.value, f"{here}.{key}", top=False)
    return problems


def synthesize(shape: Shape, depth: int = 0) -> Any:
    """A value botocore's ParamValidator accepts for ``shape`` (min lengths/values honoured)."""
    kind, low = shape.type_name, shape.metadata.get("min", 0)
    if kind == "string":
        return (shape.enum or ["x" * max(int(low), 1)])[0]
    if kind in ("integer", "long"):
        return int(low)
    if kind in ("float", "double"):
        return float(low)
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    if kind == "blob":
        return b"x" * max(int(low), 1)
    if kind == "list":
        count = max(int(low), 1) if depth < 5 else int(low)
        return [synthesize(shape.member, depth + 1) for _ in range(count)]
    if kind == "map":
        return {}
    if kind == "structure":
        return {n: synthesize(shape.members[n], depth + 1)
                for n in shape.required_members}
    return "x"
