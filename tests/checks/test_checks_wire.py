"""How the plugin has xdist ship a test report: one JSON text that comes back as the report pytest's own
serialisation gives (workers only)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any, Literal

import pytest

from harness.pytest_plugin import HarnessRun


def report(outcome: Literal["passed", "failed", "skipped"], longrepr: Any, **extra: Any) -> pytest.TestReport:
    rep = pytest.TestReport("specs/a.json::svc.Op.check", ("specs/a.json", 0, "svc.Op.check"),
                            {"svc.Op.check": 1, "harness": 1}, outcome, longrepr, "call",
                            sections=[("Captured stdout call", "x")], duration=0.5, start=1.0, stop=1.5)
    rep.__dict__.update(extra)
    return rep


@pytest.mark.parametrize("rep", [
    report("passed", None, harness_result={"id": "svc.Op.check", "cite": [{"line": 3}]}, harness_target="botocore"),
    report("failed", "the message\nexpected: 1"),
    report("skipped", ("specs/a.json", 0, "Skipped: no model")),
])
@pytest.mark.parametrize("batched", [False, True], ids=["alone", "in-a-batch"])
def test_worker_report_comes_back_as_pytest_would_bring_it(rep: pytest.TestReport, batched: bool) -> None:
    """Alone, a report travels as one JSON text; in a batch (`harness.xdist_batch`), as a value inside the
    batch's JSON text."""
    worker = SimpleNamespace(worker=True, batcher=object() if batched else None)
    controller = SimpleNamespace(worker=False)
    data = HarnessRun.pytest_report_to_serializable(worker, rep)  # type: ignore[arg-type]
    assert set(data) == {"$report_type", "report" if batched else "json"}
    data.update(item_index=7, worker_id="gw0")  # what xdist adds on the way
    if batched:
        data = json.loads(json.dumps(data))
    back = HarnessRun.pytest_report_from_serializable(controller, data)  # type: ignore[arg-type]
    expected = pytest.TestReport._from_json({**rep._to_json(), "item_index": 7, "worker_id": "gw0"})
    assert back is not None
    assert {k: v for k, v in vars(back).items() if k != "sections"} == \
        {k: v for k, v in vars(expected).items() if k != "sections"}
    assert [tuple(s) for s in back.sections] == list(expected.sections)


def test_outside_workers_reports_keep_pytests_form() -> None:
    rep = report("passed", None)
    assert HarnessRun.pytest_report_to_serializable(SimpleNamespace(worker=False, batcher=None), rep) is None  # type: ignore[arg-type]
    assert HarnessRun.pytest_report_from_serializable(SimpleNamespace(worker=False), rep._to_json()) is None  # type: ignore[arg-type]
