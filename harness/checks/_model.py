"""Helpers every model-backed family shares: finding the model, operations, members, enums and states."""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Callable

from botocore import xform_name
from botocore.model import OperationModel, ServiceModel, Shape

from harness.checks.base import Judge, Outcome, skipped
from harness.spec.model import Spec, StateMachine
from harness.targets import ModelTarget

MODEL_TARGETS = frozenset({"botocore"})
"""Target kinds that expose `model(name)` and `waiters(name)` (see `harness.targets.botocore_model`)."""


def model_for(spec: Spec, target: ModelTarget) -> ServiceModel | None:
    return target.model(spec.service.botocore_service)


def no_model(spec: Spec) -> Outcome:
    return skipped(f"no botocore model for {spec.service.name}")


@functools.cache
def operation_names(model: ServiceModel) -> frozenset[str]:
    """The model's operation names as a set (botocore gives a list, and checks ask millions of times)."""
    return frozenset(model.operation_names)


def operation(model: ServiceModel, name: str | None) -> OperationModel | None:
    if name and name in operation_names(model):
        return model.operation_model(name)
    return None


def on_operation(spec: Spec, model: ServiceModel | None, name: str | None,
                 decide: Callable[[OperationModel], Outcome]) -> Judge:
    """A judge that skips without a model or without the operation, else calls ``decide``."""
    def judge() -> Outcome:
        if model is None:
            return no_model(spec)
        op = operation(model, name)
        if op is None:
            return skipped(f"operation {name} is not in the {model.service_name} model (see operation-exists)")
        return decide(op)
    return judge


@functools.cache
def python_ops(model: ServiceModel) -> dict[str, str]:
    """python spelling → operation name."""
    return {xform_name(op): op for op in model.operation_names}


def lower_camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def state_key(value: str) -> str:
    """Fold a state's spelling: upper case, runs of spaces/underscores/hyphens → "_"."""
    return re.sub(r"[\s_\-]+", "_", value.strip()).upper()


def members(shape: Shape | None) -> dict[str, Shape]:
    return dict(getattr(shape, "members", {}) or {})


def _unwrap(shape: Shape) -> Shape:
    while shape.type_name in ("list", "map"):
        shape = shape.member if shape.type_name == "list" else shape.value
    return shape


def path_segments(path: str) -> list[str]:
    """"a[].b[*].c" / "a.b[0].c" → ["a", "b", "c"]."""
    return [s for s in re.split(r"(?:\[[^\]]*\])?\.|\[[^\]]*\]", path) if s]


def walk(shape: Shape | None, path: str) -> Shape | None:
    """The member at ``path`` (dots, list markers ignored), or None."""
    current = shape
    for seg in path_segments(path):
        if current is None:
            return None
        current = members(_unwrap(current)).get(seg)
    return current


def search(shape: Shape | None, name: str, fold: bool = False) -> list[str]:
    """Paths of every nested member called ``name`` (case-insensitively with ``fold``), shallowest first."""
    found: list[str] = []
    if shape is None:
        return found
    queue: deque[tuple[Shape, str]] = deque([(shape, "")])
    seen: set[str] = set()
    while queue:
        current, prefix = queue.popleft()
        current = _unwrap(current)
        if current.type_name != "structure" or current.name in seen:
            continue
        seen.add(current.name)
        for key, child in members(current).items():
            path = f"{prefix}.{key}" if prefix else key
            if key == name or (fold and key.lower() == name.lower()):
                found.append(path)
            queue.append((child, path))
    return found


def locate(shape: Shape | None, path: str) -> tuple[str | None, list[str]]:
    """Where the documented ``path`` lives in ``shape``: (model path or None, case-insensitive suggestions)."""
    if walk(shape, path) is not None:
        return path, []
    segs = path_segments(path)
    if len(segs) == 1:
        exact = search(shape, segs[0])
        if exact:
            return exact[0], []
        return None, search(shape, segs[0], fold=True)
    return None, [p for p in search(shape, segs[-1], fold=True)
                  if [s.lower() for s in path_segments(p)][-len(segs):] == [s.lower() for s in segs]]


def enum_values(shape: Shape | None) -> list[str] | None:
    """The enum of a string member (or of a list's members), or None."""
    if shape is None:
        return None
    base = _unwrap(shape)
    return list(getattr(base, "enum", []) or []) or None


def status_path(model: ServiceModel, machine: StateMachine) -> str | None:
    """The model path of a machine's status field in its describe operation's output."""
    op = operation(model, machine.describe_operation)
    if op is None or op.output_shape is None:
        return None
    if machine.status_field:
        path, _ = locate(op.output_shape, machine.status_field)
        return path
    candidates = [p for p in search(op.output_shape, "status", fold=True)
                  if enum_values(walk(op.output_shape, p))]
    return candidates[0] if candidates else None


def model_enum(spec: Spec, model: ServiceModel, enum_name: str) -> tuple[list[str], str] | None:
    """The model enum a spec enum stands for, with where it was found: outputs, machines, then shape name."""
    for op in spec.operations:
        op_model = operation(model, op.name)
        for out in op.output:
            if out.enum != enum_name or op_model is None:
                continue
            path, _ = locate(op_model.output_shape, out.name)
            values = enum_values(walk(op_model.output_shape, path)) if path else None
            if values:
                return values, f"{op.name} output {path}"
    for machine in spec.state_machines:
        if machine.enum != enum_name:
            continue
        path = status_path(model, machine)
        op_model = operation(model, machine.describe_operation)
        values = enum_values(walk(op_model.output_shape, path)) if path and op_model else None
        if values:
            return values, f"{machine.describe_operation} output {path}"
    if enum_name in model.shape_names:
        values = enum_values(model.shape_for(enum_name))
        if values:
            return values, f"shape {enum_name}"
    return None
