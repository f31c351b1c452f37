"""Results, baseline, expectations, specs and sources in; one `ReportData` out.

    load_runs ─▶ classify (expectations) ─▶ compare (baseline) ─▶ checks by id ─▶ groups, matrix, summary
                                                  specs ─▶ findings, state machines ─▶ lifecycle diagrams
                                  every cite ─▶ sources embedded once ─▶ cite links

Nothing here renders: the templates lay `ReportData` out. Nothing here calls a target either: a report
reads results files, the specs they name, and the documents those specs cite.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Any

from harness import __version__
from harness import expectations as xp
from harness.checks.base import VERDICTS
from harness.errors import HarnessError
from harness.report import lifecycle
from harness.report.inputs import LoadedRun, labels, read
from harness.report.jsondiff import compact, diff
from harness.report.model import (
    Arc,
    Cell,
    Changes,
    CheckView,
    Chip,
    CiteGroup,
    Family,
    FindingView,
    Group,
    LineRef,
    Link,
    Matrix,
    MatrixRow,
    MatrixService,
    Outcome,
    Quote,
    ReportData,
    TargetView,
)
from harness.report.sources import SourceDoc, anchor, embed
from harness.results import Result, counts
from harness.spec import io as spec_io
from harness.spec.model import Spec

MAX_QUOTES = 3
"""Distinct cited sentences a check shows in words; further cited lines are shown as line links."""
QUOTE_CHARS = 240
"""Longer quotes are cut (the whole line is one click away)."""
OPEN_LIMIT = 40
"""Unexpected failures are rendered expanded while there are at most this many."""
ATTENTION_LIMIT = 50
"""Unexpected failures listed in the summary (the rest are a filter away)."""
JUDGED = ("pass", "fail", "error", "not-implemented")
"""Verdicts that count towards the conformance percentage (skipped does not)."""
BAD = ("fail", "error", "not-implemented")
STATUS_RANK = {"unexpected": 0, "expected": 1, "stale": 2, "ok": 3}
VERDICT_RANK = {"error": 0, "fail": 1, "not-implemented": 2, "skipped": 3, "pass": 4}
"""Which outcome a closed check row speaks for: the worst."""


def group_anchor(service: str, operation: str | None, family: str | None = None) -> str:
    """``grp:<service>/<operation>`` for an operation's checks, ``…/<family>`` for one family of them."""
    base = f"grp:{service}/{operation or '-'}"
    return f"{base}/{family}" if family else base


