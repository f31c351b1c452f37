"""Lifecycle runs (a helper, not a family): a `Lab` makes one resource through the API, drives it through
its documented states, calls triggers and records what the describe operation shows, with times.

Waiting: where the target offers moto's state manager, the resource's model (and its prerequisites') is set
to advance one state per describe call, so every state is seen and nothing waits; otherwise the describe
operation is polled with backoff (50 ms doubling to 1 s) under the check's deadline.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.checks._model import state_key
from harness.checks.base import Outcome
from harness.checks.lifecycle_plan import Graph, Plan, prerequisite
from harness.checks.lifecycle_plan import plan as make_plan
from harness.checks.live_base import (
    Context,
    NoVerdict,
    error_name,
    is_identifier,
    not_found,
    require_implemented,
    track_created,
)
from harness.spec.model import StateMachine
from harness.targets.exchange import Exchange
from harness.targets.statemanager import STEP, model_name

GONE = "(gone)"
"""The status of a resource the describe operation no longer finds."""

SETTLING = ("PENDING", "PROGRESS", "CREATING", "STARTING", "UPDATING", "QUEUED", "PROVISIONING")
"""Words of a status a prerequisite is still moving on from (waited out before it is used)."""

POLL_FIRST, POLL_MAX = 0.05, 1.0
SAFETY = 0.3
"""Seconds of the check's deadline a drive or settle leaves for judging and cleaning up."""
SPINS = 20
"""Polls without a pause while a state manager steps the resource and its status stays the same."""
STABLE = 2.0
"""Seconds a status may stay unchanged, with no documented way on, before a drive gives up."""


@dataclass(frozen=True, slots=True)
class Step:
    """One observed status."""

    seconds: float
    """Since the lab started."""
    status: str
    """As the target spelled it (or `GONE`)."""

    def json(self) -> list[Any]:
        return [round(self.seconds, 3), self.status]


