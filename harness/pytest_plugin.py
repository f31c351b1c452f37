"""The pytest plugin: spec files become test items, one per generated check.

Loaded through the ``pytest11`` entry point named ``harness`` (``pip install`` registers it). Without the
entry point, load it with ``-p harness.pytest_plugin``; with the entry point installed, add ``-p no:harness``
too, or pytest registers the module twice. Nothing happens unless ``--harness-target`` is given:

    pytest --harness-target botocore [--harness-out DIR] specs/ [-k EXPR] [-x] [-n N] [--junitxml F]

Collection: only paths named on the command line (not ``testpaths``) are searched; a ``*.json`` file given
explicitly is always read as a spec, one found inside a given folder only when it has top-level
``spec_version`` and ``service`` keys and does not sit in a ``fixtures`` folder below the given one.
A spec that cannot be read, fails the schema or names an unknown service is a collection error with
one line naming the file and field; collection continues (``--continue-on-collection-errors`` is
switched on), so every other spec still runs.

Items are named by result id (``<service>.<operation>.<check>[.<detail>]``, with ``[<target>]`` appended
when several targets are given) and marked ``harness`` and with the family (``required_parameter``, …).
Verdicts map to pytest outcomes (`VERDICT_OUTCOMES`):

    pass             passed
    fail             failed; the report shows the message, expected, observed and cited lines
    error            failed, the report starting "error:" (the check could not reach a verdict)
    skipped          skipped, with the reason
    not-implemented  xfailed, the reason starting "not-implemented:"

Live targets (``moto``, ``url``, ``reference``) take their settings from ``--harness-allow-mutations``,
``--harness-timeout`` (run-wide, seconds; the controller fixes the wall-clock deadline and hands it to xdist
workers), ``--harness-check-timeout`` (per check) and ``--harness-scenario FILE``; ``--harness-progress`` writes
one updating line to stderr as checks finish. ``--harness-lean`` (``harness verify`` passes it) runs each
check as its call phase alone (`HarnessRun.pytest_runtest_protocol`); under xdist, workers send their per-check
events in batches (`harness.xdist_batch`). ``--harness-shard`` (``harness verify -n`` passes it) has each xdist
worker collect and run only its share of the spec files and send results rather than reports
(`harness.xdist_shard`), where every target is judged in-process (not live) and no ``-x``/``--maxfail`` is
given; otherwise xdist's ``--dist`` applies.

In an xdist worker each call report carries its result as ``report.harness_result`` (a JSON dict;
pytest-xdist serialises report attributes, so results reach the controller from every worker; the plugin
has xdist ship each test report as one JSON text, `HarnessRun.pytest_report_to_serializable`); a worker with
a share sends its results written out instead (`harness.xdist_shard.row`); without xdist the plugin records
results as the items make their reports. A check whose worker process dies is an "error" result
(`HarnessRun.pytest_handlecrashitem`). With ``--harness-out DIR`` the
controller writes ``DIR/results.json`` and ``DIR/junit.xml`` (``DIR/<target>/…`` for several targets).
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

import harness
from harness import gctune, xdist_batch, xdist_shard
from harness import results as res
from harness.checks import Check, execute, families, generate
from harness.checks.base import Outcome
from harness.errors import HarnessError
from harness.spec.io import load
from harness.spec.model import Spec, to_jsonable
from harness.targets import Target, open_target

if TYPE_CHECKING:
    from harness.targets.live import LiveSettings

PACKAGE_DIR = os.path.dirname(os.path.abspath(harness.__file__))


def marker(family: str) -> str:
    return family.replace("-", "_")


class CheckFailure(Exception):
    """Raised by an item whose verdict is "fail" or "error"; carries the report text."""


def _text(result: res.Result) -> str:
    prefix = "error: " if result.verdict == "error" else ""
    return prefix + res.detail(result)


def _pass(result: res.Result) -> None:
    return None


def _fail(result: res.Result) -> NoReturn:
    raise CheckFailure(_text(result))


def _skip(result: res.Result) -> NoReturn:
    raise pytest.skip.Exception(result.message, _use_item_location=True)


def _xfail(result: res.Result) -> NoReturn:
    pytest.xfail(f"not-implemented: {result.message}")


VERDICT_OUTCOMES: dict[str, Callable[[res.Result], None]] = {
    "pass": _pass, "fail": _fail, "error": _fail, "skipped": _skip, "not-implemented": _xfail,
}
"""Verdict → what the item does in pytest."""


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@cache
def _problem(shown: str, exc: HarnessError) -> res.SpecProblem:
    """Why a spec file (as shown) could not be checked, from the error loading or checking it raised."""
    return res.SpecProblem(shown, exc.kwargs.get("field"), exc.kwargs.get("reason") or str(exc))


def _mark(name: str) -> pytest.MarkDecorator:
    """One decorator per marker name, shared by every item (made once, not once per item)."""
    return getattr(pytest.mark, name)


FAILING = frozenset({"fail", "error"})
"""Verdicts whose checks report through pytest from a worker with a share (the rest send only results)."""

PROGRESS_EVERY = 0.1
"""Seconds between updates of the progress line."""

WIRE_REPORT = "HarnessTestReport"
"""``$report_type`` of a test report serialised by `HarnessRun.pytest_report_to_serializable`."""


class CheckItem(pytest.Item):
    """One generated check."""

    __hash__ = object.__hash__
    """By identity, as items compare (pytest's own hashes the node id, in Python; its fixture reordering hashes
    every item a dozen times: 0.4–0.6 s of collecting 30,000 checks, under 0.3 s this way)."""

    def __init__(self, *, check: Check, spec: Spec, target: Target, spec_ref: res.SpecRef,
                 sources: Mapping[str, str], run: HarnessRun, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check, self.spec, self.target, self.spec_ref, self.sources = check, spec, target, spec_ref, sources
        self.run = run
        self.result: res.Result | None = None
        self.lean = False
        """Run by `HarnessRun.pytest_runtest_protocol`, whose report `lean_report` makes."""
        self.add_marker(_mark("harness"))
        self.add_marker(_mark(marker(check.check)))

    def runtest(self) -> None:
        outcome, seconds = execute(self.check)
        self.result = res.result_of(self.spec, self.check, outcome, seconds, self.sources)
        self.run.ran(self)
        VERDICT_OUTCOMES[outcome.verdict](self.result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, (CheckFailure, pytest.xfail.Exception)):  # no traceback to format: cheap
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, 0, self.check.id

    def lean_report(self, call: pytest.CallInfo[None]) -> pytest.TestReport | None:
        """The call phase's report, made from the verdict (what `TestReport.from_item_and_call` makes of the
        exception the verdict raised, without walking every parent's keywords for each check); None for anything
        else, which pytest's own hook reports. Only for `plain` items, whose keywords are their name, their two
        markers and their parents'."""
        result, excinfo = self.result, call.excinfo
        if result is None or call.when != "call":
            return None
        if excinfo is None:
            outcome: Any = "passed"
            longrepr: Any = None
        elif isinstance(excinfo.value, (CheckFailure, pytest.xfail.Exception)):  # xfail: skipping's wrapper
            outcome, longrepr = "failed", str(excinfo.value)                   # makes it "skipped" + wasxfail
        elif isinstance(excinfo.value, pytest.skip.Exception):
            outcome, longrepr = "skipped", (os.fspath(self.path), 1, f"Skipped: {excinfo.value.msg}")
        else:
            return None
        keywords = dict.fromkeys((self.name, *(m.name for m in self.own_markers)), 1)
        for word in self.parent_keywords():
            keywords.setdefault(word, 1)
        sections = [(f"Captured {key} {when}", content) for when, key, content in self._report_sections]
        return pytest.TestReport(self.nodeid, self.location, keywords, outcome, longrepr, "call", sections,
                                 call.duration, call.start, call.stop, user_properties=self.user_properties)

    def parent_keywords(self) -> list[str]:
        """The keywords of the spec file's node and its parents, worked out once per file."""
        parent = self.parent
        if parent is None:
            return []
        words: list[str] | None = parent.__dict__.get("_harness_keywords")
        if words is None:
            words = parent.__dict__["_harness_keywords"] = list(parent.keywords)
        return words

    def plain(self) -> bool:
        """Only the harness's own markers (``harness`` and the family's, added when it was made) on the item,
        and none on its parents."""
        if len(self.own_markers) != 2:
            return False
        node = self.parent
        while node is not None:
            if node.own_markers:
                return False
            node = node.parent
        return True


