"""errors: the documented errors of an operation and the model's, both ways.

Documented but not modelled fails; modelled but undocumented fails only when the docs list errors
for that operation at all (a page that names no errors is skipped, not blamed).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import OperationModel

from harness.checks._model import MODEL_TARGETS, model_for, on_operation, operation
from harness.checks.base import Check, Family, Outcome, failed, judged, make, skipped
from harness.spec.model import Error, Operation, Spec


def model_errors(op: OperationModel) -> list[str]:
    return [shape.name for shape in op.error_shapes]


def _documented(err: Error, op: OperationModel) -> Outcome:
    names = model_errors(op)
    return judged(err.name in names, err.name, names, f"{op.name} can raise {err.name}.",
                  f"The docs list error {err.name} for {op.name} but the model's errors are "
                  f"{', '.join(names) or 'none'}.")


def _undocumented(name: str, documented: list[str], op: OperationModel) -> Outcome:
    return failed(documented, name, f"The docs omit error {name}, which the model lists for {op.name}.")


def _none_listed(op: Operation) -> Outcome:
    return skipped(f"the docs list no errors for {op.name}")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for op in spec.operations:
        if not op.errors:
            yield make(spec, op.name, "errors", (), op.cite, partial(_none_listed, op))
            continue
        for err in op.errors:
            yield make(spec, op.name, "errors", (err.name,), err.cite,
                       on_operation(spec, model, op.name, partial(_documented, err)))
        model_op = operation(model, op.name) if model else None
        documented = [e.name for e in op.errors]
        cites = [c for e in op.errors for c in e.cite]
        for name in model_errors(model_op) if model_op else []:
            if name not in documented:
                yield make(spec, op.name, "errors", (name,), cites,
                           on_operation(spec, model, op.name, partial(_undocumented, name, documented)))


FAMILIES = (Family("errors", MODEL_TARGETS, generate, "documented errors equal the model's errors, both ways"),)
