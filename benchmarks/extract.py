"""Extraction speed and memory, as ratios against baselines measured in the same run.

    python benchmarks/extract.py [CORPUS_DIR] [--repeat N]

Bars (issue: extraction):
  full extraction            ≤ 1.3 × merely parsing the same files (docutils / markdown-it-py / BeautifulSoup)
  -j 2                       ≥ 1.6 × faster than -j 1
  re-run, nothing changed    ≤ 5 % of a full run (content-hash cache)
  peak memory (RSS)          < 400 MB

Each timing is the best of N runs (default 3): the machines are noisy, and the best is the
least disturbed. Parsing and extracting run by turns, so that a drift in the machine's speed meets
both. Wall time decides the bars; the CPU time of this process (which a busy machine disturbs less) is
printed beside the extraction ratio, and the load average before the run.
Exit 0 when every bar holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import pipeline  # noqa: E402
from harness.readers import detect_format  # noqa: E402


def parse_only(files: list[str]) -> None:
    """The baseline: each file read and parsed by its library, and nothing more."""
    import docutils.core
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": False, "file_insertion_enabled": False,
                "raw_enabled": False}
    for path in files:
        text = Path(path).read_text("utf-8")
        fmt = detect_format(text, path)
        if fmt == "markdown":
            md.parse(text)
        elif fmt == "rst":
            docutils.core.publish_doctree(text, source_path=path, settings_overrides=settings)
        else:
            BeautifulSoup(text, "html.parser")


def best_of(n: int, fn: Callable[[], object]) -> float:
    """The best wall time of ``n`` runs."""
    walls = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
    return min(walls)


def interleaved(n: int, base: Callable[[], object], measured: Callable[[], object]) \
        -> tuple[tuple[float, float], tuple[float, float]]:
    """Best wall and CPU times of ``base`` and of ``measured``, run by turns ``n`` times each: a machine whose
    speed drifts over minutes (other tenants, clock changes) then disturbs both alike, not one block of runs."""
    times: list[list[tuple[float, float]]] = [[], []]
    for _ in range(n):
        for side, fn in enumerate((base, measured)):
            start, cpu = time.perf_counter(), time.process_time()
            fn()
            times[side].append((time.perf_counter() - start, time.process_time() - cpu))
    return tuple((min(w for w, _ in t), min(c for _, c in t)) for t in times)  # type: ignore[return-value]


def extract(files: list[str], jobs: int, cache: str | None) -> None:
    with tempfile.TemporaryDirectory() as out:
        outcome = pipeline.run(files, out=Path(out), jobs=jobs, keep_going=True, cache_dir=cache)
        if outcome.errors:
            raise SystemExit(f"extraction failed: {outcome.errors[0].error}")


PEAK = """
import resource, sys, tempfile
from pathlib import Path
from harness import pipeline
files = sys.argv[1:]
with tempfile.TemporaryDirectory() as out:
    pipeline.run(files, out=Path(out), jobs=1, keep_going=True, cache_dir=None)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_mb(files: list[str]) -> float:
    listing = Path(tempfile.mkstemp(suffix=".json")[1])
    listing.write_text(json.dumps(files))
    code = PEAK.replace("files = sys.argv[1:]", f"import json; files = json.load(open({str(listing)!r}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    listing.unlink()
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = pipeline.collect([args.corpus])
    print(f"corpus: {args.corpus} ({len(files)} files); load average {os.getloadavg()[0]:.2f}, "
          f"{os.cpu_count()} CPUs")

    (parse, parse_cpu), (full, full_cpu) = interleaved(args.repeat, lambda: parse_only(files),
                                                       lambda: extract(files, 1, None))
    two = best_of(args.repeat, lambda: extract(files, 2, None))
    with tempfile.TemporaryDirectory() as cache:
        extract(files, 1, cache)
        rerun = best_of(args.repeat, lambda: extract(files, 1, cache))
    peak = peak_mb(files)

    rows = [
        ("extract / parse-only", full / parse, "≤ 1.30", full / parse <= 1.30,
         f"{full:.2f}s vs {parse:.2f}s; CPU {full_cpu:.2f}s vs {parse_cpu:.2f}s = {full_cpu / parse_cpu:.3f}"),
        ("-j 1 / -j 2 (speed-up)", full / two, "≥ 1.60", full / two >= 1.60, f"{full:.2f}s vs {two:.2f}s"),
        ("cached re-run / full", rerun / full, "≤ 0.05", rerun / full <= 0.05, f"{rerun:.3f}s vs {full:.2f}s"),
        ("peak RSS (MB)", peak, "< 400", peak < 400, f"{peak:.0f} MB"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, ratio, bar, ok, detail in rows:
        print(f"{name:<{width}}  {ratio:7.3f}  bar {bar:<7} {'PASS' if ok else 'FAIL'}  ({detail})")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
