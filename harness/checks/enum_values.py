"""enum-values: a documented enum (of an output, or of a state machine's states) equals the model's enum.

Values are compared after `state_key` folding; exact spelling is enum-spelling's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import OperationModel, ServiceModel

from harness.checks._model import (
    MODEL_TARGETS,
    enum_values,
    locate,
    model_for,
    no_model,
    on_operation,
    operation,
    state_key,
    status_path,
    walk,
)
from harness.checks.base import Check, Family, Outcome, judged, make, skipped
from harness.spec.model import Output, Spec, StateMachine


def compare(documented: list[str], model: list[str], what: str) -> Outcome:
    doc_keys, model_keys = {state_key(v) for v in documented}, {state_key(v) for v in model}
    docs_lack = [v for v in model if state_key(v) not in doc_keys]
    model_lacks = [v for v in documented if state_key(v) not in model_keys]
    parts = [f"the docs lack {', '.join(docs_lack)}" if docs_lack else "",
             f"the model lacks {', '.join(model_lacks)}" if model_lacks else ""]
    return judged(not docs_lack and not model_lacks, documented, model,
                  f"The documented values of {what} match the model's {len(model)}.",
                  f"The values of {what} differ: {'; '.join(p for p in parts if p)}.")


def _output(spec: Spec, out: Output, op: OperationModel) -> Outcome:
    enum = spec.enum(out.enum or "")
    if enum is None:
        return skipped(f"output {out.name} names enum {out.enum!r}, which the spec does not define")
    path, _ = locate(op.output_shape, out.name)
    if path is None:
        return skipped(f"output {out.name} is not in the model (see output-field)")
    values = enum_values(walk(op.output_shape, path))
    if values is None:
        return skipped(f"the model has no enum for {op.name} output {path}", [v.value for v in enum.values])
    return compare([v.value for v in enum.values], values, f"{op.name} output {path}")


def _machine(spec: Spec, model: ServiceModel | None, machine: StateMachine) -> Outcome:
    if model is None:
        return no_model(spec)
    op = operation(model, machine.describe_operation)
    if op is None:
        return skipped(f"the state machine of {machine.resource} has no describe operation in the model")
    path = status_path(model, machine)
    values = enum_values(walk(op.output_shape, path)) if path else None
    if values is None:
        where = f"status field {machine.status_field!r}" if machine.status_field else "a status field"
        return skipped(f"cannot locate {where} with an enum in {op.name}'s output", list(machine.states))
    return compare(list(machine.states), values, f"{machine.resource} states ({op.name} {path})")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for op in spec.operations:
        for out in op.output:
            if out.enum:
                yield make(spec, op.name, "enum-values", (out.name,), out.cite,
                           on_operation(spec, model, op.name, partial(_output, spec, out)))
    for machine in spec.state_machines:
        if machine.enum:
            enum = spec.enum(machine.enum)
            cite = machine.cite + (enum.cite if enum else ())
            yield make(spec, machine.describe_operation, "enum-values", (machine.resource, "states"), cite,
                       partial(_machine, spec, model, machine))


FAMILIES = (Family("enum-values", MODEL_TARGETS, generate,
                   "documented enum values (outputs, state machine states) equal the model's enum"),)
