"""Moving resources through their machines: automatic steps on the clock or on reads, and trigger moves.

Automatic steps follow moto's state-manager settings for the machine's model name:
``{"progression": "immediate"}`` runs every step at once, ``{"progression": "manual", "times": N}``
steps once every N reads (describe/list), ``{"progression": "time", "seconds": S}`` steps every S seconds
of the emulator's clock (the default, `store.DEFAULT_TRANSITION`). Steps are applied lazily, whenever a
resource is looked at, under the store's lock.
"""

from __future__ import annotations

from dataclasses import replace

from harness.emulator.machines import Machine, Move
from harness.emulator.mutants import Hooks
from harness.emulator.store import Resource, Store


def settle(store: Store, hooks: Hooks, machine: Machine | None, res: Resource, read: bool) -> Resource | None:
    """The resource as it is now (None once it is gone), written back to the store; ``read`` counts a read."""
    if machine is None or res.status is None:
        return res
    config = store.transition(machine.model_name)
    progression = config.get("progression")
    current: Resource | None = res
    limit = len(machine.states) + 2
    if progression == "immediate":
        current = _run(hooks, machine, res, store.clock.now(), limit)
    elif progression == "time":
        seconds, now = float(config.get("seconds", 0)), store.clock.now()
        for _ in range(limit):
            if current is None or now - current.changed < seconds:
                break
            nxt = step(hooks, machine, current, current.changed + seconds)
            if nxt is current:
                break
            current = nxt
    elif progression == "manual" and read:
        if res.reads >= int(config.get("times", 1)):
            current = step(hooks, machine, res, store.clock.now())
        current = replace(current, reads=current.reads + 1) if current is not None else None
    _write(store, res, current)
    return current


def _run(hooks: Hooks, machine: Machine, res: Resource, now: float, limit: int) -> Resource | None:
    current: Resource | None = res
    for _ in range(limit):
        nxt = step(hooks, machine, current, now) if current is not None else None
        if nxt is current:
            break
        current = nxt
    return current


def step(hooks: Hooks, machine: Machine, res: Resource, when: float) -> Resource | None:
    """One automatic step: the moved resource, None when it disappears, ``res`` itself when it stays."""
    state = res.status or ""
    found = hooks("auto", machine.auto.get(state), machine=machine, state=state)
    if found is None:
        return res
    if found.remove:
        return None
    if found.to is None:
        return res
    return replace(res, status=found.to, previous=res.status, changed=when, reads=0)


def move(store: Store, res: Resource, where: Move) -> Resource | None:
    """Apply a trigger's move; the resource afterwards (None when deleted)."""
    after: Resource | None
    if where.remove:
        after = None
    elif where.to is None or where.to == res.status:
        after = res
    else:
        after = replace(res, status=where.to, previous=res.status, changed=store.clock.now(), reads=0)
    _write(store, res, after)
    return after


def _write(store: Store, before: Resource, after: Resource | None) -> None:
    if after is None:
        store.remove(before)
    elif after is not before:
        store.put(after)
