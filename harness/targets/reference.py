"""The "reference" target: the project's reference emulator (`harness.emulator`), in-process.

``--target reference`` or ``--target reference:MUTANT`` (a deliberately broken variant, to show checks
failing). The emulator is imported only when the target is opened, so the registry works before the
emulator exists, and started on first use with every spec the run collected, so that it serves exactly
what is being checked: ``harness.emulator.start(spec_paths, mutant=…, port=0)`` returning an object with
``.url`` and ``.stop()``.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from harness.errors import TargetError, UsageError
from harness.targets.live import LiveTarget


class ReferenceTarget(LiveTarget):
    """The reference emulator, serving the specs of this run."""

    kind = "reference"

    def __init__(self, mutant: str | None = None) -> None:
        try:
            self._emulator = importlib.import_module("harness.emulator")
        except ImportError as exc:
            raise UsageError(reason=f"reference emulator not available ({exc})") from None
        if not hasattr(self._emulator, "start"):
            raise UsageError(reason="reference emulator not available (harness.emulator has no start())")
        super().__init__(f"reference:{mutant}" if mutant else "reference")
        self.mutant = mutant
        self._server: Any = None
        self._start_lock = threading.Lock()

    def base_url(self) -> str:
        with self._start_lock:
            if self._server is None:
                try:
                    self._server = self._emulator.start(list(self.spec_paths), mutant=self.mutant, port=0)
                except Exception as exc:  # noqa: BLE001 -- any failure to start is one clear target error
                    raise TargetError(target=self.name, reason=f"cannot start the reference emulator: {exc}") from None
            return str(self._server.url)

    def close(self) -> None:
        with self._start_lock:
            if self._server is not None:
                self._server.stop()
                self._server = None
        super().close()
