"""The optional scenario file (``harness verify --scenario FILE``): what synthesis cannot provide.

YAML or JSON, every key optional::

    services:
      modelarts:                      # a spec's service name
        inputs:                       # input member → value, used wherever an operation takes it
          project_id: 0123456789abcdef
          job_id: 10
          version_id: 10
        operations:                   # per operation: input merged over synthesized values
          StopTrainingJob: {}
        resources:                    # an existing resource to use instead of creating one:
          TrainingJob:                #   its identifying inputs (job ids, ARNs)
            job_id: 10
        headers:                      # extra request headers (plain REST only)
          X-Auth-Token: my-token
        region: eu-de                 # signing region for AWS protocols (default: from the URL, else us-east-1)

Problems are collected and reported together as one `UsageError` naming the file and each key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harness.errors import UsageError

SERVICE_KEYS = ("inputs", "operations", "resources", "headers", "region")


@dataclass(frozen=True, slots=True)
class ServiceScenario:
    """What the scenario supplies for one service."""

    inputs: dict[str, Any] = field(default_factory=dict)
    """Input member name → value, for every operation."""
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Operation → input values merged over the synthesized ones."""
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Resource name → identifying values of an existing resource (used instead of creating one)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Extra request headers for plain REST calls."""
    region: str | None = None
    """The signing region for AWS protocols."""

    def input_for(self, operation: str) -> dict[str, Any]:
        """Scenario values for ``operation``: the service-wide inputs, then the operation's own."""
        return {**self.inputs, **self.operations.get(operation, {})}


@dataclass(frozen=True, slots=True)
class Scenario:
    """A whole scenario file."""

    services: dict[str, ServiceScenario] = field(default_factory=dict)
    """By spec service name."""
    path: str | None = None
    """Where it was read from."""

    def service(self, name: str) -> ServiceScenario:
        return self.services.get(name, ServiceScenario())


def _mapping(value: Any, where: str, problems: list[str]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a mapping, got {type(value).__name__}")
        return {}
    return {str(k): v for k, v in value.items()}


def _service(name: str, data: Any, problems: list[str]) -> ServiceScenario:
    where = f"services.{name}"
    body = _mapping(data, where, problems)
    problems += [f"{where}.{k}: unknown key (known: {', '.join(SERVICE_KEYS)})" for k in body if k not in SERVICE_KEYS]
    operations = {k: _mapping(v, f"{where}.operations.{k}", problems)
                  for k, v in _mapping(body.get("operations"), f"{where}.operations", problems).items()}
    resources = {k: _mapping(v, f"{where}.resources.{k}", problems)
                 for k, v in _mapping(body.get("resources"), f"{where}.resources", problems).items()}
    region = body.get("region")
    if region is not None and not isinstance(region, str):
        problems.append(f"{where}.region: expected a string")
        region = None
    headers = {k: str(v) for k, v in _mapping(body.get("headers"), f"{where}.headers", problems).items()}
    return ServiceScenario(_mapping(body.get("inputs"), f"{where}.inputs", problems), operations, resources,
                           headers, region)


def parse(data: Any, path: str = "<scenario>") -> Scenario:
    problems: list[str] = []
    top = _mapping(data, "top level", problems)
    problems += [f"{k}: unknown key (known: services)" for k in top if k != "services"]
    services = {k: _service(k, v, problems) for k, v in _mapping(top.get("services"), "services", problems).items()}
    if problems:
        raise UsageError(reason=f"scenario {path}: " + "; ".join(problems))
    return Scenario(services, path)


def load(path: str | Path) -> Scenario:
    """Read a scenario file (``.json`` as JSON, anything else as YAML, which also reads JSON)."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
        data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except OSError as exc:
        raise UsageError(reason=f"scenario {p}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, yaml.YAMLError) as exc:
        raise UsageError(reason=f"scenario {p}: not valid {'JSON' if p.suffix == '.json' else 'YAML'}: "
                         f"{str(exc).splitlines()[0]}") from None
    return parse(data or {}, str(p))
