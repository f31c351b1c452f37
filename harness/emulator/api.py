"""One spec → the API the emulator serves for it: operations, their parameters, resources and machines.

Derived generically (see `naming`): resource kinds are the spec's state machines plus the nouns of its
create operations; an operation belongs to the machine that names it (trigger or describe operation),
else to the kind its noun names, else to the kind whose identifier it takes; what it does comes from
the machine (a trigger) or its verb (`naming.ACTIONS`). The spec wins wherever it speaks; the botocore
model of ``service.botocore_service`` fills in parameters, output shapes, routes and error names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from botocore.model import OperationModel, ServiceModel, Shape

from harness.emulator import naming, shapes
from harness.emulator.machines import Machine, derive
from harness.spec.model import Input, Operation, Spec


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str | None
    """Value kind (`shapes.spec_kind`), None when neither the docs nor a model say."""
    required: bool
    location: str
    """"body" | "path" | "query" | "header"."""
    wire: str
    """The name on the wire (a path variable, query key or header); usually ``name``."""
    enum: tuple[str, ...]
    """Allowed values; empty when any value goes."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str | None
    enum: str | None
    """The spec enum the documented output names, if any."""
    shape: Shape | None


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    id_names: tuple[str, ...]
    """Folded identifier names, preferred first (`naming.id_names`)."""
    id_field: str
    """How identifiers of this kind are spelled in requests and responses, e.g. ``widgetBuildArn``."""
    id_kind: str | None
    """The identifier's value kind ("integer" for a documented Long id, else usually "string")."""
    machine: Machine | None


@dataclass(frozen=True, slots=True)
class Op:
    name: str
    action: str
    """"create" | "describe" | "list" | "delete" | "trigger" | "plain" (a key of `handlers.HANDLERS`)."""
    kind: str | None
    id_param: str | None
    """The parameter naming this operation's own resource."""
    refs: dict[str, str]
    """parameter → kind, for parameters that name other tracked resources."""
    parents: tuple[str, ...]
    """Required identifier filters of a read naming a resource the emulator does not track (a parent that
    exists only as far as some resource carries it)."""
    params: tuple[Param, ...]
    outputs: tuple[Field, ...]
    output_shape: Shape | None
    errors: tuple[str, ...]
    """Documented error names (spec first, then model)."""
    method: str | None
    uri: str | None
    model: OperationModel | None


@dataclass(frozen=True, slots=True)
class FailureFormat:
    """A non-AWS failure body, e.g. ``{"ok": false, "fault_code": …, "fault_msg": …}``."""

    flag: str | None
    code: str
    message: str
    order: tuple[str, ...]
    sample_code: str | None
    """An error code the docs show, used when no documented error fits."""


@dataclass(frozen=True, slots=True)
class Api:
    name: str
    protocol: str
    prefixes: frozenset[str]
    """X-Amz-Target prefixes (json protocol)."""
    json_version: str
    ops: dict[str, Op]
    kinds: dict[str, Kind]
    failure: FailureFormat
    model: ServiceModel | None


def build(spec: Spec) -> Api:
    model = shapes.service_model(spec)
    name = spec.service.name
    machines = {sm.resource: derive(name, sm) for sm in spec.state_machines}
    triggers = {op for m in machines.values() for (op, _) in m.moves} | {m.describe for m in machines.values()}
    created = [naming.split_operation(o.name)[1] for o in spec.operations
               if naming.ACTIONS.get(naming.split_operation(o.name)[0]) == "create" and o.name not in triggers]
    params = {o.name: _params(o, shapes.operation(model, o.name), spec) for o in spec.operations}
    acted_on = [_acted_on(naming.split_operation(o.name)[1], params[o.name]) for o in spec.operations]
    kind_names = list(dict.fromkeys([*machines, *created, *(k for k in acted_on if k)]))
    kinds = {}
    for k in kind_names:
        field = _id_field(k, params.values(), spec)
        id_kind = next((p.kind for ps in params.values() for p in ps if p.name == field and p.kind), None)
        kinds[k] = Kind(k, naming.id_names(k), field, id_kind, machines.get(k))
    ops = {o.name: _op(o, spec, model, kinds, params[o.name]) for o in spec.operations}
    return Api(name, spec.service.protocol, _prefixes(spec, model),
               str(shapes.metadata(model, "jsonVersion") or "1.1"), ops, kinds, _failure(spec), model)


def _acted_on(noun: str, params: tuple[Param, ...]) -> str | None:
    """The resource an operation names by its own identifier (``StopWidget(widget_id)`` → ``Widget``)."""
    for candidate in (noun, naming.singular(noun)):
        if {naming.fold(p.name) for p in params} & set(naming.id_names(candidate)):
            return candidate
    return None


def _params(op: Operation, model_op: OperationModel | None, spec: Spec) -> tuple[Param, ...]:
    input_shape = model_op.input_shape if model_op else None
    by_fold = {naming.fold(n): (n, s) for n, s in shapes.members(input_shape).items()}
    required = set(getattr(input_shape, "required_members", []) or [])
    out: list[Param] = []
    for inp in op.input:
        name, shape = by_fold.pop(naming.fold(inp.name), (None, None))
        out.append(_param(inp, name, shape, name in required if name else None, spec, op.name))
    for name, shape in by_fold.values():
        out.append(Param(name, shapes.shape_kind(shape), name in required, shapes.location(shape) or "body",
                         shapes.wire_name(name, shape), shapes.enum(shape)))
    return tuple(out)


