"""http: for REST protocols, the documented method and URI template equal the model's.

The query part after "?" is ignored and greedy labels ``{Key+}`` compare as ``{Key}``; everything
else, parameter names included, must match exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import OperationModel

from harness.checks._model import MODEL_TARGETS, model_for, on_operation
from harness.checks.base import Check, Family, Outcome, judged, make, skipped
from harness.spec.model import Operation, Spec

REST_PROTOCOLS = frozenset({"rest-json", "rest-xml"})


def normalize(uri: str) -> str:
    path = uri.split("?", 1)[0]
    path = re.sub(r"\{([^{}]+?)\+\}", r"{\1}", path)
    return path.rstrip("/") or "/"


def _labels(uri: str) -> list[str]:
    return re.findall(r"\{([^{}]+)\}", uri)


def _http(op: Operation, model_op: OperationModel) -> Outcome:
    protocol = model_op.metadata.get("protocol", "")
    if protocol not in REST_PROTOCOLS:
        return skipped(f"the {protocol} protocol has no per-operation URI to compare")
    if op.http is None:
        return skipped(f"the docs give no HTTP method and URI for {op.name}")
    method, uri = model_op.http.get("method", ""), model_op.http.get("requestUri", "")
    documented, modelled = f"{op.http.method} {normalize(op.http.uri)}", f"{method} {normalize(uri)}"
    same_shape = re.sub(r"\{[^}]*\}", "{}", documented) == re.sub(r"\{[^}]*\}", "{}", modelled)
    why = (f"parameter names differ ({', '.join(_labels(documented))} vs {', '.join(_labels(modelled))})"
           if same_shape else f"the model has {modelled}")
    return judged(documented == modelled, f"{op.http.method} {op.http.uri}", f"{method} {uri}",
                  f"{op.name} is {modelled}, as documented.",
                  f"The docs give {op.name} as {documented} but {why}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for op in spec.operations:
        yield make(spec, op.name, "http", (), op.cite,
                   on_operation(spec, model, op.name, partial(_http, op)))


FAMILIES = (Family("http", MODEL_TARGETS, generate, "REST operations: documented method and URI equal the model's"),)
