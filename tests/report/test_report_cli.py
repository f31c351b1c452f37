"""`harness report`: files written, exit codes, one line per bad input, baseline and expectations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.report import write_report
from harness.results import problems


def load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def rewrite(src: Path, dst: Path, change: Any) -> Path:
    data = load(src)
    change(data)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return dst


def all_passing(data: dict[str, Any]) -> None:
    data["results"] = [r for r in data["results"] if r["verdict"] != "fail"]


def test_writes_index_junit_and_merged_results(three_runs: tuple[list[Path], str | None], tmp_path: Path,
                                               project_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths, _ = three_runs
    out = tmp_path / "reports"
    code = main(["report", *map(str, paths), "--out", str(out), "--root", str(project_root),
                 "--expectations", str(tmp_path / "none")])
    failing = any(r["verdict"] in ("fail", "error") for p in paths for r in load(p)["results"])
    assert code == (1 if failing else 0)
    assert {p.name for p in out.iterdir()} >= {"index.html", "junit.xml", "results.json"}
    merged = load(out / "results.json")
    assert [r["run"]["target_kind"] for r in merged["runs"]] == ["reference", "moto", "botocore"]
    assert all(problems(r) == [] for r in merged["runs"])
    assert [r["results"] for r in merged["runs"]] == [load(p)["results"] for p in paths]
    said = capsys.readouterr().out
    assert "botocore: botocore==" in said and "unexpected" in said and "index.html" in said


def test_one_run_keeps_the_single_run_shape(botocore_run: Path, tmp_path: Path, project_root: Path) -> None:
    summary = write_report([botocore_run], tmp_path / "out", project_root=project_root,
                           expectations_dir=tmp_path / "none")
    assert (tmp_path / "out" / "results.json").read_text("utf-8") == botocore_run.read_text("utf-8")
    assert summary.unexpected == sum(r["verdict"] == "fail" for r in load(botocore_run)["results"])
    assert summary.exit_code == 1


def test_reporting_into_verifys_own_folder_leaves_its_results_alone(botocore_run: Path, tmp_path: Path,
                                                                   project_root: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    own = Path(shutil.copy(botocore_run, out / "results.json"))
    before = own.stat().st_mtime_ns
    write_report([own], out, project_root=project_root)
    assert own.stat().st_mtime_ns == before and (out / "index.html").exists()


def test_merged_results_are_read_back(three_runs: tuple[list[Path], str | None], tmp_path: Path,
                                      project_root: Path) -> None:
    paths, _ = three_runs
    write_report(paths, tmp_path / "one", project_root=project_root)
    again = write_report([tmp_path / "one" / "results.json"], tmp_path / "two", project_root=project_root)
    assert [t.label for t in again.targets] == ["reference", "moto", "botocore"]
    assert load(tmp_path / "two" / "results.json") == load(tmp_path / "one" / "results.json")


def test_exit_0_when_nothing_unexpected_fails(botocore_run: Path, tmp_path: Path, project_root: Path) -> None:
    clean = rewrite(botocore_run, tmp_path / "clean.json", all_passing)
    assert main(["report", str(clean), "--out", str(tmp_path / "out"), "--root", str(project_root),
                 "--expectations", str(tmp_path / "none")]) == 0


def test_expected_failures_exit_0_and_stale_ones_are_warned_about(
        botocore_run: Path, tmp_path: Path, project_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    failing = [r["id"] for r in load(botocore_run)["results"] if r["verdict"] == "fail"]
    passing = next(r["id"] for r in load(botocore_run)["results"] if r["verdict"] == "pass")
    exp = tmp_path / "expectations"
    exp.mkdir()
    (exp / "botocore.json").write_text(json.dumps({"expectations": [
        *({"id": i, "reason": "known doc bug"} for i in failing),
        {"id": passing, "reason": "was broken once"}]}), "utf-8")
    code = main(["report", str(botocore_run), "--out", str(tmp_path / "out"), "--expectations", str(exp),
                 "--root", str(project_root)])
    captured = capsys.readouterr()
    assert code == 0
    assert f"{len(failing)} expected" in captured.out
    assert f"stale expectation: {exp / 'botocore.json'} [$.expectations[{len(failing)}]]: {passing}: now passes" \
        in captured.err
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "known doc bug" in html and "was broken once" in html


def test_baseline_changes_are_counted(botocore_run: Path, tmp_path: Path, project_root: Path) -> None:
    def regress(data: dict[str, Any]) -> None:
        passing = [r for r in data["results"] if r["verdict"] == "pass"]
        passing[0]["verdict"] = "fail"
        data["results"].remove(passing[1])
    old = rewrite(botocore_run, tmp_path / "old.json", all_passing)
    new = rewrite(botocore_run, tmp_path / "new.json", regress)
    write_report([new], tmp_path / "out", baseline=old, project_root=project_root)
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "▼ 1 regressed" in html and "−1 removed" in html
    n_fail = sum(r["verdict"] == "fail" for r in load(botocore_run)["results"])
    assert f"+{n_fail} new" in html  # the failing checks were absent from the all-passing baseline


@pytest.mark.parametrize("content, says", [
    (b"not json", "cannot read results"),
    (b'{"run": {}, "results": []}', "$.run"),
    (b'{"runs": [{"run": {}, "results": []}]}', "runs[0]: $.run"),
])
def test_bad_results_file_exits_2_with_one_line_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert main(["report", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"harness: error: {bad}: ") and says in err[0], err
    assert not (tmp_path / "out" / "index.html").exists()


def test_missing_results_file_and_bad_expectations_exit_2(botocore_run: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nope.json"), "--out", str(tmp_path / "o")]) == 2
    assert str(tmp_path / "nope.json") in capsys.readouterr().err
    exp = tmp_path / "exp"
    exp.mkdir()
    (exp / "botocore.json").write_text('{"expectations": [{"id": "x"}]}', "utf-8")
    assert main(["report", str(botocore_run), "--out", str(tmp_path / "o"), "--expectations", str(exp)]) == 2
    assert f"{exp / 'botocore.json'}: [$.expectations[0].reason]" in capsys.readouterr().err


def test_a_results_item_the_fast_path_rejects_gets_the_schema_message(botocore_run: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def corrupt(data: dict[str, Any]) -> None:
        data["results"][3]["verdict"] = "maybe"
    bad = rewrite(botocore_run, tmp_path / "bad.json", corrupt)
    assert main(["report", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "$.results[3].verdict: 'maybe' is not one of" in capsys.readouterr().err
