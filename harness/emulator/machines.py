"""A spec's state machine made executable: trigger moves, automatic steps, allowed states.

Everything documented is taken as it is. Where the spec is silent about how a transient state ends
(``BUILD_PENDING`` has no documented way out), the emulator infers one step so resources do not
hang forever: to the next later state of the same family (`naming.family`), or out of existence for a
state on the delete path. Inferred steps are marked ``documented=False`` and listed by
``/harness-api/machines``; mutants that break documented behaviour leave them alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.emulator import naming
from harness.spec.model import StateMachine


@dataclass(frozen=True, slots=True)
class Step:
    """Where a state goes by itself when the clock (or the state manager) says it is time."""

    to: str | None
    """The next state; None with ``remove``."""
    remove: bool = False
    """The resource disappears (the end of a delete path)."""
    documented: bool = True
    """False for a step the emulator inferred because the spec states none."""


@dataclass(frozen=True, slots=True)
class Move:
    """What a trigger does to its resource."""

    to: str | None
    """The new state; None leaves the state as it is."""
    remove: bool = False
    """The resource is deleted instead."""


@dataclass(frozen=True, slots=True)
class Machine:
    resource: str
    model_name: str
    """The state-manager name, moto-style: ``service::snake_resource``."""
    states: tuple[str, ...]
    initial: str
    terminal: frozenset[str]
    moves: dict[tuple[str, str], str]
    """(trigger operation, from state) → to state, as documented."""
    auto: dict[str, Step]
    """from state → its automatic step (documented, else inferred)."""
    allowed: dict[str, frozenset[str]]
    """operation → the states it may be called in: stated preconditions, else the from-states of its moves."""
    status_field: str | None
    describe: str | None
    enum: str | None


def derive(service: str, sm: StateMachine) -> Machine:
    states = tuple(dict.fromkeys([*sm.states, *(s for t in sm.transitions for s in (t.from_, t.to))]))
    terminal = frozenset(sm.terminal)
    moves: dict[tuple[str, str], str] = {}
    auto: dict[str, Step] = {}
    for t in sm.transitions:  # several documented outcomes: the first that is not a failure
        if t.trigger:
            key = (t.trigger, t.from_)
            if key not in moves or naming.family(moves[key]) == "fail":
                moves[key] = t.to
        elif t.from_ not in auto or naming.family(auto[t.from_].to or "") == "fail":
            auto[t.from_] = Step(t.to)
    for state in states:
        if state not in auto and state not in terminal and naming.is_transient(state):
            inferred = _infer(states, state)
            if inferred is not None:
                auto[state] = inferred
    allowed = {p.operation: frozenset(p.allowed_states) for p in sm.preconditions}
    for (op, source) in moves:
        if op not in {p.operation for p in sm.preconditions}:
            allowed[op] = allowed.get(op, frozenset()) | {source}
    normal = [s for s in states if naming.family(s) == "normal"]
    initial = sm.initial[0] if sm.initial else (normal or list(states) or [""])[0]
    return Machine(sm.resource, naming.model_name(service, sm.resource), states, initial, terminal, moves, auto,
                   allowed, sm.status_field, sm.describe_operation, sm.enum)


def _infer(states: tuple[str, ...], state: str) -> Step | None:
    kind = naming.family(state)
    if kind == "delete":
        return Step(None, remove=True, documented=False)
    later = states[states.index(state) + 1:]
    nxt = next((s for s in later if naming.family(s) == kind), None)
    return Step(nxt, documented=False) if nxt else None


def describe(m: Machine) -> dict[str, object]:
    """The machine as JSON, for ``/harness-api/machines``."""
    return {
        "resource": m.resource, "model_name": m.model_name, "states": list(m.states), "initial": m.initial,
        "terminal": sorted(m.terminal),
        "transitions": [{"from": f, "to": t, "trigger": op} for (op, f), t in m.moves.items()]
        + [{"from": f, "to": s.to, "trigger": None, "removes": s.remove, "documented": s.documented}
           for f, s in m.auto.items()],
        "allowed": {op: sorted(states) for op, states in m.allowed.items()},
    }
