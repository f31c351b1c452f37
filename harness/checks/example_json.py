"""example-request and example-response: samples match the operation's input or output shape.

Samples are JSON, or boto3's Python "Request/Response Syntax" (see `harness.checks._samples`).

Unknown keys, missing required members and wrong JSON types fail; members bound to the URI, query
string or headers are not expected in a request body.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import OperationModel

from harness.checks._model import MODEL_TARGETS, model_for, on_operation
from harness.checks._samples import read_sample
from harness.checks._shapes import body_problems
from harness.checks.base import Check, Family, Outcome, fixed, judged, make, skipped
from harness.spec.model import Example, Spec

KINDS = {"request": "input", "response": "output"}
"""Example kind → the shape it is judged against."""


def _judge(ex: Example, op: OperationModel) -> Outcome:
    value, why = read_sample(ex.code, ex.language)
    if why:
        return skipped(f"example {ex.id} is {why}")
    side = KINDS[ex.kind]
    shape = op.input_shape if side == "input" else op.output_shape
    found = body_problems(value, shape)
    keys = sorted(value) if isinstance(value, dict) else value
    model_keys = sorted(getattr(shape, "members", {}) or {})
    return judged(not found, keys, {"members": model_keys, "problems": found} if found else model_keys,
                  f"The {ex.kind} sample of {op.name} fits its {side} shape.",
                  f"The {ex.kind} sample of {op.name} does not fit its {side} shape: {'; '.join(found)}.")


def _generate(spec: Spec, target: Any, kind: str) -> Iterator[Check]:
    model = model_for(spec, target)
    for ex in spec.examples:
        if ex.kind != kind:
            continue
        if not ex.operation:
            reason = skipped(f"{kind} example {ex.id} names no operation")
            yield make(spec, None, f"example-{kind}", (ex.id,), ex.cite, fixed(reason))
            continue
        yield make(spec, ex.operation, f"example-{kind}", (ex.id,), ex.cite,
                   on_operation(spec, model, ex.operation, partial(_judge, ex)))


def generate_requests(spec: Spec, target: Any) -> Iterator[Check]:
    return _generate(spec, target, "request")


def generate_responses(spec: Spec, target: Any) -> Iterator[Check]:
    return _generate(spec, target, "response")


FAMILIES = (
    Family("example-request", MODEL_TARGETS, generate_requests, "JSON request samples fit the input shape"),
    Family("example-response", MODEL_TARGETS, generate_responses, "JSON response samples fit the output shape"),
)