def _param(inp: Input, name: str | None, shape: Shape | None, model_required: bool | None, spec: Spec,
           op: str) -> Param:
    stated = inp.required is not None and not inp.required_inferred
    required = bool(inp.required) if stated else bool(model_required)
    documented = spec.enum(f"{op}.{inp.name}")
    enum = tuple(v.value for v in documented.values) if documented else shapes.enum(shape)
    where = inp.location or (shapes.location(shape) if shape is not None else None) or "body"
    wire = shapes.wire_name(name, shape) if shape is not None and name else inp.name
    return Param(inp.name, shapes.spec_kind(inp.type) or shapes.shape_kind(shape), required, where, wire, enum)


def _id_field(kind: str, all_params: Iterable[tuple[Param, ...]], spec: Spec) -> str:
    wanted = naming.id_names(kind)
    seen = [p.name for ps in all_params for p in ps if naming.fold(p.name) in wanted]
    if seen:
        return min(seen, key=lambda n: (wanted.index(naming.fold(n)), -seen.count(n)))
    if spec.service.protocol == "rest":
        return naming.snake(kind) + "_id"
    return naming.lower_camel(kind) + "Arn"


def _kind_of(op: Operation, kinds: dict[str, Kind], params: tuple[Param, ...]) -> str | None:
    for k in kinds.values():
        m = k.machine
        if m and (op.name == m.describe or any(trigger == op.name for (trigger, _) in m.moves)):
            return k.name
    noun = naming.split_operation(op.name)[1]
    for candidate in (noun, naming.singular(noun)):
        if candidate in kinds:
            return candidate
    prefixed = sorted((k for k in kinds if noun.startswith(k)), key=len, reverse=True)
    if prefixed:
        return prefixed[0]
    folded = {naming.fold(p.name) for p in params}
    owners = sorted((k for k in kinds.values() if folded & set(k.id_names)), key=lambda k: len(k.name), reverse=True)
    return owners[0].name if owners else None


def _action(op: Operation, kind: Kind | None) -> str:
    m = kind.machine if kind else None
    by_verb = naming.ACTIONS.get(naming.split_operation(op.name)[0], "plain")
    if m and op.name == m.describe:
        return "describe"
    if m and (any(t == op.name for (t, _) in m.moves) or (op.name in m.allowed and by_verb != "create")):
        return "trigger"
    return by_verb if kind is not None else "plain"


def _owner(param: str, kinds: dict[str, Kind]) -> str | None:
    folded = naming.fold(param)
    return next((k.name for k in kinds.values() if folded in k.id_names), None)


def _op(op: Operation, spec: Spec, model: ServiceModel | None, kinds: dict[str, Kind],
        params: tuple[Param, ...]) -> Op:
    model_op = shapes.operation(model, op.name)
    kind_name = _kind_of(op, kinds, params)
    kind = kinds.get(kind_name) if kind_name else None
    id_param = next((p.name for p in params if kind and naming.fold(p.name) == naming.fold(kind.id_field)), None)
    if id_param is None and kind:
        id_param = next((p.name for p in params if naming.fold(p.name) in kind.id_names), None)
    refs = {p.name: owner for p in params if p.name != id_param and (owner := _owner(p.name, kinds))}
    parents = tuple(p.name for p in params if p.required and p.name != id_param and p.name not in refs
                    and naming.is_identifier(p.name)) if _action(op, kind) in ("describe", "list") else ()
    out_shape = model_op.output_shape if model_op else None
    outputs = [Field(n, shapes.shape_kind(s), None, s) for n, s in shapes.members(out_shape).items()]
    have = {naming.fold(f.name) for f in outputs}
    outputs += [Field(o.name, shapes.spec_kind(o.type), o.enum, None) for o in op.output
                if naming.fold(o.name) not in have]
    errors = [e.name for e in op.errors] + [s.name for s in (model_op.error_shapes if model_op else [])]
    method, uri = (op.http.method, op.http.uri) if op.http else _model_route(model_op)
    return Op(op.name, _action(op, kind), kind_name, id_param, refs, parents, params, tuple(outputs), out_shape,
              tuple(dict.fromkeys(errors)), method, uri, model_op)


def _model_route(model_op: OperationModel | None) -> tuple[str | None, str | None]:
    if model_op is None or not model_op.http:
        return None, None
    return model_op.http.get("method"), str(model_op.http.get("requestUri", "/")).split("?")[0]


def _prefixes(spec: Spec, model: ServiceModel | None) -> frozenset[str]:
    found = {o.names["target"].split(".")[0] for o in spec.operations if "." in o.names.get("target", "")}
    prefix = shapes.metadata(model, "targetPrefix")
    return frozenset(found | ({prefix} if prefix else set()) | {spec.service.name})


def _failure(spec: Spec) -> FailureFormat:
    """The failure body's fields, read from a documented failure example, else from documented outputs."""
    for example in spec.examples:
        if example.kind != "response":
            continue
        try:
            body = json.loads(example.code)
        except ValueError:
            continue
        if isinstance(body, dict) and any(v is False for v in body.values()):
            return _fields(list(body), body)
    names = list(dict.fromkeys(o.name for op in spec.operations for o in op.output))
    return _fields(names, {})


def _fields(names: list[str], sample: dict[str, object]) -> FailureFormat:
    flag = next((n for n in names if sample.get(n) is False or "success" in n.lower()), None)
    code = next((n for n in names if "code" in n.lower()), "code")
    message = next((n for n in names if any(w in n.lower() for w in ("message", "msg"))), "message")
    wanted = [n for n in (flag, code, message) if n]
    order = tuple(dict.fromkeys([*(n for n in names if n in wanted), *wanted]))
    sample_code = sample.get(code)
    return FailureFormat(flag, code, message, order, str(sample_code) if sample_code else None)
