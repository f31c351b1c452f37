"""Java SDK (v2) examples: request builders and client calls, matched to operations and members.

``XRequest.builder().a(…).b(…).build()`` → operation X with members a, b (compared case-insensitively with
the model's member names, so ``widgetVersionArn`` is ``WidgetVersionArn``); all required members must
be set. ``fooClient.someOperation(…)`` → the operation ``SomeOperation`` must exist.

Examples often use several services' clients: calls on a variable declared with another service's client
type are left out, and a request or call that is no operation of this service is skipped (not failed)
when the example imports or declares another service's SDK.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from botocore.model import ServiceModel

from harness.checks._model import lower_camel, members, no_model
from harness.checks.base import Check, Outcome, failed, fixed, judged, make, passed, skipped
from harness.spec.model import Example, Spec

BUILDER_METHODS = frozenset({"overrideconfiguration", "build"})
"""Builder methods every request has that are not members (lower case)."""

CLIENT_METHODS = frozenset({"close", "builder", "create", "servicename", "waiter", "utilities",
                            "serviceclientconfiguration", "tostring", "equals", "hashcode", "getclass"})
"""Methods of an SDK client (or its class) that are not operations (lower case)."""


@dataclass(frozen=True, slots=True)
class Builder:
    """One ``XRequest.builder()…build()`` chain."""

    request: str
    """X, from ``XRequest``."""
    setters: tuple[str, ...]
    """The chained method names, ``build`` excluded."""


def _close_paren(code: str, start: int) -> int:
    """Index after the ``)`` matching the ``(`` at ``start`` (strings and chars skipped); -1 if none."""
    depth, i, quote = 0, start, ""
    while i < len(code):
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def builders(code: str) -> list[Builder]:
    found = []
    for m in re.finditer(r"\b(\w+)Request\s*\.\s*builder\s*\(\s*\)", code):
        setters, i = [], m.end()
        while True:
            step = re.compile(r"\s*\.\s*(\w+)\s*(?=\()").match(code, i)
            if not step:
                break
            end = _close_paren(code, step.end())
            if end < 0:
                break
            if step.group(1) == "build":
                break
            setters.append(step.group(1))
            i = end
        found.append(Builder(m.group(1), tuple(setters)))
    return found


def client_calls(code: str, others: frozenset[str] = frozenset()) -> list[str]:
    """Methods called on client variables (lower-case names containing "client"), once each, in order.

    Class names (``RekognitionClient.builder()``) are not receivers; a variable declared with another
    service's client type (``S3Client s3``, its key in ``others``) is left out.
    """
    declarations = re.findall(r"\b(\w+Client)\s+(\w+)\s*[=,;)]", code)
    declared = {var: _key(typ.removesuffix("Client")) for typ, var in declarations}
    calls = [m for recv, m in re.findall(r"\b([a-z]\w*)\s*\.\s*(\w+)\s*\(", code)
             if "client" in recv.lower() and declared.get(recv) not in others]
    return list(dict.fromkeys(c for c in calls if c.lower() not in CLIENT_METHODS))


def _builder(b: Builder, model: ServiceModel) -> Outcome:
    ops = {op.lower(): op for op in model.operation_names}
    op = ops.get(b.request.lower())
    expected = {"request": f"{b.request}Request", "members": list(b.setters)}
    if op is None:
        return failed(expected, None, f"The Java example builds {b.request}Request but the model has no operation "
                      f"{b.request}.")
    shape = model.operation_model(op).input_shape
    names = {n.lower(): n for n in members(shape)}
    unknown = [s for s in b.setters if s.lower() not in names and s.lower() not in BUILDER_METHODS]
    given = {names[s.lower()] for s in b.setters if s.lower() in names}
    missing = [n for n in (shape.required_members if shape else []) if n not in given]
    problems = [f"unknown member(s) {', '.join(unknown)}" if unknown else "",
                f"missing required {', '.join(lower_camel(n) for n in missing)}" if missing else ""]
    return judged(not unknown and not missing, expected,
                  {"operation": op, "members": [lower_camel(n) for n in names.values()]},
                  f"The Java example's {b.request}Request is valid.",
                  f"The Java example's {b.request}Request has {' and '.join(p for p in problems if p)}.")


def _call(method: str, model: ServiceModel) -> Outcome:
    ops = {lower_camel(op): op for op in model.operation_names}
    op = ops.get(method) or ops.get(method.removesuffix("Paginator"))
    if op is None:
        return failed(method, None, f"The Java example calls {method}() on a client but the model has no such "
                      "operation.")
    return passed(method, op, f"The Java example's {method}() is operation {op}.")


def _key(name: str) -> str:
    """A service's name folded for comparing with SDK package and client names ("personalize-runtime" →
    "personalizeruntime", "AmazonS3" → "s3")."""
    return re.sub(r"[^a-z0-9]", "", name.lower()).removeprefix("amazon")


def packages(code: str, model: ServiceModel) -> tuple[frozenset[str], frozenset[str]]:
    """(this service's keys, keys of every service whose SDK package (v1 or v2) the code imports or whose client
    type it declares, ``PersonalizeRuntimeClient client`` → "personalizeruntime")."""
    mine = frozenset(_key(v) for v in (model.service_name, model.metadata.get("serviceId", "")) if v)
    found = re.findall(r"(?:software\.amazon\.awssdk|com\.amazonaws)\.services\.(\w+)", code)
    found += [t.removesuffix("Client") for t in re.findall(r"\b(\w+Client)\s+\w+\s*[=,;)]", code)]
    return mine, frozenset(_key(p) for p in found)


def _elsewhere(name: str, service: str, others: frozenset[str]) -> Outcome:
    return skipped(f"{name} is not an operation of {service}; it may belong to the other SDK package(s) the "
                   f"example imports ({', '.join(sorted(others))})")


def generate(spec: Spec, model: ServiceModel | None, ex: Example) -> Iterator[Check]:
    if model is None:
        yield make(spec, ex.operation, "example-sdk", (ex.id,), ex.cite, fixed(no_model(spec)))
        return
    mine, imported = packages(ex.code, model)
    others = imported - mine
    foreign = bool(imported) and not imported & mine
    found_builders, found_calls = builders(ex.code), client_calls(ex.code, others)
    if foreign or not (found_builders or found_calls):
        reason = skipped(f"example {ex.id} is for the {', '.join(sorted(others))} SDK package(s)" if foreign
                         else f"example {ex.id} has no request builder or client call")
        yield make(spec, ex.operation, "example-sdk", (ex.id,), ex.cite, fixed(reason))
        return
    name = model.service_name
    ops = {op.lower(): op for op in model.operation_names}
    for b in found_builders:  # an unknown request has no operation; its name goes into the id
        op = ops.get(b.request.lower())
        judge = (partial(_builder, b, model) if op or not others
                 else partial(_elsewhere, f"{b.request}Request", name, others))
        yield make(spec, op, "example-sdk", (ex.id, "request") + (() if op else (b.request,)), ex.cite, judge)
    camel = {lower_camel(op): op for op in model.operation_names}
    for method in found_calls:
        op = camel.get(method.removesuffix("Paginator"))
        judge = partial(_call, method, model) if op or not others else partial(_elsewhere, f"{method}()", name, others)
        yield make(spec, op, "example-sdk", (ex.id, "call") + (() if op else (method,)), ex.cite, judge)
