"""Lifecycle planning (a helper, not a family): what the docs say about a resource's states, as a graph, and
how the botocore model lets a check make, read and delete one.

Specs name a machine's resource, its transitions and often its describe operation and status field; the rest
is derived from the model at check time, by the AWS naming conventions:

    create    ``Create<Resource>``, else a ``Create*`` whose reply carries ``<resource>Arn|Id|Name``
    describe  the spec's, else ``Describe<Resource>``, ``Get<Resource>``, ``Describe<Resource>s``
    status    the spec's status field, else the first enum-typed member of the describe reply named like "status"
    delete    ``Delete<Resource>``
    prerequisites  each required identifying input of the create operation (``solutionArn``) whose resource
              (``Solution``) has a ``Create<Resource>`` of its own is made first, recursively

(All of this is what extraction could record in the spec; see the report of issue 4.)
"""

from __future__ import annotations

import dataclasses
from collections import deque
from dataclasses import dataclass

from botocore.model import ServiceModel

from harness.checks._model import path_segments, search, state_key, status_path, walk
from harness.spec.model import StateMachine, Transition
from harness.targets.synth import IDENTIFIER


@dataclass(frozen=True, slots=True)
class Graph:
    """A machine's documented states and transitions, with state names folded (`state_key`)."""

    states: frozenset[str]
    """Every documented state (folded)."""
    edges: tuple[tuple[str, str, str | None], ...]
    """(from, to, trigger or None), folded."""

    @staticmethod
    def of(machine: StateMachine) -> Graph:
        edges = tuple((state_key(t.from_), state_key(t.to), t.trigger) for t in machine.transitions)
        states = {state_key(s) for s in machine.states} | {s for e in edges for s in e[:2]}
        return Graph(frozenset(states), edges)

    def triggered(self, state: str, trigger: str) -> frozenset[str]:
        return frozenset(b for a, b, t in self.edges if a == state and t == trigger)

    def automatic(self, states: frozenset[str] | set[str]) -> frozenset[str]:
        """States reached from ``states`` through one or more transitions the service makes by itself."""
        seen: set[str] = set()
        queue = deque(states)
        while queue:
            current = queue.popleft()
            for a, b, t in self.edges:
                if a == current and t is None and b not in seen:
                    seen.add(b)
                    queue.append(b)
        return frozenset(seen)

    def sources(self) -> frozenset[str]:
        """States no documented transition leads into (where a new resource can start, absent stated ones)."""
        return self.states - {b for _, b, _ in self.edges}

    def resting(self, state: str) -> bool:
        """No documented transition moves on from ``state`` by itself."""
        return not any(a == state and t is None for a, _, t in self.edges)

    def path(self, start: str, goal: str,
             refused: frozenset[tuple[str, str]] = frozenset()) -> list[tuple[str, str, str | None]] | None:
        """The shortest documented path of transitions from ``start`` to ``goal`` ([] when equal), or None;
        ``refused``: (state, trigger) pairs not to take (the target rejected them)."""
        if start == goal:
            return []
        queue: deque[tuple[str, list[tuple[str, str, str | None]]]] = deque([(start, [])])
        seen = {start}
        while queue:
            current, route = queue.popleft()
            for edge in self.edges:
                if edge[0] == current and edge[1] not in seen and (edge[0], edge[2]) not in refused:
                    if edge[1] == goal:
                        return [*route, edge]
                    seen.add(edge[1])
                    queue.append((edge[1], [*route, edge]))
        return None


@dataclass(frozen=True, slots=True)
class Plan:
    """How checks make, read and delete one resource."""

    resource: str
    """The machine's resource, e.g. "SolutionVersion"."""
    create: str | None
    """The operation that makes one."""
    describe: str | None
    """The operation that reads its status."""
    status: tuple[str, ...]
    """Path of the status member in the describe reply (list levels are implied)."""
    delete: str | None
    """The operation that deletes one."""


def _op(model: ServiceModel, *names: str) -> str | None:
    return next((n for n in names if n in model.operation_names), None)


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def create_operation(model: ServiceModel, resource: str) -> str | None:
    found = _op(model, f"Create{resource}")
    if found:
        return found
    key = _first_lower(resource).lower()
    for name in sorted(model.operation_names):
        out = model.operation_model(name).output_shape if name.startswith("Create") else None
        members = getattr(out, "members", {}) or {}
        if any(IDENTIFIER.sub("", m).lower() == key for m in members if IDENTIFIER.search(m)):
            return name
    return None


def _status(model: ServiceModel, machine: StateMachine, describe: str) -> str | None:
    """Where the describe reply carries the status: the spec's status field; the path in the name of the machine's
    enum when it is one of the describe operation's outputs ("DescribeStream.StreamDescription.StreamStatus");
    the first enum-typed member named like "status"; the first member named "<Resource>Status" or "status"."""
    output = model.operation_model(describe).output_shape
    if machine.status_field or machine.describe_operation == describe:
        found = status_path(model, dataclasses.replace(machine, describe_operation=describe))
        if found:
            return found
    if machine.enum and machine.enum.startswith(describe + "."):
        path = machine.enum[len(describe) + 1:]
        if walk(output, path) is not None:
            return path
    found = status_path(model, dataclasses.replace(machine, describe_operation=describe, status_field=None))
    if found:
        return found
    for name in (f"{machine.resource}Status", "status"):
        paths = search(output, name, fold=True)
        if paths:
            return paths[0]
    return None


def plan(model: ServiceModel, machine: StateMachine) -> Plan:
    resource = machine.resource
    describe = machine.describe_operation if machine.describe_operation in model.operation_names else \
        _op(model, f"Describe{resource}", f"Get{resource}", f"Describe{resource}s")
    path = _status(model, machine, describe) if describe else None
    return Plan(resource, create_operation(model, resource), describe, tuple(path_segments(path)) if path else (),
                _op(model, f"Delete{resource}"))


def prerequisite(model: ServiceModel, member: str, resource: str) -> str | None:
    """The resource an identifying input names (``datasetGroupArn`` → "DatasetGroup") when the model can create one."""
    if not IDENTIFIER.search(member):
        return None
    noun = IDENTIFIER.sub("", member)
    name = noun[:1].upper() + noun[1:]
    if not name or name.lower() == resource.lower():
        return None
    return name if f"Create{name}" in model.operation_names else None


def transitions_into(machine: StateMachine, state: str) -> list[Transition]:
    return [t for t in machine.transitions if state_key(t.to) == state_key(state)]
