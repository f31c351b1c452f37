"""Check specs against targets: `harness verify [SPEC_PATHS…] --target KIND[=ARG] --out DIR`.

Targets: ``botocore`` (the installed models), ``moto`` (moto's server, started in-process), ``url=URL`` or
just ``URL`` (any live endpoint), ``reference[:MUTANT]`` (the project's reference emulator). Several
``--target`` options give one results file each.

Runs pytest in-process with the harness plugin (so -k, -x and -n mean what they mean to pytest),
writes DIR/results.json and DIR/junit.xml (DIR/<target>/… for several targets), and prints one line
per verdict. With -n, each worker process collects and runs its own share of the spec files, unless a
target is live or -x is given (then xdist hands out checks as workers finish them). A spec that cannot
be read, fails the schema or names an unknown service is reported
on one line naming the file and field; the other specs still run.

Live targets: requests to endpoints that are not AWS carry dummy credentials; against ``*.amazonaws.com``
only read-only and negative checks run unless --allow-mutations. --timeout bounds the whole run,
--check-timeout each check; --scenario names a YAML/JSON file of inputs and existing resources
(see `harness.targets.scenario`). Progress is shown on a terminal.

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
from harness.targets import TARGETS, parse_target

HELP = "check specs against botocore models or live targets; writes results.json, junit.xml and an HTML report"

DEFAULT_SPECS = "specs"

UNUSED_PLUGINS = ("terminal", "capture", "logging", "assertion", "warnings", "faulthandler", "threadexception",
                  "unraisableexception", "unittest", "tmpdir", "subtests", "doctest", "pastebin", "stepwise",
                  "setuponly", "setupplan")
"""pytest plugins verify turns off: most wrap or report every item, and verify prints its own summary
(``terminal`` wrote one character per check, with a flush; per-item capture was a fifth of the run;
``unraisableexception`` ran ``gc.collect`` over the whole heap five times at exit). Checks print nothing
and assert nothing: they return verdicts."""

RAN = (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED)
"""pytest exit codes after which the results file is complete."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="SPEC_PATHS",
                        help=f"spec files or folders (default: {DEFAULT_SPECS}/)")
    parser.add_argument("--target", action="append", metavar="KIND[=ARG]",
                        help=f"what to check against, repeatable; kinds: {', '.join(sorted(TARGETS))}, "
                        "or an http(s) URL (default: botocore)")
    parser.add_argument("--no-report", action="store_true", help="write results.json and junit.xml only, no HTML "
                        "report")
    parser.add_argument("--baseline", metavar="OLD_RESULTS", help="a previous results.json: the report shows what "
                        "changed")
    parser.add_argument("--expectations", metavar="DIR", help="known deviations, expectations/<target>.json "
                        "(default: expectations/)")
    parser.add_argument("--out", default="reports", metavar="DIR", help="where results.json and junit.xml go "
                        "(default: reports)")
    parser.add_argument("-n", dest="workers", metavar="N", help="run checks in N processes (pytest-xdist; 0 = none)")
    parser.add_argument("-k", dest="keyword", metavar="EXPR", help="only checks whose id matches EXPR (pytest -k)")
    parser.add_argument("-x", dest="exitfirst", action="store_true", help="stop at the first failing check")
    parser.add_argument("--allow-mutations", action="store_true",
                        help="against real AWS endpoints, also run checks that create or change resources")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="end the whole run within SECONDS")
    parser.add_argument("--check-timeout", type=float, default=60.0, metavar="SECONDS",
                        help="end each live check within SECONDS (default 60)")
    parser.add_argument("--scenario", metavar="FILE", help="YAML/JSON file of inputs and existing resources for "
                        "live targets")


def pytest_args(args: argparse.Namespace, paths: list[str], targets: list[str]) -> list[str]:
    """The pytest command line: isolated from the working folder's pytest configuration and from
    auto-loaded plugins; the harness plugin is named with -p so that xdist workers load it too
    (in this process it is already registered under that name), xdist is loaded only for -n."""
    argv = [*paths, "--harness-out", args.out, "-c", os.devnull, "--rootdir", os.getcwd(),
            "--disable-plugin-autoload", "-p", "harness.pytest_plugin", "-p", "no:cacheprovider", "--harness-lean"]
    for plugin in UNUSED_PLUGINS:
        argv += ["-p", f"no:{plugin}"]
    for target in targets:
        argv += ["--harness-target", target]
    if args.workers is not None:  # shares for model checks; worksteal: live checks take from ms to minutes
        argv += ["-p", "xdist.plugin", "-n", str(args.workers), "--dist", "worksteal", "--harness-shard"]
    if args.keyword:
        argv += ["-k", args.keyword]
    if args.exitfirst:
        argv.append("-x")
    if getattr(args, "allow_mutations", False):
        argv.append("--harness-allow-mutations")
    if getattr(args, "timeout", None) is not None:
        argv += ["--harness-timeout", str(args.timeout)]
    if getattr(args, "check_timeout", None) is not None:
        argv += ["--harness-check-timeout", str(args.check_timeout)]
    if getattr(args, "scenario", None):
        argv += ["--harness-scenario", args.scenario]
    if sys.stderr.isatty():
        argv.append("--harness-progress")
    return argv


