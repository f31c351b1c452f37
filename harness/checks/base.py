"""The data every check family shares: a planned `Check`, its `Outcome`, and the `Family` entry.

A family turns a spec into checks at collection time (cheap, deterministic, no verdicts yet);
each check's ``judge`` runs later, once, and returns an `Outcome`. `execute` runs a judge so
that it never raises: an unexpected exception becomes the verdict "error" with its text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from harness.spec.model import Cite, Spec

VERDICTS = ("pass", "fail", "not-implemented", "error", "skipped")
"""Every verdict, in the order summaries list them."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a judge decided."""

    verdict: str
    """One of VERDICTS."""
    expected: Any
    """What the docs say, as a JSON value."""
    observed: Any
    """What the model or target has, as a JSON value."""
    message: str
    """One sentence a person can act on; for "skipped", the reason."""


def passed(expected: Any, observed: Any, message: str) -> Outcome:
    return Outcome("pass", expected, observed, message)


def failed(expected: Any, observed: Any, message: str) -> Outcome:
    return Outcome("fail", expected, observed, message)


def skipped(reason: str, expected: Any = None) -> Outcome:
    return Outcome("skipped", expected, None, reason)


def judged(ok: bool, expected: Any, observed: Any, ok_message: str, fail_message: str) -> Outcome:
    return Outcome("pass" if ok else "fail", expected, observed, ok_message if ok else fail_message)


Judge = Callable[[], Outcome]


def fixed(outcome: Outcome) -> Judge:
    """A judge whose outcome is known when the check is generated (e.g. skipped for want of a model)."""
    def judge() -> Outcome:
        return outcome
    return judge


@dataclass(frozen=True, slots=True)
class Check:
    """One generated check: becomes one pytest item and one result."""

    id: str
    """"<service>.<operation>.<check>[.<detail>]", or "<service>.<check>.<detail>" without an operation."""
    service: str
    """The spec's service name."""
    operation: str | None
    """The operation the fact belongs to, if any."""
    check: str
    """The family name (kebab-case)."""
    cite: tuple[Cite, ...]
    """The documentation lines that state the fact under test."""
    judge: Judge
    """Decides the verdict; called once, by `execute`."""


def check_id(service: str, operation: str | None, check: str, *detail: str) -> str:
    return ".".join(p for p in (service, operation, check, *detail) if p)


def make(spec: Spec, operation: str | None, family: str, detail: tuple[str, ...],
         cite: Iterable[Cite], judge: Judge) -> Check:
    """A check of ``spec`` with its id built from the parts; cites are de-duplicated, order kept."""
    cites = tuple(dict.fromkeys(cite))
    return Check(check_id(spec.service.name, operation, family, *detail), spec.service.name, operation,
                 family, cites, judge)


@dataclass(frozen=True, slots=True)
class Family:
    """A registry entry: one kind of check, the targets it can judge, and its generator."""

    name: str
    """The kebab-case check name written to each result."""
    targets: frozenset[str]
    """Target kinds (`harness.targets.TARGETS` keys) this family applies to."""
    generate: Callable[[Spec, Any], Iterable[Check]]
    """Spec and target → checks, in a stable order."""
    summary: str
    """One line for --help and docs."""


def jsonable(value: Any) -> Any:
    """A JSON value equal to ``value`` (tuples → lists, sets → sorted lists, other objects → str)."""
    def default(obj: Any) -> Any:
        if isinstance(obj, (set, frozenset)):
            return sorted(obj, key=str)
        return str(obj)
    return json.loads(json.dumps(value, default=default))


def execute(check: Check) -> tuple[Outcome, float]:
    """Run the judge; never raises (bar KeyboardInterrupt). Returns the outcome and seconds taken."""
    start = time.perf_counter()
    try:
        outcome = check.judge()
        outcome = Outcome(outcome.verdict, jsonable(outcome.expected), jsonable(outcome.observed), outcome.message)
    except Exception as exc:  # noqa: BLE001 -- a check must never crash the run
        outcome = Outcome("error", None, None, f"check raised {type(exc).__name__}: {exc}")
    return outcome, time.perf_counter() - start
