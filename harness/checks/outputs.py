"""output-field: every documented output field is in the operation's output shape (nested names searched)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import OperationModel

from harness.checks._model import MODEL_TARGETS, locate, members, model_for, on_operation
from harness.checks.base import Check, Family, Outcome, failed, make, passed
from harness.spec.model import Output, Spec


def _field(out: Output, op: OperationModel) -> Outcome:
    path, close = locate(op.output_shape, out.name)
    if path:
        return passed(out.name, path, f"{op.name} returns {path}.")
    if close:
        return failed(out.name, close[0], f"The docs name {op.name} output {out.name!r}; the model spells it "
                      f"{close[0]!r}.")
    top = ", ".join(members(op.output_shape)) or "nothing"
    return failed(out.name, None, f"The docs list output {out.name!r} for {op.name} but the model returns only "
                  f"{top}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for op in spec.operations:
        for out in op.output:
            yield make(spec, op.name, "output-field", (out.name,), out.cite,
                       on_operation(spec, model, op.name, partial(_field, out)))


FAMILIES = (Family("output-field", MODEL_TARGETS, generate, "every documented output field is in the output shape"),)
