"""implemented: the operation answers at all.

Read-only operations are called with synthesized valid input; changing ones too, except against real AWS,
where they are called without their required inputs (a negative call) — or skipped when they have none.
"Not implemented" (HTTP 501, 404/405 with no error code, ``UnknownOperationException``, moto's 500 for an
action it lacks) is told apart from a real answer; a 5xx reply is a failure, any other reply passes.
A target that claims to implement every documented operation of its specs (``claims_every_operation``, the
reference emulator) but does not implement this one, while it implements another (read-only) operation of the
same spec, lacks a documented operation: "fail". Elsewhere (moto, any URL: partial implementations are normal)
and where no operation of the spec answers, the verdict stays "not-implemented".
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from harness.checks.base import Check, Family, Outcome, failed, passed, skipped
from harness.checks.live_base import (
    LIVE_TARGETS,
    Context,
    NoVerdict,
    live_check,
    read_only,
    spec_inputs,
    track_created,
)
from harness.spec.model import Operation, Spec


def _served_sibling(op: Operation, ctx: Context) -> str | None:
    """Another (read-only, so nothing is changed) operation of the spec that the target does implement."""
    for other in ctx.spec.operations:
        if other.name == op.name or not read_only(other.name):
            continue
        try:
            params = spec_inputs(ctx.spec, ctx, other.name)
        except NoVerdict:
            continue
        if not ctx.call(other.name, params).not_implemented:
            return other.name
    return None


def _answers(op: Operation, ctx: Context) -> Outcome:
    model_op = ctx.operation(op.name)
    negative = ctx.target.real_aws and not read_only(op.name)
    if negative:
        required = tuple(model_op.input_shape.required_members) if model_op and model_op.input_shape else ()
        if not required:
            return skipped(f"{op.name} changes resources and has no required input to leave out; not called "
                           "against real AWS")
        params = spec_inputs(ctx.spec, ctx, op.name, omit=required)
    else:
        params = spec_inputs(ctx.spec, ctx, op.name)
    ex = ctx.call(op.name, params, validate=not negative)
    if ex.not_implemented:
        sibling = _served_sibling(op, ctx) if getattr(ctx.target, "claims_every_operation", False) else None
        if sibling:
            return failed("an answer", ex.summary(), f"{op.name} is not implemented ({ex.not_implemented}), though "
                          f"the target serves {sibling} of the same documented service: a documented operation "
                          "is missing.")
        return Outcome("not-implemented", "an answer", ex.summary(),
                       f"{op.name} is not implemented by the target ({ex.not_implemented}).")
    track_created(ctx, op.name, params, ex)
    if ex.status is not None and ex.status >= 500:
        return failed("an answer", ex.summary(), f"{op.name} answers with a server error (HTTP {ex.status}).")
    what = f"HTTP {ex.status}" + (f" {ex.error_code}" if ex.error_code else "")
    return passed("an answer", ex.summary(), f"{op.name} is implemented (answered {what}).")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    for op in spec.operations:
        yield live_check(spec, target, op.name, "implemented", (), op.cite, partial(_answers, op))


FAMILIES = (
    Family("implemented", LIVE_TARGETS, generate,
           "the operation answers at all (not-implemented told apart from real errors)"),
)
