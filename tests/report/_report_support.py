"""Shared helpers for the report tests and benchmarks/report.py (a plain module, not a conftest).

`verify_runs` produces real results with ``harness verify``: all of botocore, moto and the reference
emulator when those targets exist, else a real botocore run plus moto and reference runs synthesised
from it (`synthesise`: target rewritten, some verdicts changed, a lifecycle result added) — with a note
saying so. `hostile_run` is a results file from a target that returns ``<script>``, ``onerror=`` and
``javascript:`` payloads in every field a target controls.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
"""The project root (specs/ and seeds/ live there)."""

KINDS = ("reference", "moto", "botocore")


def run_verify(out: Path, targets: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "harness", "verify", "--out", str(out)]
    for t in targets:
        argv += ["--target", t]
    return subprocess.run(argv, check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _results_count(path: Path) -> int:
    try:
        return len(json.loads(path.read_text("utf-8"))["results"])
    except (OSError, ValueError, KeyError):
        return 0


def verify_runs(tmp: Path) -> tuple[list[Path], str | None]:
    """Results files for reference, moto and botocore, and a note naming any that had to be synthesised.

    One real ``harness verify --target reference --target moto --target botocore``; a target whose run
    is missing or empty (no check family judges it yet) is replaced by a run synthesised from botocore's.
    """
    real = run_verify(tmp / "all", KINDS)
    paths = {kind: tmp / "all" / kind / "results.json" for kind in KINDS}
    base = paths["botocore"]
    if _results_count(base) == 0:
        boto = run_verify(tmp / "botocore", ("botocore",))
        base = tmp / "botocore" / "results.json"
        assert boto.returncode in (0, 1) and base.exists(), boto.stderr
        paths["botocore"] = base
    notes = []
    missing = [k for k in ("reference", "moto") if _results_count(paths[k]) == 0]
    if missing:
        data = json.loads(base.read_text("utf-8"))
        for kind in missing:
            path = tmp / "synth" / kind / "results.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(synthesise(data, kind), indent=2) + "\n", "utf-8")
            paths[kind] = path
        why = "no results" if real.returncode in (0, 1) else (real.stderr.strip().splitlines() or ["failed"])[-1]
        notes.append(f"harness verify --target {' --target '.join(KINDS)}: {', '.join(missing)} gave {why}; "
                     f"synthesised {', '.join(missing)} from the real botocore run")
    if not any(_has_timeline(paths[k]) for k in KINDS) or not any(_has(paths[k], LIFECYCLE_ID) for k in KINDS):
        for kind in ("reference", "moto"):
            data = json.loads(paths[kind].read_text("utf-8"))
            if not _has(paths[kind], LIFECYCLE_ID):
                data["results"] = sorted(data["results"] + [lifecycle_result(kind)], key=lambda r: r["id"])
            path = tmp / "lifecycle" / kind / "results.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
            paths[kind] = path
        notes.append(f"added the lifecycle result {LIFECYCLE_ID} to the reference and moto runs")
    return [paths[k] for k in KINDS], "; ".join(notes) or None


def _has(path: Path, result_id: str) -> bool:
    return any(r["id"] == result_id for r in json.loads(path.read_text("utf-8"))["results"])


def _has_timeline(path: Path) -> bool:
    return any(isinstance(r["observed"], dict) and "timeline" in r["observed"]
               for r in json.loads(path.read_text("utf-8"))["results"])


LIFECYCLE_ID = "personalize.StopSolutionVersionCreation.lifecycle.stop-while-in-progress"


def lifecycle_result(kind: str) -> dict[str, Any]:
    """A lifecycle check that follows the observed-timeline convention: moto's run breaks the machine."""
    cite = [{"source": "000_859e52fe1e002d1e", "path": "seeds/000_859e52fe1e002d1e.txt", "line": 32,
             "text": "CREATE_IN_PROGRESS changes to CREATE_STOPPING and then CREATE_STOPPED."},
            {"source": "000_859e52fe1e002d1e", "path": "seeds/000_859e52fe1e002d1e.txt", "line": 31,
             "text": "CREATE_PENDING changes to CREATE_STOPPED."}]
    good = kind == "reference"
    timeline = [{"t": 0.0, "state": "CREATE_PENDING"}, {"t": 0.5, "state": "CREATE_PENDING"},
                {"t": 1.0, "state": "CREATE_IN_PROGRESS"},
                {"t": 1.5, "state": "CREATE_STOPPING", "call": "StopSolutionVersionCreation"},
                {"t": 2.5, "state": "CREATE_STOPPED" if good else "ACTIVE"}]
    return {
        "id": LIFECYCLE_ID, "service": "personalize", "operation": "StopSolutionVersionCreation",
        "check": "lifecycle", "verdict": "pass" if good else "fail",
        "expected": {"path": ["CREATE_PENDING", "CREATE_IN_PROGRESS", "CREATE_STOPPING", "CREATE_STOPPED"]},
        "observed": {"timeline": timeline, "failed_step": None if good else 4, "resource": "SolutionVersion"},
        "message": ("Stopping while CREATE_IN_PROGRESS went through CREATE_STOPPING to CREATE_STOPPED, as documented."
                    if good else "After CREATE_STOPPING the solution version became ACTIVE; the docs allow only "
                    "CREATE_STOPPED."),
        "cite": cite, "duration_s": 2.5,
    }


