"""Turn results files into a report: `harness report RESULTS… --out reports/ [--baseline OLD] [--expectations DIR]`.

Writes OUT/index.html (one self-contained page: summary per target, matrix, findings, every check with
its cited documentation lines and a line-numbered copy of each cited source), OUT/junit.xml (one testsuite
per target) and OUT/results.json (the runs merged). RESULTS are results.json files from `harness verify`
(or a folder holding one, or a merged file from an earlier report). Known deviations are read from
expectations/<target kind>.json; expectations that no longer fail are warned about on stderr.

Exit: 0 nothing unexpected failed; 1 some "fail" or "error" result is not in the expectations;
2 a results, baseline or expectations file is unreadable or invalid (one line names the file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "render results files into an HTML report, JUnit XML and a merged results.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", nargs="+", metavar="RESULTS", help="results.json files (or folders holding one)")
    parser.add_argument("--out", default="reports", metavar="DIR", help="where the report goes (default: reports)")
    parser.add_argument("--baseline", metavar="OLD_RESULTS", help="an earlier results file to show changes against")
    parser.add_argument("--expectations", metavar="DIR",
                        help="folder of <target kind>.json known deviations (default: expectations)")
    parser.add_argument("--root", metavar="DIR", default=".",
                        help="project root that cited source and spec paths are relative to (default: .)")


def run(args: argparse.Namespace) -> int:
    from harness.report import write_report  # Jinja2 and the report code, only for this command

    summary = write_report([Path(p) for p in args.results], Path(args.out),
                           baseline=Path(args.baseline) if args.baseline else None,
                           expectations_dir=Path(args.expectations) if args.expectations else None,
                           project_root=Path(args.root))
    for t in summary.targets:
        pct = "—" if t.conformance is None else f"{t.conformance:.1f}%"
        counts = ", ".join(f"{n} {v}" for v, n in t.counts.items() if n)
        print(f"{t.label}: {t.target}: {pct} conformance ({counts or 'no results'}); "
              f"{t.unexpected} unexpected, {t.expected} expected")
    for line in summary.stale:
        print(f"harness: warning: stale expectation: {line}", file=sys.stderr)
    print(f"report: {summary.index}  junit: {summary.junit}  results: {summary.results}")
    return summary.exit_code
