"""Check families: a registry of generators that turn a spec into checks for a target.

    spec ──generate(spec, target)──▶ Check(id, …, judge) ──execute──▶ Outcome ──▶ harness.results.Result

`FAMILY_MODULES` lists the modules, one per family (or pair of close families); each exports ``FAMILIES``,
a tuple of `Family` entries. A new family joins by adding its module name here. Every family names the
target kinds it can judge; `generate` runs only those that apply to the target's kind, in registry order,
and makes ids unique (a repeated id gets ``#2``, ``#3`` in order of generation). A generator that raises
yields one "error" check instead, so one broken family never hides the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from harness.checks.base import VERDICTS, Check, Family, Outcome, execute, fixed, make
from harness.spec.model import Spec

__all__ = ["VERDICTS", "Check", "Family", "Outcome", "execute", "families", "generate"]

FAMILY_MODULES = (
    "operations",       # operation-exists, operation-name
    "inputs",           # input-name, input-type
    "required",         # required-parameter
    "outputs",          # output-field
    "enum_values",      # enum-values
    "errors",           # errors
    "http",             # http
    "waiters",          # waiter-states
    "example_cli",      # example-cli
    "example_sdk",      # example-sdk (python, java)
    "example_json",     # example-request, example-response
    "example_curl",     # example-curl
    "enum_spelling",    # enum-spelling
    "live_implemented",  # implemented                      (live targets from here on)
    "live_required",    # required-input
    "live_unknown",     # unknown-resource
    "live_conformance",  # response-conformance
    "live_rest",        # path-parameter-type
    "live_enum",        # input-enum
    "live_malformed",   # malformed-body
    "lifecycle",        # lifecycle-create, transition, stop-keeps-resource, terminal-state, precondition
)


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    """Every registered family, in registry order."""
    found: list[Family] = []
    for name in FAMILY_MODULES:
        found.extend(importlib.import_module(f"harness.checks.{name}").FAMILIES)
    return tuple(found)


def _broken(spec: Spec, family: Family, exc: Exception) -> Check:
    outcome = Outcome("error", None, None, f"generating {family.name} checks raised {type(exc).__name__}: {exc}")
    return make(spec, None, family.name, ("generate",), (), fixed(outcome))


def generate(spec: Spec, target: Any, only: frozenset[str] | None = None) -> Iterator[Check]:
    """Every check of ``spec`` for ``target`` (families applying to its kind; ``only`` narrows by name)."""
    seen: dict[str, int] = {}
    for family in families():
        if target.kind not in family.targets or (only is not None and family.name not in only):
            continue
        try:
            checks = list(family.generate(spec, target))
        except Exception as exc:  # noqa: BLE001 -- a broken generator becomes one error result
            checks = [_broken(spec, family, exc)]
        for check in checks:
            n = seen[check.id] = seen.get(check.id, 0) + 1
            yield check if n == 1 else Check(f"{check.id}#{n}", check.service, check.operation, check.check,
                                             check.cite, check.judge)