def synthesise(data: dict[str, Any], kind: str) -> dict[str, Any]:
    """A run of ``kind`` made from a real run: same checks, some verdicts changed, a lifecycle result added."""
    out = copy.deepcopy(data)
    out["run"]["target_kind"] = kind
    out["run"]["target"] = {"moto": "moto==5.2.1 (in-process)", "reference": "reference emulator 0.1"}[kind]
    for i, r in enumerate(out["results"]):
        if kind == "moto" and r["verdict"] == "pass" and i % 5 == 0:
            r["verdict"] = "fail"
            r["observed"] = {"status": 400, "body": {"__type": "ValidationException", "message": "moto said no"}}
            r["message"] = f"moto answered 400 ValidationException where the docs promise success ({r['check']})."
        elif kind == "moto" and r["verdict"] == "skipped" and i % 4 == 0:
            r["verdict"] = "not-implemented"
            r["message"] = f"moto does not implement {r['operation'] or r['service']}."
        elif kind == "reference" and r["verdict"] == "fail" and i % 2 == 0:
            r["verdict"] = "pass"
            r["message"] = "The reference emulator does what the docs say."
            r["observed"] = r["expected"]
    out["results"].append(lifecycle_result(kind))
    out["results"].sort(key=lambda r: r["id"])
    return out


PAYLOADS = ('<script>window.__pwned = "script"</script>', '"><img src=x onerror="window.__pwned=\'img\'">',
            "javascript:window.__pwned='link'", "</script><script>window.__pwned='island'</script>",
            "<svg onload=\"window.__pwned='svg'\"></svg>", "<a href=\"javascript:window.__pwned='a'\">click</a>")


def hostile_run(tmp: Path) -> Path:
    """A results file whose target-controlled text is all attack, plus a cited document that is too."""
    evil = " ".join(PAYLOADS)
    doc = tmp / "docs" / "evil.md"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text("# A page\n\nThe status is <script>window.__pwned='source'</script> ACTIVE.\n"
                   f"{PAYLOADS[1]}\n", "utf-8")
    cite = [{"source": 'evil"><script>window.__pwned=1</script>', "path": "docs/evil.md", "line": 3,
             "text": "The status is <script>window.__pwned='source'</script> ACTIVE."},
            {"source": "outside", "path": "../../../etc/passwd", "line": 1, "text": "root"}]
    results = []
    for i, verdict in enumerate(("fail", "error", "pass", "not-implemented", "skipped")):
        results.append({
            "id": f"evil.Op{i}.check.{PAYLOADS[i % len(PAYLOADS)]}",
            "service": "evil<b>svc</b>", "operation": f"Op{i}<img src=x onerror=alert(1)>",
            "check": "hostile-body", "verdict": verdict,
            "expected": {"href": "javascript:alert(1)", "html": PAYLOADS[i % len(PAYLOADS)]},
            "observed": {"body": evil, "headers": {"Location": "javascript:window.__pwned='loc'"},
                         "timeline": [{"t": 0, "state": "<script>window.__pwned='state'</script>"},
                                      {"t": 1, "state": PAYLOADS[1]}], "failed_step": 1},
            "message": f"The target said {evil}",
            "cite": cite, "duration_s": 0.01})
    data = {"run": {"target": f"http://evil.test/{PAYLOADS[0]}", "target_kind": "url",
                    "started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:00:01Z",
                    "harness_version": "0.1.0<script>window.__pwned='version'</script>", "specs": [],
                    "spec_errors": [{"path": f"specs/{PAYLOADS[1]}.json", "field": PAYLOADS[2], "message": evil}]},
            "results": results}
    path = tmp / "hostile" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return path
