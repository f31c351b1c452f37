"""What the report shows, prepared: plain frozen data that the templates only lay out.

`harness.report.prepare` builds a `ReportData` from results files, a baseline, expectations and the
project's sources and specs; `harness.report.render` hands it to the Jinja2 templates. Nothing here is
markup: every string is untrusted text that the templates escape.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.report.jsondiff import Diff
from harness.report.lifecycle import Diagram
from harness.report.sources import SourceDoc
from harness.results import SpecProblem

VERDICT_LABELS = {"pass": "pass", "fail": "fail", "not-implemented": "not implemented", "error": "error",
                  "skipped": "skipped"}
"""How each verdict reads on the page, in summary order."""


@dataclass(frozen=True, slots=True)
class Arc:
    """One verdict's slice of a target's donut (SVG stroke-dasharray geometry)."""

    verdict: str
    count: int
    dash: float
    gap: float
    offset: float


@dataclass(frozen=True, slots=True)
class Changes:
    """One target against the baseline run of the same target."""

    baseline: str
    """The baseline run's target and file."""
    fixed: int
    """Failing before, passing now."""
    regressed: int
    """Passing before, failing now."""
    changed: int
    """Other verdict changes."""
    new: int
    """Checks the baseline did not have."""
    removed: int
    """Checks only the baseline had."""


@dataclass(frozen=True, slots=True)
class TargetView:
    """One target's summary card."""

    index: int
    label: str
    """Short and unique: "moto", "url-2"."""
    name: str
    """``run.target``."""
    kind: str
    path: str
    """The results file."""
    started: str
    finished: str
    counts: dict[str, int]
    """Results per verdict, every verdict present."""
    total: int
    conformance: float | None
    """pass / (pass + fail + error + not-implemented), in percent; None when nothing was judged."""
    expected: int
    """Failing results that an expectation lists."""
    unexpected: int
    """"fail" and "error" results no expectation lists."""
    stale: int
    """Expectations of this target that no longer fail."""
    arcs: tuple[Arc, ...]
    changes: Changes | None
    spec_errors: tuple[SpecProblem, ...]
    expectations_file: str | None
    specs: int
    """How many specs the run checked."""


@dataclass(frozen=True, slots=True)
class LineRef:
    n: int
    anchor: str | None
    """The element id of the embedded line, or None when it is not embedded."""


@dataclass(frozen=True, slots=True)
class Quote:
    """Cited words and every line of one source that says them."""

    text: str
    lines: tuple[LineRef, ...]


@dataclass(frozen=True, slots=True)
class CiteGroup:
    """The cites of one check or finding into one source."""

    source: str
    path: str | None
    name: str
    """The file name, as the check shows it (the full path heads the embedded copy)."""
    anchor: str | None
    """The embedded source's id, when it is embedded."""
    quotes: tuple[Quote, ...]
    """Shown with their words."""
    more: tuple[LineRef, ...]
    """Further cited lines, shown as line links only (to keep the page small)."""


@dataclass(frozen=True, slots=True)
class Chip:
    """One target's verdict on a check's closed row."""

    target: int
    """Index into `ReportData.targets`."""
    verdict: str
    status: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one or more targets did on a check (targets that did exactly the same share one row)."""

    targets: tuple[int, ...]
    """Indexes into `ReportData.targets`."""
    verdict: str
    status: str
    """"ok" | "expected" | "unexpected" | "stale" (see harness.expectations)."""
    message: str
    diff: Diff | None
    """Expected vs observed, or None when neither says anything."""
    reason: str | None
    """The expectation's reason, when one matched."""
    was: str | None
    """The baseline verdict when it differs ("new" for a check the baseline lacked), else None."""
    diagram: Diagram | None
    """For lifecycle results: the observed timeline over the documented machine."""
    duration_s: float


@dataclass(frozen=True, slots=True)
class CheckView:
    """One check id, with every target's outcome side by side."""

    id: str
    service: str
    operation: str | None
    family: str
    label: str
    """The id without its "service.operation.family." prefix (the headings say those), or "" when nothing is left."""
    cites: tuple[CiteGroup, ...]
    chips: tuple[Chip, ...]
    """Every target's verdict, in target order."""
    outcomes: tuple[Outcome, ...]
    message: str
    """The message shown on the closed row (the worst outcome's)."""
    open: bool
    """Rendered expanded (unexpected failures, while there are few)."""


@dataclass(frozen=True, slots=True)
class Family:
    """The checks of one family for one operation (what a matrix cell links to)."""

    anchor: str
    family: str
    checks: tuple[CheckView, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """The checks of one operation (or of a service as a whole), by family."""

    anchor: str
    service: str
    operation: str | None
    families: tuple[Family, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """A matrix cell: one target's checks of one family for one operation."""

    anchor: str
    passed: int
    judged: int
    """Results that are not "skipped"."""
    total: int
    tone: str
    """"good" | "partial" | "bad" | "known" | "ni" | "skip"."""
    title: str


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One operation (or the service-wide checks: ``operation`` None)."""

    operation: str | None
    cells: tuple[Cell | None, ...]
    """Per target, then per family (in `Matrix.families` order): target-major, as the columns run."""


@dataclass(frozen=True, slots=True)
class MatrixService:
    """A service: its totals row, and its operations' rows."""

    service: str
    cells: tuple[Cell | None, ...]
    """The service's totals, laid out as `MatrixRow.cells`; each links to the first operation's checks."""
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    families: tuple[str, ...]
    services: tuple[MatrixService, ...]
    fold: bool
    """Operations start folded (the matrix is large); each service opens on a click."""


@dataclass(frozen=True, slots=True)
class FindingView:
    """A docs-vs-docs finding from a spec."""

    service: str
    severity: str
    code: str
    message: str
    cites: tuple[CiteGroup, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A line of a list that points at a check: drift, changes, stale expectations."""

    target: str
    """Target label."""
    id: str
    """The check id (an anchor on the page when ``linked``)."""
    text: str
    linked: bool
    tag: str = ""
    """A short classifier: the verdict change, the expectation's state."""


@dataclass(frozen=True, slots=True)
class ReportData:
    title: str
    generated: str
    harness_version: str
    targets: tuple[TargetView, ...]
    total_results: int
    total_checks: int
    unexpected: int
    expected: int
    verdict_totals: dict[str, int]
    """Results per verdict over every target."""
    matrix: Matrix
    groups: tuple[Group, ...]
    services: tuple[str, ...]
    families: tuple[str, ...]
    findings: tuple[FindingView, ...]
    attention: tuple[Link, ...]
    """The first unexpected failures (``tag`` is the verdict), for the summary."""
    drift: tuple[Link, ...]
    regressions: tuple[Link, ...]
    fixes: tuple[Link, ...]
    other_changes: tuple[Link, ...]
    baseline: str | None
    stale: tuple[Link, ...]
    problems: tuple[str, ...]
    """Things the reader should know that are not results: bad specs, sources that could not be embedded."""
    sources: tuple[SourceDoc, ...]
