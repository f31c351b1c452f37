"""Shared by the emulator tests: a tiny real-HTTP client (`Wire`) and flows over the specs in specs/."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

AMZ_JSON = "application/x-amz-json-1.1"
ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
FIXTURES = Path(__file__).parent / "fixtures"
P = "AmazonPersonalize."
R = "RekognitionService."
STOP_JOB = "/v1/{project}/training-jobs/{job}/versions/{version}/stop"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def body(self) -> Any:
        return json.loads(self.text) if self.text else None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def error(self) -> str | None:
        """The AWS error name (``__type``) or the failure body's code, if any."""
        body = self.body if self.text.startswith("{") else {}
        return body.get("__type") or body.get("error_code")


class Wire:
    """Requests against one emulator URL; keeps one keep-alive connection (not thread-safe: one per thread)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=30)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def raw(self, method: str, path: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None) -> Answer:
        self._conn.request(method, path, body=body, headers=headers or {})
        r = self._conn.getresponse()
        text = r.read().decode()
        answer = Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, text)
        if answer.headers.get("connection", "").lower() == "close":
            self._conn.close()
        return answer

    def aws(self, target: str, body: Any = None, raw: str | bytes | None = None) -> Answer:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.raw("POST", "/", data, {"X-Amz-Target": target, "Content-Type": AMZ_JSON})

    def rest(self, method: str, path: str, body: Any = None) -> Answer:
        data = json.dumps(body) if body is not None else None
        return self.raw(method, path, data, {"Content-Type": "application/json"} if data else {})

    def control(self, method: str, path: str, body: Any = None) -> Answer:
        return self.rest(method, path, body)

    def advance(self, seconds: float) -> Answer:
        return self.control("POST", "/harness-api/clock/advance", {"seconds": seconds})


def solution(w: Wire, name: str = "s1") -> str:
    answer = w.aws(P + "CreateSolution", {"name": name, "datasetGroupArn": "arn:aws:personalize:::dataset-group/g"})
    assert answer.status == 200, answer.text
    return str(answer.body["solutionArn"])


def solution_version(w: Wire, solution_arn: str, **extra: Any) -> str:
    answer = w.aws(P + "CreateSolutionVersion", {"solutionArn": solution_arn, **extra})
    assert answer.status == 200, answer.text
    return str(answer.body["solutionVersionArn"])


def describe_sv(w: Wire, arn: str) -> Answer:
    return w.aws(P + "DescribeSolutionVersion", {"solutionVersionArn": arn})


def sv_status(w: Wire, arn: str) -> str | None:
    answer = describe_sv(w, arn)
    return answer.body["solutionVersion"]["status"] if answer.status == 200 else answer.error


def stop_sv(w: Wire, arn: str) -> Answer:
    return w.aws(P + "StopSolutionVersionCreation", {"solutionVersionArn": arn})


def seed(w: Wire, service: str, resource: str, **body: Any) -> dict[str, Any]:
    answer = w.control("POST", "/harness-api/resources", {"service": service, "resource": resource, **body})
    assert answer.status == 201, answer.text
    return dict(answer.body)
