"""operation-exists and operation-name: each documented operation is in the model, spelled as the SDKs spell it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from botocore import xform_name
from botocore.model import ServiceModel

from harness.checks._model import MODEL_TARGETS, lower_camel, model_for, no_model
from harness.checks.base import Check, Family, Outcome, judged, make, skipped
from harness.spec.model import Operation, Spec

SPELLINGS: dict[str, Callable[[ServiceModel, str], str]] = {
    "api": lambda model, op: op,
    "python": lambda model, op: xform_name(op),
    "cli": lambda model, op: xform_name(op, "-"),
    "java": lambda model, op: lower_camel(op),
    "target": lambda model, op: f"{model.metadata.get('targetPrefix', '')}.{op}",
}
"""Spelling style → how the model spells an operation in that style."""


def _exists(spec: Spec, model: ServiceModel | None, op: Operation) -> Outcome:
    if model is None:
        return no_model(spec)
    names = list(model.operation_names)
    ok = op.name in names
    close = [n for n in names if n.lower() == op.name.lower()]
    hint = f" (the model has {close[0]})" if close else ""
    return judged(ok, op.name, op.name if ok else (close[0] if close else None),
                  f"{op.name} is an operation of {model.service_name}.",
                  f"The docs name operation {op.name} but the {model.service_name} model has no such operation{hint}.")


def _spelling(spec: Spec, model: ServiceModel | None, op: Operation, style: str, spelled: str) -> Outcome:
    if model is None:
        return no_model(spec)
    if op.name not in model.operation_names:
        return skipped(f"operation {op.name} is not in the {model.service_name} model (see operation-exists)")
    rule = SPELLINGS[style]
    if style == "target" and "targetPrefix" not in model.metadata:
        return skipped(f"the {model.service_name} model has no targetPrefix ({model.protocol} protocol)", spelled)
    want = rule(model, op.name)
    return judged(spelled == want, spelled, want, f"The {style} spelling {spelled!r} of {op.name} is right.",
                  f"The docs spell {op.name} in {style} style as {spelled!r}; the SDK spells it {want!r}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for op in spec.operations:
        yield make(spec, op.name, "operation-exists", (), op.cite, partial(_exists, spec, model, op))


def generate_names(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for op in spec.operations:
        for style, spelled in sorted(op.names.items()):
            if style not in SPELLINGS:
                continue  # e.g. a page title: not a spelling of the API name
            yield make(spec, op.name, "operation-name", (style,), op.cite,
                       partial(_spelling, spec, model, op, style, spelled))


FAMILIES = (
    Family("operation-exists", MODEL_TARGETS, generate, "each documented operation is in the model"),
    Family("operation-name", MODEL_TARGETS, generate_names,
           "each documented spelling (python, cli, java, target) is the SDK's spelling of the operation"),
)