def _results_paths(out: Path, targets: list[str]) -> list[Path]:
    if len(targets) == 1:
        return [out / res.RESULTS_FILE]
    kinds = [parse_target(t)[0] for t in targets]
    labels = [k if kinds.count(k) == 1 else f"{k}-{kinds[:i + 1].count(k)}" for i, k in enumerate(kinds)]
    return [out / label / res.RESULTS_FILE for label in labels]


class Written:
    """A plugin that keeps what the harness plugin wrote (path → header and results), so that the summary
    need not read a large results file back."""

    def __init__(self) -> None:
        self.by_path: dict[Path, tuple[res.Run, list[res.AnyResult]]] = {}
        self.crashes = 0

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        run = session.config.pluginmanager.get_plugin("harness-run")
        self.by_path = dict(getattr(run, "written", {}))
        self.crashes = getattr(run, "crashes", 0)


def report(path: Path, written: tuple[res.Run, list[res.AnyResult]] | None = None) -> tuple[int, int, int]:
    """Print one target's summary; returns (fails, errors, bad specs)."""
    run, results = written or res.load(path, validate=False)  # written by this run's plugin a moment ago
    for problem in run.spec_errors:
        where = f"{problem.path} [{problem.field}]" if problem.field else problem.path
        print(f"harness: error: {where}: {problem.message}", file=sys.stderr)
    for r in results:
        if r.verdict in ("fail", "error"):
            print(f"{r.verdict.upper()} {r.id}: {res.full(r).message}")
    for r in results:
        for what in res.left_behind(r):
            print(f"harness: left behind by {r.id}: {what}", file=sys.stderr)
    n = res.counts(results)
    print(f"{run.target}: {len(results)} checks, {len(run.specs)} specs → {path}")
    for verdict, count in n.items():
        print(f"  {verdict}: {count}")
    return n["fail"], n["error"], len(run.spec_errors)


def run(args: argparse.Namespace) -> int:
    targets = args.target or ["botocore"]
    for target in targets:
        if parse_target(target)[0] not in TARGETS:
            raise UsageError(reason=f"unknown target kind {target!r} (known: {', '.join(sorted(TARGETS))})")
    for name, value in (("--timeout", args.timeout), ("--check-timeout", args.check_timeout)):
        if value is not None and value <= 0:
            raise UsageError(reason=f"{name} takes a positive number of seconds, got {value}")
    if args.scenario and not Path(args.scenario).is_file():
        raise UsageError(reason=f"--scenario {args.scenario}: no such file")
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
    kept = Written()
    code = pytest.main(pytest_args(args, paths, targets), plugins=[pytest_plugin, kept])
    written = [p for p in _results_paths(out, targets) if p.exists()]
    if code == pytest.ExitCode.INTERRUPTED and args.exitfirst and args.workers is not None:
        code = pytest.ExitCode.TESTS_FAILED  # how xdist stops at the first failure
    if code not in RAN or not written:
        print(f"harness: error: pytest could not run the checks (pytest exit {int(code)})", file=sys.stderr)
        return 2
    if kept.crashes:
        print(f"harness: warning: {kept.crashes} worker process(es) died during the run; the checks they had not "
              "finished ran again in another, or are errors (the check a process died in, and any left when "
              "no more processes were started)", file=sys.stderr)
    fails = errors = bad = 0
    for path in written:
        f, e, b = report(path, kept.by_path.get(path))
        fails, errors, bad = fails + f, errors + e, bad + b
    if code == pytest.ExitCode.NO_TESTS_COLLECTED and not bad and not args.keyword:
        print(f"harness: error: no spec files found in {' '.join(paths)}", file=sys.stderr)
        return 2
    if not args.no_report:
        from harness.report import write_report

        summary = write_report(written, out, baseline=Path(args.baseline) if args.baseline else None,
                               expectations_dir=Path(args.expectations) if args.expectations else None)
        for line in summary.stale:
            print(f"harness: warning: expectation no longer fails: {line}", file=sys.stderr)
        print(f"report: {summary.index}")
        if summary.expected:
            print(f"  {summary.expected} failing check(s) are expected deviations (expectations/)")
        fails = summary.unexpected - errors
    if missing or bad or errors:
        return 2
    return 1 if fails > 0 else 0
