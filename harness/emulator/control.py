"""Endpoints that steer the emulator instead of emulating: moto's state manager, the clock, reset, seeding.

    POST /moto-api/state-manager/set-transition   {"model_name": "widgets::widget_build",
                                                   "transition": {"progression": "manual", "times": 1}} → 201
    POST /moto-api/state-manager/unset-transition {"model_name": …}                        → 201
    GET  /moto-api/state-manager/get-transition?model_name=…                               → the transition
    POST /moto-api/reset, /harness-api/reset      forget every resource and transition     → {"status": "ok"}
    GET  /harness-api/clock                        → {"now": seconds, "realtime": bool}
    POST /harness-api/clock/advance {"seconds": N} → {"now": seconds}
    GET  /harness-api/resources[?service=&resource=]   every resource as JSON (after due automatic steps)
    POST /harness-api/resources {"service", "resource", "status"?, "id"?, "attributes"?, "id_field"?}
                                   → 201 the resource (an existing id is replaced: a way to force any documented
                                   state; a resource the docs do not describe is tracked from then on, named by
                                   ``id_field``: how a target seeds prerequisites the emulator cannot create)
    GET  /harness-api/machines                     what was derived: operations, kinds, machines, model names
    GET  /harness-api/mutant                       {"mutant": {"name", "description", "family"} | null}

Shapes of the moto endpoints follow moto's own (`moto/moto_api/_internal/responses.py`); model names
are ``<service>::<snake_case resource>``, matched without regard to case and separators
(``svc::widgetbuild`` and the bare resource name ``WidgetBuild`` name the same model).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from harness.emulator import lifecycle, machines, naming
from harness.emulator.api import Api, Kind
from harness.emulator.handlers import new_id
from harness.emulator.store import Resource
from harness.errors import HarnessError

if TYPE_CHECKING:
    from harness.emulator.app import Emulator

_PROGRESSIONS = {"immediate": (), "manual": ("times",), "time": ("seconds",)}
"""Progression → the numeric settings it needs."""


class _Bad(HarnessError):
    """A control request that cannot be done; answered as ``{"message": …}``."""

    fmt = "{message}"

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message=message)
        self.status = status


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")


def _body(request: Request) -> dict[str, Any]:
    try:
        value = json.loads(request.get_data() or b"{}")
    except ValueError:
        raise _Bad("the body is not valid JSON") from None
    if not isinstance(value, dict):
        raise _Bad("the body must be a JSON object")
    return value


def _model(emu: Emulator, name: Any) -> str:
    """A machine's model name from any spelling: ``svc::widget_build``, ``svc::widgetbuild``, ``WidgetBuild``."""
    if not isinstance(name, str) or not name:
        raise _Bad("model_name is required")
    service, _, resource = name.rpartition("::")
    for api in emu.apis.values():
        if service and service not in (api.name, getattr(api.model, "service_name", None)):
            continue
        for kind in api.kinds.values():
            if kind.machine and naming.fold(resource) == naming.fold(kind.machine.resource):
                return kind.machine.model_name
    return name


def set_transition(emu: Emulator, request: Request) -> Response:
    body = _body(request)
    model, transition = _model(emu, body.get("model_name")), body.get("transition")
    if not isinstance(transition, dict) or transition.get("progression") not in _PROGRESSIONS:
        raise _Bad(f"transition must have a progression of {', '.join(_PROGRESSIONS)}")
    for key in _PROGRESSIONS[transition["progression"]]:
        value = transition.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _Bad(f"a {transition['progression']} transition needs a non-negative number {key}")
    with emu.store.lock:
        emu.store.set_transition(model, dict(transition))
    return Response("", status=201)


def unset_transition(emu: Emulator, request: Request) -> Response:
    model = _model(emu, _body(request).get("model_name"))
    with emu.store.lock:
        emu.store.unset_transition(model)
    return Response("", status=201)


def get_transition(emu: Emulator, request: Request) -> Response:
    model = _model(emu, request.args.get("model_name"))
    with emu.store.lock:
        return _json(emu.store.transition(model))


def reset(emu: Emulator, request: Request) -> Response:
    with emu.store.lock:
        emu.store.reset()
    return _json({"status": "ok"})


def clock(emu: Emulator, request: Request) -> Response:
    return _json({"now": emu.store.clock.now(), "realtime": emu.store.clock.realtime})


def advance(emu: Emulator, request: Request) -> Response:
    seconds = _body(request).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise _Bad("seconds must be a non-negative number")
    with emu.store.lock:
        return _json({"now": emu.store.clock.advance(float(seconds))})


def _as_json(res: Resource) -> dict[str, Any]:
    return {"service": res.service, "resource": res.kind, "id": res.id, "status": res.status,
            "previous": res.previous, "attributes": res.attrs, "created": res.created, "changed": res.changed}


