"""Live targets: a server reached over HTTP, whatever started it.

    LiveTarget            the shared part: settings, one `Sender`, a transport per spec, the state manager
      ├─ UrlTarget        any endpoint given as a URL           (harness.targets: "url", or a bare http(s) URL)
      ├─ MotoTarget       moto's server, started in-process     (harness.targets.moto_server: "moto")
      └─ ReferenceTarget  the project's reference emulator      (harness.targets.reference: "reference")

`TRANSPORTS` picks how a spec is spoken: through botocore when the spec names a botocore service
(json, rest-json, and any other AWS protocol botocore knows), else plain REST from the spec's routes.
Safety lives here too: `real_aws` is true for ``*.amazonaws.com`` endpoints, which alone get the
environment's credentials and, unless ``allow_mutations``, only read-only and negative checks.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from botocore.model import ServiceModel

from harness.errors import SpecError, UsageError
from harness.spec.model import Spec
from harness.targets.aws import AwsTransport
from harness.targets.botocore_model import available_services, service_model
from harness.targets.exchange import Exchange
from harness.targets.http import MAX_BODY, Sender
from harness.targets.rest import RestTransport
from harness.targets.scenario import Scenario
from harness.targets.statemanager import StateManager
from harness.targets.synth import Synthesizer


@dataclass(frozen=True, slots=True)
class LiveSettings:
    """How checks may use a live target (from the command line)."""

    allow_mutations: bool = False
    """Run creating/changing checks against real AWS endpoints too."""
    check_timeout: float = 60.0
    """Seconds each check may take before it is given the verdict "error"."""
    request_timeout: float = 15.0
    """Seconds one request may take at most (less when the check's deadline is nearer)."""
    deadline: float | None = None
    """Wall-clock time (``time.time()``) by which the whole run must end; None for no limit."""
    scenario: Scenario = field(default_factory=Scenario)
    """Inputs and existing resources that synthesis cannot provide."""
    max_body: int = MAX_BODY
    """Reply bodies longer than this are abandoned."""


class Transport(Protocol):
    """Speaks one service's protocol to a target."""

    @property
    def protocol(self) -> str: ...

    def call(self, operation: str, params: Mapping[str, Any], *, timeout: float,
             validate: bool = True) -> Exchange: ...


def _aws_applies(spec: Spec) -> bool:
    return spec.service.botocore_service is not None and spec.service.botocore_service in available_services()


def _rest_applies(spec: Spec) -> bool:
    return any(op.http is not None for op in spec.operations)


def _aws(target: LiveTarget, spec: Spec) -> Transport:
    name = spec.service.botocore_service
    assert name is not None
    return AwsTransport(name, target.url, target.sender, region=target.region(spec), real_credentials=target.real_aws)


def _rest(target: LiveTarget, spec: Spec) -> Transport:
    headers = target.settings.scenario.service(spec.service.name).headers
    return RestTransport(spec, target.url, target.sender, headers or None)


TRANSPORTS: tuple[tuple[str, Callable[[Spec], bool], Callable[[LiveTarget, Spec], Transport]], ...] = (
    ("aws", _aws_applies, _aws),
    ("rest", _rest_applies, _rest),
)
"""(name, does it apply to the spec, factory), first match wins."""


class LiveTarget:
    """A server reached over HTTP; subclasses say where it is (`base_url`) and how it starts and stops."""

    kind = "url"

    def __init__(self, name: str) -> None:
        self.name = name
        self.settings = LiveSettings()
        self.sender = Sender()
        self.spec_paths: list[str] = []
        self._transports: dict[str, Transport | None] = {}
        self._synths: dict[str, Synthesizer] = {}
        self._state_manager: StateManager | None = None
        self._probed = False
        self._lock = threading.Lock()

    def configure(self, settings: LiveSettings) -> None:
        with self._lock:
            self.settings = settings
            self.sender.max_body = settings.max_body
            self._transports.clear()
            self._synths.clear()

    def base_url(self) -> str:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return self.base_url().rstrip("/")

    @property
    def real_aws(self) -> bool:
        """The endpoint is AWS itself (``*.amazonaws.com``, ``*.amazonaws.com.cn``)."""
        host = (urlsplit(self.url).hostname or "").lower()
        return bool(re.search(r"(^|\.)amazonaws\.com(\.cn)?$", host))

    def region(self, spec: Spec) -> str:
        given = self.settings.scenario.service(spec.service.name).region
        if given:
            return given
        host = urlsplit(self.url).hostname or ""
        found = re.search(r"\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com", host)
        return found.group(1) if found else "us-east-1"

    def check_spec(self, spec: Spec, path: str) -> None:
        name = spec.service.botocore_service
        if name is not None and name not in available_services():
            raise SpecError(path=path, field="service.botocore_service",
                            reason=f"unknown botocore service {name!r}: cannot speak its protocol")
        if name is None and not _rest_applies(spec):
            raise SpecError(path=path, field="operations", reason="no botocore service and no HTTP routes: "
                            "nothing to call")
        if path not in self.spec_paths:
            self.spec_paths.append(path)

    def unserved(self, spec: Spec) -> str | None:
        """Why this target does not offer ``spec``'s service at all (every check: "not-implemented"), or None."""
        return None

    def transport(self, spec: Spec) -> Transport | None:
        """How to call ``spec``'s service on this target; None when neither botocore nor routes apply."""
        key = spec.service.name
        with self._lock:
            if key not in self._transports:
                found = next((make for _, applies, make in TRANSPORTS if applies(spec)), None)
                self._transports[key] = found(self, spec) if found else None
            return self._transports[key]

    def synthesizer(self, spec: Spec) -> Synthesizer:
        """One synthesizer per service for this target (its token keeps names unique within the run)."""
        with self._lock:
            if spec.service.name not in self._synths:
                self._synths[spec.service.name] = Synthesizer(spec.service.botocore_service or spec.service.name,
                                                              self.settings.scenario.service(spec.service.name))
            return self._synths[spec.service.name]

    def model(self, name: str | None) -> ServiceModel | None:
        return service_model(name) if name and name in available_services() else None

    def state_manager(self) -> StateManager | None:
        """moto's state manager on this target, when it offers one (never on real AWS)."""
        with self._lock:
            if not self._probed:
                manager = StateManager(self.url, self.sender)
                self._state_manager = manager if not self.real_aws and manager.available() else None
                self._probed = True
            return self._state_manager

    def close(self) -> None:
        self.sender.close()


class UrlTarget(LiveTarget):
    """Any endpoint, given as a URL."""

    kind = "url"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(reason=f"target url needs an http(s) URL, got {url!r}")
        super().__init__(url.rstrip("/"))
        self._url = url.rstrip("/")

    def base_url(self) -> str:
        return self._url
