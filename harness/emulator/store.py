"""The in-memory state: resources, the emulator's clock, and moto-style transition settings.

One re-entrant lock guards all of it; the app holds it for the whole of an operation, so concurrent
requests see each other's effects whole or not at all. Resources are frozen and replaced on change.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

DEFAULT_TRANSITION: dict[str, Any] = {"progression": "time", "seconds": 10}
"""How automatic steps happen unless the state manager says otherwise: every 10 s of the emulator's clock."""


@dataclass(frozen=True, slots=True)
class Resource:
    service: str
    kind: str
    id: str
    status: str | None
    """None for a kind without a state machine."""
    previous: str | None
    """The status before the last change."""
    attrs: dict[str, Any] = field(default_factory=dict)
    """The request parameters it was created with."""
    created: float = 0.0
    changed: float = 0.0
    """Clock time of the last status change."""
    reads: int = 0
    """Reads since the last status change (moto's "manual" progression counts them)."""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.service, self.kind, self.id)


class Clock:
    """Seconds since the epoch that move only when advanced (or also with wall time when ``realtime``)."""

    def __init__(self, realtime: bool = False) -> None:
        self.realtime = realtime
        self._base = time.time()
        self._start = time.monotonic()
        self._offset = 0.0

    def now(self) -> float:
        return self._base + self._offset + (time.monotonic() - self._start if self.realtime else 0.0)

    def advance(self, seconds: float) -> float:
        self._offset += seconds
        return self.now()


class Store:
    def __init__(self, clock: Clock) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self._items: dict[tuple[str, str, str], Resource] = {}
        self._transitions: dict[str, dict[str, Any]] = {}
        self._serial = itertools.count(1)

    def get(self, service: str, kind: str, ident: str) -> Resource | None:
        return self._items.get((service, kind, ident))

    def put(self, resource: Resource) -> None:
        self._items[resource.key] = resource

    def remove(self, resource: Resource) -> None:
        self._items.pop(resource.key, None)

    def all(self, service: str | None = None, kind: str | None = None) -> list[Resource]:
        """Resources in creation order, optionally of one service and kind."""
        return [r for r in self._items.values()
                if (service is None or r.service == service) and (kind is None or r.kind == kind)]

    def serial(self) -> int:
        return next(self._serial)

    def transition(self, model: str) -> dict[str, Any]:
        return self._transitions.get(model, DEFAULT_TRANSITION)

    def set_transition(self, model: str, config: dict[str, Any]) -> None:
        self._transitions[model] = config

    def unset_transition(self, model: str) -> None:
        self._transitions.pop(model, None)

    def reset(self) -> None:
        self._items.clear()
        self._transitions.clear()
