"""What-it-must-show 1: against moto's own server (started in-process), the seeds' Personalize and Rekognition
operations come out "not-implemented", not "error", and the run completes cleanly; plus the moto target itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.targets import open_target
from harness.targets.exchange import NOT_IMPLEMENTED_HEADER
from harness.targets.http import Request, Sender
from harness.targets.moto_server import MotoTarget

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("moto")
    for spec in ("aws/personalize.json", "aws/rekognition.json", "otc/modelarts.json"):
        shutil.copy(ROOT / "specs" / spec, tmp / Path(spec).name)
    code = main(["verify", str(tmp), "--target", "moto", "--out", str(tmp / "out"), "-n", "2"])
    data = json.loads((tmp / "out" / "results.json").read_text("utf-8"))
    return {"code": code, "data": data}


def test_the_run_completes_cleanly(run: dict[str, Any]) -> None:
    assert run["code"] == 0
    header = run["data"]["run"]
    assert header["target_kind"] == "moto" and header["target"].startswith("moto==")
    assert not header["spec_errors"]


@pytest.mark.parametrize("service", ["personalize", "rekognition"])
def test_seed_operations_are_not_implemented_not_error(run: dict[str, Any], service: str) -> None:
    results = [r for r in run["data"]["results"] if r["service"] == service]
    assert results
    assert {r["verdict"] for r in results} == {"not-implemented"}, \
        {r["id"]: (r["verdict"], r["message"]) for r in results if r["verdict"] != "not-implemented"}
    implemented = {r["operation"]: r["message"] for r in results if r["check"] == "implemented"}
    assert "has not been implemented" in implemented["StopProjectVersion" if service == "rekognition"
                                                     else "StopSolutionVersionCreation"]


def test_a_service_moto_lacks_is_not_implemented_without_a_request(run: dict[str, Any]) -> None:
    results = [r for r in run["data"]["results"] if r["service"] == "modelarts"]
    assert results and {r["verdict"] for r in results} == {"not-implemented"}
    assert all("moto emulates AWS services only" in r["message"] for r in results)


def test_moto_starts_lazily_marks_not_implemented_and_stays_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    target = open_target("moto")
    assert isinstance(target, MotoTarget) and target._url is None  # nothing started yet
    try:
        url = target.url
        assert url.startswith("http://127.0.0.1:")
        sender = Sender()
        reply = sender.send(Request("POST", url + "/", {"X-Amz-Target": "AmazonPersonalize.ListRecipes",
                                                        "Content-Type": "application/x-amz-json-1.1",
                                                        "Authorization": "AWS4-HMAC-SHA256 Credential=testing/"
                                                        "20240101/us-east-1/personalize/aws4_request, "
                                                        "SignedHeaders=host, Signature=x"}, b"{}"), 10)
        assert reply.status == 500 and "has not been implemented" in reply.headers[NOT_IMPLEMENTED_HEADER]
        assert target.state_manager() is not None  # moto offers /moto-api/state-manager/
    finally:
        target.close()
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "NotImplementedError" not in out + err
