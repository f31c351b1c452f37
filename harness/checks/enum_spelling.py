"""enum-spelling: every spelling the docs use for an enum's values is the model's exact value.

One check per enum (not per value): the values of one enum are spelt in the same few places, and a check per
value made tens of thousands of items of a large spec set whose verdicts said the same thing. Values the
model's enum lacks are not judged here (enum-values lists them).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from botocore.model import ServiceModel

from harness.checks._model import MODEL_TARGETS, model_enum, model_for, no_model, state_key
from harness.checks.base import Check, Family, Outcome, judged, make, skipped
from harness.spec.model import Enum, Spec


def _spelling(spec: Spec, model: ServiceModel | None, enum: Enum) -> Outcome:
    if model is None:
        return no_model(spec)
    documented = {v.value: list(v.spellings) for v in enum.values}
    found = model_enum(spec, model, enum.name)
    if found is None:
        return skipped(f"the model has no enum for {enum.name}", documented)
    values, where = found
    exact = {state_key(v): v for v in values}
    judged_values = {exact[state_key(v)]: spellings for v, spellings in documented.items() if state_key(v) in exact}
    if not judged_values:
        return skipped(f"no documented value of {enum.name} is a value of the model's enum ({where}; see enum-values)",
                       documented)
    wrong = {value: [s for s in spellings if s != value] for value, spellings in judged_values.items()}
    wrong = {value: spellings for value, spellings in wrong.items() if spellings}
    told = "; ".join(f"{value} as {', '.join(repr(s) for s in spellings)}" for value, spellings in wrong.items())
    return judged(not wrong, sorted(judged_values), judged_values,
                  f"The docs spell the {len(judged_values)} values of {enum.name} the model has exactly as the "
                  f"model ({where}) does.",
                  f"The docs spell {told}; the model ({where}) spells {'it' if len(wrong) == 1 else 'them'} "
                  f"{', '.join(repr(v) for v in wrong)}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for enum in spec.enums:
        yield make(spec, None, "enum-spelling", (enum.name,), (*enum.cite, *(c for v in enum.values for c in v.cite)),
                   partial(_spelling, spec, model, enum))


FAMILIES = (Family("enum-spelling", MODEL_TARGETS, generate,
                   "every documented spelling of an enum's values is the model's exact value"),)