def resources(emu: Emulator, request: Request) -> Response:
    service, kind = request.args.get("service"), request.args.get("resource")
    with emu.store.lock:
        found = []
        for res in emu.store.all(service, kind):
            machine = emu.apis[res.service].kinds[res.kind].machine
            now = lifecycle.settle(emu.store, emu.hooks, machine, res, read=False)
            if now is not None:
                found.append(_as_json(now))
    return _json({"resources": found})


def _untracked(api: Api, name: str, id_field: Any) -> Kind:
    """A resource the docs of the service do not describe (e.g. a prerequisite made by an undocumented
    operation): tracked from now on, without a machine, named by ``id_field`` (default ``<resource>Arn``
    when the service names its resources by ARN, else ``<resource>Id``)."""
    if not isinstance(id_field, str) or not id_field:
        arn = any(naming.fold(k.id_field).endswith("arn") for k in api.kinds.values())
        id_field = name[:1].lower() + name[1:] + ("Arn" if arn else "Id")
    kind = Kind(name, naming.id_names(name), id_field, None, None)
    api.kinds[name] = kind
    return kind


def seed(emu: Emulator, request: Request) -> Response:
    body = _body(request)
    api = emu.apis.get(str(body.get("service")))
    name = body.get("resource")
    if api is None or not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
        raise _Bad("service must name a served service and resource a resource name", 404)
    kind = api.kinds.get(name) or _untracked(api, name, body.get("id_field"))
    attrs = body.get("attributes") or {}
    status = body.get("status") or (kind.machine.initial if kind.machine else None)
    if not isinstance(attrs, dict) or (kind.machine and status not in kind.machine.states):
        raise _Bad("attributes must be an object and status one of the machine's states")
    with emu.store.lock:
        ident = str(body.get("id") or new_id(api.name, kind, attrs, emu.store.serial()))
        now = emu.store.clock.now()
        res = Resource(api.name, kind.name, ident, status if kind.machine else None, None, dict(attrs), now, now)
        emu.store.put(res)
    return _json(_as_json(res), 201)


def describe(emu: Emulator, request: Request) -> Response:
    services = {}
    for api in emu.apis.values():
        services[api.name] = {
            "protocol": api.protocol,
            "operations": {op.name: {"action": op.action, "resource": op.kind, "id_param": op.id_param,
                                     "served": op.name in emu.served[api.name]} for op in api.ops.values()},
            "resources": {k.name: {"id_field": k.id_field,
                                   "machine": machines.describe(k.machine) if k.machine else None}
                          for k in api.kinds.values()},
        }
    return _json({"services": services})


def mutant(emu: Emulator, request: Request) -> Response:
    m = emu.mutant
    return _json({"mutant": {"name": m.name, "description": m.description, "family": m.family} if m else None})


ENDPOINTS: dict[str, Callable[[Emulator, Request], Response]] = {
    "set-transition": set_transition, "unset-transition": unset_transition, "get-transition": get_transition,
    "reset": reset, "clock": clock, "advance": advance, "resources": resources, "seed": seed,
    "machines": describe, "mutant": mutant,
}
_MAP = Map([
    Rule("/moto-api/state-manager/set-transition", endpoint="set-transition", methods=["POST"]),
    Rule("/moto-api/state-manager/unset-transition", endpoint="unset-transition", methods=["POST"]),
    Rule("/moto-api/state-manager/get-transition", endpoint="get-transition", methods=["GET"]),
    Rule("/moto-api/reset", endpoint="reset", methods=["POST"]),
    Rule("/harness-api/reset", endpoint="reset", methods=["POST"]),
    Rule("/harness-api/clock", endpoint="clock", methods=["GET"]),
    Rule("/harness-api/clock/advance", endpoint="advance", methods=["POST"]),
    Rule("/harness-api/resources", endpoint="resources", methods=["GET"]),
    Rule("/harness-api/resources", endpoint="seed", methods=["POST"]),
    Rule("/harness-api/machines", endpoint="machines", methods=["GET"]),
    Rule("/harness-api/mutant", endpoint="mutant", methods=["GET"]),
], strict_slashes=False)
PREFIXES = ("/moto-api/", "/harness-api/")


def dispatch(emu: Emulator, request: Request) -> Response | None:
    """The control endpoint's answer, or None when the request is for an emulated API."""
    if not request.path.startswith(PREFIXES):
        return None
    try:
        endpoint, _ = _MAP.bind("emulator").match(request.path, method=request.method)
        return ENDPOINTS[str(endpoint)](emu, request)
    except HTTPException as exc:
        return _json({"message": exc.description}, exc.code or 400)
    except _Bad as exc:
        return _json({"message": str(exc)}, exc.status)
