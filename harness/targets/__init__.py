"""Targets: what the checks are run against, one small interface and a registry of kinds.

    TARGETS["botocore"]  → BotocoreModel   the installed botocore service models (static, no network),
                                           a `ModelTarget`
    (issue 4 adds "moto", "url" and "reference": live transports implementing the same interface)

A target is named on the command line as ``KIND`` or ``KIND=ARGUMENT`` (``url=http://localhost:5000``);
`open_target` looks the kind up in `TARGETS` and hands the argument to its factory. Check families
declare which kinds they apply to (`harness.checks.Family.targets`), so a new target kind joins by
adding one entry here and listing its kind in the families that can judge it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from botocore.model import ServiceModel
from botocore.waiter import WaiterModel

from harness.errors import UsageError
from harness.spec.model import Spec


@runtime_checkable
class Target(Protocol):
    """What every target offers the plugin; live transports add their own request method."""

    kind: str
    """The registry key: "botocore" | "moto" | "url" | "reference"."""
    name: str
    """What the run was against, written to ``run.target`` (e.g. ``botocore==1.43.11``)."""

    def check_spec(self, spec: Spec, path: str) -> None:
        """Raise `SpecError` naming ``path`` and the field when this target cannot check the spec at all."""

    def close(self) -> None:
        """Release what the target holds (servers, sockets); a no-op for static models."""


@runtime_checkable
class ModelTarget(Target, Protocol):
    """A target that exposes botocore service and waiter models (what the model check families read)."""

    def model(self, name: str | None) -> ServiceModel | None:
        """The service model for a spec's ``botocore_service``; None when there is none."""

    def waiters(self, name: str | None) -> WaiterModel | None:
        """The service's waiters; None when it defines none."""


TargetFactory = Callable[[str | None], Target]


def _botocore(argument: str | None) -> Target:
    from harness.targets.botocore_model import BotocoreModel

    if argument:
        raise UsageError(reason=f"target botocore takes no argument, got {argument!r}")
    return BotocoreModel()


TARGETS: dict[str, TargetFactory] = {
    "botocore": _botocore,
}
"""Target kinds by name; each factory takes the text after ``=`` (or None)."""


def open_target(text: str) -> Target:
    """``KIND`` or ``KIND=ARGUMENT`` → a ready target; an unknown kind is a `UsageError`."""
    kind, _, argument = text.partition("=")
    factory = TARGETS.get(kind.strip())
    if factory is None:
        known = ", ".join(sorted(TARGETS))
        raise UsageError(reason=f"unknown target kind {kind!r} (known: {known})")
    return factory(argument.strip() or None)
