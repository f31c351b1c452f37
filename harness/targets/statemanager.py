"""moto's state manager, where a target offers it: step resources through their states instead of waiting.

    POST /moto-api/state-manager/set-transition    {"model_name": "pipes::pipe", "transition": {...}}
    POST /moto-api/state-manager/unset-transition  {"model_name": …}
    GET  /moto-api/state-manager/get-transition?model_name=…   (used to detect the endpoint)

Model names follow moto's ``<service>::<resource>`` (``transcribe::transcriptionjob``); `model_name` guesses
them from the botocore service name and the resource, lower-cased, separators dropped. Setting a transition
for a model the target does not know is harmless. Transitions are process-wide on the target, so checks that
use them must not run concurrently against one server (each xdist worker has its own in-process server).
"""

from __future__ import annotations

import json
import re
from typing import Any

from harness.targets.http import Request, Sender, Unreachable

PATH = "/moto-api/state-manager/"

STEP = {"progression": "manual", "times": 2}
"""Every second describe call moves the resource one state on (moto counts a call, then moves once the count
reaches ``times``): every state is observed at least once, and a state holds while nobody describes it."""


def model_name(service: str, resource: str) -> str:
    """moto's name for a resource's state model: ("personalize", "SolutionVersion") → "personalize::solutionversion"."""
    return f"{service}::{re.sub(r'[^a-z0-9]', '', resource.lower())}"


class StateManager:
    """The state-manager endpoints of one target."""

    def __init__(self, url: str, sender: Sender, timeout: float = 5.0) -> None:
        self.url, self.sender, self.timeout = url.rstrip("/"), sender, timeout

    def available(self) -> bool:
        try:
            reply = self.sender.send(Request("GET", f"{self.url}{PATH}get-transition?model_name=harness::probe"),
                                     self.timeout)
        except Unreachable:
            return False
        if reply.status != 200:
            return False
        try:
            data = json.loads(reply.body)
        except ValueError:
            return False
        return isinstance(data, dict) and "progression" in data

    def _post(self, action: str, body: dict[str, Any]) -> bool:
        try:
            reply = self.sender.send(Request("POST", f"{self.url}{PATH}{action}", {"Content-Type": "application/json"},
                                             json.dumps(body).encode()), self.timeout)
        except Unreachable:
            return False
        return 200 <= reply.status < 300

    def set(self, model: str, transition: dict[str, Any]) -> bool:
        return self._post("set-transition", {"model_name": model, "transition": transition})

    def unset(self, model: str) -> bool:
        return self._post("unset-transition", {"model_name": model})
