"""The pytest plugin and `harness verify` give the same results, with and without xdist."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from _checks_support import BAD, GOOD

from harness import results as res
from harness.cli import main


def pytest_run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m pytest`` in ``cwd`` (the plugin loads through its installed entry point)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONHASHSEED"))}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], check=False, cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)


def comparable(path: Path) -> dict[str, Any]:
    """A results file without what changes from run to run (times)."""
    data = json.loads(path.read_text("utf-8"))
    for r in data["results"]:
        r.pop("duration_s")
    run = {k: v for k, v in data["run"].items() if k not in ("started", "finished")}
    return {"run": run, "results": data["results"]}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One project folder with good and bad specs, checked four ways."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(GOOD, root / "specs")
    shutil.copy(BAD / "schema_invalid.json", root / "specs" / "broken.json")
    out: dict[str, Any] = {}
    lean = ["--harness-lean", "-p", "no:logging", "-p", "no:capture"]
    for name, extra in (("pytest", []), ("pytest-n2", ["-n", "2"]), ("pytest-lean", lean)):
        proc = pytest_run(root, "--harness-target", "botocore", "--harness-out", name, "specs",
                          "--junitxml", f"{name}-pytest-junit.xml", *extra)
        out[name] = (proc, comparable(root / name / "results.json"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for name, extra in (("verify", ["-n", "0"]), ("verify-n2", ["-n", "2"])):
            code = main(["verify", "specs", "--target", "botocore", "--out", name, "--no-report", *extra])
            out[name] = (code, comparable(root / name / "results.json"))
    finally:
        os.chdir(cwd)
    out["root"] = root
    return out


def test_pytest_plugin_writes_results_and_reports_the_bad_spec(runs: dict[str, Any]) -> None:
    proc, data = runs["pytest"]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "3 failed" in proc.stdout and "1 error" in proc.stdout
    assert "harness: error: specs/broken.json [$.service.protocol]: 'soap' is not one of" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert [p["path"] for p in data["run"]["specs"]] == [f"specs/{n}.json" for n in
                                                          ("lambda", "modelarts", "personalize", "rekognition")]
    assert data["run"]["spec_errors"] == [{"path": "specs/broken.json", "field": "$.service.protocol",
                                           "message": data["run"]["spec_errors"][0]["message"]}]


def test_failure_report_shows_message_expected_observed_and_cite(runs: dict[str, Any]) -> None:
    out = runs["pytest"][0].stdout
    assert "personalize.CreateSolutionVersion.example-curl.s004-curl" in out
    assert "body: missing required 'solutionArn'" in out
    assert "expected: {}" in out and 'observed: {"problems":' in out
    assert "cite: seeds/004_a8d8b110b1d2240b.txt:14:" in out


@pytest.mark.parametrize("other", ["pytest-n2", "pytest-lean", "verify", "verify-n2"])
def test_every_way_of_running_gives_the_same_results(runs: dict[str, Any], other: str) -> None:
    assert runs[other][1] == runs["pytest"][1]


def test_xdist_really_ran_in_workers(runs: dict[str, Any]) -> None:
    assert "created: 2/2 workers" in runs["pytest-n2"][0].stdout


def test_verify_exits_2_for_the_bad_spec_and_still_reports_the_rest(runs: dict[str, Any]) -> None:
    assert runs["verify"][0] == 2 and runs["verify-n2"][0] == 2
    verdicts = {r["verdict"] for r in runs["verify"][1]["results"]}
    assert verdicts == {"pass", "fail", "skipped"}


def test_results_are_sorted_by_id_and_valid(runs: dict[str, Any]) -> None:
    path = runs["root"] / "pytest" / "results.json"
    data = json.loads(path.read_text("utf-8"))
    ids = [r["id"] for r in data["results"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert res.problems(data) == []
    run, _ = res.load(path)
    assert run.target_kind == "botocore" and run.target.startswith("botocore==")


def test_junit_files_parse_with_one_testcase_per_check(runs: dict[str, Any]) -> None:
    root = runs["root"]
    data = json.loads((root / "verify" / "results.json").read_text("utf-8"))
    ours = ET.parse(root / "verify" / "junit.xml").getroot()
    cases = [c for c in ours.iter("testcase") if c.get("classname") != "spec"]
    assert [c.get("name") for c in cases] == [r["id"] for r in data["results"]]
    assert len(ours.findall(".//failure")) == 3
    assert [c.get("name") for c in ours.iter("testcase") if c.find("error") is not None] == ["specs/broken.json"]
    theirs = ET.parse(root / "pytest-pytest-junit.xml").getroot()  # pytest's own --junitxml works too
    assert len(list(theirs.iter("testcase"))) == len(data["results"]) + 1


def test_plugin_is_inert_without_harness_target(tmp_path: Path) -> None:
    shutil.copy(GOOD / "lambda.json", tmp_path / "lambda.json")
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    pass\n")
    proc = pytest_run(tmp_path, ".")
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout + proc.stderr


def test_fixture_folders_need_naming_and_keyword_selection_works(tmp_path: Path) -> None:
    (tmp_path / "specs" / "fixtures").mkdir(parents=True)
    shutil.copy(GOOD / "lambda.json", tmp_path / "specs" / "fixtures" / "lambda.json")
    shutil.copy(GOOD / "rekognition.json", tmp_path / "specs" / "rekognition.json")
    (tmp_path / "specs" / "other.json").write_text('{"not": "a spec"}\n')
    proc = pytest_run(tmp_path, "--harness-target", "botocore", "--harness-out", "out", "specs",
                      "-k", "StopProjectVersion and errors", "-x")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ids = [r["id"] for r in json.loads((tmp_path / "out" / "results.json").read_text())["results"]]
    assert ids and all(i.startswith("rekognition.StopProjectVersion.errors.") for i in ids)
    proc = pytest_run(tmp_path, "--harness-target", "botocore", "specs/fixtures/lambda.json", "-m", "http", "-q")
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout + proc.stderr


def test_unknown_target_is_a_usage_error(tmp_path: Path) -> None:
    proc = pytest_run(tmp_path, "--harness-target", "nosuch", ".")
    assert proc.returncode == 4 and "unknown target kind 'nosuch'" in proc.stderr


def test_lean_runs_leave_items_with_foreign_markers_to_pytests_protocol(tmp_path: Path) -> None:
    """--harness-lean runs a check as its call phase alone, but a skip marker another plugin adds is pytest's
    business (evaluated in the setup phase): those items take the full protocol and are skipped."""
    shutil.copy(GOOD / "rekognition.json", tmp_path / "rekognition.json")
    (tmp_path / "conftest.py").write_text(
        "import pytest\n"
        "def pytest_collection_modifyitems(items):\n"
        "    for item in items:\n"
        "        if '.errors.' in item.nodeid:\n"
        "            item.add_marker(pytest.mark.skip(reason='not today'))\n")
    proc = pytest_run(tmp_path, "--harness-target", "botocore", "--harness-out", "out", "rekognition.json",
                      "--harness-lean", "-p", "no:logging", "-p", "no:capture", "-rs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "not today" in proc.stdout
    ids = [r["id"] for r in json.loads((tmp_path / "out" / "results.json").read_text())["results"]]
    assert ids and not [i for i in ids if ".errors." in i]
