"""Report size and speed at 20,000 results, against 2,000 rendered the same way in the same run.

    python benchmarks/report.py [--repeat N] [--no-browser] [--keep DIR]

The results are made from a real `harness verify --target botocore` run: its checks are copied under new
service names until there are enough, spread over four targets (reference, moto, url, botocore) with
verdicts varied per target, and one lifecycle result in a hundred (so the page carries diagrams too).
Cites still point at the real seed documents, which the page embeds once.

Bars (issue 6):
  20,000 results → index.html                 < 10 MB
  opening it in headless chromium             < 3 s   (navigation until the load event and the
                                                        page's script are done and a frame is drawn)
  render time, 20,000 vs 2,000                ≤ 13 ×  (linear growth: 10 × with 30 % slack)
Also printed, not barred: one target with all 20,000 results (no side-by-side sharing).

Each timing is the best of N runs (default 3). Exit 0 when every bar holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "report"))

from _report_support import lifecycle_result

from harness.report import write_report

MAX_BYTES = 10 * 1024 * 1024
MAX_OPEN_S = 3.0
MAX_RATIO = 13.0
KINDS = ("reference", "moto", "url", "botocore")


def real_run(tmp: Path) -> dict[str, Any]:
    out = tmp / "real"
    done = subprocess.run([sys.executable, "-m", "harness", "verify", "--target", "botocore", "--out", str(out)],
                          check=False, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"harness verify failed: {done.stderr.strip()}")
    return json.loads((out / "results.json").read_text("utf-8"))


def vary(result: dict[str, Any], kind: str, i: int) -> dict[str, Any]:
    r = copy.deepcopy(result)
    if kind == "moto" and r["verdict"] == "pass" and i % 5 == 0:
        r.update(verdict="fail", observed={"status": 400, "body": {"__type": "ValidationException"}},
                 message=f"moto answered 400 where the docs promise success ({r['check']}).")
    elif kind == "url" and r["verdict"] == "pass" and i % 9 == 0:
        r.update(verdict="error", observed=None, message="connection reset by peer after 30 s")
    elif kind == "reference" and r["verdict"] == "fail":
        r.update(verdict="pass", observed=r["expected"], message="The reference emulator does what the docs say.")
    return r


def make_runs(template: dict[str, Any], total: int, kinds: tuple[str, ...], out: Path) -> list[Path]:
    """``total`` results spread over ``kinds``, one file per target."""
    per_target = total // len(kinds)
    base = template["results"]
    checks: list[dict[str, Any]] = []
    copy_no = 0
    while len(checks) < per_target:
        copy_no += 1
        for r in base:
            if len(checks) >= per_target:
                break
            service = f"{r['service']}{copy_no:03d}"
            r2 = dict(r, service=service, id=service + r["id"][len(r["service"]):])
            checks.append(r2)
            if len(checks) % 100 == 0 and len(checks) < per_target:
                life = lifecycle_result("moto")
                checks.append(dict(life, service=service, id=f"{service}.{life['id'].split('.', 1)[1]}"))
    paths = []
    for kind in kinds:
        results = []
        for i, r in enumerate(checks):
            r = vary(r, kind, i)
            if r["check"] == "lifecycle" and kind == "reference":
                r = dict(r, verdict="pass", observed=lifecycle_result("reference")["observed"])
            results.append(r)
        run = dict(template["run"], target_kind="url" if kind == "url" else kind,
                   target={"url": "http://127.0.0.1:8080"}.get(kind, kind))
        path = out / kind / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"run": run, "results": sorted(results, key=lambda x: x["id"])}), "utf-8")
        paths.append(path)
    return paths


def best_of(n: int, fn: Any) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def open_time(index: Path, repeat: int) -> float | None:
    try:
        from _chromium import CHROMIUM, Browser
    except ImportError:
        return None
    if CHROMIUM is None:
        return None
    best = None
    with Browser(timeout=60) as browser:
        page = browser.page()
        for _ in range(repeat):
            page.goto("about:blank")
            start = time.perf_counter()
            page.goto(index, timeout=60)
            page.eval("""new Promise(done => { const wait = () => document.documentElement.dataset.ready === "1"
                ? requestAnimationFrame(() => requestAnimationFrame(done)) : setTimeout(wait, 5); wait(); })""")
            took = time.perf_counter() - start
            best = took if best is None else min(best, took)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated results and reports here")
    args = parser.parse_args(argv)
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        template = real_run(tmp)
        rows = {}
        for label, total, kinds in (("2,000 × 4 targets", 2_000, KINDS), ("20,000 × 4 targets", 20_000, KINDS),
                                    ("20,000 × 1 target", 20_000, ("moto",))):
            paths = make_runs(template, total, kinds, tmp / f"in-{total}-{len(kinds)}")
            out = tmp / f"report-{total}-{len(kinds)}"
            render = best_of(args.repeat, lambda paths=paths, out=out: write_report(
                paths, out, project_root=ROOT, expectations_dir=tmp / "none"))
            size = (out / "index.html").stat().st_size
            opened = None if args.no_browser else open_time(out / "index.html", args.repeat)
            rows[label] = (total, render, size, opened)
            shown = "skipped" if opened is None else f"{opened:.2f} s"
            print(f"{label:<20} render {render:6.2f} s ({1e6 * render / total:5.0f} µs/result)  "
                  f"index.html {size / 1e6:5.2f} MB  open {shown}")
        small, big = rows["2,000 × 4 targets"], rows["20,000 × 4 targets"]
        ratio = big[1] / small[1]
        checks = [
            (f"20,000 results: index.html {big[2] / 1e6:.2f} MB < {MAX_BYTES / 1e6:.2f} MB", big[2] < MAX_BYTES),
            (f"render time 20,000 / 2,000 = {ratio:.1f} × ≤ {MAX_RATIO:.0f} ×", ratio <= MAX_RATIO),
        ]
        if big[3] is not None:
            checks.append((f"opens in {big[3]:.2f} s < {MAX_OPEN_S:.0f} s", big[3] < MAX_OPEN_S))
        one = rows["20,000 × 1 target"]
        print(f"(one target, 20,000 distinct checks: {one[2] / 1e6:.2f} MB"
              f"{'' if one[3] is None else f', opens in {one[3]:.2f} s'})")
        ok = True
        for text, passed in checks:
            print(f"{'PASS' if passed else 'FAIL'}  {text}")
            ok = ok and passed
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
