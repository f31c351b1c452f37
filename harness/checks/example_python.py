"""Python SDK examples: boto3 calls found with `ast`, their arguments judged by botocore's own ParamValidator.

A call counts when it is ``X.<python op name>(…)`` and ``X`` is a name bound to ``boto3.client('<service>')``
(also ``session.client(…)`` and aliases), or a function parameter whose name contains "client" or equals the
service name (``s3_client`` does not, in another service's example). A method the client does not have fails
only on a name certainly bound to this service's client. Literal arguments are validated as written; any other
expression is replaced by a valid value of the member's type, so only names, required-ness and literal types
are judged.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from botocore.client import BaseClient
from botocore.model import OperationModel, ServiceModel
from botocore.validate import ParamValidator

from harness.checks._model import members, no_model, operation, python_ops
from harness.checks._shapes import synthesize
from harness.checks.base import Check, Outcome, failed, fixed, judged, make, skipped
from harness.spec.model import Example, Spec
from harness.targets.botocore_model import available_services

PLACEHOLDER = object()
"""Stands for an argument that is not a literal."""


@dataclass(frozen=True, slots=True)
class SdkCall:
    """One boto3 client call found in an example."""

    operation: str | None
    """The API name the method maps to; None when the client has no such method."""
    method: str
    """The python method name as written."""
    line: int
    """1-based line within the example."""
    params: tuple[tuple[str, Any], ...]
    """Keyword arguments: literal values, or PLACEHOLDER."""
    positional: int
    """How many positional arguments were passed (boto3 accepts none)."""
    unpacked: bool
    """True when ``**kwargs`` was passed, so required-ness cannot be judged."""


@cache
def client_methods(service: str) -> frozenset[str]:
    """Every public method of a boto3 client of ``service`` (operations, helpers, boto3's additions). (boto3 is
    imported here, by the first Python example judged: importing it was a tenth of a second of every start.)"""
    import boto3.session

    try:
        client = boto3.session.Session(region_name="us-east-1").client(service)
    except Exception:  # noqa: BLE001 -- no boto3 client: fall back to what every botocore client has
        return frozenset(n for n in dir(BaseClient) if not n.startswith("_"))
    return frozenset(n for n in dir(client) if not n.startswith("_"))


def _client_service(node: ast.AST) -> str | None:
    """'svc' for ``<anything>.client('svc', …)`` / ``client(service_name='svc')``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "client"):
        return None
    args = [a for a in node.args[:1]] + [k.value for k in node.keywords if k.arg == "service_name"]
    first = args[0] if args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _bound(tree: ast.AST, service: str) -> tuple[set[str], set[str]]:
    """(names bound to this service's client, names bound to other services' clients), aliases followed."""
    mine: set[str] = set()
    others: set[str] = set()
    assigns = [n for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is not None]
    for _ in range(3):  # follow aliases a few levels
        for node in assigns:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            bound = _client_service(node.value) if node.value is not None else None
            if bound is not None:
                (mine if bound == service else others).update(names)
            elif isinstance(node.value, ast.Name) and node.value.id in mine:
                mine.update(names)
    return mine, others


def _assumed(tree: ast.AST, service: str, known: frozenset[str]) -> set[str]:
    """Function parameters that look like this service's client: "…client…" or the service's name, unless
    the name starts with another service's name (``s3_client`` in a Rekognition example)."""
    own = service.replace("-", "_")
    found = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg in fn.args.args + fn.args.kwonlyargs:
                prefix = arg.arg.lower().replace("client", "").strip("_")
                other = prefix in known and prefix.replace("_", "-") != service and prefix != own
                if ("client" in arg.arg.lower() or arg.arg == own) and not other:
                    found.add(arg.arg)
    return found


def _value(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return PLACEHOLDER


def parse(code: str, service: str, model: ServiceModel,
          known_services: frozenset[str] = frozenset()) -> list[SdkCall] | str:
    """The example's client calls in source order, or why the code cannot be read."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError as exc:
        return f"not parseable Python ({exc.msg}, line {exc.lineno})"
    except ValueError as exc:
        return f"not parseable Python ({exc})"
    mine, others = _bound(tree, service)
    assumed = _assumed(tree, service, known_services) - others - mine
    ops = python_ops(model)
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        recv, method = node.func.value, node.func.attr
        certain = (isinstance(recv, ast.Name) and recv.id in mine) or _client_service(recv) == service
        if not (certain or isinstance(recv, ast.Name) and recv.id in assumed):
            continue
        if method not in ops and (not certain or method in client_methods(service)):
            continue  # a helper such as get_paginator, or a parameter that may be another client
        params = tuple((k.arg, _value(k.value)) for k in node.keywords if k.arg is not None)
        calls.append(SdkCall(ops.get(method), method, node.lineno, params, len(node.args),
                             any(k.arg is None for k in node.keywords)))
    return sorted(calls, key=lambda c: (c.line, c.method))


def problems(call: SdkCall, op: OperationModel) -> list[str]:
    """What botocore's ParamValidator reports, placeholders replaced by valid values."""
    shape, found = op.input_shape, members(op.input_shape)
    params = {k: (synthesize(found[k]) if v is PLACEHOLDER and k in found else ("x" if v is PLACEHOLDER else v))
              for k, v in call.params}
    if shape is None:
        lines = [f"Unknown parameter in input: {k!r}, the operation takes no input" for k in params]
    else:
        lines = ParamValidator().validate(params, shape).generate_report().splitlines()
    if call.unpacked:
        lines = [ln for ln in lines if not ln.startswith("Missing required parameter")]
    if call.positional:
        lines.append(f"{call.positional} positional argument(s); boto3 operations take keyword arguments only")
    return [ln for ln in lines if ln.strip()]


def _judge(call: SdkCall, op: OperationModel) -> Outcome:
    found = problems(call, op)
    expected = {"call": call.method, "line": call.line, "params": [k for k, _ in call.params]}
    observed = {"errors": found} if found else {"members": list(members(op.input_shape)),
                                                "required": list(op.input_shape.required_members
                                                                 if op.input_shape else [])}
    return judged(not found, expected, observed, f"The Python example's call of {call.method} is valid.",
                  f"The Python example calls {call.method} (line {call.line}) wrongly: {'; '.join(found)}.")


def _unknown(call: SdkCall, model: ServiceModel) -> Outcome:
    return failed(call.method, None, f"The Python example calls {call.method} (line {call.line}) on a "
                  f"{model.service_name} client, which has no such operation.")


def generate(spec: Spec, model: ServiceModel | None, ex: Example) -> Iterator[Check]:
    if model is None:
        yield make(spec, ex.operation, "example-sdk", (ex.id,), ex.cite, fixed(no_model(spec)))
        return
    calls = parse(ex.code, model.service_name, model, available_services())
    if isinstance(calls, str) or not calls:
        reason = skipped(f"example {ex.id}: {calls or f'no {model.service_name} client call found'}")
        yield make(spec, ex.operation, "example-sdk", (ex.id,), ex.cite, fixed(reason))
        return
    for call in calls:  # a method the client lacks has no operation; its name goes into the id
        op = operation(model, call.operation)
        if op is None:
            yield make(spec, None, "example-sdk", (ex.id, call.method), ex.cite, partial(_unknown, call, model))
            continue
        yield make(spec, call.operation, "example-sdk", (ex.id,), ex.cite, partial(_judge, call, op))
