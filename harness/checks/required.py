"""required-parameter: the docs and the model agree on which inputs are required, both ways.

A required member the docs never name fails when the docs describe the operation (list any input,
or give its summary); an operation only mentioned in passing is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import OperationModel

from harness.checks._model import MODEL_TARGETS, members, model_for, on_operation, operation
from harness.checks.base import Check, Family, Outcome, failed, judged, make, skipped
from harness.checks.inputs import input_member
from harness.spec.model import Input, Operation, Spec


def _documented(inp: Input, op: OperationModel) -> Outcome:
    exact, close = input_member(op, inp.name)
    name = exact or close
    if name is None:
        return skipped(f"input {inp.name} is not in the model (see input-name)", inp.required)
    if inp.required is None or inp.required_inferred:
        guess = " (only inferred from examples)" if inp.required_inferred else ""
        return skipped(f"the docs do not say whether {inp.name} is required{guess}", inp.required)
    required = name in op.input_shape.required_members
    word = {True: "required", False: "optional"}
    return judged(inp.required == required, inp.required, required,
                  f"{op.name} input {inp.name} is {word[required]}, as documented.",
                  f"The docs call {op.name} input {inp.name} {word[inp.required]} but the model makes it "
                  f"{word[required]}.")


def _omitted(name: str, described: bool, op: OperationModel) -> Outcome:
    if not described:  # only mentioned in passing (no inputs, no summary): nothing to hold against the docs
        return skipped(f"the docs neither list inputs for {op.name} nor describe it, so cannot omit {name}")
    return failed(name, None, f"The docs omit required input {name} of {op.name}.")


def _undocumented(op: Operation, model_op: OperationModel | None) -> list[str]:
    if model_op is None or model_op.input_shape is None:
        return []
    documented = {i.name.lower() for i in op.input}
    return [n for n in model_op.input_shape.required_members
            if n in members(model_op.input_shape) and n.lower() not in documented]


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for op in spec.operations:
        for inp in op.input:
            yield make(spec, op.name, "required-parameter", (inp.name,), inp.cite,
                       on_operation(spec, model, op.name, partial(_documented, inp)))
        described = bool(op.input or op.summary.strip())
        for name in _undocumented(op, operation(model, op.name) if model else None):
            yield make(spec, op.name, "required-parameter", (name,), op.cite,
                       on_operation(spec, model, op.name, partial(_omitted, name, described)))


FAMILIES = (
    Family("required-parameter", MODEL_TARGETS, generate,
           "documented required/optional matches the model; no required input is left undocumented"),
)