@dataclass(slots=True)
class _Cited:
    """Cited lines per source, and where each source lives."""

    lines: dict[str, dict[int, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    paths: dict[str, str | None] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def add(self, source: str, path: str | None, line: int, text: str) -> None:
        self.lines[source][line].add(text)
        if self.paths.get(source) is None:
            self.paths[source] = path


def _specs(runs: Sequence[LoadedRun], root: Path, problems: list[str]) -> dict[str, Spec]:
    """Each service's spec, read from the paths the runs name (the first readable one wins)."""
    out: dict[str, Spec] = {}
    seen: set[str] = set()
    for run in runs:
        for ref in run.run.specs:
            if ref.path in seen:
                continue
            seen.add(ref.path)
            path = Path(ref.path) if Path(ref.path).is_absolute() else root / ref.path
            try:
                spec = spec_io.load(path)
            except HarnessError as exc:
                problems.append(f"spec not read for findings and state machines: {exc}")
                continue
            out.setdefault(spec.service.name, spec)
    return out


def _donut(n: dict[str, int]) -> tuple[Arc, ...]:
    total = sum(n.values())
    arcs, before = [], 0.0
    for verdict in VERDICTS:
        if not n.get(verdict) or not total:
            continue
        share = 100.0 * n[verdict] / total
        arcs.append(Arc(verdict, n[verdict], round(share, 3), round(100 - share, 3), round(25 - before, 3)))
        before += share
    return tuple(arcs)


def _conformance(n: dict[str, int]) -> float | None:
    judged = sum(n.get(v, 0) for v in JUDGED)
    return round(100.0 * n.get("pass", 0) / judged, 1) if judged else None


def _baseline_runs(path: Path | None) -> list[tuple[str, str, str, dict[str, str]]]:
    """(label, kind, description, id → verdict) per baseline run."""
    if path is None:
        return []
    found = read(path)
    names = labels([run.target_kind for run, *_ in found])
    return [(label, run.target_kind, f"{run.target} ({path})", {r.id: r.verdict for r in results})
            for label, (run, results, *_) in zip(names, found)]


def _match_baseline(run: LoadedRun, baseline: list[tuple[str, str, str, dict[str, str]]]
                    ) -> tuple[str, dict[str, str]] | None:
    for label, _, desc, verdicts in baseline:
        if label == run.label:
            return desc, verdicts
    for _, kind, desc, verdicts in baseline:
        if kind == run.run.target_kind:
            return desc, verdicts
    return None


def _change(before: str, after: str) -> str:
    if before == after:
        return ""
    if before in BAD and after == "pass":
        return "fixed"
    if before == "pass" and after in BAD:
        return "regressed"
    return "changed"


class _CiteBuilder:
    """Turns cites into `CiteGroup`s that link to the embedded sources."""

    def __init__(self, docs: dict[str, SourceDoc]) -> None:
        self.docs = docs

    def ref(self, source: str, line: int) -> LineRef:
        doc = self.docs.get(source)
        return LineRef(line, anchor(source, line) if doc is not None and doc.has_line(line) else None)

    def groups(self, cites: Iterable[tuple[str, str | None, int, str]], quote: bool = True) -> tuple[CiteGroup, ...]:
        """Cites grouped by source; with ``quote``, up to MAX_QUOTES distinct sentences are given in words."""
        by_source: dict[str, dict[str, list[int]]] = {}
        paths: dict[str, str | None] = {}
        for source, path, line, text in cites:
            texts = by_source.setdefault(source, {})
            lines = texts.setdefault(text.strip(), [])
            if line not in lines:
                lines.append(line)
            paths.setdefault(source, path)
        out, shown = [], 0
        for source, texts in by_source.items():
            quotes: list[Quote] = []
            more: list[LineRef] = []
            for text, lines in texts.items():
                refs = tuple(self.ref(source, n) for n in sorted(lines))
                if quote and shown < MAX_QUOTES and text:
                    cut = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"
                    quotes.append(Quote(cut, refs))
                    shown += 1
                else:
                    more.extend(refs)
            doc = self.docs.get(source)
            path = paths[source] or (doc.path if doc else None)
            more_sorted = tuple(sorted({r.n: r for r in more}.values(), key=lambda r: r.n))
            out.append(CiteGroup(source, path, PurePosixPath(path).name if path else source,
                                 anchor(source) if doc is not None and doc.missing is None else None,
                                 tuple(quotes), more_sorted))
        return tuple(out)


def _cell(anchor_: str, results: list[tuple[Result, str]]) -> Cell:
    n = counts(r for r, _ in results)
    statuses = {s for _, s in results}
    judged = len(results) - n["skipped"]
    if "unexpected" in statuses:
        tone = "bad"
    elif n["pass"] == judged and judged:
        tone = "good"
    elif "expected" in statuses:
        tone = "known"
    elif not judged:
        tone = "skip"
    elif n["not-implemented"] == judged:
        tone = "ni"
    else:
        tone = "partial"
    parts = [f"{n[v]} {v}" for v in VERDICTS if n[v]]
    return Cell(anchor_, n["pass"], judged, len(results), tone, ", ".join(parts))


@dataclass(frozen=True, slots=True)
class Classification:
    """Every result of every run against the expectations."""

    status: tuple[dict[str, xp.Classified], ...]
    """Per run: result id → its standing."""
    stale: tuple[xp.StaleExpectation, ...]
    """Expectations that no longer fail anything."""


def classify_runs(runs: Sequence[LoadedRun], expectations_dir: Path | None) -> Classification:
    """Each result's standing against ``expectations_dir/<kind>.json``; ExpectationsError on a bad file."""
    kinds = list(dict.fromkeys(r.run.target_kind for r in runs))
    expected_sets = xp.load_dir(expectations_dir, kinds)
    seen: dict[xp.Expectation, list[str]] = defaultdict(list)
    status: list[dict[str, xp.Classified]] = []
    for run in runs:
        exp = expected_sets[run.run.target_kind]
        found = {}
        for r in run.results:
            entry = exp.find(r.id, run.run.target) if exp.entries else None
            if entry is not None:
                seen[entry].append(r.verdict)
            found[r.id] = xp.classify(r.verdict, entry)
        status.append(found)
    stale = tuple(s for kind in kinds for s in xp.stale_entries(expected_sets[kind], seen))
    return Classification(tuple(status), stale)


def prepare(runs: Sequence[LoadedRun], classified: Classification, *, root: Path, baseline: Path | None = None,
            title: str = "Conformance report") -> ReportData:
    """Everything the report shows, from ``runs`` and the files they refer to under ``root``."""
    problems: list[str] = []
    status, stale = classified.status, list(classified.stale)
    base = _baseline_runs(baseline)
    compared = [_match_baseline(run, base) if base else None for run in runs]

    specs = _specs(runs, root, problems)
    cited = _Cited()
    for spec in specs.values():
        for src in spec.sources:
            cited.paths.setdefault(src.id, src.path)
            cited.titles.setdefault(src.id, src.title)
    for run in runs:
        for r in run.results:
            for c in r.cite:
                cited.add(c.source, c.path, c.line, c.text)
    for spec in specs.values():
        for finding in spec.findings:
            for fc in finding.cite:
                cited.add(fc.source, cited.paths.get(fc.source), fc.line, fc.text)
    docs = {sid: embed(root, sid, cited.paths.get(sid), cited.titles.get(sid), cited.lines[sid])
            for sid in sorted(cited.lines)}
    problems += [f"source {d.id} not embedded: {d.missing}" for d in docs.values() if d.missing]
    for d in docs.values():
        past = sorted(n for n in cited.lines[d.id] if d.missing is None and n > d.total)
        if past:
            lines = ", ".join(map(str, past[:5])) + (" …" if len(past) > 5 else "")
            problems.append(f"{d.path or d.id} has {d.total} lines, but is cited at line {lines}: "
                            "those cites are shown without a link")
    cite_builder = _CiteBuilder(docs)

    by_id: dict[str, list[tuple[int, Result]]] = defaultdict(list)
    for i, run in enumerate(runs):
        for r in run.results:
            by_id[r.id].append((i, r))
    total_unexpected = sum(1 for s in status for c in s.values() if c.status == "unexpected")
    checks: list[CheckView] = []
    for rid, items in by_id.items():
        chips = tuple(Chip(i, r.verdict, status[i][r.id].status) for i, r in items)
        rows: dict[tuple[Any, ...], list[int]] = {}
        made: dict[tuple[Any, ...], tuple[Result, xp.Classified, str | None]] = {}
        for i, r in items:
            cls = status[i][r.id]
            cmp = compared[i]
            was = None
            if cmp is not None:
                before = cmp[1].get(r.id)
                was = "new" if before is None else (before if before != r.verdict else None)
            key = (r.verdict, cls.status, r.message, compact(r.expected), compact(r.observed),
                   cls.expectation.reason if cls.expectation else None, was)
            rows.setdefault(key, []).append(i)
            made.setdefault(key, (r, cls, was))
        outcomes = []
        for key, members in rows.items():
            r, cls, was = made[key]
            tl = lifecycle.timeline(r.observed)
            drawing = (lifecycle.diagram(lifecycle.pick_machine(specs.get(r.service), tl), tl, r.verdict == "fail")
                       if tl else None)
            shown = (None if r.expected is None and r.observed is None
                     else diff(r.expected, r.observed, split=r.verdict != "pass"))
            outcomes.append(Outcome(tuple(members), r.verdict, cls.status, r.message, shown,
                                    cls.expectation.reason if cls.expectation else None, was, drawing,
                                    r.duration_s))
        first = items[0][1]
        failing = any(c.verdict != "pass" and c.verdict != "skipped" for c in chips)
        cites = cite_builder.groups(((c.source, c.path, c.line, c.text) for _, r in items for c in r.cite),
                                    quote=failing)
        worst = min(outcomes, key=lambda o: (STATUS_RANK[o.status], VERDICT_RANK[o.verdict]))
        is_open = any(o.status == "unexpected" for o in outcomes) and total_unexpected <= OPEN_LIMIT
        prefix = ".".join(x for x in (first.service, first.operation, first.check) if x)
        label = rid[len(prefix) + 1:] if rid.startswith(prefix + ".") else ("" if rid == prefix else rid)
        checks.append(CheckView(rid, first.service, first.operation, first.check, label, cites, chips,
                                tuple(outcomes), worst.message, is_open))
    checks.sort(key=lambda c: (c.service, c.operation or "", c.family, c.id))

    groups = tuple(
        Group(group_anchor(service, operation), service, operation,
              tuple(Family(group_anchor(service, operation, family), family, tuple(fam))
                    for family, fam in groupby(members, key=lambda c: c.family)))
        for (service, operation), members in groupby(checks, key=lambda c: (c.service, c.operation)))

    families = tuple(sorted({c.family for c in checks}))
    matrix = _matrix(runs, status, families)
    targets = tuple(_target(i, run, status[i], stale, compared[i]) for i, run in enumerate(runs))
    for run in runs:
        problems += [f"{run.label}: spec {p.path}{f' [{p.field}]' if p.field else ''}: {p.message}"
                     for p in run.run.spec_errors]

    findings = tuple(FindingView(name, f.severity, f.code, f.message,
                                 cite_builder.groups((c.source, cited.paths.get(c.source), c.line, c.text)
                                                     for c in f.cite))
                     for name, spec in sorted(specs.items()) for f in spec.findings)
    drift = tuple(Link(run.label, r.id, r.message, True, status[i][r.id].status)
                  for i, run in enumerate(runs) if run.run.target_kind == "botocore"
                  for r in run.results if r.verdict in ("fail", "error"))
    regressions, fixes, others = _change_links(runs, compared)
    stale_links = tuple(Link(s.expectation.target or s.expectation.file, s.expectation.id,
                             f"{s.expectation.reason} ({s.expectation.where()})",
                             s.expectation.id in by_id, s.why) for s in stale)
    return ReportData(
        title=title,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        harness_version=__version__,
        targets=targets,
        total_results=sum(len(r.results) for r in runs),
        total_checks=len(checks),
        unexpected=total_unexpected,
        expected=sum(t.expected for t in targets),
        verdict_totals={v: sum(t.counts[v] for t in targets) for v in VERDICTS},
        matrix=matrix,
        groups=groups,
        services=tuple(sorted({c.service for c in checks})),
        families=families,
        findings=findings,
        attention=tuple(Link(runs[t].label, c.id, o.message, True, o.verdict)
                        for c in checks for o in c.outcomes if o.status == "unexpected"
                        for t in o.targets)[:ATTENTION_LIMIT],
        drift=drift,
        regressions=regressions,
        fixes=fixes,
        other_changes=others,
        baseline=str(baseline) if baseline is not None else None,
        stale=stale_links,
        problems=tuple(problems),
        sources=tuple(docs.values()),
    )


def _target(i: int, run: LoadedRun, status: dict[str, xp.Classified], stale: list[xp.StaleExpectation],
            cmp: tuple[str, dict[str, str]] | None) -> TargetView:
    n = counts(run.results)
    changes = None
    if cmp is not None:
        desc, before = cmp
        kinds = [_change(before[r.id], r.verdict) for r in run.results if r.id in before]
        now = {r.id for r in run.results}
        changes = Changes(desc, kinds.count("fixed"), kinds.count("regressed"), kinds.count("changed"),
                          sum(1 for r in run.results if r.id not in before), sum(1 for k in before if k not in now))
    mine = [s for s in stale if s.expectation.file.endswith(f"{run.run.target_kind}.json")
            and s.expectation.target in (None, run.run.target)]
    files = {s.expectation.file for s in mine} | {c.expectation.file for c in status.values() if c.expectation}
    return TargetView(
        index=i, label=run.label, name=run.run.target, kind=run.run.target_kind, path=run.path,
        started=run.run.started, finished=run.run.finished, counts=n, total=len(run.results),
        conformance=_conformance(n),
        expected=sum(1 for c in status.values() if c.status == "expected"),
        unexpected=sum(1 for c in status.values() if c.status == "unexpected"),
        stale=len(mine), arcs=_donut(n), changes=changes, spec_errors=run.run.spec_errors,
        expectations_file=next(iter(sorted(files)), None), specs=len(run.run.specs))


FOLD_ROWS = 150
"""Matrices with more operation rows than this start with each service's operations folded."""


def _matrix(runs: Sequence[LoadedRun], status: Sequence[dict[str, xp.Classified]], families: tuple[str, ...]
            ) -> Matrix:
    cells: dict[str, dict[str | None, dict[tuple[int, str], list[tuple[Result, str]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    for i, run in enumerate(runs):
        for r in run.results:
            cells[r.service][r.operation][(i, r.check)].append((r, status[i][r.id].status))
    services = []
    n_rows = 0
    for service in sorted(cells):
        ops = cells[service]
        order = sorted(ops, key=lambda o: (o is not None, o or ""))
        rows = []
        for op in order:
            row = ops[op]
            rows.append(MatrixRow(op, tuple(
                _cell(group_anchor(service, op, f), row[(i, f)]) if (i, f) in row else None
                for i in range(len(runs)) for f in families)))
        totals = []
        for i in range(len(runs)):
            for f in families:
                found = [x for op in order for x in ops[op].get((i, f), [])]
                first = next((op for op in order if (i, f) in ops[op]), None)
                totals.append(_cell(group_anchor(service, first, f), found) if found else None)
        services.append(MatrixService(service, tuple(totals), tuple(rows)))
        n_rows += len(rows)
    return Matrix(families, tuple(services), n_rows > FOLD_ROWS)


def _change_links(runs: Sequence[LoadedRun], compared: list[tuple[str, dict[str, str]] | None]
                  ) -> tuple[tuple[Link, ...], tuple[Link, ...], tuple[Link, ...]]:
    regressions: list[Link] = []
    fixes: list[Link] = []
    others: list[Link] = []
    for run, cmp in zip(runs, compared):
        if cmp is None:
            continue
        before = cmp[1]
        now = {r.id: r for r in run.results}
        for r in run.results:
            old = before.get(r.id)
            if old is None:
                others.append(Link(run.label, r.id, r.message, True, f"new: {r.verdict}"))
                continue
            kind = _change(old, r.verdict)
            if kind:
                link = Link(run.label, r.id, r.message, True, f"{old} → {r.verdict}")
                {"fixed": fixes, "regressed": regressions, "changed": others}[kind].append(link)
        others += [Link(run.label, rid, "no longer checked", False, f"removed (was {v})")
                   for rid, v in sorted(before.items()) if rid not in now]
    return tuple(regressions), tuple(fixes), tuple(others)


def as_json_meta(data: ReportData) -> dict[str, Any]:
    """The page's machine-readable summary (the JSON data island): per-target counts and totals."""
    return {
        "harness_version": data.harness_version,
        "generated": data.generated,
        "checks": data.total_checks,
        "results": data.total_results,
        "unexpected": data.unexpected,
        "targets": [{"label": t.label, "target": t.name, "kind": t.kind, "counts": t.counts,
                     "conformance": t.conformance, "expected": t.expected, "unexpected": t.unexpected,
                     "stale": t.stale} for t in data.targets],
    }
