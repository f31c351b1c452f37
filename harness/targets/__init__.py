"""Targets: what the checks are run against, one small interface and a registry of kinds.

    TARGETS["botocore"]   → BotocoreModel    the installed botocore service models (static, no network),
                                             a `ModelTarget`
    TARGETS["url"]        → UrlTarget        any live endpoint over HTTP (`harness.targets.live`)
    TARGETS["moto"]       → MotoTarget       moto's server, started in-process (`harness.targets.moto_server`)
    TARGETS["reference"]  → ReferenceTarget  the project's reference emulator (`harness.targets.reference`)

A target is named on the command line as ``KIND``, ``KIND=ARGUMENT`` or ``KIND:ARGUMENT``
(``url=http://localhost:5000``, ``reference:some-mutant``); a bare ``http://`` or ``https://`` URL means
kind "url". `open_target` looks the kind up in `TARGETS` and hands the argument to its factory. Check
families declare which kinds they apply to (`harness.checks.Family.targets`), so a new target kind joins
by adding one entry here and listing its kind in the families that can judge it. Factories import their
module lazily: the registry costs nothing until a kind is used.
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


def _url(argument: str | None) -> Target:
    from harness.targets.live import UrlTarget

    if not argument:
        raise UsageError(reason="target url needs a URL: --target url=http://HOST:PORT (or just the URL)")
    return UrlTarget(argument)


def _moto(argument: str | None) -> Target:
    from harness.targets.moto_server import MotoTarget

    if argument:
        raise UsageError(reason=f"target moto takes no argument, got {argument!r}")
    return MotoTarget()


def _reference(argument: str | None) -> Target:
    from harness.targets.reference import ReferenceTarget

    return ReferenceTarget(argument)


TARGETS: dict[str, TargetFactory] = {
    "botocore": _botocore,
    "url": _url,
    "moto": _moto,
    "reference": _reference,
}
"""Target kinds by name; each factory takes the text after ``=`` or ``:`` (or None)."""

LIVE_KINDS = frozenset({"url", "moto", "reference"})
"""Kinds that are servers reached over HTTP (`harness.targets.live.LiveTarget`)."""


def parse_target(text: str) -> tuple[str, str | None]:
    """``KIND``, ``KIND=ARG``, ``KIND:ARG`` or a bare http(s) URL → (kind, argument or None)."""
    text = text.strip()
    if text.lower().startswith(("http://", "https://")):
        return "url", text
    cut = min((i for i in (text.find("="), text.find(":")) if i >= 0), default=-1)
    if cut < 0:
        return text, None
    return text[:cut].strip(), text[cut + 1:].strip() or None


def open_target(text: str) -> Target:
    """``KIND``, ``KIND=ARGUMENT``, ``KIND:ARGUMENT`` or a URL → a ready target; an unknown kind is a `UsageError`."""
    kind, argument = parse_target(text)
    factory = TARGETS.get(kind)
    if factory is None:
        known = ", ".join(sorted(TARGETS))
        raise UsageError(reason=f"unknown target kind {kind!r} (known: {known})")
    return factory(argument)
