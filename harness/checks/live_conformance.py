"""response-conformance: a call with valid input gets a reply of the documented form.

Whatever the reply is — success (status, content type, body shape, required members, enum values) or
error (the protocol's error body: ``__type``/``message`` for AWS, the documented error example for plain
REST) — it is judged by `live_format`. Identifiers are synthesized unless the scenario file gives real
ones, so describe-style operations usually show the error form and list-style ones the success form;
changing operations are not called against real AWS.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from harness.checks.base import Check, Family, Outcome, passed
from harness.checks.live_base import (
    LIVE_TARGETS,
    Context,
    live_check,
    read_only,
    require_implemented,
    spec_inputs,
    track_created,
)
from harness.spec.model import Operation, Spec


def _form(op: Operation, ctx: Context) -> Outcome:
    params = spec_inputs(ctx.spec, ctx, op.name)
    ex = require_implemented(ctx.call(op.name, params))
    track_created(ctx, op.name, params, ex)
    kind = "success" if ex.ok else "error"
    return passed(f"the documented {kind} form", ex.summary(),
                  f"{op.name}'s {kind} reply (HTTP {ex.status}) has the documented form.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    for op in spec.operations:
        yield live_check(spec, target, op.name, "response-conformance", (), op.cite, partial(_form, op),
                         mutating=not read_only(op.name))


FAMILIES = (
    Family("response-conformance", LIVE_TARGETS, generate,
           "replies have the documented status, content type, body shape, required fields and enum values"),
)
