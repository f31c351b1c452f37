"""What-it-must-show 3: ModelArts over plain REST, from the spec's ``http.method`` and ``http.uri``, against a test
server: the stop route, the typed path parameters and the two documented body formats are checked, end to end
through `harness verify --target URL`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from _live_servers import ModelArts
from _live_support import serve

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "otc" / "modelarts.json"
OP = "modelarts.StopTrainingJob"


def verify(tmp: Path, url: str, *extra: str) -> tuple[int, dict[str, dict[str, Any]]]:
    code = main(["verify", str(tmp / "modelarts.json"), "--target", url, "--out", str(tmp / "out"), *extra])
    data = json.loads((tmp / "out" / "results.json").read_text("utf-8"))
    assert data["run"]["target_kind"] == "url" and data["run"]["target"] == url
    return code, {r["id"]: r for r in data["results"]}


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    shutil.copy(SPEC, tmp_path / "modelarts.json")
    return tmp_path


def test_route_types_and_error_format_are_checked(tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = ModelArts()
    with serve(server) as url:
        code, results = verify(tmp, url)
    assert code == 0, capsys.readouterr()
    assert {i: r["verdict"] for i, r in results.items()} == {
        f"{OP}.implemented": "pass",
        f"{OP}.path-parameter-type.job_id": "pass",
        f"{OP}.path-parameter-type.version_id": "pass",
        f"{OP}.response-conformance": "pass",
        f"{OP}.unknown-resource": "pass",
    }
    unknown = results[f"{OP}.unknown-resource"]
    assert unknown["expected"] == {"status": 404} and unknown["observed"]["error"] == "ModelArts.0105"
    assert "rejects job_id='not-a-number' with HTTP 400 ModelArts.0103" in \
        results[f"{OP}.path-parameter-type.job_id"]["message"]
    assert "error reply (HTTP 404) has the documented form" in results[f"{OP}.response-conformance"]["message"]
    assert results[f"{OP}.path-parameter-type.job_id"]["cite"][0]["text"].startswith("job_id | Yes | Long")
    assert not server.stopped


def test_the_success_format_with_a_scenario_naming_a_real_job(tmp: Path) -> None:
    (tmp / "scenario.yaml").write_text("services:\n  modelarts:\n    inputs: {project_id: p0, job_id: 10, "
                                       "version_id: 10}\n    headers: {X-Auth-Token: from-scenario}\n", "utf-8")
    server = ModelArts()
    with serve(server) as url:
        code, results = verify(tmp, url, "--scenario", str(tmp / "scenario.yaml"))
    assert code == 0
    assert "success reply (HTTP 200) has the documented form" in results[f"{OP}.response-conformance"]["message"]
    assert results[f"{OP}.unknown-resource"]["verdict"] == "skipped"  # the scenario fixes every identifier
    assert (10, 10) in server.stopped


@pytest.mark.parametrize("mutant, failing, says", [
    ("wrong-error-format", f"{OP}.response-conformance", "matches no documented error format"),
    ("route-404", f"{OP}.path-parameter-type.job_id", "no documented error body"),
])
def test_departures_fail_and_exit_1(tmp: Path, mutant: str, failing: str, says: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with serve(ModelArts(mutant)) as url:
        code, results = verify(tmp, url)
    assert code == 1
    assert results[failing]["verdict"] == "fail" and says in results[failing]["message"]
    assert f"FAIL {failing}: " in capsys.readouterr().out