class SpecFile(pytest.File):
    """A spec: loads, validates against every target, and yields one item per check."""

    problem: res.SpecProblem | None = None
    """Why the spec could not be checked, once collection failed."""
    hooks: Any = None
    part: tuple[int, int] | None = (0, 1)
    """(part, parts): with parts > 1 this file yields every parts-th check, from the part-th on (an xdist
    worker's share, `harness.xdist_shard`); None: another worker's file, which yields nothing here."""

    def check_hooks(self) -> Any:
        """The hooks of this file's path, for its checks (``item.ihook``, worked out once, not once per check: the
        conftest files that apply to a path are known once collection is over)."""
        if self.hooks is None:
            self.hooks = self.ihook
        return self.hooks

    def collect(self) -> Iterator[CheckItem]:
        run = self.config.pluginmanager.get_plugin("harness-run")
        assert isinstance(run, HarnessRun)
        if self.part is None:
            return
        shown = run.shown(self.path)
        try:
            spec = load(self.path, run.parsed.pop(os.path.abspath(self.path), None))
            for target in run.targets:
                target.check_spec(spec, shown)
        except HarnessError as exc:  # SpecError (file, schema, service) or TargetError
            self.problem = _problem(shown, exc)
            raise self.CollectError(f"{shown}" + (f" [{self.problem.field}]" if self.problem.field else "")
                                    + f": {self.problem.message}") from None
        ref = res.SpecRef(shown, _sha256(self.path))
        sources = res.source_paths(spec)
        where: str | None = None  # every item's location is this file's: pytest works it out once, not per item
        index = -1
        for target in run.targets:
            for check in generate(spec, target):
                index += 1
                if not xdist_shard.takes(index, self.part):
                    continue
                name = check.id if len(run.targets) == 1 else f"{check.id}[{run.label(target)}]"
                item = CheckItem.from_parent(self, name=name, check=check, spec=spec, target=target, spec_ref=ref,
                                             sources=sources, run=run)
                if where is None:
                    where = item.location[0]
                else:
                    item.location = (where, 0, check.id)
                yield item


