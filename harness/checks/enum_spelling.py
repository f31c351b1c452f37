"""enum-spelling: every spelling the docs use for an enum value is the model's exact value."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import ServiceModel

from harness.checks._model import MODEL_TARGETS, model_enum, model_for, no_model, state_key
from harness.checks.base import Check, Family, Outcome, judged, make, skipped
from harness.spec.model import Enum, EnumValue, Spec


def _spelling(spec: Spec, model: ServiceModel | None, enum: Enum, value: EnumValue) -> Outcome:
    if model is None:
        return no_model(spec)
    found = model_enum(spec, model, enum.name)
    spellings = list(value.spellings)
    if found is None:
        return skipped(f"the model has no enum for {enum.name}", spellings)
    values, where = found
    exact = next((v for v in values if state_key(v) == state_key(value.value)), None)
    if exact is None:
        return skipped(f"{value.value} is not a value of the model's enum ({where}; see enum-values)", spellings)
    wrong = [s for s in spellings if s != exact]
    quoted = ", ".join(repr(s) for s in wrong)
    return judged(not wrong, spellings, exact, f"The docs spell {exact} exactly as the model does.",
                  f"The docs spell {exact} as {quoted}; the model ({where}) spells it {exact!r}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for enum in spec.enums:
        for value in enum.values:
            yield make(spec, None, "enum-spelling", (enum.name, value.value), value.cite,
                       partial(_spelling, spec, model, enum, value))


FAMILIES = (Family("enum-spelling", MODEL_TARGETS, generate,
                   "every documented spelling of an enum value is the model's exact value"),)
