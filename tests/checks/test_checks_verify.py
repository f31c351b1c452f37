"""`harness verify`: exit codes, one clear line per bad input, and the good specs still checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _checks_support import BAD, GOOD

from harness.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    return tmp_path


def results(root: Path, out: str = "out") -> dict[str, str]:
    data = json.loads((root / out / "results.json").read_text("utf-8"))
    return {r["id"]: r["verdict"] for r in data["results"]}


def test_all_good_specs_exit_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("rekognition", "lambda", "modelarts"):
        shutil.copy(GOOD / f"{name}.json", project / "specs")
    assert main(["verify", "--target", "botocore", "--out", "out"]) == 0
    out = capsys.readouterr().out
    assert "  pass: " in out and "  fail: 0" in out and "  skipped: " in out and "  error: 0" in out
    assert (project / "out" / "junit.xml").exists()


def test_a_fail_verdict_exits_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(GOOD / "personalize.json", project / "specs")
    assert main(["verify", "specs", "--out", "out"]) == 1
    out = capsys.readouterr().out
    assert "FAIL personalize.CreateSolutionVersion.example-response.s004-response: " in out
    assert "  fail: 3" in out


@pytest.mark.parametrize("name, content, says", [
    ("schema.json", (BAD / "schema_invalid.json").read_bytes(),
     "specs/schema.json [$.service.protocol]: 'soap' is not one of"),
    ("unknown.json", (BAD / "unknown_service.json").read_bytes(),
     "specs/unknown.json [service.botocore_service]: unknown botocore service 'no-such-service'"),
    ("binary.json", b'{"spec_version": "1", "service": "\xff\xfe"}', "specs/binary.json: cannot read spec"),
    ("truncated.json", b'{"spec_version": "1", "service": {', "specs/truncated.json: not JSON"),
])
def test_bad_spec_exits_2_naming_file_and_field_and_others_still_run(
        project: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, says: str) -> None:
    shutil.copy(GOOD / "lambda.json", project / "specs")
    (project / "specs" / name).write_bytes(content)
    assert main(["verify", "specs", "--target", "botocore", "--out", "out"]) == 2
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("harness: error:")]
    assert len(lines) == 1 and says in lines[0], err
    assert "Traceback" not in err
    assert results(project)["lambda.GetFunction.http"] == "pass"


def test_every_bad_spec_is_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in BAD.iterdir():
        shutil.copy(bad, project / "specs")
    shutil.copy(GOOD / "rekognition.json", project / "specs")
    assert main(["verify", "specs", "-n", "2", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert "specs/schema_invalid.json [$.service.protocol]" in err
    assert "specs/unknown_service.json [service.botocore_service]" in err
    assert results(project)["rekognition.StopProjectVersion.operation-exists"] == "pass"


def test_missing_path_is_reported_and_the_rest_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(GOOD / "lambda.json", project / "specs")
    assert main(["verify", "specs", "nowhere", "--out", "out"]) == 2
    assert "harness: error: nowhere: no such file or directory" in capsys.readouterr().err
    assert results(project)


def test_unknown_target_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--target", "nosuch"]) == 2
    assert "unknown target kind 'nosuch'" in capsys.readouterr().err


def test_empty_spec_folder_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "specs", "--out", "out"]) == 2
    assert "no spec files found in specs" in capsys.readouterr().err


def test_keyword_and_exitfirst_are_passed_to_pytest(project: Path) -> None:
    shutil.copy(GOOD / "personalize.json", project / "specs")
    assert main(["verify", "specs", "--out", "out", "-k", "operation-exists"]) == 0
    assert set(results(project).values()) == {"pass"}
    assert main(["verify", "specs", "--out", "out", "-x"]) == 1
    assert list(results(project).values()).count("fail") == 1
