"""Reports: results files → a self-contained HTML page, merged JUnit XML and the merged results.json.

    write_report(paths, out) ─▶ inputs.load_runs ─▶ prepare.classify_runs (harness.expectations)
                                                 ─▶ prepare.prepare (baseline, specs, sources, lifecycle)
                                                 ─▶ render.render (templates/*.j2 + assets/ inlined) ─▶ index.html
                                                 ─▶ junit.junit ─▶ junit.xml;  inputs.write_merged ─▶ results.json

Data preparation (`prepare`, `jsondiff`, `lifecycle`, `sources`) is separate from rendering (`render`
and the templates): the first builds plain frozen data (`model`), the second only lays it out.

The page reads without JavaScript: every check is rendered on the server, as a closed ``<details>``
row (verdict per target, id, message) that opens to expected vs observed, the cited documentation
lines and, for lifecycle checks, the timeline drawn over the state machine (see `lifecycle` for the
``observed`` convention lifecycle checks follow). The script only filters, searches and opens deep
links (``#<result id>``); it never builds markup from data. Size is kept down by saying each thing
once: one row per check id with all targets side by side, each cited document embedded once with
line anchors (``#src-<source>-L<line>``) that the checks link to, at most three quoted sentences
per check, and ``content-visibility`` so the browser lays out only what is on screen.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from harness.report.inputs import load_runs, write_merged
from harness.report.junit import junit
from harness.report.prepare import classify_runs, prepare
from harness.report.render import render
from harness.spec.io import write_atomic

__all__ = ["INDEX_FILE", "JUNIT_FILE", "ReportSummary", "TargetSummary", "write_report"]

INDEX_FILE = "index.html"
JUNIT_FILE = "junit.xml"


@dataclass(frozen=True, slots=True)
class TargetSummary:
    """One target's line in the summary."""

    label: str
    target: str
    counts: dict[str, int]
    conformance: float | None
    """Percent of judged checks that pass (skipped excluded); None when none was judged."""
    expected: int
    unexpected: int


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What `write_report` wrote and found."""

    index: Path
    junit: Path
    results: Path
    targets: tuple[TargetSummary, ...]
    unexpected: int
    """"fail" and "error" results that no expectation lists: these fail the run."""
    expected: int
    """Failing results that an expectation lists."""
    stale: tuple[str, ...]
    """One line per expectation that no longer fails ("<file> [$.expectations[i]]: <id>: now passes")."""

    @property
    def exit_code(self) -> int:
        """0 when nothing unexpected failed, else 1."""
        return 1 if self.unexpected else 0


def write_report(results_paths: list[Path], out: Path, *, baseline: Path | None = None,
                 expectations_dir: Path | None = None, project_root: Path | None = None) -> ReportSummary:
    """Write ``out/index.html``, ``out/junit.xml`` and ``out/results.json`` (merged) for ``results_paths``.

    ``expectations_dir`` defaults to ``<project_root>/expectations`` and ``project_root`` to the working
    directory (cites and spec paths are relative to it). Raises a `harness.errors.HarnessError` naming
    the file for an unreadable or invalid results, baseline or expectations file.
    """
    root = Path.cwd() if project_root is None else Path(project_root)
    exp_dir = root / "expectations" if expectations_dir is None else Path(expectations_dir)
    out = Path(out)
    index = out / INDEX_FILE
    junit_path = out / JUNIT_FILE
    # Hundreds of thousands of small acyclic objects: the cyclic collector would walk them again and
    # again as they pile up (time growing faster than the results); reference counting frees them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        runs = load_runs([Path(p) for p in results_paths])
        classified = classify_runs(runs, exp_dir)
        data = prepare(runs, classified, root=root, baseline=Path(baseline) if baseline is not None else None)
        write_atomic(index, render(data))
        write_atomic(junit_path, junit(runs, classified.status))
        merged = write_merged(out, runs)
    finally:
        if collecting:
            gc.enable()
    stale = tuple(f"{s.expectation.where()}: {s.expectation.id}: {s.why}" for s in classified.stale)
    targets = tuple(TargetSummary(t.label, t.name, t.counts, t.conformance, t.expected, t.unexpected)
                    for t in data.targets)
    return ReportSummary(index, junit_path, merged, targets, data.unexpected, data.expected, stale)
