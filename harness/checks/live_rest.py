"""path-parameter-type: a typed path parameter given a value of the wrong type is rejected with a documented error.

Plain REST only (AWS protocols are typed by botocore's serializer). For each path parameter documented as a
number or boolean, the call puts text in its place; the reply must be a 4xx in the documented error form —
a 404 or not-found error (the value was looked up, not type-checked), a success, or a server error fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from harness.checks.base import Check, Family, Outcome, failed, passed
from harness.checks.live_base import LIVE_TARGETS, Context, live_check, not_found, spec_inputs
from harness.spec.model import Input, Operation, Spec

NON_TEXT = frozenset({"long", "integer", "int", "int32", "int64", "number", "float", "double", "boolean", "bool"})
WRONG = "not-a-number"


def _wrong_type(op: Operation, inp: Input, ctx: Context) -> Outcome:
    params = spec_inputs(ctx.spec, ctx, op.name, overrides={inp.name: WRONG})
    ex = ctx.call(op.name, params)
    expected = {"status": "4xx", "form": "the documented error form"}
    if ex.ok:
        return failed(expected, ex.summary(), f"{op.name} accepted {inp.name}={WRONG!r} ({inp.type} documented).")
    if ex.status is not None and ex.status >= 500:
        return failed(expected, ex.summary(), f"{op.name} answered HTTP {ex.status} (a server error) for "
                      f"{inp.name}={WRONG!r}.")
    if not ex.error_code:
        return failed(expected, ex.summary(), f"{op.name} answered HTTP {ex.status} with no documented error body for "
                      f"{inp.name}={WRONG!r}.")
    if not_found(ex):
        return failed(expected, ex.summary(), f"{op.name} looked {inp.name}={WRONG!r} up (HTTP {ex.status} "
                      f"{ex.error_code}) instead of rejecting it as not a {inp.type}.")
    return passed(expected, ex.summary(), f"{op.name} rejects {inp.name}={WRONG!r} with HTTP {ex.status} "
                  f"{ex.error_code}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    if spec.service.botocore_service is not None:
        return
    for op in spec.operations:
        for inp in op.input:
            if op.http is not None and inp.location == "path" and (inp.type or "").lower() in NON_TEXT:
                yield live_check(spec, target, op.name, "path-parameter-type", (inp.name,), inp.cite,
                                 partial(_wrong_type, op, inp))


FAMILIES = (
    Family("path-parameter-type", LIVE_TARGETS, generate,
           "plain REST: a typed path parameter given the wrong type is rejected with a documented error"),
)
