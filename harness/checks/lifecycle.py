"""Lifecycle families: the documented state machines, run against a live target.

    lifecycle-create      make the resource through the API; the statuses it shows are documented, each
                          step it takes by itself is one the docs allow, and it settles in a documented state
                          (where the target steps one state per describe, the first is a documented initial one, else
                          the first listed state that no documented transition leads into: docs list a lifecycle in
                          order)
    transition            for each documented (state, trigger): bring a resource into the state, call the
                          trigger, poll, and record the timeline; every observed step must be a documented
                          transition (states skipped between polls allowed, except where the target steps one
                          state per describe: then the first status must be the trigger's documented target) and
                          the resource must reach a state the docs say follows — one that does not move on by
                          itself — within the deadline (a Delete… trigger may end with the resource gone; a
                          change documented to come back where it began — "sets the status back to ACTIVE" — has
                          settled when the status holds there). Not-found for a call whose made-up inputs name
                          something other than the resource, while the resource exists, is a skip (a scenario
                          file can give real values); replies of setup calls are judged by their own checks
    stop-keeps-resource   after a Stop… trigger has settled, the resource still exists ("stopping does not delete")
    terminal-state        a documented terminal state stays put, every Start…/Resume…/Restart… operation of
                          the resource is rejected there ("a stopped X cannot be resumed"), and no documented trigger
                          not documented from it takes the resource out of it
    precondition          calling an operation in a state its documented preconditions exclude is rejected with a
                          documented error (one check per excluded state) that is not an invalid-input error when
                          the docs name another (`VALIDATION`)

Resources are made, read and deleted as `lifecycle_plan` derives from the model, with inputs synthesized
(`harness.targets.synth`) and chained through the identifiers earlier replies return (`lifecycle_run.Lab`).
Every check makes its own resource, so checks are independent and run in parallel; all of them change things,
so against real AWS they need ``--allow-mutations``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from botocore.model import ServiceModel

from harness.checks._model import state_key
from harness.checks.base import Check, Family, Outcome, failed, judged, passed, skipped
from harness.checks.lifecycle_plan import Graph, Plan, plan, transitions_into
from harness.checks.lifecycle_run import GONE, Lab
from harness.checks.live_base import (
    LIVE_TARGETS,
    Context,
    NoVerdict,
    documented_errors,
    error_name,
    live_check,
    names_not_found,
    not_found,
    require_implemented,
    track_created,
)
from harness.spec.model import Spec, StateMachine

RESUME_VERBS = ("Start", "Resume", "Restart")
DELETE_VERBS = ("Delete",)
"""A trigger named so deletes the resource: its disappearing is the documented end of what the trigger does."""
VALIDATION = re.compile(r"Validation|InvalidInput|InvalidParameter|InvalidRequest|BadRequest|MissingParameter")
"""Error names meaning "the input is invalid": a state conflict answered so is a wrong rejection (when the docs
also give the operation an error that is neither such nor a not-found one)."""


def _lab(machine: StateMachine, ctx: Context) -> Lab:
    if ctx.model is None:
        raise NoVerdict(skipped(f"no botocore model for {ctx.spec.service.name}: lifecycle runs need one to make "
                                "resources"))
    return Lab(ctx, machine, plan(ctx.model, machine))


def _run(machine: StateMachine, ctx: Context, body: Callable[[Lab], Outcome]) -> Outcome:
    lab = _lab(machine, ctx)
    try:
        outcome = body(lab)
        if outcome.verdict == "pass" and lab.undocumented:
            return failed(outcome.expected, outcome.observed, f"{lab.plan.describe} shows the status "
                          f"{lab.undocumented[0]!r}, which is not one of the documented values "
                          f"{sorted(lab.spellings)}.")
        return outcome
    except NoVerdict as stop:
        outcome = stop.outcome
        raise NoVerdict(Outcome(outcome.verdict, outcome.expected,
                                {"detail": outcome.observed, "timeline": lab.steps()} if lab.timeline
                                else outcome.observed, outcome.message)) from None
    finally:
        lab.release()


def _path_steps(lab: Lab, start: str, allowed_first: frozenset[str], since: int, deletes: bool = False) -> str | None:
    """Why the timeline from step ``since`` on (which follows ``start``) is not documented (None when it is).
    After a trigger that ``deletes``, the resource disappearing is the documented end."""
    graph, prev = lab.graph, start
    for key in [state_key(s.status) for s in lab.timeline[since:]]:
        if key == start and prev == start:
            continue
        if key == state_key(GONE):
            return None if deletes else f"the {lab.plan.resource} disappeared after {prev}"
        allowed = allowed_first if prev == start else graph.automatic({prev})
        if key not in allowed:
            documented = sorted(allowed) or "nothing (it does not move on by itself)"
            return f"{prev} → {key} is not a documented transition (from {prev} the docs allow {documented})"
        prev = key
    return None


# -- lifecycle-create -------------------------------------------------------------------------------------------


def _created(machine: StateMachine, ctx: Context) -> Outcome:
    def body(lab: Lab) -> Outcome:
        lab.create()
        last = lab.settle("")
        steps = lab.steps()
        expected = {"states": sorted(lab.graph.states)}
        first = state_key(lab.timeline[0].status) if lab.timeline else None
        if first is None or first not in lab.graph.states:
            return failed(expected, steps, f"a new {machine.resource} shows {first}, not a documented state.")
        sources = lab.graph.sources()
        initial = {state_key(s) for s in machine.initial} or \
            {next((k for s in machine.states if (k := state_key(s)) in sources), first)}
        if lab.stepping and initial and first not in initial:
            return failed({**expected, "initial": sorted(initial)}, steps, f"a new {machine.resource} shows {first} "
                          f"first; the docs say it starts in {' or '.join(sorted(initial))}.")
        why = _path_steps(lab, first, lab.graph.automatic({first}), 1)
        if why:
            return failed(expected, steps, f"after creation, {why}.")
        key = state_key(last)
        return judged(lab.graph.resting(key), expected, steps,
                      f"a new {machine.resource} settles in {last} through documented states.",
                      f"a new {machine.resource} did not settle: still {last} at the deadline.")
    return _run(machine, ctx, body)


# -- transition -------------------------------------------------------------------------------------------------


def _trigger_into(lab: Lab, state: str, trigger: str) -> tuple[str, Any] | Outcome:
    """Bring the resource into ``state`` and call ``trigger``: (status it settled in, trigger reply) or an outcome."""
    lab.create()
    why = lab.drive_to(state)
    if why:
        return skipped(why)
    lab.mark = len(lab.timeline)
    ex = require_implemented(lab.call(trigger), trigger)
    if ex.ok:
        track_created(lab.ctx, trigger, {}, ex)
    else:
        made_up = [k for k in ex.params if k not in lab.identity] if isinstance(ex.params, dict) else []
        if not_found(ex) and made_up and lab.status() != GONE:
            return skipped(f"{trigger} in {state} answered {error_name(ex.error_code)} while the {lab.plan.resource} "
                           f"exists: what it did not find is one of the values made up for {', '.join(made_up)} "
                           "(a scenario file can give real ones)")
        return failed({"accepted in": state}, {"reply": ex.summary(), "timeline": lab.steps()},
                      f"{trigger} in {state} was rejected ({error_name(ex.error_code) or ex.status}), though the "
                      f"docs say it moves a {lab.plan.resource} on from {state}.")
    follows = lab.graph.triggered(state, trigger)
    comes_back = state in lab.graph.automatic(set(follows)) and lab.graph.resting(state)
    return lab.settle(state, may_return=comes_back), ex.summary()


def _transition(machine: StateMachine, state: str, trigger: str, ctx: Context) -> Outcome:
    def body(lab: Lab) -> Outcome:
        got = _trigger_into(lab, state, trigger)
        if isinstance(got, Outcome):
            return got
        last, _ = got
        follows = lab.graph.triggered(state, trigger)
        reachable = follows | lab.graph.automatic(set(follows))
        expected = {"from": state, "trigger": trigger, "reaches": sorted(s for s in reachable if lab.graph.resting(s)),
                    "via": sorted(reachable)}
        steps = lab.steps()
        deletes = trigger.startswith(DELETE_VERBS)
        why = _path_steps(lab, state, follows if lab.stepping else reachable, lab.mark, deletes)
        if why:
            return failed(expected, steps, f"after {trigger} in {state}, {why}.")
        if deletes and last == GONE:
            return passed({**expected, "or": "deleted"}, steps, f"{trigger} in {state} takes the {machine.resource} "
                          "through documented states and deletes it.")
        key = state_key(last)
        return judged(key in reachable and lab.graph.resting(key), expected, steps,
                      f"{trigger} in {state} takes the {machine.resource} to {last} through documented transitions.",
                      f"after {trigger} in {state}, the {machine.resource} did not reach "
                      f"{' or '.join(expected['reaches']) or 'a documented state'} within the deadline (last {last}).")
    return _run(machine, ctx, body)


# -- stop-keeps-resource ----------------------------------------------------------------------------------------


def _kept(machine: StateMachine, state: str, trigger: str, ctx: Context) -> Outcome:
    def body(lab: Lab) -> Outcome:
        got = _trigger_into(lab, state, trigger)
        if isinstance(got, Outcome):
            return got if got.verdict == "skipped" else skipped(f"{trigger} did not take effect (see transition)")
        after = lab.status()
        return judged(after != GONE, {"after": trigger, "exists": True}, lab.steps(),
                      f"after {trigger}, the {machine.resource} still exists ({after}).",
                      f"{trigger} deleted the {machine.resource}: {lab.plan.describe} no longer finds it.")
    return _run(machine, ctx, body)


# -- terminal-state ---------------------------------------------------------------------------------------------


def _terminal(machine: StateMachine, state: str, ctx: Context) -> Outcome:
    def body(lab: Lab) -> Outcome:
        lab.create()
        why = lab.drive_to(state)
        if why:
            return skipped(why)
        for _ in range(3):
            lab.wait()
            if state_key(lab.status()) != state:
                return failed({"stays": state}, lab.steps(), f"the {machine.resource} left the terminal state "
                              f"{state} by itself (to {lab.timeline[-1].status}).")
        resumes = [op for op in sorted(ctx.model.operation_names if ctx.model else ())
                   if op.startswith(RESUME_VERBS) and op.endswith(machine.resource)]
        accepted = []
        for op in resumes:
            ex = lab.call(op)
            if ex.ok:
                accepted.append(op)
        expected = {"stays": state, "rejected": resumes}
        if accepted:
            return failed(expected, lab.steps(), f"{', '.join(accepted)} accepted a {machine.resource} in the "
                          f"terminal state {state}.")
        for trigger in sorted({t for _, _, t in lab.graph.edges if t} - {t for a, _, t in lab.graph.edges if a == state}):
            ex = lab.call(trigger)
            now = lab.status()
            if ex.ok and now != GONE and state_key(now) != state:
                return failed({**expected, "unmoved by": trigger}, lab.steps(), f"{trigger}, which the docs do not "
                              f"allow in {state}, took the {machine.resource} out of the terminal state (to {now}).")
        tried = f"; {', '.join(resumes)} rejected" if resumes else ""
        return passed(expected, lab.steps(), f"a {machine.resource} in {state} stays there{tried}.")
    return _run(machine, ctx, body)


# -- precondition -----------------------------------------------------------------------------------------------


def _precondition(machine: StateMachine, operation: str, allowed: tuple[str, ...], state: str, ctx: Context) -> Outcome:
    def body(lab: Lab) -> Outcome:
        lab.create()
        why = lab.drive_to(state)
        if why:
            return skipped(why)
        ex = require_implemented(lab.call(operation), operation)
        track_created(ctx, operation, {}, ex)
        expected = {"in": state, "allowed only in": list(allowed), "rejected with": documented_errors(
            ctx.spec, ctx.model, operation)}
        observed = {"reply": ex.summary(), "timeline": lab.steps()}
        if ex.ok:
            return failed(expected, observed, f"{operation} was accepted in {state}; the docs allow it only in "
                          f"{', '.join(allowed)}.")
        code = error_name(ex.error_code)
        if ex.status is not None and ex.status >= 500:
            return failed(expected, observed, f"{operation} in {state} answered HTTP {ex.status}, not a documented "
                          "rejection.")
        others = [e for e in expected["rejected with"] if not VALIDATION.search(e) and not names_not_found(e)]
        if VALIDATION.search(code) and others:
            return failed(expected, observed, f"{operation} in {state} was rejected with {code}, the error for invalid "
                          f"input, not with one the docs give for a resource in the wrong state ({', '.join(others)}).")
        return judged(code in expected["rejected with"], expected, observed,
                      f"{operation} in {state} is rejected with {code}.",
                      f"{operation} in {state} was rejected with {code or ex.status}, which the docs do not name "
                      f"for {operation}.")
    return _run(machine, ctx, body)


# -- generators -------------------------------------------------------------------------------------------------


def _model(spec: Spec, target: Any) -> ServiceModel | None:
    return target.model(spec.service.botocore_service)


def _plans(spec: Spec, target: Any) -> Iterator[tuple[StateMachine, Plan | None]]:
    model = _model(spec, target)
    for machine in spec.state_machines:
        yield machine, plan(model, machine) if model is not None else None


def gen_created(spec: Spec, target: Any) -> Iterator[Check]:
    for machine, p in _plans(spec, target):
        if machine.states and p is not None and p.create is not None:
            yield live_check(spec, target, p.create, "lifecycle-create", (machine.resource,), machine.cite,
                             partial(_created, machine), mutating=True)


def _triggers(machine: StateMachine) -> list[tuple[str, str, tuple[Any, ...]]]:
    """(from state, trigger, cites) for every documented triggered transition, in order, once each."""
    found: dict[tuple[str, str], tuple[Any, ...]] = {}
    for t in machine.transitions:
        if t.trigger:
            key = (state_key(t.from_), t.trigger)
            found[key] = found.get(key, ()) + t.cite
    return [(a, trig, cites) for (a, trig), cites in found.items()]


def gen_transitions(spec: Spec, target: Any) -> Iterator[Check]:
    for machine in spec.state_machines:
        for state, trigger, cites in _triggers(machine):
            yield live_check(spec, target, trigger, "transition", (machine.resource, state), cites,
                             partial(_transition, machine, state, trigger), mutating=True)


def gen_kept(spec: Spec, target: Any) -> Iterator[Check]:
    for machine in spec.state_machines:
        stops = [(s, t, c) for s, t, c in _triggers(machine) if t.startswith("Stop")]
        seen: set[str] = set()
        for state, trigger, cites in stops:
            if trigger not in seen:
                seen.add(trigger)
                yield live_check(spec, target, trigger, "stop-keeps-resource", (machine.resource,), cites,
                                 partial(_kept, machine, state, trigger), mutating=True)


def gen_terminal(spec: Spec, target: Any) -> Iterator[Check]:
    for machine in spec.state_machines:
        for state in machine.terminal:
            cites = machine.cite + tuple(c for t in transitions_into(machine, state) for c in t.cite)
            yield live_check(spec, target, machine.describe_operation, "terminal-state",
                             (machine.resource, state_key(state)), cites,
                             partial(_terminal, machine, state_key(state)), mutating=True)


def gen_preconditions(spec: Spec, target: Any) -> Iterator[Check]:
    for machine in spec.state_machines:
        graph = Graph.of(machine)
        for pre in machine.preconditions:
            allowed = {state_key(s) for s in pre.allowed_states}
            for state in sorted(graph.states - allowed):
                yield live_check(spec, target, pre.operation, "precondition", (machine.resource, state), pre.cite,
                                 partial(_precondition, machine, pre.operation, pre.allowed_states, state),
                                 mutating=True)


FAMILIES = (
    Family("lifecycle-create", LIVE_TARGETS, gen_created,
           "a resource made through the API shows documented states and settles"),
    Family("transition", LIVE_TARGETS, gen_transitions,
           "each documented trigger, called in its state, moves the resource only along documented transitions"),
    Family("stop-keeps-resource", LIVE_TARGETS, gen_kept, "stopping does not delete"),
    Family("terminal-state", LIVE_TARGETS, gen_terminal, "a terminal state stays put and cannot be resumed"),
    Family("precondition", LIVE_TARGETS, gen_preconditions,
           "an operation called in a state its documented preconditions exclude is rejected"),
)
