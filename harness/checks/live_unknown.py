"""unknown-resource: a well-formed identifier that names nothing gets the documented not-found error.

The identifiers are the operation's identifying inputs (names ending in Arn, Id, Name, …) that name what
the operation is about (``StreamName`` for ``StartStreamEncryption``, not ``KeyId``): the required ones,
else the first optional one; failing that, any required identifying input; for plain REST, the path
parameters the scenario file does not fix. Every other input is valid. Expected: an error the docs name for the operation whose name says
"not found" (``ResourceNotFoundException``, ``NoSuch…``); for plain REST, HTTP 404 in the documented
error form. Creating and listing operations are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from harness.checks.base import Check, Family, Outcome, failed, judged, skipped
from harness.checks.live_base import (
    LIVE_TARGETS,
    Context,
    documented_errors,
    error_name,
    is_identifier,
    live_check,
    names_not_found,
    require_implemented,
    spec_inputs,
    track_created,
)
from harness.spec.model import Operation, Spec
from harness.targets.synth import noun

SKIP_VERBS = ("Create", "List")


def not_found_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if names_not_found(e)]


def _identifiers(op: Operation, ctx: Context) -> dict[str, Any]:
    model_op = ctx.operation(op.name)
    if model_op is not None:
        shape = model_op.input_shape
        if shape is None:
            return {}
        required = [n for n in shape.required_members if is_identifier(n)]
        named = [n for n in shape.members if is_identifier(n) and noun(n).replace("-", "") in op.name.lower()]
        names = [n for n in named if n in required] or named[:1] or required or \
            [n for n in shape.members if is_identifier(n)][:1]
        return {n: ctx.synth.identifier(shape.members[n], n) for n in names}
    fixed = ctx.synth.scenario.input_for(op.name)
    return {i.name: ctx.synth.typed(i.type, i.name) for i in op.input if i.location == "path" and i.name not in fixed}


def _not_found(op: Operation, ctx: Context) -> Outcome:
    if ctx.model is not None and ctx.operation(op.name) is None:
        return skipped(f"{op.name} is not in the {ctx.model.service_name} model (see operation-exists)")
    ids = _identifiers(op, ctx)
    if not ids:
        return skipped(f"{op.name} takes no identifying input")
    rest = ctx.operation(op.name) is None
    expected: dict[str, Any] = {"status": 404} if rest else {"error": not_found_errors(
        documented_errors(ctx.spec, ctx.model, op.name))}
    if not rest and not expected["error"]:
        return skipped(f"the docs name no not-found error for {op.name}")
    params = spec_inputs(ctx.spec, ctx, op.name, overrides=ids)
    ex = ctx.call(op.name, params, validate=False)
    if not (rest and ex.status == 404 and ex.error_code):  # a REST 404 with an error code is the answer sought
        require_implemented(ex)
    track_created(ctx, op.name, params, ex)
    names = ", ".join(f"{k}={v}" for k, v in ids.items())
    if ex.ok:
        return failed(expected, ex.summary(), f"{op.name} accepted an identifier that names nothing ({names}).")
    if rest:
        return judged(ex.status == 404, expected, ex.summary(), f"{op.name} answers 404 for {names}.",
                      f"{op.name} answered HTTP {ex.status} for {names}, not 404.")
    code = error_name(ex.error_code)
    return judged(code in expected["error"], expected, ex.summary(),
                  f"{op.name} answers {code} for {names}.",
                  f"{op.name} answered {code or f'HTTP {ex.status}'} for {names}; the docs name "
                  f"{', '.join(expected['error'])}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    for op in spec.operations:
        if not op.name.startswith(SKIP_VERBS):
            yield live_check(spec, target, op.name, "unknown-resource", (), op.cite, partial(_not_found, op))


FAMILIES = (
    Family("unknown-resource", LIVE_TARGETS, generate,
           "a well-formed identifier that does not exist gets the documented not-found error"),
)
