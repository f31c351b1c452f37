"""input-name and input-type: every documented input exists with its exact name and a matching type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import OperationModel, ServiceModel

from harness.checks._model import MODEL_TARGETS, members, model_for, on_operation
from harness.checks.base import Check, Family, Outcome, failed, judged, make, skipped
from harness.spec.model import Input, Spec

TYPES: dict[str, frozenset[str]] = {
    "string": frozenset({"string"}), "str": frozenset({"string"}), "text": frozenset({"string"}),
    "long": frozenset({"long", "integer"}), "integer": frozenset({"integer", "long"}),
    "int": frozenset({"integer", "long"}), "number": frozenset({"integer", "long", "float", "double"}),
    "float": frozenset({"float", "double"}), "double": frozenset({"double", "float"}),
    "boolean": frozenset({"boolean"}), "bool": frozenset({"boolean"}),
    "list": frozenset({"list"}), "array": frozenset({"list"}),
    "dict": frozenset({"structure", "map"}), "map": frozenset({"map"}), "object": frozenset({"structure", "map"}),
    "structure": frozenset({"structure"}),
    "timestamp": frozenset({"timestamp"}), "datetime": frozenset({"timestamp"}), "date": frozenset({"timestamp"}),
    "blob": frozenset({"blob"}), "bytes": frozenset({"blob"}), "binary": frozenset({"blob"}),
}
"""A documented type's first word, lower-cased → the botocore type names it may stand for."""


CONTAINERS = ("map", "dict", "array", "list")
"""Words that make a phrase a container type wherever they stand ("String to string map" is a map)."""


def model_types(documented: str) -> frozenset[str] | None:
    """"String", "list of strings", "Array of Tag objects", "String to string map", "[REQUIRED] string"
    → botocore types, or None. A phrase is the container its first word names, else the first container
    word in it ("String to string map"), else its first word."""
    words = re.findall(r"[a-z]+", documented.lower().replace("[required]", ""))
    if not words:
        return None
    head = words[0] if words[0] in CONTAINERS else next((w for w in words if w in CONTAINERS), words[0])
    return TYPES.get(head)


def input_member(op: OperationModel, name: str) -> tuple[str | None, str | None]:
    """(exact member name or None, member that differs only in case or None)."""
    names = list(members(op.input_shape))
    if name in names:
        return name, None
    close = [n for n in names if n.lower() == name.lower()]
    return None, (close[0] if close else None)


def _name(inp: Input, op: OperationModel) -> Outcome:
    exact, close = input_member(op, inp.name)
    if exact:
        return judged(True, inp.name, exact, f"{op.name} takes {inp.name}.", "")
    hint = f"; did you mean {close!r}?" if close else f"; it takes {', '.join(members(op.input_shape)) or 'nothing'}."
    return failed(inp.name, close, f"The docs list input {inp.name!r} for {op.name} but the model has no such "
                  f"member{hint}")


def _type(inp: Input, op: OperationModel) -> Outcome:
    exact, close = input_member(op, inp.name)
    member = members(op.input_shape).get(exact or close or "")
    if member is None:
        return skipped(f"input {inp.name} is not in the model (see input-name)", inp.type)
    if not inp.type:
        return skipped(f"the docs give no type for {inp.name}")
    allowed = model_types(inp.type)
    if allowed is None:
        return skipped(f"unknown documented type {inp.type!r} for {inp.name}", inp.type)
    return judged(member.type_name in allowed, inp.type, member.type_name,
                  f"{inp.name} is a {member.type_name}, as documented.",
                  f"The docs type {op.name} input {inp.name} as {inp.type!r} but the model has {member.type_name}.")


def _generate(spec: Spec, target: Any, family: str, decide: Any) -> Iterator[Check]:
    model: ServiceModel | None = model_for(spec, target)
    for op in spec.operations:
        for inp in op.input:
            yield make(spec, op.name, family, (inp.name,), inp.cite,
                       on_operation(spec, model, op.name, partial(decide, inp)))


def generate_names(spec: Spec, target: Any) -> Iterator[Check]:
    return _generate(spec, target, "input-name", _name)


def generate_types(spec: Spec, target: Any) -> Iterator[Check]:
    return _generate(spec, target, "input-type", _type)


FAMILIES = (
    Family("input-name", MODEL_TARGETS, generate_names, "every documented input is a member, exact case"),
    Family("input-type", MODEL_TARGETS, generate_types, "every documented input type matches the member's type"),
)
