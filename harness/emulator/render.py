"""Success bodies: a resource rendered where the docs (or the botocore output shape) put it.

A describe or list answer nests rows along the status field path (``widgetBuild.status`` →
``{"widgetBuild": {..., "status": …}}``; ``Descriptions[].Status`` → a list of rows); each row holds
the members of the model's row shape that the resource can fill (identifier, status, creation
parameters, timestamps), or just the identifier and status without a model. Other operations answer
their documented output fields.
"""

from __future__ import annotations

import re
from typing import Any

from botocore.model import Shape

from harness.emulator import naming, shapes
from harness.emulator.api import Api, Kind, Op
from harness.emulator.mutants import Hooks
from harness.emulator.store import Resource

Path = tuple[tuple[str, bool], ...]
"""Containers from the top of a body down to a row: (member name, is a list)."""
_NONE = object()


def parse(text: str) -> tuple[Path, str] | None:
    """``a.b[].c`` → ((("a", False), ("b", True)), "c"); None for an expression this cannot follow."""
    segments = [s for s in re.split(r"\.", text.strip()) if s]
    found = [(re.sub(r"\[[^\]]*\]", "", s), "[" in s) for s in segments]
    if not found or any(not re.fullmatch(r"[\w\-]+", name) for name, _ in found):
        return None
    return tuple(found[:-1]), found[-1][0]


def layout(op: Op, kind: Kind) -> tuple[Path, str]:
    """Where rows of ``kind`` sit in ``op``'s answer and what their status member is called."""
    m = kind.machine
    documented = parse(m.status_field) if m and m.status_field else None
    if documented and (op.name == m.describe or op.action == "describe"):  # type: ignore[union-attr]
        return documented
    leaf = documented[1] if documented else "status"
    hit = shapes.find_member(op.output_shape, set(kind.id_names))
    if hit:
        parts = tuple(hit[:-1])
        row = _row_shape(op.output_shape, parts)
        leaf = next((n for n in shapes.members(row) if naming.fold(n) == naming.fold(leaf)), leaf)
        return parts, leaf
    if op.action == "list":
        return ((naming.lower_camel(kind.name) + "s", True),), leaf
    return (), leaf


def _row_shape(shape: Shape | None, parts: Path) -> Shape | None:
    current = shape
    for name, _ in parts:
        current = shapes.item(shapes.members(shapes.item(current)).get(name))
    return shapes.item(current)


def rows_body(api: Api, op: Op, kind: Kind, rows: list[Resource], hooks: Hooks) -> tuple[dict[str, Any], str]:
    parts, leaf = layout(op, kind)
    row_shape = _row_shape(op.output_shape, parts)
    rendered = [_row(api, kind, r, row_shape, leaf, hooks) for r in rows]
    body = _nest(parts, rendered)
    flag = api.failure.flag if api.protocol == "rest" else None
    if flag and any(f.name == flag for f in op.outputs):
        body = {flag: True, **body}
    return (body if isinstance(body, dict) else {}), leaf


def _nest(parts: Path, rows: list[dict[str, Any]]) -> Any:
    if not parts:
        return rows[0] if rows else {}
    (name, is_list), rest = parts[0], parts[1:]
    if is_list:
        return {name: [_nest(rest, [r]) for r in rows]}
    return {name: _nest(rest, rows)}


def _row(api: Api, kind: Kind, res: Resource, shape: Shape | None, leaf: str, hooks: Hooks) -> dict[str, Any]:
    fields = shapes.members(shape)
    out: dict[str, Any] = {}
    for name, member in (fields or {kind.id_field: None}).items():
        value = _value(kind, res, name, member, leaf, hooks)
        if value is not _NONE:
            out[name] = value
    if res.status is not None and leaf not in out:
        out[leaf] = hooks("status", res.status, resource=res)
    return out


def _value(kind: Kind, res: Resource, name: str, member: Shape | None, leaf: str | None, hooks: Hooks) -> Any:
    folded = naming.fold(name)
    if res.status is not None and leaf is not None and folded == naming.fold(leaf):
        return hooks("status", res.status, resource=res)
    if folded == naming.fold(kind.id_field):
        return int(res.id) if kind.id_kind == "integer" and res.id.lstrip("-").isdigit() else res.id
    if name in res.attrs:
        return res.attrs[name]
    if shapes.shape_kind(member) == "timestamp":
        return res.created if "creat" in folded else res.changed
    return _NONE


def fields_body(api: Api, op: Op, kind: Kind | None, res: Resource | None,
                hooks: Hooks) -> tuple[dict[str, Any], str | None]:
    """An operation's documented output fields, filled from its resource; and the status field's name."""
    out: dict[str, Any] = {}
    failure = api.failure if api.protocol == "rest" else None
    status_leaf: str | None = None
    for f in op.outputs:
        if failure and f.name in (failure.code, failure.message):
            continue
        if failure and f.name == failure.flag:
            out[f.name] = True
            continue
        if res is None or kind is None:
            continue
        leaf = f.name if _is_status(f.name, f.enum, kind) else None
        value = _value(kind, res, f.name, f.shape, leaf, hooks)
        if value is not _NONE:
            out[f.name] = value
            status_leaf = leaf or status_leaf
    if op.action == "create" and kind and res and naming.fold(kind.id_field) not in {naming.fold(k) for k in out}:
        out[kind.id_field] = _value(kind, res, kind.id_field, None, None, hooks)
    return out, status_leaf


def _is_status(name: str, enum: str | None, kind: Kind) -> bool:
    m = kind.machine
    if m is None:
        return False
    documented = parse(m.status_field) if m.status_field else None
    leaf = documented[1] if documented else "status"
    return naming.fold(name) == naming.fold(leaf) or (enum is not None and enum == m.enum)
