"""--harness-lean makes the same reports as pytest's full protocol: the same outcome, text, keywords and
xfail reason for every verdict, seen by every plugin's logreport hook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from _checks_support import GOOD

RECORDER = '''
import dataclasses, json
from harness.checks.base import Outcome

FORCED = ["pass", "fail", "error", "skipped", "not-implemented"]
seen = []


def pytest_collection_modifyitems(items):
    """The first items get each verdict in turn (model checks give no "not-implemented" or "error")."""
    for item, verdict in zip(items, FORCED):
        outcome = Outcome(verdict, {"want": 1}, {"got": 2}, f"forced {verdict}")
        item.check = dataclasses.replace(item.check, judge=lambda outcome=outcome: outcome)


def pytest_runtest_logreport(report):
    if report.when == "call":
        longrepr = report.longrepr if report.longrepr is None or isinstance(report.longrepr, (str, tuple)) \\
            else str(report.longrepr)
        seen.append({"nodeid": report.nodeid, "outcome": report.outcome, "longrepr": longrepr,
                     "keywords": sorted(report.keywords), "location": list(report.location),
                     "wasxfail": getattr(report, "wasxfail", None), "sections": report.sections,
                     "timed": report.duration >= 0 and report.stop >= report.start})


def pytest_sessionfinish(session):
    with open(session.config.rootpath / "reports.json", "w") as f:
        json.dump(seen, f, default=list)
'''


def run(root: Path, *extra: str) -> list[dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONHASHSEED"))}
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "recorder",
                           "--harness-target", "botocore", "specs", "-p", "no:logging", "-p", "no:capture", *extra],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    return json.loads((root / "reports.json").read_text("utf-8"))


def test_lean_reports_are_pytests_reports(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path / "specs")
    (tmp_path / "recorder.py").write_text(RECORDER)
    full = run(tmp_path)
    lean = run(tmp_path, "--harness-lean")
    assert [r["outcome"] for r in full[:5]] == ["passed", "failed", "failed", "skipped", "skipped"]
    assert full[3]["longrepr"][2] == "Skipped: forced skipped" and full[4]["wasxfail"] == "not-implemented: " \
        "forced not-implemented"
    assert len(lean) == len(full) > 100
    for ours, theirs in zip(lean, full):
        assert ours == theirs
