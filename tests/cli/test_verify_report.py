"""`harness verify` writes the HTML report by default, and expectations decide the exit code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_verify_writes_report_and_honours_expectations(tmp_path, monkeypatch, capsys):
    for name in ("specs", "seeds", "expectations"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "--target", "botocore", "--out", "out"]) == 0  # every failure is an expected one
    out = capsys.readouterr().out
    assert "report: out/index.html" in out and "expected deviations" in out
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    results = json.loads((tmp_path / "out" / "results.json").read_text("utf-8"))
    fails = [r for r in results["results"] if r["verdict"] == "fail"]
    assert fails and all(r["id"] in page for r in fails)
    # without the expectations the same failures fail the run
    shutil.rmtree(tmp_path / "expectations")
    assert main(["verify", "--target", "botocore", "--out", "out2"]) == 1
    assert (tmp_path / "out2" / "index.html").exists()
    assert main(["verify", "--target", "botocore", "--out", "out3", "--no-report"]) == 1
    assert not (tmp_path / "out3" / "index.html").exists()