class HarnessRun:
    """The plugin's state for one pytest session (registered as "harness-run")."""

    def __init__(self, config: pytest.Config, targets: list[Target]) -> None:
        self.config, self.targets = config, targets
        self.labels: list[tuple[Target, str]] = []
        self.last: CheckItem | None = None
        """In an xdist worker, the check that ran last, until its report leaves (`pytest_runtest_logreport`)."""
        self.out = config.getoption("harness_out")
        self.invocation = str(config.invocation_params.dir)
        self.roots = self._roots(config)
        self.started = _now()
        self.results: dict[str, dict[str, res.AnyResult]] = {self.label(t): {} for t in targets}
        self.specs: dict[str, res.SpecRef] = {}
        self.spec_errors: dict[str, res.SpecProblem] = {}
        self.write_error: str | None = None
        self.written: dict[Path, tuple[res.Run, list[res.AnyResult]]] = {}
        """Each results file written, with its header and results (`harness verify` prints from these)."""
        self.parsed: dict[str, Any] = {}
        """Spec files `is_spec` has parsed, by absolute path, until collected."""
        self.gc_threshold: tuple[int, int, int] | None = None
        self.deadline: float | None = None
        self.worker = hasattr(config, "workerinput")
        """An xdist worker: results travel to the controller on the reports."""
        self.progress = bool(config.getoption("harness_progress")) and not self.worker
        self.done = 0
        self.shown_at = 0.0
        self.lock = threading.Lock()
        """Results from xdist workers are recorded in each worker's receiver thread."""
        self.direct = bool(config.getoption("harness_lean")) and not any(
            config.getoption(o, False) for o in ("usepdb", "setupshow", "setuponly", "setupplan"))
        """Checks may run as their call phase alone (`pytest_runtest_protocol`)."""
        worker_input = getattr(config, "workerinput", {})
        self.share = xdist_shard.Share.from_input(worker_input["harness_share"]) \
            if "harness_share" in worker_input else None
        """In an xdist worker, its share of the spec files (`harness.xdist_shard`)."""
        most = 1 if self.share is not None and self.share.careful else xdist_batch.MOST
        self.batcher = xdist_batch.install_worker(config, most=most) \
            if worker_input.get("harness_batch") else None
        self.sender = self.batcher if self.share is not None else None
        """Where a worker with a share sends each check's result; checks that pass report nothing else."""
        self.interactor = xdist_batch.interactor(config) if self.sender is not None else None
        """In a worker with a share: xdist's WorkerInteractor, whose run loop `pytest_runtestloop` replaces."""
        self.sharing = bool(config.getoption("harness_shard")) and not self.worker \
            and not any(_live(t) for t in targets) and not config.getoption("maxfail", 0)
        """In the controller: give xdist workers shares. Live checks vary from milliseconds to minutes (xdist's
        own scheduling balances them), and -x/--maxfail wants every report as it comes."""
        self.plan: dict[str, list[int]] | None = None
        self.shares_given = 0
        self.orphans: list[int] = []
        """Shares of crashed workers, for the workers xdist starts in their place."""
        self.crashes = 0
        """xdist workers that went down with an error (`harness verify` says so)."""
        self.scheduler: xdist_shard.ShardScheduling | None = None
        self.session: pytest.Session | None = None

    def label(self, target: Target) -> str:
        for known, name in self.labels:
            if known is target:
                return name
        same = [t for t in self.targets if t.kind == target.kind]
        name = target.kind if len(same) == 1 else f"{target.kind}-{same.index(target) + 1}"
        self.labels.append((target, name))
        return name

    def _roots(self, config: pytest.Config) -> list[str]:
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            return []
        paths = [os.path.abspath(os.path.join(self.invocation, a.split("::")[0])) for a in config.args]
        return [p for p in paths if os.path.isdir(p)]

    def shown(self, path: Path | str) -> str:
        """``path`` as messages and results show it: relative to the invocation folder when under it."""
        full = os.path.abspath(path)
        return os.path.relpath(full, self.invocation) if _inside(full, self.invocation) else full

    def skipped(self, full: str) -> bool:
        """A ``*.json`` file found in a folder that is never read as a spec: one in the harness package, outside
        the folders given, or in a ``fixtures`` folder below the one given."""
        if _inside(full, PACKAGE_DIR):
            return True
        root = next((r for r in self.roots if _inside(full, r)), None)
        return root is None or "fixtures" in Path(os.path.relpath(full, root)).parts[:-1]

    def is_spec(self, path: Path, session: pytest.Session) -> bool:
        full = os.path.abspath(path)
        if session.isinitpath(path):
            return True
        if self.skipped(full):
            return False
        try:
            head = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return True  # a broken .json in a spec folder is reported, not silently dropped
        if isinstance(head, dict) and "spec_version" in head and "service" in head:
            self.parsed[full] = head  # for `SpecFile.collect`, which would parse it again
            return True
        return False

    @pytest.hookimpl
    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> SpecFile | None:
        if file_path.suffix != ".json":
            return None
        part = self.share.part(file_path) if self.share is not None else (0, 1)
        if part is None:  # another worker's: not even read here (a file named on the command line must
            if not parent.session.isinitpath(file_path):  # still be collected, or pytest calls it not found)
                return None
        elif not self.is_spec(file_path, parent.session):
            return None
        spec_file = SpecFile.from_parent(parent, path=file_path)
        spec_file.part = part
        return spec_file

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Generator[None, Any, Any]:
        report = yield
        problem = getattr(collector, "problem", None)
        if isinstance(collector, SpecFile) and problem is not None:
            report.harness_spec_error = to_jsonable(problem)
        return report

    def ran(self, item: CheckItem) -> None:
        """A check has its result: recorded here, or in an xdist worker put on its report
        (`pytest_runtest_logreport`) for the controller to record, or sent when its protocol ends (a worker
        with a share, `pytest_runtest_protocol_sent`)."""
        if self.sender is not None:
            return
        if self.worker:
            self.last = item
        else:  # in-process: no round trip through JSON
            self.record(self.label(item.target), item.result, item.spec_ref)  # type: ignore[arg-type]

    @pytest.hookimpl(specname="pytest_runtest_makereport", tryfirst=True)
    def pytest_runtest_makereport_lean(self, item: pytest.Item,
                                       call: pytest.CallInfo[None]) -> pytest.TestReport | None:
        """The report of a check run by `pytest_runtest_protocol` (other plugins' wrappers still wrap it). pytest
        registers only methods named ``pytest_*``; ``specname`` names the hook."""
        return item.lean_report(call) if isinstance(item, CheckItem) and item.lean else None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
        """With --harness-lean, a check runs as its call phase alone: a check has no fixtures to set up or tear
        down, and each phase's report went through every reporting hook, and under xdist over the wire to the
        controller (two-thirds of a large run's per-check cost). The check is called directly, not through
        the runtest_call hook (whose implementations set an environment variable, look for xfail markers and
        keep post-mortem state, per check), and its report is made from its verdict (`CheckItem.lean_report`).
        The hooks a plugin sees are logstart, makereport, logreport and logfinish, but no
        runtest_setup/call/teardown: plugins that keep state per phase (logging, capture) must be off, as
        ``harness verify`` has them. An item that carries markers from elsewhere (skip, xfail, usefixtures…),
        or a run with --pdb or --setup-show/-only/-plan, takes pytest's full protocol."""
        if not (isinstance(item, CheckItem) and self.direct and item.plain()):
            return None
        ihook = item.parent.check_hooks() if isinstance(item.parent, SpecFile) else item.ihook
        item.lean = True
        quiet = self.sender is not None  # its result goes to the controller; pytest hears only of failures
        if not quiet:
            ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        call = pytest.CallInfo.from_call(item.runtest, when="call", reraise=(pytest.exit.Exception, KeyboardInterrupt))
        if quiet:
            if item.result is not None and item.result.verdict not in FAILING:
                return True
            ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        ihook.pytest_runtest_logreport(report=ihook.pytest_runtest_makereport(item=item, call=call))
        ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

    @pytest.hookimpl(specname="pytest_runtest_protocol", wrapper=True)
    def pytest_runtest_protocol_sent(self, item: pytest.Item,
                                     nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        """In a worker with a share: once an item's protocol is over, its result (or word that it ended without
        one) goes to the controller, which counts it done (`harness.xdist_shard.row`)."""
        outcome = yield
        if self.sender is not None:
            if isinstance(item, CheckItem):
                self.sender.row(*xdist_shard.row(self.label(item.target), item.spec_ref, item.result))
            else:
                self.sender.row(*xdist_shard.row("", res.SpecRef("", ""), None))
        return outcome

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool | None:
        """A worker with a share runs it in one loop (`harness.xdist_shard.run`), not through xdist's queue."""
        if self.interactor is None:
            return None
        xdist_shard.run(session, self.interactor)
        return True

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """The cyclic collector tuned for tens of thousands of long-lived items and results (`harness.gctune`;
        what is alive once collected is frozen too): at CPython's default its passes were an eighth of a
        large run. Restored at unconfigure."""
        self.gc_threshold = gctune.tune()
        self.session = session

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        gc.freeze()

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        data = getattr(report, "harness_spec_error", None)
        if data:
            self.spec_errors[data["path"]] = res.SpecProblem(**data)

    @pytest.hookimpl(tryfirst=True)  # in a worker, before xdist's own sends the report
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        if self.worker:
            item, self.last = self.last, None
            if item is not None and item.result is not None and item.nodeid == report.nodeid:
                vars(report).update(harness_result=res.result_to_json(item.result),
                                    harness_target=self.label(item.target),
                                    harness_spec=[item.spec_ref.path, item.spec_ref.sha256])
            return
        data = getattr(report, "harness_result", None)
        if data:  # a report from an xdist worker
            path, sha256 = report.harness_spec
            self.record(report.harness_target, res.result_from_json(data), res.SpecRef(path, sha256))

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_to_serializable(self, report: pytest.CollectReport | pytest.TestReport) -> Any:
        """xdist: a test report leaves the worker as one JSON text, which execnet ships in one piece (value
        by value, execnet's serialiser was the workers' largest cost, and the controller's to undo). Only in
        workers: elsewhere (e.g. pytest-reportlog in the controller) reports keep pytest's own form."""
        if not self.worker or not isinstance(report, pytest.TestReport):
            return None
        if self.batcher is not None:  # it travels inside a batch's one JSON text (`harness.xdist_batch`)
            return {"$report_type": WIRE_REPORT, "report": report._to_json()}
        try:
            return {"$report_type": WIRE_REPORT, "json": json.dumps(report._to_json(), ensure_ascii=False)}
        except (TypeError, ValueError):  # something only execnet can carry: pytest's own form
            return None

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_from_serializable(self, data: dict[str, Any]) -> pytest.TestReport | None:
        if data.get("$report_type") != WIRE_REPORT:
            return None
        fields = data["report"] if "report" in data else json.loads(data["json"])
        fields.update((k, v) for k, v in data.items() if k not in ("$report_type", "json", "report"))  # xdist's
        if isinstance(fields.get("longrepr"), list):  # a skip's (path, line, reason), which JSON made a list
            fields["longrepr"] = tuple(fields["longrepr"])
        report = pytest.TestReport._from_json(fields)
        report.location = (str(report.location[0]), report.location[1], str(report.location[2]))  # JSON: a list
        return report

    def record(self, label: str, result: res.AnyResult, spec: res.SpecRef) -> None:
        self.results.setdefault(label, {})[result.id] = result
        self.specs[spec.path] = spec
        if self.progress:
            self.done += 1
            now = time.monotonic()
            if now - self.shown_at >= PROGRESS_EVERY:  # a line per check cost more than many checks
                self.shown_at = now
                sys.stderr.write(f"\r\x1b[K[{self.done}] {result.verdict:<15} {result.id}"[:160])
                sys.stderr.flush()

    def remote_rows(self, node: Any, heads: list[Any], texts: list[list[str]]) -> None:
        """Rows a worker with a share sent (`harness.xdist_shard.row`; in that node's receiver thread)."""
        with self.lock:
            for got in xdist_shard.read_rows(heads, texts):
                if got is not None:
                    label, spec, result = got
                    self.record(label, result, spec)
            if self.scheduler is not None:
                self.scheduler.completed(node, len(heads))

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """xdist: every worker works to the controller's run-wide deadline, and sends its per-check events
        in batches, which this controller unpacks (`harness.xdist_batch`); with shares, each worker is given
        one (a crashed worker's, first)."""
        node.workerinput["harness_deadline"] = self.deadline
        node.workerinput["harness_batch"] = True
        if not self.sharing:
            xdist_batch.unbatching(node)
            return
        count = int(node.workerinput["workercount"])
        if self.plan is None:
            self.plan = xdist_shard.plan(xdist_shard.spec_files(self.config.args, self.skipped), count)
        careful = bool(self.orphans)
        if careful:
            index = self.orphans.pop(0)
        else:
            index, self.shares_given = self.shares_given, self.shares_given + 1
        node.workerinput["harness_share"] = xdist_shard.Share(index, count, self.plan, careful).to_input()
        xdist_batch.unbatching(node, self.remote_rows)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        if not self.sharing:
            return None
        from xdist.workermanage import parse_tx_spec_config

        self.scheduler = xdist_shard.ShardScheduling(len(parse_tx_spec_config(config)), self.session, log)
        return self.scheduler

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """A worker that crashed leaves its share to the one xdist starts in its place."""
        if error is None:
            return
        self.crashes += 1
        share = node.workerinput.get("harness_share")
        if self.sharing and share is not None:
            self.orphans.append(int(share["index"]))

    @pytest.hookimpl(optionalhook=True)
    def pytest_handlecrashitem(self, crashitem: str, report: pytest.TestReport, sched: Any) -> None:
        """xdist: a worker died in a check. Its result is an error, made here from the spec (the controller
        collects nothing, so the check is generated again from its file)."""
        self.errors_for([crashitem], f"the process running this check died: {report.longrepr}")

    def errors_for(self, nodeids: list[str], message: str) -> None:
        """Record an "error" result with ``message`` for each of these checks, made from its spec (generated
        again: the controller collects nothing); checks whose spec or check cannot be found are a spec error
        instead."""
        by_file: dict[str, set[str]] = {}
        for nodeid in nodeids:
            file, _, name = nodeid.partition("::")
            by_file.setdefault(file, set()).add(name)
        with self.lock:
            for file, names in by_file.items():
                path = self.config.rootpath / file
                try:
                    spec = load(path)
                except HarnessError:
                    missed = names
                else:
                    missed = self._errors_in(spec, path, message, names)
                if missed:
                    shown = self.shown(path)
                    self.spec_errors[shown] = res.SpecProblem(shown, None, f"{', '.join(sorted(missed))}: {message}")

    def errors_for_shares(self, message: str) -> None:
        """Record an "error" result with ``message`` for every check of the shares whose collection never came in
        (xdist stopped the run, after a crash, before their workers had collected): what they would have
        collected, from the plan. A spec that cannot be read is a spec error, as collecting it would have made
        it."""
        if self.scheduler is None or self.plan is None:
            return
        missing = set(range(self.shares_given)) - self.scheduler.shares_in
        with self.lock:
            for file, owners in sorted(self.plan.items()):
                indices = sorted(missing.intersection(owners))
                if not indices:
                    continue
                path = Path(file)
                try:
                    spec = load(path)
                except HarnessError as exc:
                    self.spec_errors[self.shown(path)] = _problem(self.shown(path), exc)
                    continue
                for index in indices:
                    self._errors_in(spec, path, message, part=(owners.index(index), len(owners)))

    def _errors_in(self, spec: Spec, path: Path, message: str, names: set[str] | None = None,
                   part: tuple[int, int] = (0, 1)) -> set[str]:
        """`errors_for` one spec: the checks with these names (``names``), or else the part-th of every
        parts-th check (as `SpecFile.collect` takes them); returns the names it has no check for."""
        wanted = set(names or ())
        ref = res.SpecRef(self.shown(path), _sha256(path))
        index = -1
        for target in self.targets:
            label = self.label(target)
            for check in generate(spec, target):
                index += 1
                if names is None:
                    take = xdist_shard.takes(index, part)
                else:
                    name = next((n for n in (check.id, f"{check.id}[{label}]") if n in wanted), None)
                    wanted.discard(name or "")
                    take = name is not None
                if take:
                    self.record(label, res.result_of(spec, check, Outcome("error", None, None, message), 0.0), ref)
        return wanted

    def run_header(self, target: Target) -> res.Run:
        return res.Run(target.name, target.kind, self.started, _now(), harness.__version__,
                       tuple(self.specs[p] for p in sorted(self.specs)),
                       tuple(self.spec_errors[p] for p in sorted(self.spec_errors)))

    def out_dir(self, target: Target) -> Path:
        base = Path(self.out)
        return base if len(self.targets) == 1 else base / self.label(target)

    @pytest.hookimpl(tryfirst=True)  # before xdist waits for its workers to exit: they do so meanwhile
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.progress and self.done:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
        if self.out is None or hasattr(self.config, "workerinput"):
            return
        if self.scheduler is not None and not session.shouldstop and not session.shouldfail:
            self.errors_for(self.scheduler.never_run(), "not run: the worker processes given its share of the "
                            "specs died, until xdist started no more (--max-worker-restart)")
            self.errors_for_shares("not run: a worker process died and xdist stopped the run "
                                   "(--max-worker-restart) before the worker given this check had collected it")
        for target in self.targets:
            try:
                label = self.label(target)
                header, results = self.run_header(target), sorted(self.results[label].values(), key=res.by_id)
                path = res.write(self.out_dir(target), header, results)
                self.written[path] = (header, results)
            except OSError as exc:
                self.write_error = f"cannot write results to {self.out_dir(target)}: {exc.strerror or exc}"
                session.exitstatus = pytest.ExitCode.INTERNAL_ERROR

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if hasattr(self.config, "workerinput") or self.config.get_verbosity() < -1:
            return  # -qq: the caller (harness verify) prints its own summary
        tr = terminalreporter
        if self.write_error:
            tr.write_line(f"harness: error: {self.write_error}", red=True)
        for problem in sorted(self.spec_errors.values(), key=lambda p: p.path):
            where = f"{problem.path} [{problem.field}]" if problem.field else problem.path
            tr.write_line(f"harness: error: {where}: {problem.message}", red=True)
        for target in self.targets:
            n = res.counts(self.results[self.label(target)].values())
            tr.write_line(f"harness {target.name}: " + ", ".join(f"{v} {c}" for v, c in n.items()))
            if self.out is not None and not self.write_error:
                tr.write_line(f"harness: results in {self.out_dir(target) / res.RESULTS_FILE}")

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self.gc_threshold is not None:
            gctune.restore(self.gc_threshold)
            if self.worker:  # an xdist worker's process ends next: the collector need not walk its garbage again
                gc.freeze()
        if self.batcher is not None:
            self.batcher.stop()
        for target in self.targets:
            target.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness", "documentation conformance (harness)")
    group.addoption("--harness-target", action="append", default=[], metavar="KIND[=ARG]",
                    help="check the spec files named on the command line against this target (e.g. botocore); "
                    "repeatable")
    group.addoption("--harness-out", default=None, metavar="DIR",
                    help="write DIR/results.json and DIR/junit.xml")
    group.addoption("--harness-allow-mutations", action="store_true", default=False,
                    help="live targets: run creating/changing checks against real AWS endpoints too")
    group.addoption("--harness-timeout", type=float, default=None, metavar="SECONDS",
                    help="live targets: the whole run ends within SECONDS (later checks get 'error')")
    group.addoption("--harness-check-timeout", type=float, default=60.0, metavar="SECONDS",
                    help="live targets: each check ends within SECONDS (default 60)")
    group.addoption("--harness-scenario", default=None, metavar="FILE",
                    help="live targets: a YAML/JSON scenario file with inputs and existing resources")
    group.addoption("--harness-lean", action="store_true", default=False,
                    help="run each check as its call alone, without the runtest setup/call/teardown hooks (faster; "
                    "only for runs without plugins that keep per-phase state, such as logging and capture: "
                    "harness verify turns those off and uses this)")
    group.addoption("--harness-shard", action="store_true", default=False,
                    help="under xdist (-n), each worker collects and runs only its share of the spec files and "
                    "sends results instead of per-check reports (only failing checks report through pytest); "
                    "applies when no target is live and no -x/--maxfail is given (harness verify -n uses it)")
    group.addoption("--harness-progress", action="store_true", default=False,
                    help="write a progress line per finished check to stderr")


def _live(target: Target) -> bool:
    """A live target: an instance of `harness.targets.live.LiveTarget`, whose module only a live target's
    factory imports (it and what it imports were a fifth of a second of every run's start)."""
    live = sys.modules.get("harness.targets.live")
    return live is not None and isinstance(target, live.LiveTarget)


def _settings(config: pytest.Config, run: HarnessRun, live: bool) -> LiveSettings | None:
    """The run's deadline, and the settings of its live targets (None when there are none and no scenario
    was given: the live modules are not even imported)."""
    worker = getattr(config, "workerinput", None)
    timeout = config.getoption("harness_timeout")
    if worker is not None:
        run.deadline = worker.get("harness_deadline")
    elif timeout is not None:
        run.deadline = time.time() + timeout
    check_timeout = float(config.getoption("harness_check_timeout"))
    if check_timeout <= 0 or (timeout is not None and timeout <= 0):
        raise HarnessError(reason="--timeout and --check-timeout take a positive number of seconds")
    scenario_path = config.getoption("harness_scenario")
    if not live and not scenario_path:
        return None
    from harness.targets.live import LiveSettings
    from harness.targets.scenario import Scenario
    from harness.targets.scenario import load as load_scenario

    scenario = load_scenario(scenario_path) if scenario_path else Scenario()
    return LiveSettings(allow_mutations=bool(config.getoption("harness_allow_mutations")),
                        check_timeout=check_timeout, request_timeout=min(15.0, check_timeout),
                        deadline=run.deadline, scenario=scenario)


def pytest_configure(config: pytest.Config) -> None:
    wanted = config.getoption("harness_target")
    if not wanted:
        return
    try:
        targets = [open_target(t) for t in wanted]
    except HarnessError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.addinivalue_line("markers", "harness: a check generated from a documentation spec")
    for family in families():
        config.addinivalue_line("markers", f"{marker(family.name)}: harness check family {family.name}: "
                                f"{family.summary}")
    config.option.continue_on_collection_errors = True
    run = HarnessRun(config, targets)
    live = [t for t in targets if _live(t)]
    try:
        settings = _settings(config, run, bool(live))
    except HarnessError as exc:
        for target in targets:
            target.close()
        raise pytest.UsageError(str(exc)) from None
    for target in live:
        target.configure(settings)  # type: ignore[attr-defined]
    config.pluginmanager.register(run, "harness-run")
