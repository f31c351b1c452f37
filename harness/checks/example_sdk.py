"""example-sdk: SDK code examples call real operations with real parameters; one reader per language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from botocore.model import ServiceModel

from harness.checks import example_java, example_python
from harness.checks._model import MODEL_TARGETS, model_for
from harness.checks.base import Check, Family, fixed, make, skipped
from harness.spec.model import Example, Spec

LANGUAGES: dict[str, Callable[[Spec, ServiceModel | None, Example], Iterable[Check]]] = {
    "python": example_python.generate,
    "py": example_python.generate,
    "python3": example_python.generate,
    "java": example_java.generate,
}
"""Example language (lower case) → the generator that reads examples in it."""


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    for ex in spec.examples:
        if ex.kind != "sdk":
            continue
        reader = LANGUAGES.get(ex.language.lower())
        if reader is None:
            reason = skipped(f"no reader for {ex.language} SDK examples")
            yield make(spec, ex.operation, "example-sdk", (ex.id,), ex.cite, fixed(reason))
            continue
        yield from reader(spec, model, ex)


FAMILIES = (Family("example-sdk", MODEL_TARGETS, generate,
                   "SDK examples (Python via ast + ParamValidator, Java builders) call real operations correctly"),)
