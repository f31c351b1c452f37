"""required-input: a call without a documented required input is rejected on the wire with a documented error.

The input is otherwise valid (synthesized); botocore's client-side validation is off, so the server
decides. A path parameter cannot be left out of a URI and is checked by path-parameter-type instead.
An input the docs only infer to be required (``required_inferred``: every example passes it) is judged only
where the service model requires it too; otherwise the check is skipped, since the docs never say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from harness.checks.base import Check, Family, Outcome, failed, judged, skipped
from harness.checks.inputs import input_member
from harness.checks.live_base import (
    LIVE_TARGETS,
    Context,
    documented_errors,
    error_name,
    live_check,
    names_not_found,
    require_implemented,
    spec_inputs,
    track_created,
)
from harness.spec.model import Input, Operation, Spec

UNOMITTABLE = frozenset({"path", "uri"})


def _rejected(op: Operation, inp: Input, ctx: Context) -> Outcome:
    model_op = ctx.operation(op.name)
    name = inp.name
    if model_op is not None:
        exact, close = input_member(model_op, inp.name)
        name = exact or close or ""
        if not name:
            return skipped(f"input {inp.name} is not in the {op.name} model (see input-name)")
        if model_op.input_shape.members[name].serialization.get("location") in UNOMITTABLE:
            return skipped(f"{name} is part of the URI and cannot be left out")
    params = spec_inputs(ctx.spec, ctx, op.name, omit=(name,))
    params.pop(name, None)
    ex = require_implemented(ctx.call(op.name, params, validate=False))
    track_created(ctx, op.name, params, ex)
    if inp.required_inferred and (model_op is None or name not in (model_op.input_shape.required_members or ())):
        return skipped(f"{name} is required only by inference from the examples, and the service model makes it "
                       "optional")
    expected: dict[str, Any] = {"status": "4xx"}
    if ex.ok:
        return failed(expected, ex.summary(), f"{op.name} accepted a call without required input {name}.")
    if ex.status is not None and ex.status >= 500:
        return failed(expected, ex.summary(), f"{op.name} without {name} answered HTTP {ex.status} (a server error), "
                      "not a documented rejection.")
    if model_op is None:  # plain REST: the error form is judged by the reply-format rules
        return judged(True, expected, ex.summary(), f"{op.name} rejects a call without {name} (HTTP {ex.status}).", "")
    allowed = documented_errors(ctx.spec, ctx.model, op.name)
    expected["error"] = allowed
    code = error_name(ex.error_code)
    if names_not_found(code):
        return failed(expected, ex.summary(), f"{op.name} without {name} was not rejected for the missing input "
                      f"but answered {code}: the server looked the resource up without requiring {name}.")
    return judged(code in allowed, expected, ex.summary(),
                  f"{op.name} rejects a call without {name} with {code} (HTTP {ex.status}).",
                  f"{op.name} without {name} was rejected with {code or 'no error code'}, which the docs do not "
                  f"name for {op.name}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    for op in spec.operations:
        for inp in op.input:
            if inp.required and (inp.location or "body") not in UNOMITTABLE:
                yield live_check(spec, target, op.name, "required-input", (inp.name,), inp.cite,
                                 partial(_rejected, op, inp))


FAMILIES = (
    Family("required-input", LIVE_TARGETS, generate,
           "a call without a documented required input is rejected on the wire with a documented error"),
)