class Lab:
    """One check's resource: made, driven, observed, and (by the check's cleanup) deleted."""

    def __init__(self, ctx: Context, machine: StateMachine, plan: Plan) -> None:
        self.ctx, self.machine, self.plan = ctx, machine, plan
        self.graph = Graph.of(machine)
        self.identity: dict[str, Any] = {}
        self.timeline: list[Step] = []
        self.mark = 0
        """Index in the timeline where the step under test begins."""
        self.start = time.monotonic()
        self._poll = POLL_FIRST
        self._spins = 0
        self._models: list[str] = []
        self.manager = ctx.target.state_manager()
        self.spellings = self._spellings()
        self.undocumented: list[str] = []
        """Status values seen that the docs never spell so."""

    def _spellings(self) -> frozenset[str]:
        enum = self.ctx.spec.enum(self.machine.enum) if self.machine.enum else None
        values = {s for v in enum.values for s in (v.value, *v.spellings)} if enum else set()
        return frozenset(values | set(self.machine.states))

    # -- making ---------------------------------------------------------------------------------------------------

    def _step_models(self, resources: list[str]) -> None:
        if self.manager is None:
            return
        service = self.ctx.spec.service.botocore_service or self.ctx.spec.service.name
        for resource in resources:
            name = model_name(service, resource)
            if name not in self._models and self.manager.set(name, STEP):
                self._models.append(name)

    def release(self) -> None:
        """Give the state manager back its defaults."""
        for name in self._models:
            assert self.manager is not None
            self.manager.unset(name)
        self._models.clear()

    def create(self) -> None:
        """Make the resource (and what it needs), or take the scenario's existing one."""
        given = self.ctx.synth.scenario.resources.get(self.plan.resource)
        if given:
            self.identity = dict(given)
            return
        if self.plan.create is None:
            raise NoVerdict(Outcome("skipped", None, None, f"no operation creates a {self.plan.resource} "
                                    f"(no Create{self.plan.resource}); name one in a scenario file"))
        self._step_models([self.plan.resource])
        self.identity = self._make(self.plan.create, self.plan.resource, 0)

    def _make(self, operation: str, resource: str, depth: int) -> dict[str, Any]:
        ctx = self.ctx
        op = ctx.operation(operation)
        assert op is not None and ctx.model is not None
        known: dict[str, Any] = {}
        for member in op.input_shape.required_members if op.input_shape else ():
            other = prerequisite(ctx.model, member, resource) if depth < 3 else None
            if other is None:
                continue
            existing = ctx.synth.scenario.resources.get(other)
            if existing:
                ids = dict(existing)
            else:
                self._step_models([other])
                ids = self._make(f"Create{other}", other, depth + 1)
                self._wait_usable(other, ids, operation)
            value = next((v for k, v in ids.items() if k.lower() == member.lower()), None)
            if value is None:
                raise NoVerdict(Outcome("error", None, ids, f"Create{other} gave no {member} for {operation}"))
            known[member] = value
        params = ctx.synth.input(op, known=known)
        ex = require_implemented(ctx.call(operation, params), f"{operation} (needed to make a {resource})")
        if not ex.ok and not not_found(ex):
            # the least input the model allows was refused: try again with every optional member filled in too
            optional = tuple(n for n in op.input_shape.members if n not in params) if op.input_shape else ()
            fuller = ctx.synth.input(op, known={**params, **known}, optional=optional)
            if fuller != params:
                params = fuller
                ex = require_implemented(ctx.call(operation, params), f"{operation} (needed to make a {resource})")
        if not ex.ok:
            raise NoVerdict(Outcome("error", None, ex.summary(), f"could not make a {resource}: {operation} answered "
                                    f"{error_name(ex.error_code) or ex.status}: {ex.error_message or ''}".strip()))
        track_created(ctx, operation, params, ex)
        reply = ex.data if isinstance(ex.data, dict) else {}
        own = {k: v for k, v in {**params, **reply}.items() if is_identifier(k) and isinstance(v, (str, int))}
        return {**own, **{k: v for k, v in known.items() if k not in own}}

    def _wait_usable(self, resource: str, ids: Mapping[str, Any], consumer: str) -> None:
        """Wait until a freshly made prerequisite is usable by ``consumer``: in the states a documented
        precondition allows, else no longer in a settling state (bounded by a share of the deadline)."""
        ctx = self.ctx
        assert ctx.model is not None
        machine = next((m for m in ctx.spec.state_machines if m.resource == resource), None)
        allowed = {state_key(s) for m in ctx.spec.state_machines if m.resource == resource
                   for p in m.preconditions if p.operation == consumer for s in p.allowed_states}
        sub = make_plan(ctx.model, machine or StateMachine(resource, None, None, (), (), (), (), (), ()))
        if not sub.describe or not sub.status:
            return
        other = Lab(ctx, machine or StateMachine(resource, None, None, (), (), (), (), (), ()), sub)
        other.identity = dict(ids)
        until = time.monotonic() + max(0.0, ctx.remaining()) * 0.3
        while time.monotonic() < until:
            try:
                status = other.status()
            except NoVerdict:  # the prerequisite cannot be read: use it as it is
                return
            key = state_key(status)
            if (allowed and key in allowed) or (not allowed and not any(w in key for w in SETTLING)) or status == GONE:
                return
            other.wait()

    # -- reading --------------------------------------------------------------------------------------------------

    def call(self, operation: str, extra: Mapping[str, Any] | None = None) -> Exchange:
        op = self.ctx.operation(operation)
        if op is None:
            raise NoVerdict(Outcome("skipped", None, None, f"{operation} is not in the model"))
        params = self.ctx.synth.input(op, known={**self.identity, **(extra or {})})
        return self.ctx.call(operation, params)

    def status(self) -> str:
        """The current status (as spelled by the target), or `GONE`; recorded on the timeline."""
        if not self.plan.describe or not self.plan.status:
            raise NoVerdict(Outcome("skipped", None, None, f"no describe operation with a status for "
                                    f"{self.plan.resource}"))
        ex = require_implemented(self.call(self.plan.describe), self.plan.describe)
        if not ex.ok:
            if not_found(ex):
                return self._record(GONE)
            raise NoVerdict(Outcome("error", None, ex.summary(), f"{self.plan.describe} answered "
                                    f"{error_name(ex.error_code) or ex.status} while reading the status"))
        found = self._find(ex.data, list(self.plan.status))
        if not isinstance(found, str):
            raise NoVerdict(Outcome("fail", {"field": ".".join(self.plan.status)}, ex.summary(),
                                    f"{self.plan.describe}'s reply has no {'.'.join(self.plan.status)}: the "
                                    "documented status field is missing"))
        return self._record(found)

    def _find(self, data: Any, path: list[str]) -> Any:
        if isinstance(data, list):
            mine = [d for d in data if self._mine(d)]
            data = (mine or data or [None])[0]
        if not path:
            return data
        return self._find(data.get(path[0]) if isinstance(data, dict) else None, path[1:])

    def _mine(self, item: Any) -> bool:
        values = {str(v) for v in self.identity.values()}
        return isinstance(item, dict) and any(str(v) in values for v in item.values() if isinstance(v, (str, int)))

    def _record(self, status: str) -> str:
        if status != GONE and self.spellings and status not in self.spellings and status not in self.undocumented:
            self.undocumented.append(status)
        if not self.timeline or self.timeline[-1].status != status:
            self.timeline.append(Step(time.monotonic() - self.start, status))
            self._spins = 0
        return status

    @property
    def stepping(self) -> bool:
        """The state manager moves this resource on one state per describe call, and the target says its state
        manager steps every documented machine (``steps_every_state``; moto's steps only the models it
        implements): every state is seen, so a skipped state is a deviation, not a poll that came late."""
        return self.manager is not None and bool(self._models) and bool(getattr(self.ctx.target,
                                                                                 "steps_every_state", False))

    def wait(self) -> None:
        """Pause before the next poll: not at all while the state manager steps the resource, unless its status has
        not changed for `SPINS` polls (a resource that never moves on is then polled with backoff, not in a busy
        loop)."""
        if self.manager is not None and self._models:
            self._spins += 1
            if self._spins < SPINS:
                return
        self.ctx.sleep(self._poll)
        self._poll = min(self._poll * 2, POLL_MAX)

    # -- driving --------------------------------------------------------------------------------------------------

    def drive_to(self, state: str, share: float = 0.6) -> str | None:
        """Bring the resource into ``state`` (folded name) by documented triggers and by waiting; None on
        success, else why not (within ``share`` of the remaining time)."""
        until = time.monotonic() + max(0.0, self.ctx.remaining()) * share
        unchanged, last, since = 0, None, time.monotonic()
        stepped = self.manager is not None and bool(self._models)
        tries: dict[tuple[str, str], int] = {}  # a trigger whose target state passes between polls: twice at most
        refused: dict[tuple[str, str], str] = {}  # (state, trigger) the target rejected: another route, if any
        while time.monotonic() < until and self.ctx.remaining() > SAFETY:
            status = self.status()
            key = state_key(status)
            if key == state:
                return None
            if status == GONE:
                return f"the {self.plan.resource} disappeared before reaching {state}"
            if key != last:
                unchanged, last, since = 0, key, time.monotonic()
            else:
                unchanged += 1
            route = self.graph.path(key, state, frozenset(refused))
            if route and route[0][2] is not None and tries.get((key, route[0][2]), 0) < 2:
                trigger = route[0][2]
                tries[(key, trigger)] = tries.get((key, trigger), 0) + 1
                ex = require_implemented(self.call(trigger), trigger)
                if not ex.ok:
                    refused[(key, trigger)] = f"{trigger} in {status} (on the way to {state}) was rejected: " \
                                              f"{error_name(ex.error_code)}"
                    if self.graph.path(key, state, frozenset(refused)) is None:
                        return "; ".join(refused.values())
                self._poll = POLL_FIRST
                continue
            if route and route[0][2] is not None:
                break  # the documented trigger was tried and the state passed unseen
            if (stepped and unchanged >= 3) or (not stepped and time.monotonic() - since > STABLE):
                break  # it rests where no documented transition leads on
            self.wait()
        seen = " → ".join(s.status for s in self.timeline) or "nothing"
        return f"could not bring a {self.plan.resource} into {state} (observed {seen})"

    def settle(self, moving_from: str, share: float = 1.0, may_return: bool = False) -> str:
        """Poll until the status leaves ``moving_from`` for a state that does not move on by itself (or time is
        up); returns the last status. With ``may_return`` (the docs say the change ends where it began: "sets the
        status back to ACTIVE"), a status that stays ``moving_from`` for `STABLE` seconds has settled too: the
        change was made between polls."""
        self._poll = POLL_FIRST
        start = time.monotonic()
        until = start + max(0.0, self.ctx.remaining()) * share
        status = moving_from
        while time.monotonic() < until and self.ctx.remaining() > SAFETY:
            status = self.status()
            key = state_key(status)
            if status == GONE or (key != moving_from and self.graph.resting(key)):
                return status
            if may_return and key == moving_from and time.monotonic() - start > STABLE:
                return status
            self.wait()
        return status

    def steps(self) -> list[list[Any]]:
        return [s.json() for s in self.timeline]
