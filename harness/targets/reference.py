"""The "reference" target: the project's reference emulator (`harness.emulator`), in-process.

``--target reference`` or ``--target reference:MUTANT`` (a deliberately broken variant, to show checks
failing). The emulator is imported only when the target is opened, so the registry works before the
emulator exists, and started on first use with every spec the run collected, so that it serves exactly
what is being checked: ``harness.emulator.start(spec_paths, mutant=…, port=0)`` returning an object with
``.url`` and ``.stop()``.

Prerequisites: the emulator serves only the documented operations, so a lifecycle check that must first make
a resource through an undocumented ``Create<Resource>`` (a required identifying input of a served ``Create*``
operation or of the ``Create<Resource>`` of a documented state machine, e.g. ``parentArn`` → ``Parent``) could
not. Before the first check of a service, the target seeds
one such resource through ``POST /harness-api/resources`` and hands it to the checks as an existing resource
(what a scenario file's ``resources`` would say); a scenario file's own resources win.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import threading
from typing import Any
from urllib.request import Request, urlopen

from harness.errors import TargetError, UsageError
from harness.spec.model import Spec
from harness.targets.live import LiveTarget
from harness.targets.scenario import Scenario
from harness.targets.synth import IDENTIFIER, Synthesizer


class ReferenceTarget(LiveTarget):
    """The reference emulator, serving the specs of this run."""

    kind = "reference"
    steps_every_state = True
    """Its state manager steps every documented machine one state per describe (lifecycle checks rely on it)."""
    claims_every_operation = True
    """It is generated from the specs: a documented operation it does not serve is missing, not unsupported."""

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
        self._seed_lock = threading.Lock()
        self._seeded: set[str] = set()

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

    def synthesizer(self, spec: Spec) -> Synthesizer:
        with self._seed_lock:
            if spec.service.name not in self._seeded:
                self._seeded.add(spec.service.name)
                self._seed_prerequisites(spec)
        return super().synthesizer(spec)

    def _control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = Request(self.url + path, data=data, headers={"Content-Type": "application/json"})
        with urlopen(request, timeout=10) as reply:
            return json.loads(reply.read() or b"null")

    def _seed_prerequisites(self, spec: Spec) -> None:
        model = self.model(spec.service.botocore_service)
        if model is None:
            return
        try:
            served = {name for name, op in self._control("/harness-api/machines")["services"]
                      .get(spec.service.name, {}).get("operations", {}).items() if op.get("served")}
        except (OSError, ValueError, KeyError, AttributeError):
            return
        given = self.settings.scenario.service(spec.service.name)
        found: dict[str, dict[str, Any]] = {}
        made_by_checks = {f"Create{m.resource}" for m in spec.state_machines}
        for name in sorted(n for n in served | made_by_checks if n.startswith("Create") and n in model.operation_names):
            shape = model.operation_model(name).input_shape
            for member in shape.required_members if shape else ():
                noun = IDENTIFIER.sub("", member) if IDENTIFIER.search(member) else ""
                other = noun[:1].upper() + noun[1:]
                if (not other or f"Create{other}" not in model.operation_names or f"Create{other}" in served
                        or other in given.resources or other in found):
                    continue
                try:
                    made = self._control("/harness-api/resources", {"service": spec.service.name,
                                                                   "resource": other, "id_field": member})
                except (OSError, ValueError):
                    continue
                found[other] = {member: made["id"]}
        if found:
            service = dataclasses.replace(given, resources={**found, **given.resources})
            scenario = Scenario({**self.settings.scenario.services, spec.service.name: service},
                                self.settings.scenario.path)
            self.settings = dataclasses.replace(self.settings, scenario=scenario)
