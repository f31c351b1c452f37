"""Check specs against targets: `harness verify [SPEC_PATHS…] --target botocore --out DIR`.

Runs pytest in-process with the harness plugin (so -k, -x and -n mean what they mean to pytest),
writes DIR/results.json and DIR/junit.xml (DIR/<target>/… for several targets), and prints one line
per verdict. A spec that cannot be read, fails the schema or names an unknown service is reported
on one line naming the file and field; the other specs still run.

Exit: 0 nothing failed; 1 some check failed; 2 a spec or path was bad, a check could not reach a
verdict ("error"), or pytest itself could not run. "not-implemented" and "skipped" do not fail a run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

from harness import pytest_plugin
from harness import results as res
from harness.errors import UsageError
from harness.targets import TARGETS

HELP = "check specs against botocore models (later: live targets); writes results.json and junit.xml"

DEFAULT_SPECS = "specs"

RAN = (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED)
"""pytest exit codes after which the results file is complete."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="SPEC_PATHS",
                        help=f"spec files or folders (default: {DEFAULT_SPECS}/)")
    parser.add_argument("--target", action="append", metavar="KIND[=ARG]",
                        help=f"what to check against, repeatable; kinds: {', '.join(sorted(TARGETS))} "
                        "(default: botocore)")
    parser.add_argument("--out", default="reports", metavar="DIR", help="where results.json and junit.xml go "
                        "(default: reports)")
    parser.add_argument("-n", dest="workers", metavar="N", help="run checks in N processes (pytest-xdist; 0 = none)")
    parser.add_argument("-k", dest="keyword", metavar="EXPR", help="only checks whose id matches EXPR (pytest -k)")
    parser.add_argument("-x", dest="exitfirst", action="store_true", help="stop at the first failing check")


def pytest_args(args: argparse.Namespace, paths: list[str], targets: list[str]) -> list[str]:
    """The pytest command line: isolated from the working folder's pytest configuration and from
    auto-loaded plugins; the harness plugin is named with -p so that xdist workers load it too
    (in this process it is already registered under that name), xdist is loaded only for -n."""
    argv = [*paths, "--harness-out", args.out, "-c", os.devnull, "--rootdir", os.getcwd(),
            "--disable-plugin-autoload", "-p", "harness.pytest_plugin", "-p", "no:cacheprovider", "--assert=plain",
            "-qq", "--no-header", "--tb=no", "-rN"]
    for target in targets:
        argv += ["--harness-target", target]
    if args.workers is not None:
        argv += ["-p", "xdist.plugin", "-n", str(args.workers)]
    if args.keyword:
        argv += ["-k", args.keyword]
    if args.exitfirst:
        argv.append("-x")
    return argv


def _results_paths(out: Path, targets: list[str]) -> list[Path]:
    if len(targets) == 1:
        return [out / res.RESULTS_FILE]
    kinds = [t.partition("=")[0] for t in targets]
    labels = [k if kinds.count(k) == 1 else f"{k}-{kinds[:i + 1].count(k)}" for i, k in enumerate(kinds)]
    return [out / label / res.RESULTS_FILE for label in labels]


def report(path: Path) -> tuple[int, int, int]:
    """Print one target's summary; returns (fails, errors, bad specs)."""
    run, results = res.load(path)
    for problem in run.spec_errors:
        where = f"{problem.path} [{problem.field}]" if problem.field else problem.path
        print(f"harness: error: {where}: {problem.message}", file=sys.stderr)
    for r in results:
        if r.verdict in ("fail", "error"):
            print(f"{r.verdict.upper()} {r.id}: {r.message}")
    n = res.counts(results)
    print(f"{run.target}: {len(results)} checks, {len(run.specs)} specs → {path}")
    for verdict, count in n.items():
        print(f"  {verdict}: {count}")
    return n["fail"], n["error"], len(run.spec_errors)


def run(args: argparse.Namespace) -> int:
    targets = args.target or ["botocore"]
    for target in targets:
        if target.partition("=")[0] not in TARGETS:
            raise UsageError(reason=f"unknown target kind {target!r} (known: {', '.join(sorted(TARGETS))})")
    if args.workers is not None and not str(args.workers).isdigit() and args.workers != "auto":
        raise UsageError(reason=f"-n takes a number of processes, got {args.workers!r}")
    given = args.paths or [DEFAULT_SPECS]
    missing = [p for p in given if not Path(p).exists()]
    for path in missing:
        print(f"harness: error: {path}: no such file or directory", file=sys.stderr)
    paths = [p for p in given if p not in missing]
    if not paths:
        return 2
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(reason=f"cannot create --out {out}: {exc.strerror or exc}") from None
    for stale in _results_paths(out, targets):
        stale.unlink(missing_ok=True)
    code = pytest.main(pytest_args(args, paths, targets), plugins=[pytest_plugin])
    written = [p for p in _results_paths(out, targets) if p.exists()]
    if code not in RAN or not written:
        print(f"harness: error: pytest could not run the checks (pytest exit {int(code)})", file=sys.stderr)
        return 2
    fails = errors = bad = 0
    for path in written:
        f, e, b = report(path)
        fails, errors, bad = fails + f, errors + e, bad + b
    if code == pytest.ExitCode.NO_TESTS_COLLECTED and not bad and not args.keyword:
        print(f"harness: error: no spec files found in {' '.join(paths)}", file=sys.stderr)
        return 2
    if missing or bad or errors:
        return 2
    return 1 if fails else 0
