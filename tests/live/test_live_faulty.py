"""What-it-must-show 4: a target that misbehaves on the wire — connection refused, reset mid-body, a reply that
never comes, 500s, malformed JSON, the wrong content type, a 50 MB body, a redirect to another host. Every check
ends with a verdict within its deadline, the run never hangs, and no traceback reaches the user."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from _live_servers import FAULTS, faulty

from harness.checks import VERDICTS
from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHECK_TIMEOUT = 2.0

EXPECTED = {
    "refused": ("error", "connection refused"),
    "reset": ("error", "connection broken while reading the reply"),
    "silent": ("error", "no reply from 127.0.0.1"),
    "500-json": ("fail", "server error (HTTP 500)"),
    "500-html": ("fail", "server error (HTTP 500)"),
    "malformed": ("fail", "the body is not JSON"),
    "wrong-type": ("fail", "content type 'text/html' is not a JSON type"),
    "huge": ("error", "reply body larger than 10 MiB; abandoned"),
    "redirect": ("error", "redirect to http://elsewhere.invalid/steal not followed"),
}
"""Fault → the verdict and words of the ``implemented`` check of the first operation."""


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("spec", ["aws/rekognition.json", "otc/modelarts.json"])
def test_every_check_ends_in_time_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      fault: str, spec: str) -> None:
    shutil.copy(ROOT / "specs" / spec, tmp_path / "spec.json")
    extra = ["--timeout", "6"] if fault == "silent" else []
    start = time.monotonic()
    with faulty(fault) as url:
        code = main(["verify", str(tmp_path / "spec.json"), "--target", url, "--out", str(tmp_path / "out"),
                     "--check-timeout", str(CHECK_TIMEOUT), *extra])
    elapsed = time.monotonic() - start
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (1, 2), out + err
    results = json.loads((tmp_path / "out" / "results.json").read_text("utf-8"))["results"]
    assert results and all(r["verdict"] in VERDICTS for r in results)
    assert any(r["verdict"] in ("fail", "error") for r in results)
    assert all(r["duration_s"] <= CHECK_TIMEOUT + 1.0 for r in results), [(r["id"], r["duration_s"]) for r in results]
    assert elapsed < 6 + CHECK_TIMEOUT + 10 if fault == "silent" else elapsed < 30
    if fault == "silent":  # the run-wide deadline (6 s) ends the run: checks after it get "error" at once
        assert sum(r["duration_s"] for r in results) <= 6 + CHECK_TIMEOUT + 1
        if len(results) * CHECK_TIMEOUT > 6 + 2 * CHECK_TIMEOUT:
            assert any("the run-wide --timeout passed before this check ran" in r["message"] for r in results)
    first = next(r for r in results if r["check"] == "implemented")
    verdict, says = EXPECTED[fault]
    if spec.startswith("otc") and fault in ("500-json", "500-html"):
        verdict = "fail"
    if fault == "silent" and "no verdict within" in first["message"]:
        says = "no verdict within"  # on a loaded machine the check's deadline can come before the request's
    assert (first["verdict"], says in first["message"]) == (verdict, True), first
