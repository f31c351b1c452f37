"""input-enum: an input given a value outside its enum is rejected on the wire with an error.

For every input of a documented operation that has a closed set of values — an enum the spec documents for it
(``<Operation>.<input>``), else the enum of its member in the service model — the call is otherwise valid
(synthesized) but puts `OUTSIDE` in that input. A success, a server error, or a not-found error (the resource
was looked up, the value never checked) fails; any other 4xx passes. Client-side validation is off, so the
server decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from harness.checks.base import Check, Family, Outcome, failed, passed, skipped
from harness.checks.live_base import (
    Context,
    error_name,
    live_check,
    names_not_found,
    read_only,
    require_implemented,
    track_created,
)
from harness.spec.model import Cite, Spec

OUTSIDE = "HARNESS_NOT_A_DOCUMENTED_VALUE"
"""The value put into an enum input: in no enum."""

REFERENCE_ONLY = frozenset({"reference"})
"""For now judged against the reference emulator only (where the mutation benchmark demonstrates it): moto and
the test fakes look resources up before validating values, or accept bodies that are not JSON; running it
against them needs demonstrations of its own in tests/live first."""


def _outside(operation: str, member: str, values: tuple[str, ...], ctx: Context) -> Outcome:
    op = ctx.operation(operation)
    if op is None:
        return skipped(f"{operation} is not in the model (see operation-exists)")
    params = ctx.synth.input(op, known={member: OUTSIDE}, optional=(member,))
    ex = require_implemented(ctx.call(operation, params, validate=False))
    track_created(ctx, operation, params, ex)
    expected = {"status": "4xx", "one of": list(values)}
    code = error_name(ex.error_code)
    if ex.ok:
        return failed(expected, ex.summary(), f"{operation} accepted {member}={OUTSIDE!r}, which is not one of "
                      f"{', '.join(values)}.")
    if ex.status is not None and ex.status >= 500:
        return failed(expected, ex.summary(), f"{operation} answered HTTP {ex.status} (a server error) for "
                      f"{member}={OUTSIDE!r}.")
    if names_not_found(code):
        return failed(expected, ex.summary(), f"{operation} looked the resource up ({code}) without rejecting "
                      f"{member}={OUTSIDE!r}, which is not one of its values.")
    return passed(expected, ex.summary(), f"{operation} rejects {member}={OUTSIDE!r} with {code or ex.status}.")


def _enums(spec: Spec, target: Any) -> Iterator[tuple[str, str, tuple[str, ...], tuple[Cite, ...]]]:
    """(operation, model member, values, cite) for every input with a closed set of values."""
    model = target.model(spec.service.botocore_service)
    if model is None:
        return
    for op in spec.operations:
        if op.name not in model.operation_names:
            continue
        shape = model.operation_model(op.name).input_shape
        members = dict(shape.members) if shape is not None else {}
        for name, member in members.items():
            doc = next((i for i in op.input if i.name.lower() == name.lower()), None)
            documented = spec.enum(f"{op.name}.{doc.name}") if doc else None
            values = tuple(v.value for v in documented.values) if documented else tuple(getattr(member, "enum", None) or ())
            if values and member.type_name == "string":
                yield op.name, name, values, (doc.cite if doc else op.cite)


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    for operation, member, values, cite in _enums(spec, target):
        yield live_check(spec, target, operation, "input-enum", (member,), cite,
                         partial(_outside, operation, member, values), mutating=not read_only(operation))


FAMILIES = (
    Family("input-enum", REFERENCE_ONLY, generate,
           "an input given a value outside its documented (or modelled) enum is rejected with an error"),
)
