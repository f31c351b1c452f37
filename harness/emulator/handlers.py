"""What each kind of operation does to the store: a registry keyed by `api.Op.action`.

Every handler runs under the store's lock with validated parameters, checks the resources the request
names (they must exist; their machines' preconditions for this operation must hold) and returns the
success body and the name of its status field (for the ``response`` hook).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from harness.emulator import lifecycle, naming, render
from harness.emulator.api import Api, Kind, Op
from harness.emulator.faults import Fault
from harness.emulator.machines import Move
from harness.emulator.mutants import Hooks
from harness.emulator.store import Resource, Store

Body = tuple[dict[str, Any], str | None]


@dataclass(frozen=True, slots=True)
class Call:
    api: Api
    op: Op
    params: dict[str, Any]
    store: Store
    hooks: Hooks

    @property
    def kind(self) -> Kind | None:
        return self.api.kinds.get(self.op.kind) if self.op.kind else None


def fetch(call: Call, kind: Kind, ident: Any, read: bool) -> Resource:
    found = call.store.get(call.api.name, kind.name, str(ident)) if ident is not None else None
    now = lifecycle.settle(call.store, call.hooks, kind.machine, found, read) if found else None
    if now is None:
        raise Fault("not_found", f"{kind.name} {ident} does not exist")
    return now


def check_state(call: Call, kind: Kind, res: Resource) -> None:
    m = kind.machine
    allowed = m.allowed.get(call.op.name) if m else None
    ok = allowed is None or res.status in allowed
    if not call.hooks("allowed", ok, machine=m, state=res.status, op=call.op.name):
        raise Fault("conflict", f"{kind.name} {res.id} is {res.status}; {call.op.name} is allowed only while "
                                f"{' or '.join(sorted(allowed or ()))}")


def guard(call: Call) -> None:
    """Resources the request refers to exist and are in a state this operation allows; a required parent
    the emulator does not track exists when some resource of the operation's kind carries it."""
    for param, kind_name in call.op.refs.items():
        if call.params.get(param) is not None:
            kind = call.api.kinds[kind_name]
            check_state(call, kind, fetch(call, kind, call.params[param], read=False))
    for param in call.op.parents:
        value = call.params.get(param)
        carried = (r.attrs.get(param) == value for r in call.store.all(call.api.name, call.op.kind))
        if value is not None and not any(carried):
            raise Fault("not_found", f"{param} {value} names nothing")


def _own(call: Call) -> tuple[Kind, Resource]:
    kind = call.kind
    assert kind is not None
    return kind, fetch(call, kind, call.params.get(call.op.id_param or ""), read=False)


def create(call: Call) -> Body:
    kind = call.kind
    assert kind is not None
    ident = call.params.get(call.op.id_param) if call.op.id_param else None
    if ident is not None and call.store.get(call.api.name, kind.name, str(ident)):
        raise Fault("exists", f"{kind.name} {ident} already exists")
    m = kind.machine
    now = call.store.clock.now()
    status = call.hooks("initial", m.initial, machine=m) if m else None
    if ident is None:
        ident = new_id(call.api.name, kind, call.params, call.store.serial(), call.op.refs)
    res = Resource(call.api.name, kind.name, str(ident), status, None, dict(call.params), now, now)
    call.store.put(res)
    return render.fields_body(call.api, call.op, kind, res, call.hooks)


def new_id(service: str, kind: Kind, params: dict[str, Any], serial: int, skip: Iterable[str] = ()) -> str:
    """A fresh identifier: an ARN for kinds named by ARN (with the resource's name in it), else a number."""
    if not naming.fold(kind.id_field).endswith("arn"):
        return str(serial)
    label = next((str(v) for k, v in params.items()
                  if naming.fold(k).endswith("name") and isinstance(v, str) and k not in skip), None)
    path = "/".join([naming.kebab(kind.name), *([label] if label else []), f"{serial:08d}"])
    return f"arn:aws:{service}:us-east-1:123456789012:{path}"


def describe(call: Call) -> Body:
    kind = call.kind
    assert kind is not None
    if call.op.id_param:
        return render.rows_body(call.api, call.op, kind, [_own_read(call, kind)], call.hooks)
    return render.rows_body(call.api, call.op, kind, _listed(call, kind), call.hooks)


def _own_read(call: Call, kind: Kind) -> Resource:
    return fetch(call, kind, call.params.get(call.op.id_param or ""), read=True)


def _listed(call: Call, kind: Kind) -> list[Resource]:
    found = []
    for res in call.store.all(call.api.name, kind.name):
        if _matches(res, call.params, call.op):
            now = lifecycle.settle(call.store, call.hooks, kind.machine, res, read=True)
            if now is not None:
                found.append(now)
    return found


def _matches(res: Resource, params: dict[str, Any], op: Op) -> bool:
    """Filters: a parameter the resource was created with must match; others do not filter."""
    for name, value in params.items():
        if name == op.id_param or value is None or naming.is_paging(name):
            continue
        if name in res.attrs and res.attrs[name] != value:
            return False
        single = naming.singular(name)
        if isinstance(value, list) and single in res.attrs and res.attrs[single] not in value:
            return False
    return True


def list_(call: Call) -> Body:
    kind = call.kind
    assert kind is not None
    return render.rows_body(call.api, call.op, kind, _listed(call, kind), call.hooks)


def delete(call: Call) -> Body:
    kind, res = _own(call)
    check_state(call, kind, res)
    call.store.remove(res)
    return render.fields_body(call.api, call.op, kind, res, call.hooks)


def trigger(call: Call) -> Body:
    kind, res = _own(call)
    m = kind.machine
    assert m is not None
    check_state(call, kind, res)
    where = call.hooks("trigger", Move(m.moves.get((call.op.name, res.status or ""))), machine=m,
                       state=res.status, op=call.op.name)
    after = lifecycle.move(call.store, res, where)
    return render.fields_body(call.api, call.op, kind, after or res, call.hooks)


def plain(call: Call) -> Body:
    kind = call.kind
    res = _own(call)[1] if kind is not None and call.op.id_param else None
    return render.fields_body(call.api, call.op, kind, res, call.hooks)


HANDLERS: dict[str, Callable[[Call], Body]] = {
    "create": create, "describe": describe, "list": list_, "delete": delete, "trigger": trigger, "plain": plain,
}
"""Operation action → handler; `api.Op.action` is always one of these keys."""


def handle(call: Call) -> Body:
    with call.store.lock:
        guard(call)
        return HANDLERS[call.op.action](call)
