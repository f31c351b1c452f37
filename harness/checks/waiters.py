"""waiter-states: botocore's waiters agree with the documented state machines.

For each waiter polling a machine's describe operation: every state an acceptor expects (path,
pathAll, pathAny matchers on the status field) is a documented state, and the waiter's success
state is reachable in the documented transitions from the initial states (from any state when
the docs name no initial state).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.waiter import SingleWaiterConfig, WaiterModel

from harness.checks._model import MODEL_TARGETS, model_for, no_model, path_segments, state_key
from harness.checks.base import Check, Family, Outcome, fixed, judged, make, skipped
from harness.spec.model import Spec, StateMachine

PATH_MATCHERS = frozenset({"path", "pathAll", "pathAny"})


def acceptor_states(waiter: SingleWaiterConfig, machine: StateMachine) -> list[tuple[str, str]]:
    """(acceptor state, expected value) for string-valued path acceptors on the machine's status field."""
    field = path_segments(machine.status_field)[-1].lower() if machine.status_field else None
    found = []
    for acc in waiter.acceptors:
        if acc.matcher not in PATH_MATCHERS or not isinstance(acc.expected, str):
            continue
        segs = path_segments(acc.argument or "")
        if field and segs and segs[-1].lower() != field:
            continue
        found.append((acc.state, acc.expected))
    return found


def _states(name: str, waiter: SingleWaiterConfig, machine: StateMachine) -> Outcome:
    named = acceptor_states(waiter, machine)
    documented = {state_key(s) for s in machine.states}
    missing = sorted({v for _, v in named if state_key(v) not in documented})
    expected = sorted({v for _, v in named})
    return judged(not missing, list(machine.states), expected,
                  f"Every state waiter {name} waits for is a documented {machine.resource} state.",
                  f"Waiter {name} expects {machine.resource} state(s) {', '.join(missing)}, "
                  f"which the docs do not list.")


def reachable(machine: StateMachine) -> set[str]:
    """Folded states reachable in the documented transitions (including the start states themselves)."""
    edges: dict[str, list[str]] = {}
    for t in machine.transitions:
        edges.setdefault(state_key(t.from_), []).append(state_key(t.to))
    if machine.initial:
        start = [state_key(s) for s in machine.initial]
        seen, queue = set(start), deque(start)
    else:
        return {k for targets in edges.values() for k in targets}
    while queue:
        for nxt in edges.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _reachable(name: str, waiter: SingleWaiterConfig, machine: StateMachine) -> Outcome:
    successes = sorted({v for s, v in acceptor_states(waiter, machine) if s == "success"})
    if not successes:
        return skipped(f"waiter {name} has no success state on the status field")
    if not machine.transitions:
        return skipped(f"the docs give no transitions for {machine.resource}", successes)
    reach = reachable(machine)
    missing = [s for s in successes if state_key(s) not in reach]
    start = ", ".join(machine.initial) or "any documented state"
    return judged(not missing, successes, sorted(reach),
                  f"Waiter {name}'s success state is reachable from {start}.",
                  f"Waiter {name} waits for {', '.join(missing)}, which the documented {machine.resource} "
                  f"transitions never reach from {start}.")


def _waiters_of(waiters: WaiterModel | None, operation: str | None) -> list[tuple[str, SingleWaiterConfig]]:
    if waiters is None or operation is None:
        return []
    found = [(n, waiters.get_waiter(n)) for n in sorted(waiters.waiter_names)]
    return [(n, w) for n, w in found if w.operation == operation]


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    waiters = target.waiters(spec.service.botocore_service) if model is not None else None
    for machine in spec.state_machines:
        op = machine.describe_operation
        found = _waiters_of(waiters, op)
        if not found:
            reason = no_model(spec) if model is None else skipped(
                f"no botocore waiter polls {op or 'the describe operation'} for {machine.resource}")
            yield make(spec, op, "waiter-states", (machine.resource,), machine.cite, fixed(reason))
        for name, waiter in found:
            yield make(spec, op, "waiter-states", (name,), machine.cite,
                       partial(_states, name, waiter, machine))
            yield make(spec, op, "waiter-states", (name, "reachable"), machine.cite,
                       partial(_reachable, name, waiter, machine))


FAMILIES = (Family("waiter-states", MODEL_TARGETS, generate,
                   "waiter acceptor states are documented states; success states are reachable"),)
