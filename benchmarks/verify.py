"""Live verification speed, as ratios against baselines measured in the same run.

    python benchmarks/verify.py [--requests N] [--copies N]

Bars (issue 4: harness verify --target URL):
  per-request overhead   a call through the harness (transport, exchange record, reply-form judgement) to moto's
                         server takes ≤ 1.3 × a bare botocore call to the same server for the same operation
                         (DescribeStream of an existing Kinesis stream; medians of interleaved batches)
  -n 2                   a lifecycle-heavy run (the seed Personalize spec, copied N times, against the tests' fake
                         Personalize, which moves states on by the clock) is ≥ 1.6 × faster with -n 2 than -n 0

Exit 0 when every bar holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "live"))

import botocore.session
from botocore.config import Config

from harness.checks.live_format import problems
from harness.spec import io
from harness.spec.model import Service, Spec
from harness.targets.live import LiveSettings
from harness.targets.moto_server import MotoTarget

STREAM = "harness-bench"


def per_request(requests: int) -> tuple[float, float]:
    """(bare botocore seconds per call, harness seconds per call), medians over interleaved batches."""
    target = MotoTarget()
    target.configure(LiveSettings())
    spec = Spec(Service("kinesis", "Amazon Kinesis", "aws", "kinesis", "json"), (), (), (), (), (), ())
    model = target.model("kinesis")
    try:
        url = target.url
        client = botocore.session.Session().create_client(
            "kinesis", region_name="us-east-1", endpoint_url=url, aws_access_key_id="testing",
            aws_secret_access_key="testing", config=Config(retries={"total_max_attempts": 1}))
        client.create_stream(StreamName=STREAM, ShardCount=1)
        transport = target.transport(spec)
        assert transport is not None
        params = {"StreamName": STREAM}

        def bare() -> None:
            client.describe_stream(**params)

        def harness() -> None:
            ex = transport.call("DescribeStream", params, timeout=10)
            assert ex.ok and not problems(ex, spec, model), problems(ex, spec, model)

        for fn in (bare, harness):  # warm both paths (imports, connection pools, moto's backend)
            for _ in range(20):
                fn()
        batch, samples = 20, {"bare": list[float](), "harness": list[float]()}
        for _ in range(max(1, requests // batch)):
            for name, fn in (("bare", bare), ("harness", harness)):
                start = time.perf_counter()
                for _ in range(batch):
                    fn()
                samples[name].append((time.perf_counter() - start) / batch)
        return statistics.median(samples["bare"]), statistics.median(samples["harness"])
    finally:
        target.close()


def lifecycle_run(copies: int) -> tuple[float, float, int]:
    """(seconds with -n 0, seconds with -n 2, checks) for a lifecycle-heavy run against the fake Personalize."""
    from _live_support import Fake, serve

    data = json.loads((ROOT / "specs" / "aws" / "personalize.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp, serve(Fake(tick=0.25, state_manager=False)) as url:
        specs = Path(tmp) / "specs"
        for i in range(copies):
            data["service"]["name"] = f"personalize{i}"
            io.write_atomic(specs / f"personalize{i}.json", json.dumps(data, indent=2) + "\n")
        times = []
        for workers in ("0", "2"):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "harness", "verify", str(specs), "--target", url, "--out",
                                   str(Path(tmp) / f"out{workers}"), "-n", workers, "-k",
                                   "lifecycle or transition or stop or terminal or precondition"],
                                  check=False, capture_output=True, text=True, cwd=tmp, timeout=900)
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"verify -n {workers} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        checks = len(json.loads((Path(tmp) / "out0" / "results.json").read_text("utf-8"))["results"])
        return times[0], times[1], checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="calls per side for the overhead bar")
    parser.add_argument("--copies", type=int, default=4, help="copies of the Personalize spec in the -n run")
    args = parser.parse_args()
    ok = True
    bare, harness = per_request(args.requests)
    ratio = harness / bare
    ok &= ratio <= 1.3
    print(f"per request: bare botocore {bare * 1000:.2f} ms, harness {harness * 1000:.2f} ms → {ratio:.2f}× "
          f"(bar ≤ 1.3×) {'ok' if ratio <= 1.3 else 'FAIL'}")
    serial, parallel, checks = lifecycle_run(args.copies)
    speedup = serial / parallel
    ok &= speedup >= 1.6
    print(f"lifecycle run ({checks} checks): -n 0 {serial:.1f} s, -n 2 {parallel:.1f} s → {speedup:.2f}× faster "
          f"(bar ≥ 1.6×) {'ok' if speedup >= 1.6 else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
