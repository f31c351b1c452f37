"""example-curl: curl samples name a real operation (X-Amz-Target) and send a body that fits its input.

The operation comes from an ``X-Amz-Target: Prefix.Op`` header or a ``#X-Amz-Target=Prefix.Op`` URL
fragment; the body from ``--data``/``-d`` (and friends), ``{}`` when there is none.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from botocore.model import ServiceModel

from harness.checks._model import MODEL_TARGETS, model_for, no_model
from harness.checks._shapes import body_problems
from harness.checks.base import Check, Family, Outcome, failed, judged, make, skipped
from harness.spec.model import Example, Spec

DATA_OPTIONS = ("--data", "--data-raw", "--data-binary", "--data-ascii", "--json", "-d")
TARGET = re.compile(r"X-Amz-Target\s*[:=]\s*([\w-]+)\.(\w+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Curl:
    """What a curl sample asks for."""

    prefix: str | None
    """The X-Amz-Target prefix, e.g. "AmazonPersonalize"."""
    operation: str | None
    """The operation after the prefix."""
    body: str | None
    """The request body as written, or None when the sample sends none."""


def parse(code: str) -> Curl:
    joined = re.sub(r"\\\s*\r?\n", " ", code)
    target = TARGET.search(joined)
    try:
        words = shlex.split(joined)
    except ValueError:
        words = joined.split()
    body = None
    for i, word in enumerate(words):
        for opt in DATA_OPTIONS:
            if word == opt and i + 1 < len(words):
                body = words[i + 1]
            elif word.startswith(opt + "=") and opt.startswith("--"):
                body = word[len(opt) + 1:]
    return Curl(target.group(1) if target else None, target.group(2) if target else None, body)


def _judge(spec: Spec, model: ServiceModel | None, ex: Example, curl: Curl) -> Outcome:
    if model is None:
        return no_model(spec)
    if curl.operation is None:
        return skipped(f"curl example {ex.id} names no X-Amz-Target")
    prefix = model.metadata.get("targetPrefix")
    if curl.operation not in model.operation_names or (prefix and curl.prefix != prefix):
        return failed(f"{curl.prefix}.{curl.operation}", prefix and f"{prefix}.<Operation>",
                      f"The curl sample targets {curl.prefix}.{curl.operation}, which is not an operation of "
                      f"{model.service_name}.")
    try:
        body: Any = json.loads(curl.body) if curl.body else {}
    except json.JSONDecodeError as exc:
        return skipped(f"the body of curl example {ex.id} is not JSON ({exc.msg})")
    op = model.operation_model(curl.operation)
    found = body_problems(body, op.input_shape)
    accepted = sorted(getattr(op.input_shape, "members", None) or {})
    return judged(not found, body, {"problems": found} if found else accepted,
                  f"The curl sample is a valid {curl.operation} request.",
                  f"The curl sample of {curl.operation} is not a valid request: {'; '.join(found)}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for ex in spec.examples:
        if ex.kind == "curl":
            curl = parse(ex.code)
            yield make(spec, curl.operation or ex.operation, "example-curl", (ex.id,), ex.cite,
                       partial(_judge, spec, model, ex, curl))


FAMILIES = (Family("example-curl", MODEL_TARGETS, generate,
                   "curl samples target a real operation and send a valid body (none = {})"),)
