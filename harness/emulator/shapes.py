"""The botocore fallback: what a spec leaves out, read from the model of its ``botocore_service`` if it has one.

Also the one table of value kinds: spec types ("Long", "String", "Array of strings") and botocore shape
types both fold to a kind ("integer", "string", "list", …) that validation and rendering use.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape

from harness.spec.model import Spec

_SPEC_KINDS = (
    ("string", ("string", "str", "text", "uuid")),
    ("integer", ("long", "integer", "int", "int32", "int64", "short")),
    ("number", ("float", "double", "number", "decimal")),
    ("boolean", ("boolean", "bool")),
    ("list", ("array", "list")),
    ("object", ("object", "structure", "map", "dict", "json")),
    ("timestamp", ("timestamp", "date", "datetime", "time")),
    ("blob", ("blob", "binary", "file")),
)
_BOTOCORE_KINDS = {"string": "string", "integer": "integer", "long": "integer", "float": "number",
                   "double": "number", "boolean": "boolean", "list": "list", "structure": "object",
                   "map": "object", "timestamp": "timestamp", "blob": "blob"}
_LOCATIONS = {"uri": "path", "querystring": "query", "header": "header", "headers": "header"}


def spec_kind(type_name: str | None) -> str | None:
    """A documented type → a value kind; None when the docs give none or one not understood."""
    if not type_name:
        return None
    first = type_name.strip().lower().split()[0].rstrip("[]<>")
    for kind, names in _SPEC_KINDS:
        if first in names:
            return kind
    return None


def shape_kind(shape: Shape | None) -> str | None:
    return _BOTOCORE_KINDS.get(shape.type_name) if shape is not None else None


def service_model(spec: Spec) -> ServiceModel | None:
    """The installed botocore model of the spec's service, or None (no botocore_service, or unknown)."""
    from harness.targets.botocore_model import available_services
    from harness.targets.botocore_model import service_model as load

    name = spec.service.botocore_service
    if not name or name not in available_services():
        return None
    return load(name)


def operation(model: ServiceModel | None, name: str) -> OperationModel | None:
    if model is None or name not in model.operation_names:
        return None
    return model.operation_model(name)


def members(shape: Shape | None) -> dict[str, Shape]:
    return dict(getattr(shape, "members", None) or {})


def item(shape: Shape | None) -> Shape | None:
    """A list's member shape, else the shape itself."""
    return shape.member if shape is not None and shape.type_name == "list" else shape


def location(shape: Shape) -> str | None:
    return _LOCATIONS.get(shape.serialization.get("location", ""))


def wire_name(name: str, shape: Shape) -> str:
    return str(shape.serialization.get("name") or name)


def enum(shape: Shape | None) -> tuple[str, ...]:
    return tuple(getattr(item(shape), "enum", None) or ())


def error_status(op: OperationModel | None, name: str) -> int | None:
    """The HTTP status the model gives an error shape (``error.httpStatusCode``), if any."""
    for shape in (op.error_shapes if op else []):
        if shape.name == name:
            code = shape.metadata.get("error", {}).get("httpStatusCode")
            return int(code) if code else None
    return None


def find_member(shape: Shape | None, wanted: set[str], depth: int = 3) -> list[tuple[str, bool]] | None:
    """Breadth-first path to the first member whose folded name is in ``wanted``: [(name, is_list), …]."""
    queue: deque[tuple[Shape | None, list[tuple[str, bool]]]] = deque([(shape, [])])
    while queue:
        current, path = queue.popleft()
        if len(path) > depth:
            continue
        for name, child in members(item(current)).items():
            step = path + [(name, child.type_name == "list")]
            if name.lower() in wanted:
                return step
            if item(child) is not None and item(child).type_name == "structure":  # type: ignore[union-attr]
                queue.append((child, step))
    return None


def metadata(model: ServiceModel | None, key: str) -> Any:
    return model.metadata.get(key) if model is not None else None
